/**
 * Tests run from TypeScript sources through SWC; `npm run typecheck` does the type checking. The
 * language-bindings tests have a config of their own (jest.bindings.config.js).
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/bindings/'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  setupFilesAfterEnv: ['<rootDir>/test/support/no-stray-warnings.ts'],
};
