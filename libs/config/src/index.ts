export * from './load-config';
export * from './base-app.config';
export * from './exceeds-setting';
export * from './excludes-setting';
export * from './production';
