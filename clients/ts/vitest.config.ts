import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Starts `gongzhi serve --demo` once for every test file, and stops it after.
    globalSetup: ['test/global-setup.ts'],
    // Seeding the demo and the first requests of a debug build on a shared 2-core machine.
    hookTimeout: 180_000,
    testTimeout: 60_000,
  },
});
