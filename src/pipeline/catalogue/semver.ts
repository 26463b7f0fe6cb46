export interface SemVer {
  major: number;
  minor: number;
  patch: number;
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

export function parseSemVer(version: string): SemVer | undefined {
  const match = SEMVER.exec(version);
  return match ? { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) } : undefined;
}

/**
 * A module's declared contract version satisfies a stage's when the major versions are equal and
 * the module's minor is at least the stage's (it may offer more, never less).
 */
export function satisfiesContract(declared: string, required: string): boolean {
  const have = parseSemVer(declared);
  const need = parseSemVer(required);
  return !!have && !!need && have.major === need.major && have.minor >= need.minor;
}
