/** Time source of the auth module; tests inject a fixed or stepping clock instead of waiting. */
export interface Clock {
  now(): Date;
}

export const AUTH_CLOCK = Symbol('AUTH_CLOCK');

export const systemClock: Clock = { now: () => new Date() };
