import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Two files at a time: much of the suite waits on child processes, Dawn and worker pools, so on
    // two cores the whole run took 305 s against 372 s one file at a time (memory stays far under 24 GiB).
    maxWorkers: 2,
  },
});
