import { readFileSync } from 'node:fs';
import { ALL_RULES, parseDocument, parseTree, readXml, validateInvoice, type ParsedDocument } from '../../../src/einvoice';
import { NS } from '../../../src/einvoice/parse/namespaces';
import { UBL_CR_PATHS } from '../../../src/einvoice/rules/ubl-cr-paths';
import { resolveRuleSet } from '../../../src/einvoice/rulesets/registry';
import { invoiceToCreditNote } from '../../support/credit-note';
import { exampleFiles, unitCases } from '../../support/corpus';

describe('validation skips rules that cannot fire', () => {
  // Rules with a presence (the UBL-CR rules) are skipped when the document lacks what they look
  // for; running every rule's check instead must give the same report.
  const unskipped = (doc: ParsedDocument) => resolveRuleSet(undefined, doc.invoice).rules.map((rule) => ({ ...rule, presence: undefined }));

  /** The alternatives of a path with `(a|b)` steps, as the official rules write the line paths. */
  const alternatives = (path: string): string[] => {
    const m = /\(([^()]*)\)/.exec(path);
    return m ? m[1].split('|').flatMap((alt) => alternatives(path.slice(0, m.index) + alt + path.slice(m.index + m[0].length))) : [path];
  };

  /** An example invoice with an element (or attribute) at every root-relative UBL-CR path (each alternative) added. */
  function withEveryCrPath(): string {
    const example = exampleFiles().find((f) => f.name.endsWith('ubl-tc434-example1.xml'));
    const xml = readFileSync(example?.file ?? '', 'utf8');
    let added = '';
    for (const path of UBL_CR_PATHS.flatMap(([, p]) => alternatives(p))) {
      if (path.startsWith('//')) continue;
      const at = path.indexOf('/@');
      const steps = (at < 0 ? path : path.slice(0, at)).split('/');
      const attr = at < 0 ? '' : ` ${path.slice(at + 2)}="x"`;
      const declared = ` xmlns:cac="${NS.cac}" xmlns:cbc="${NS.cbc}" xmlns:ext="${NS.ext}"`;
      added += steps.map((s, i) => `<${s}${i === 0 ? declared : ''}${i === steps.length - 1 ? attr : ''}>`).join('') + 'x' + [...steps].reverse().map((s) => `</${s}>`).join('');
    }
    return xml.replace('</Invoice>', `${added}</Invoice>`);
  }

  function documents(): ParsedDocument[] {
    const docs = exampleFiles().map((f) => parseDocument(readFileSync(f.file)));
    const everyPath = withEveryCrPath();
    docs.push(parseDocument(everyPath), parseTree(invoiceToCreditNote(readXml(everyPath))));
    for (const c of unitCases()) {
      docs.push(parseTree(c.document));
      if (c.file.includes('ubl-unit')) docs.push(parseTree(invoiceToCreditNote(c.document)));
    }
    return docs;
  }

  it('gives the same report as running every rule, on every example and unit-test document (also as credit notes)', () => {
    expect(ALL_RULES.filter((r) => r.presence !== undefined).length).toBeGreaterThan(200);
    let fired = 0;
    for (const doc of documents()) {
      const report = validateInvoice(doc);
      expect(report).toEqual(validateInvoice(doc, { rules: unskipped(doc) }));
      fired += report.warnings.filter((w) => w.rule.startsWith('UBL-CR')).length;
    }
    // The documents exercise the rules, not only their absence.
    expect(fired).toBeGreaterThan(300);
  });
});
