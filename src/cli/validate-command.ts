/**
 * `validate <files...> [--json]`: validates invoices with the same engine API
 * the validate stage uses (validateDocumentAsync: XML or Factur-X PDF).
 * Prints one line per file. A document that is not well-formed (ParseError) is a verdict like
 * any other: invalid, with a PARSE error. Exit code 0 when every file could be read, whatever
 * the verdicts; 1 when a file could not be read; 2 on usage errors.
 */
import { readFile } from 'node:fs/promises';
import { ParseError, validateDocumentAsync, type Finding } from '../einvoice';

interface FileResult {
  file: string;
  valid: boolean;
  syntax: string | null;
  documentType?: string | null;
  errors: Array<Pick<Finding, 'rule' | 'severity' | 'message' | 'location'>>;
  warnings: Array<Pick<Finding, 'rule' | 'severity' | 'message' | 'location'>>;
}

const USAGE = 'usage: validate <files...> [--json]';

function strip(f: Finding): Pick<Finding, 'rule' | 'severity' | 'message' | 'location'> {
  return { rule: f.rule, severity: f.severity, message: f.message, location: f.location };
}

export async function runValidateCommand(args: string[], write: (line: string) => void): Promise<number> {
  const json = args.includes('--json');
  const unknown = args.filter((a) => a.startsWith('--') && a !== '--json');
  const files = args.filter((a) => !a.startsWith('--'));
  if (unknown.length > 0 || files.length === 0) {
    write(unknown.length > 0 ? `unknown option ${unknown[0]}; ${USAGE}` : USAGE);
    return 2;
  }
  let unreadable = 0;
  for (const file of files) {
    let result: FileResult;
    try {
      const bytes = await readFile(file);
      const report = await validateDocumentAsync(bytes);
      result = {
        file,
        valid: report.valid,
        syntax: report.syntax,
        documentType: report.documentType,
        errors: report.errors.map(strip),
        warnings: report.warnings.map(strip),
      };
    } catch (e) {
      const isParse = e instanceof ParseError;
      if (!isParse) unreadable++;
      const message = isParse ? e.message : `cannot read file: ${e instanceof Error ? e.message : String(e)}`;
      const location = isParse && e.line > 0 ? `line ${e.line}, column ${e.column}` : '';
      result = { file, valid: false, syntax: null, documentType: null, errors: [{ rule: isParse ? 'PARSE' : 'IO', severity: 'fatal', message, location }], warnings: [] };
    }
    if (json) write(JSON.stringify(result));
    else {
      const verdict = result.errors[0]?.rule === 'IO' ? 'UNREADABLE' : result.valid ? 'VALID' : 'INVALID';
      const rules = result.errors.map((e) => e.rule);
      const detail = result.syntax === null ? ` ${result.errors[0].message}` : ` (${result.syntax} ${result.documentType}, ${result.errors.length} errors, ${result.warnings.length} warnings)`;
      write(`${verdict} ${file}${detail}${rules.length > 0 && result.syntax !== null ? ': ' + [...new Set(rules)].join(', ') : ''}`);
    }
  }
  return unreadable > 0 ? 1 : 0;
}
