import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{shared,electron,renderer,test}/**/*.test.{ts,tsx}'],
          exclude: ['**/*.int.test.ts', 'node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{shared,electron,test}/**/*.int.test.ts'],
          environment: 'node',
          // Real clusters: initdb, pg_dump and friends take seconds, and the machine has two cores.
          testTimeout: 120_000,
          hookTimeout: 120_000,
          maxWorkers: 2,
          // Runs after the unit project when both run together (they differ in maxWorkers).
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
