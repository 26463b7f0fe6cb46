import { FieldError, ValidationError } from '../../framework/errors';

/** The request was fine, the configuration is not: 422 with every reason in `errors`. */
export class ConfigurationInvalidError extends ValidationError {
  override readonly category = 'configuration-invalid';
  override readonly status = 422;
  override readonly title = 'Configuration is not valid';

  constructor(version: number, problems: FieldError[]) {
    super(`Configuration version ${version} is not valid: ${problems.length} problem(s).`, problems);
  }
}
