export * from './domain-error';
export * from './upstream-error';
export * from './problem-document';
export * from './validation-failed';
export * from './problem-mapping';
export * from './problem.filter';
export * from './problem.dto';
