/**
 * Versions are PostgreSQL `integer` columns: a larger number can name no configuration, and
 * reaching the database with it is an out-of-range error instead of the caller's 400.
 */
export const MAX_VERSION = 2_147_483_647;
