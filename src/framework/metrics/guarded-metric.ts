import type { CardinalityGuard } from './cardinality-guard';

const RECORDING_METHODS = ['inc', 'dec', 'set', 'observe', 'startTimer', 'labels'] as const;

/**
 * Routes every recording call of a prom-client metric through the cardinality guard, whether the
 * labels come as an object (`inc({route})`) or positionally (`labels('GET', '/x')`).
 */
export function guardMetric<M extends object>(metric: M, name: string, labelNames: readonly string[], guard: CardinalityGuard): M {
  if (labelNames.length === 0) return metric;
  const target = metric as unknown as Record<string, unknown>;
  const record = guard.recorder(name);
  for (const method of RECORDING_METHODS) {
    const original = target[method];
    if (typeof original !== 'function') continue;
    target[method] = (...args: unknown[]): unknown => {
      const labels = labelsOf(method, args, labelNames);
      if (labels) record(labels);
      return (original as (...a: unknown[]) => unknown).apply(metric, args);
    };
  }
  return metric;
}

function labelsOf(method: string, args: unknown[], labelNames: readonly string[]): Record<string, unknown> | undefined {
  const [first] = args;
  if (first !== null && typeof first === 'object') return first as Record<string, unknown>;
  if (method === 'labels' && args.length > 0) {
    return Object.fromEntries(args.map((value, index) => [labelNames[index] ?? `#${index}`, value]));
  }
  return undefined;
}
