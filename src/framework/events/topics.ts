/**
 * Topics of the event bus, `<domain>.<subject>.<verb>`. Subscribing to `invoice.**` (wildcards on
 * `.`) receives a whole domain. Every topic has a publisher and a production subscriber
 * (EventMetrics in metrics/); a topic nobody publishes or consumes does not belong here.
 */
export const TOPICS = {
  /** Framework module lifecycle transitions (registering → starting → started → stopping → stopped | error), bridged from LifecycleEvents. */
  lifecycleTransition: 'lifecycle.module.transition',
  /** An invoice changed status (received → processing → completed | failed | ...). */
  invoiceStatusChanged: 'invoice.status.changed',
  /** A person approved or rejected an invoice awaiting approval (the verdict, its approver, whether it released the invoice). */
  invoiceVerdictGiven: 'invoice.review.verdict',
  /** A health evaluation finished; the payload is the snapshot. */
  healthEvaluated: 'health.snapshot.evaluated',
  /** A scheduled job fire finished (succeeded or failed). */
  schedulerFireFinished: 'scheduler.fire.finished',
  /** A certificate is close to expiry and its renewal keeps failing (payload shaped like a lifecycle event). */
  certificateEscalated: 'lifecycle.certificates.error',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];
