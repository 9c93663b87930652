export * from './redis-settings';
export * from './open-redis';
export * from './redis-reachability';
export * from './key-slot';
