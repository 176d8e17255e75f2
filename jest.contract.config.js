/**
 * `npm run test:contract` (scripts/contract.ts): the provider's end-to-end scenarios with
 * their API traffic through the validating proxy (test/contract/), plus the validator's own
 * tests, including the one that loads the real reference.
 * @type {import('jest').Config}
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  roots: ['<rootDir>/test'],
  testMatch: [
    '<rootDir>/test/e2e/mail-*.test.ts',
    '<rootDir>/test/e2e/cdktf/quickstart.test.ts',
    '<rootDir>/test/contract/*.test.ts',
    '<rootDir>/test/contract/*.contract.ts',
    '<rootDir>/test/integration/*.contract.ts',
  ],
};
