import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    setupFiles: ['./vitest.backend.ts'],
    globalSetup: ['./vitest.global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
