import { ValidateIf } from 'class-validator';

/**
 * Like class-validator's IsOptional, but only an absent property skips the rules: IsOptional also
 * lets `null` through, which then reaches services (and SQL) that never expected it.
 */
export function IsAbsentOr(): PropertyDecorator {
  return ValidateIf((_object: unknown, value: unknown) => value !== undefined);
}
