import { Logger } from '@nestjs/common';
import type { Counter } from 'prom-client';
import type { Clock } from '../scheduler/clock';

/** More distinct values than this for one label within the window triggers a warning. */
export const CARDINALITY_LIMIT = 100;
export const CARDINALITY_WINDOW_MS = 10 * 60 * 1000;

/**
 * Watches the label values metrics are recorded with. A label that sees more than 100 distinct
 * values within 10 minutes is almost always a raw id or URL leaking into a label: it is logged
 * once per window and counted, and the metric keeps working.
 */
export class CardinalityGuard {
  private readonly logger = new Logger('Metrics');
  /** metric → label → value → last time seen (ms). Nested, so recording builds no key strings. */
  private readonly seen = new Map<string, Map<string, Map<string, number>>>();
  /** `metric\0label` → when it was last warned about (rare: only past the limit). */
  private readonly warnedAt = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly warnings: Counter<'metric' | 'label'>,
    private readonly limit = CARDINALITY_LIMIT,
    private readonly windowMs = CARDINALITY_WINDOW_MS,
  ) {}

  record(metric: string, labels: Record<string, unknown>): void {
    this.recorder(metric)(labels);
  }

  /**
   * `record` for one metric, with the metric's entry looked up once (guarded metrics hold it):
   * per call one clock read and, per label, two map lookups and one update.
   */
  recorder(metric: string): (labels: Record<string, unknown>) => void {
    let byLabel = this.seen.get(metric);
    if (!byLabel) this.seen.set(metric, (byLabel = new Map<string, Map<string, number>>()));
    const labelsOfMetric = byLabel;
    return (labels) => {
      const now = this.clock.now().getTime();
      for (const label in labels) {
        if (!Object.hasOwn(labels, label)) continue;
        let values = labelsOfMetric.get(label);
        if (!values) labelsOfMetric.set(label, (values = new Map<string, number>()));
        const value = labels[label];
        values.set(typeof value === 'string' ? value : String(value), now);
        if (values.size > this.limit) this.check(metric, label, values, now);
      }
    };
  }

  private check(metric: string, label: string, values: Map<string, number>, now: number): void {
    for (const [value, at] of values) if (now - at > this.windowMs) values.delete(value);
    if (values.size <= this.limit) return;
    // Keep memory bounded while the explosion lasts: the newest values are enough to keep counting.
    while (values.size > this.limit * 2) values.delete(values.keys().next().value as string);
    const key = `${metric}\0${label}`;
    const warned = this.warnedAt.get(key);
    if (warned !== undefined && now - warned < this.windowMs) return;
    this.warnedAt.set(key, now);
    this.warnings.inc({ metric, label });
    this.logger.warn(`metric ${metric}: label "${label}" took more than ${this.limit} distinct values within ${this.windowMs / 60000} minutes`);
  }
}
