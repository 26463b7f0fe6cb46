import { inspect } from 'node:util';

/**
 * Root of the service's error taxonomy. Every error the service raises on purpose is an AppError:
 * it carries a stable category (used as the RFC 9457 problem `type`), the HTTP status it maps to,
 * a human title, and an optional cause so wrapping keeps the whole chain for the logs.
 */
export interface FieldError {
  /** Dotted path of the offending field, e.g. `selections.0.stage_id`, or the header/param name. */
  field: string;
  reason: string;
}

export interface AppErrorOptions {
  cause?: unknown;
  /** Extra members added to the problem document (never secrets). */
  extensions?: Record<string, unknown>;
}

export abstract class AppError extends Error {
  /** Short kebab-case slug, stable across releases: the last segment of the problem `type`. */
  abstract readonly category: string;
  abstract readonly status: number;
  abstract readonly title: string;
  readonly extensions: Record<string, unknown>;

  constructor(message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.extensions = options.extensions ?? {};
  }

  /** Messages of this error and of every cause below it, outermost first. */
  causeChain(): string[] {
    const chain = [`${this.name}: ${this.message}`];
    const seen = new Set<unknown>([this]);
    let current: unknown = this.cause;
    while (current !== undefined && current !== null && !seen.has(current)) {
      seen.add(current);
      if (!(current instanceof Error)) {
        chain.push(inspect(current, { depth: 1, breakLength: Infinity }));
        break;
      }
      chain.push(`${current.name}: ${current.message}`);
      current = current.cause;
    }
    return chain;
  }
}
