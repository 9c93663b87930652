export * from './process-definition';
