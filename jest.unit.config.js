/**
 * `npm run test:unit`: the tests of pure code — the domain, the card builders, the spreadsheet readers,
 * the configuration — with no FerretDB, Redis, emulator or browser: seconds, on any machine with Node.
 * `npm test` runs them too, with everything else. A test here that reaches for a service fails (no
 * global set-up gives it one): such a test belongs beside the integration tests.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: [
    '<rootDir>/test/domain',
    '<rootDir>/test/cards',
    '<rootDir>/test/importer',
    '<rootDir>/test/config',
  ],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // Pure and CPU-bound: every core (jest's default leaves one idle: one worker on a 2-core machine).
  maxWorkers: '100%',
  testTimeout: 30000,
};
