import { DomainError, FieldError } from '../../errors';

/** The re-read configuration is invalid: nothing was applied (422, with every problem listed). */
export class InvalidReloadedConfigError extends DomainError {
  readonly category = 'invalid-configuration';
  readonly title = 'Configuration is invalid';

  constructor(message: string, problems: Array<FieldError & { source?: string }>, cause: unknown) {
    super(message, { cause, extensions: { errors: problems } });
  }
}
