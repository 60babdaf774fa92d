import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real git, real HTTP servers and CDKTF synthesis make some tests slow on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
