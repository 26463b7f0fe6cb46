// Three suites, one command: `npm test` runs them all; `--selectProjects` picks one.
// ts-jest transpiles only (typechecking is `npm run typecheck`), which keeps the suites fast.
// Tests are CommonJS like the build; the ES-module-only packages (@nestjs/* 12) are loaded through
// Jest 30's require(esm), which needs Node >= 24.9 and --experimental-vm-modules (`npm test` passes it).
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.spec.json', diagnostics: false }];

const base = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': tsJest },
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  // Integration and e2e suites start databases and the app; unit tests finish far below this.
  testTimeout: 60000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.spec.ts'] },
    { ...base, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.spec.ts'] },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.spec.ts'] },
  ],
};
