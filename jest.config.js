/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: [
    '<rootDir>/provider',
    '<rootDir>/packaging',
    '<rootDir>/src',
    '<rootDir>/scripts',
    '<rootDir>/test',
  ],
  // Unit tests sit beside the code they test; test/ holds what crosses layers (integration,
  // end-to-end, contract, generated-file drift) and the shared test support.
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // End-to-end tests start terraform and the sandbox; give them room.
  testTimeout: 120000,
  // Two cores on CI machines: keep parallelism modest so terraform runs do not starve.
  maxWorkers: 2,
};
