/** Unit specs sit beside the code; integration and e2e suites live under test/. */
const swc = {
  swcrc: false,
  sourceMaps: 'inline',
  module: { type: 'commonjs' },
  jsc: {
    target: 'es2023',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
  },
};

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: {
    '^@omnigate/([^/]+)/testing$': '<rootDir>/libs/$1/testing',
    '^@omnigate/(.*)$': '<rootDir>/libs/$1/src',
  },
  testTimeout: 120000,
  maxWorkers: 2,
};
