export * from './cache-store';
export * from './memory-cache.store';
export * from './redis-cache.store';
export * from './fail-open-cache.store';
export * from './cached-value';
export * from './cache-keyspace';
export * from './read-through-cache';
export * from './cache.module';
