// Three suites, one command: `npm test` runs them all; `--selectProjects` picks one.
// ts-jest transpiles only (typechecking is `npm run typecheck`), which keeps the suites fast.
// Tests are CommonJS like the build; the ES-module-only packages (@nestjs/* 12) are loaded through
// Jest 30's require(esm), which needs Node >= 24.9 and --experimental-vm-modules (`npm test` passes it).
const { availableParallelism } = require('node:os');

const tsJest = ['ts-jest', { tsconfig: 'tsconfig.spec.json', diagnostics: false }];

const base = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': tsJest },
  moduleFileExtensions: ['ts', 'js', 'json'],
};

// Integration and e2e files copy one migrated template database made once per run.
const database = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

module.exports = {
  // Jest's default is one worker fewer than the cores: on a 2-core machine a single worker, every
  // file in turn. Integration and e2e files spend much of their time waiting on the database, HTTP
  // and child processes (a full run on PostgreSQL keeps about 1.5 of 2 cores busy with 3 workers),
  // so more workers than cores: two more on a PostgreSQL server (the database works in its own
  // processes: 3 workers kept ~1.5 of 2 cores busy, 4 took a full run from 206 s to 166 s), one
  // more on the embedded PGlite, which runs inside each worker (JEST_MAX_WORKERS or --maxWorkers
  // override it).
  maxWorkers: Number(process.env.JEST_MAX_WORKERS) || availableParallelism() + (process.env.TEST_DATABASE_URL || process.env.DATABASE_URL ? 2 : 1),
  // Integration and e2e suites start databases and the app; unit tests finish far below this.
  testTimeout: 60000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.spec.ts'] },
    { ...base, ...database, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.spec.ts'] },
    { ...base, ...database, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.spec.ts'] },
  ],
};
