/** valid: a current certificate and no failing renewal; renewing: an order is due or running; error: the last attempt failed. */
export const CERTIFICATE_STATUSES = ['valid', 'renewing', 'error'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];
