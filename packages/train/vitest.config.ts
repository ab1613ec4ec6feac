import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    setupFiles: ['./vitest.backend.ts'],
    testTimeout: 120_000,
    // Some suites train a small model before their tests, which under `turbo test` shares two cores with every
    // other package's tests.
    hookTimeout: 120_000,
  },
});
