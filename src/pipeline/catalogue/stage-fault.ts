/**
 * The two kinds of failure a stage module can produce (docs/architecture.md, "Failure model").
 *
 * - An **input fault** is a verdict on what the caller sent: the document is malformed or invalid,
 *   the module does not accept this kind of input, or a setting the tenant gave is unusable. It is
 *   recorded on the stage result (outcome `rejected`) and decides the run's status. It is never
 *   retried, never counted by a circuit breaker and never triggers a fallback: another module
 *   would only hide the verdict.
 * - A **module fault** is anything else the module throws (timeouts, unavailable dependencies,
 *   unexpected exceptions). Only module faults are retried, counted by breakers and handled by
 *   the stage's fallback policy.
 *
 * Modules say which is which by throwing `InputFault`; nothing is decided by matching messages.
 */
export type InputFaultKind =
  /** The document cannot be read as what it claims to be (not well-formed, truncated, wrong datatypes). */
  | 'malformed'
  /** The module does not accept this kind of input (media type, syntax, document type). */
  | 'unsupported_input'
  /** A setting the tenant (or its configuration selection) gave cannot be used (bad URL, bad threshold). */
  | 'unusable_setting'
  /** The input is readable but violates what the stage requires (missing mandatory data). */
  | 'invalid';

export const INPUT_FAULT_KINDS: readonly InputFaultKind[] = ['malformed', 'unsupported_input', 'unusable_setting', 'invalid'];

/** A finding that explains an input fault (same shape as a validation finding). */
export interface InputFaultFinding {
  rule: string;
  message: string;
  location?: string;
}

export class InputFault extends Error {
  override readonly name = 'InputFault';

  /**
   * @param kind which kind of caller mistake this is
   * @param message safe to show to the tenant: no secrets, no database or stack text
   * @param findings optional details (rule id, message, location)
   */
  constructor(
    readonly kind: InputFaultKind,
    message: string,
    readonly findings: readonly InputFaultFinding[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isInputFault(error: unknown): error is InputFault {
  return error instanceof InputFault;
}
