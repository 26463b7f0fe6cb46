import { CronExpressionParser } from 'cron-parser';
import { CronJob } from 'cron';

/** Every cron expression is evaluated in UTC, by the timer and by the catch-up arithmetic alike. */
export const CRON_TIME_ZONE = 'UTC';

/** The reason an expression is refused, or undefined when both cron-parser and `cron` accept it. */
export function cronProblem(expression: string): string | undefined {
  try {
    CronExpressionParser.parse(expression, { tz: CRON_TIME_ZONE, strict: false });
    // The timer (`cron` package) must accept it too, or registration would pass and firing fail.
    CronJob.from({ cronTime: expression, onTick: () => undefined, start: false, timeZone: CRON_TIME_ZONE });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The latest slot at or before `at` (a timer tick maps to the slot it stands for). */
export function slotAtOrBefore(expression: string, at: Date): Date {
  const cursor = CronExpressionParser.parse(expression, { tz: CRON_TIME_ZONE, currentDate: new Date(at.getTime() + 1) });
  return cursor.prev().toDate();
}

export function nextSlotAfter(expression: string, at: Date): Date {
  return CronExpressionParser.parse(expression, { tz: CRON_TIME_ZONE, currentDate: at }).next().toDate();
}

/**
 * Slots in (after, until], newest first, stopping at `max` slots or before `notBefore`: enumeration
 * stays bounded however long the service was down.
 */
export function slotsBetween(expression: string, after: Date, until: Date, max: number, notBefore?: Date): Date[] {
  const cursor = CronExpressionParser.parse(expression, { tz: CRON_TIME_ZONE, currentDate: new Date(until.getTime() + 1) });
  const slots: Date[] = [];
  while (slots.length < max && cursor.hasPrev()) {
    const slot = cursor.prev().toDate();
    if (slot.getTime() <= after.getTime()) break;
    if (notBefore && slot.getTime() < notBefore.getTime()) break;
    slots.push(slot);
  }
  return slots;
}
