import { TOPICS } from '../events/topics';

/**
 * Published on the event bus when a certificate is close to expiry and renewal keeps failing. The
 * payload has the shape of a lifecycle event (module `certificates`, phase `error`).
 */
export const CERTIFICATE_ESCALATION_TOPIC = TOPICS.certificateEscalated;

export interface CertificateEscalation {
  timestamp: Date;
  module: 'certificates';
  phase: 'error';
  details: {
    certificateId: string;
    domains: string[];
    expiresAt: string;
    daysLeft: number;
    failureCount: number;
    error: string;
  };
  correlationId: string;
}
