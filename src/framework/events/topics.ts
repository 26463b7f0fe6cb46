/**
 * Topics of the event bus, `<domain>.<subject>.<verb>`. Publishers arrive with their issues
 * (module lifecycle, configuration management, invoice pipeline); subscribing to `invoice.**`
 * (wildcards on `.`) receives a whole domain.
 */
export const TOPICS = {
  /** Module lifecycle transitions (registered → starting → started → stopping → stopped | error). */
  lifecycleTransition: 'lifecycle.module.transition',
  /** A module configuration was created, activated or rolled back. */
  configurationChanged: 'configuration.module.changed',
  configurationActivated: 'configuration.module.activated',
  configurationRolledBack: 'configuration.module.rolled_back',
  /** An invoice changed status (received → processing → completed | failed | ...). */
  invoiceStatusChanged: 'invoice.status.changed',
  /** A health evaluation finished; the payload is the snapshot. */
  healthEvaluated: 'health.snapshot.evaluated',
  /** A scheduled job fire finished (succeeded or failed). */
  schedulerFireFinished: 'scheduler.fire.finished',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];
