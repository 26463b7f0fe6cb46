/**
 * The shared domain kernel: the canonical invoice, the party key, invoice statuses and media
 * types. It imports nothing from the service; pipeline, stages and invoices build on it.
 */
export * from './canonical-invoice';
export * from './invoice-status';
export * from './media-type';
export * from './party-key';
