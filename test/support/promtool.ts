import { spawnSync } from 'node:child_process';

/**
 * Validates a Prometheus text exposition with promtool (Debian package `prometheus`; .ci/run
 * installs it). Returns promtool's exit status and what it printed.
 */
export function promtoolCheckMetrics(exposition: string): { status: number | null; output: string; missing: boolean } {
  const result = spawnSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  const missing = result.error !== undefined && 'code' in result.error && result.error.code === 'ENOENT';
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}`, missing };
}

/**
 * promtool exits 1 on a parse error and 3 on lint findings. prom-client's own default gauges
 * nodejs_active_{handles,requests,resources}_total carry a `_total` suffix promtool's linter
 * dislikes; those three findings are prom-client's naming, everything else must be clean.
 */
export function unexpectedLintFindings(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => !/^nodejs_active_(handles|requests|resources)_total non-counter metrics should not have "_total" suffix$/.test(line));
}
