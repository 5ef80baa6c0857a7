/**
 * The language-bindings suite (`npm run test:bindings`): builds the Python wheel, the Go module
 * and the Java artifact with jsii-pacmak and runs the example app in each language. Slower than
 * the unit tests, so it is a suite of its own that `.ci/run` runs after them.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/bindings'],
  testMatch: ['**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
};
