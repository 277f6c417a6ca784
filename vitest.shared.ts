import { defineConfig } from 'vitest/config';

/**
 * The vitest settings every package uses. Besides the console report, each run writes
 * `test-results/vitest.json`, which `.ci/run` sums into the `N passed, N failed` line.
 */
export function packageTestConfig(options: { testTimeout?: number; passWithNoTests?: boolean } = {}) {
  return defineConfig({
    test: {
      include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
      testTimeout: options.testTimeout ?? 60_000,
      passWithNoTests: options.passWithNoTests ?? false,
      hookTimeout: 120_000,
      reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    },
  });
}
