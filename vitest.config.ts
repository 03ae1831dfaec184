import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Reference tests load large NIfTI files; running files in parallel on 2 cores only adds contention.
    fileParallelism: false,
  },
});
