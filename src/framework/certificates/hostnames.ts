const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Why a name cannot get an http-01 certificate, or undefined when it can: a DNS name of
 * letters, digits and dashes (at most 253 characters), not a wildcard (http-01 cannot prove
 * those) and not an IP address.
 */
export function hostnameProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > 253) return 'must be 1-253 characters';
  if (name.includes('*')) return 'wildcards need dns-01, which this service does not answer';
  if (/^[0-9.]+$/.test(name) || name.includes(':')) return 'IP addresses are not supported';
  const labels = name.split('.');
  if (!labels.every((label) => LABEL.test(label))) return 'must be a lower-case DNS name (letters, digits, dashes; labels of 1-63 characters)';
  return undefined;
}

/** Lower-cases and drops a trailing dot, so `Example.COM.` and `example.com` are one domain. */
export function normaliseHostname(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}
