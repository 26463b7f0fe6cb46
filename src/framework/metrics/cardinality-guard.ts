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
  /** `metric\0label` → value → last time seen (ms). */
  private readonly seen = new Map<string, Map<string, number>>();
  private readonly warnedAt = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly warnings: Counter<'metric' | 'label'>,
    private readonly limit = CARDINALITY_LIMIT,
    private readonly windowMs = CARDINALITY_WINDOW_MS,
  ) {}

  record(metric: string, labels: Record<string, unknown>): void {
    const now = this.clock.now().getTime();
    for (const [label, value] of Object.entries(labels)) {
      const key = `${metric}\0${label}`;
      let values = this.seen.get(key);
      if (!values) this.seen.set(key, (values = new Map<string, number>()));
      values.set(String(value), now);
      if (values.size > this.limit) this.check(metric, label, key, values, now);
    }
  }

  private check(metric: string, label: string, key: string, values: Map<string, number>, now: number): void {
    for (const [value, at] of values) if (now - at > this.windowMs) values.delete(value);
    if (values.size <= this.limit) return;
    // Keep memory bounded while the explosion lasts: the newest values are enough to keep counting.
    while (values.size > this.limit * 2) values.delete(values.keys().next().value as string);
    const warned = this.warnedAt.get(key);
    if (warned !== undefined && now - warned < this.windowMs) return;
    this.warnedAt.set(key, now);
    this.warnings.inc({ metric, label });
    this.logger.warn(`metric ${metric}: label "${label}" took more than ${this.limit} distinct values within ${this.windowMs / 60000} minutes`);
  }
}
