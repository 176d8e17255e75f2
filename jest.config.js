// ES-module-only packages (age-encryption and its dependencies). The provider require()s
// them on Node.js 20.19+ (see provider/sealing/libraries.ts); jest's module loader cannot,
// so ts-jest transpiles them to CommonJS, for tests only.
const ESM_ONLY = ['age-encryption', '@noble/[^/]+', '@scure/[^/]+'].join('|');

/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  transform: {
    [`^.+/node_modules/(?:${ESM_ONLY})/.+\\.js$`]: [
      'ts-jest',
      { tsconfig: { allowJs: true, isolatedModules: true, module: 'commonjs', target: 'ES2022' } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(?:${ESM_ONLY})/)`],
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
