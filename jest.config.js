// Jest runs the ES-module build of the app through SWC (NestJS 12 is ESM only).
import { SWC_OPTIONS } from './test/support/swc-options.mjs';

const swc = ['@swc/jest', SWC_OPTIONS];

// content-disposition ships only as an ES module but @fastify/static (used to serve the API
// docs) require()s it; Node 20 allows that, Jest on Node 20 does not, so Jest compiles it to CJS.
const swcToCommonJs = ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }];

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': swc, '/node_modules/content-disposition/.+\\.js$': swcToCommonJs },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  testEnvironment: 'node',
};

export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      roots: ['<rootDir>/src', '<rootDir>/seeds'],
      testMatch: ['**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
    },
    // Suites that only make sense on PostgreSQL (several instances on one database): `npm run
    // test:pg`, not part of `npm test`, which needs no database server. The global setup stops
    // the run with a message when the server does not answer.
    {
      ...common,
      displayName: 'pg',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.pg-spec.ts'],
      globalSetup: '<rootDir>/test/support/postgres-global-setup.ts',
    },
    // The web pages in headless Chromium against the built app (`npm run test:browser`, not part
    // of `npm test`, so that a machine without Chromium can still run the rest).
    {
      ...common,
      displayName: 'browser',
      roots: ['<rootDir>/test/browser'],
      testMatch: ['**/*.browser-spec.ts'],
    },
  ],
  // End-to-end tests boot the app and hash passwords (argon2id); give them room on a slow machine.
  testTimeout: 30000,
};
