/** The human report of `validate`: a header line per file, a line per finding, a summary line. */
import type { FileResult, ReportedFinding } from './check-file';

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `path: UBL Invoice by en16931 1.3.16: INVALID (2 errors, 1 warning)` then `  error BR-CO-16 [location] message` per finding. */
export function fileLines(result: FileResult): string[] {
  const by = result.rule_set === null ? '' : ` by ${result.rule_set} ${result.rule_set_version ?? ''}`.trimEnd();
  const kind = result.syntax === null ? '' : ` ${result.syntax} ${result.document_type ?? ''}`.trimEnd() + by + ':';
  const counts = result.status === 'valid' || result.status === 'invalid' ? ` (${plural(result.errors.length, 'error')}, ${plural(result.warnings.length, 'warning')})` : '';
  return [`${result.file}:${kind} ${result.status.toUpperCase()}${counts}`, ...[...result.errors, ...result.warnings].map(findingLine)];
}

function findingLine(f: ReportedFinding): string {
  const severity = f.severity === 'fatal' ? 'error' : f.severity;
  return `  ${severity} ${f.rule}${f.location ? ` [${f.location}]` : ''} ${f.message}`;
}

/** Running totals over the files checked so far. */
export class Tally {
  readonly files = { valid: 0, invalid: 0, unreadable: 0, unchecked: 0 };
  errors = 0;
  warnings = 0;

  add(result: FileResult): void {
    this.files[result.status]++;
    // Only verdicts count findings: an IO or INTERNAL line says nothing about a document.
    if (result.status === 'valid' || result.status === 'invalid') {
      this.errors += result.errors.length;
      this.warnings += result.warnings.length;
    }
  }

  get total(): number {
    return this.files.valid + this.files.invalid + this.files.unreadable + this.files.unchecked;
  }

  /** 2 when a file could not be judged (it beats invalid: not everything was checked), 1 when one is invalid, else 0. */
  get exitCode(): number {
    if (this.files.unreadable > 0 || this.files.unchecked > 0) return 2;
    return this.files.invalid > 0 ? 1 : 0;
  }

  /** `3 files: 2 valid, 1 invalid, 0 unreadable; 4 errors, 2 warnings` (unchecked only when there are some). */
  summary(): string {
    const { valid, invalid, unreadable, unchecked } = this.files;
    const unjudged = `${unreadable} unreadable${unchecked > 0 ? `, ${unchecked} unchecked` : ''}`;
    return `${plural(this.total, 'file')}: ${valid} valid, ${invalid} invalid, ${unjudged}; ${plural(this.errors, 'error')}, ${plural(this.warnings, 'warning')}`;
  }
}
