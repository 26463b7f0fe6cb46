import { ValidateBy, type ValidationOptions } from 'class-validator';
import { hasUrlCredentials } from './url-redaction';

/** The reason given for a URL with userinfo; names the secret field to use instead, when there is one. */
export function urlCredentialsReason(secretField?: string): string {
  return `credentials in URLs are not allowed; ${secretField ? `use the secret field ${secretField} instead` : 'configure them separately'}`;
}

/**
 * Refuses a URL carrying userinfo (`https://user:pass@host`): it would be shown wherever the URL
 * is (views, stored results, error messages). Values that are not URLs are left to @IsUrl.
 */
export function NoUrlCredentials(secretField?: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'noUrlCredentials',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !hasUrlCredentials(value),
        defaultMessage: () => urlCredentialsReason(secretField),
      },
    },
    options,
  );
}
