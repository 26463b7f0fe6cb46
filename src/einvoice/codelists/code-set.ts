/** Code lists are kept as space-separated text (as the standards publish them) and turned into Sets once. */
export function codeSet(codes: string): ReadonlySet<string> {
  return new Set(codes.split(/\s+/).filter((c) => c.length > 0));
}

/** Code list membership as the Schematron tests it: whitespace-normalised, no inner spaces. */
export function inList(list: ReadonlySet<string>, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (list.has(value)) return true; // fast path: already normalised
  const v = value.trim().replace(/\s+/g, ' ');
  return !v.includes(' ') && list.has(v);
}
