import { readFileSync, statSync } from 'node:fs';
import { ALL_RULES, parseDocument, parseTree, readXml, validateInvoice, type ParsedDocument, type XmlElement } from '../../../src/einvoice';
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

  /**
   * An example invoice with an element (or attribute) at every UBL-CR path (each alternative) added:
   * root-relative paths where they name, descendant paths (`//x/y`) under the root, `//@attr` and
   * the attributes of the UBL-DT rules on a note.
   */
  function withEveryCrPath(): string {
    const example = exampleFiles().find((f) => f.name.endsWith('ubl-tc434-example1.xml'));
    const xml = readFileSync(example?.file ?? '', 'utf8');
    const declared = ` xmlns:cac="${NS.cac}" xmlns:cbc="${NS.cbc}" xmlns:ext="${NS.ext}"`;
    let added = '';
    // The attributes UBL-DT-08 to -26 forbid (but `name`, UBL-DT-18, which has no presence).
    const anywhere: string[] = 'schemeName schemeAgencyName schemeDataURI schemeURI format unitCodeListIdentifier unitCodeListAgencyIdentifier unitCodeListAgencyName listAgencyName listName languageID listURI listSchemeURI languageLocaleID uri currencyCodeListVersionID characterSetCode encodingCode'.split(' ');
    for (const path of UBL_CR_PATHS.flatMap(([, p]) => alternatives(p))) {
      if (path.startsWith('//@')) {
        anywhere.push(path.slice(3));
        continue;
      }
      const at = path.indexOf('/@');
      const steps = (at < 0 ? path : path.slice(0, at)).replace(/^\/\//, '').split('/');
      const attr = at < 0 ? '' : ` ${path.slice(at + 2)}="x"`;
      added += steps.map((s, i) => `<${s}${i === 0 ? declared : ''}${i === steps.length - 1 ? attr : ''}>`).join('') + 'x' + [...steps].reverse().map((s) => `</${s}>`).join('');
    }
    added += `<cbc:Note${declared}${anywhere.map((a) => ` ${a}="x"`).join('')}>x</cbc:Note>`;
    // Elements of cardinality rules (UBL-SR) that no example has where those rules count.
    added +=
      `<cac:InvoiceDocumentReference${declared}><cbc:ID>x</cbc:ID></cac:InvoiceDocumentReference>` +
      `<cac:PaymentMeans${declared}><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode><cbc:PaymentDueDate>2020-01-01</cbc:PaymentDueDate><cbc:InstructionNote>x</cbc:InstructionNote></cac:PaymentMeans>` +
      `<cac:AdditionalDocumentReference${declared}><cbc:ID>x</cbc:ID><cbc:DocumentType>x</cbc:DocumentType></cac:AdditionalDocumentReference>` +
      `<cac:InvoiceLine${declared}><cbc:ID>x</cbc:ID><cac:Item><cac:ClassifiedTaxCategory><cbc:TaxExemptionReason>x</cbc:TaxExemptionReason></cac:ClassifiedTaxCategory></cac:Item></cac:InvoiceLine>`;
    return xml.replace('</Invoice>', `${added}</Invoice>`);
  }

  /** The example with only the last element of each descendant UBL-CR path, elsewhere: present by name, not by path. */
  function withCrNamesElsewhere(): string {
    const example = exampleFiles().find((f) => f.name.endsWith('ubl-tc434-example2.xml'));
    const xml = readFileSync(example?.file ?? '', 'utf8');
    let added = '';
    for (const path of UBL_CR_PATHS.flatMap(([, p]) => alternatives(p))) {
      if (!path.startsWith('//') || path.startsWith('//@')) continue;
      const at = path.indexOf('/@');
      const steps = (at < 0 ? path : path.slice(0, at)).slice(2).split('/');
      const last = steps[steps.length - 1];
      added += `<cac:AdditionalDocumentReference xmlns:cac="${NS.cac}" xmlns:cbc="${NS.cbc}"><cbc:ID>x</cbc:ID><${last}${last.startsWith('cac:') ? ` xmlns:cac="${NS.cac}"` : ` xmlns:cbc="${NS.cbc}"`}>x</${last}></cac:AdditionalDocumentReference>`;
    }
    return xml.replace('</Invoice>', `${added}</Invoice>`);
  }

  /** A copy of the tree with every element at `depth` (the root's children: 1) three times: every count along such paths trebled. */
  function tripledAt(el: XmlElement, depth: number, parent?: XmlElement, d = 0): XmlElement {
    const copy: XmlElement = { local: el.local, qname: el.qname, ns: el.ns, attrs: { ...el.attrs }, children: [], text: el.text, parent, line: el.line, column: el.column };
    for (const k of el.children) for (let i = d + 1 === depth ? 3 : 1; i > 0; i--) copy.children.push(tripledAt(k, depth, copy, d + 1));
    return copy;
  }

  function documents(): ParsedDocument[] {
    const docs = exampleFiles().map((f) => parseDocument(readFileSync(f.file)));
    const everyPath = withEveryCrPath();
    const namesElsewhere = withCrNamesElsewhere();
    docs.push(parseDocument(everyPath), parseTree(invoiceToCreditNote(readXml(everyPath))), parseDocument(namesElsewhere), parseTree(readXml(namesElsewhere)));
    // Elements repeated at each of the first three levels, so that the cardinality rules (UBL-SR) fire.
    const small = exampleFiles().filter((e) => e.name.startsWith('examples/ubl/') && statSync(e.file).size < 100_000);
    for (const root of [readXml(everyPath), ...small.map((f) => readXml(readFileSync(f.file)))]) {
      for (const depth of [1, 2, 3]) docs.push(parseTree(tripledAt(root, depth)));
    }
    for (const c of unitCases()) {
      docs.push(parseTree(c.document));
      if (c.file.includes('ubl-unit')) docs.push(parseTree(invoiceToCreditNote(c.document)));
    }
    return docs;
  }

  it('gives the same report as running every rule, on every example and unit-test document (also as credit notes)', () => {
    // Every UBL-CR rule of the path table and the UBL-DT attribute rules.
    expect(ALL_RULES.filter((r) => r.presence !== undefined).length).toBeGreaterThanOrEqual(UBL_CR_PATHS.length + 18);
    const fired = new Set<string>();
    for (const doc of documents()) {
      const report = validateInvoice(doc);
      expect(report).toEqual(validateInvoice(doc, { rules: unskipped(doc) }));
      for (const f of [...report.errors, ...report.warnings]) fired.add(f.rule);
    }
    // The documents exercise every rule with a presence, not only its absence.
    const withPresence = ALL_RULES.filter((r) => r.presence !== undefined).map((r) => r.id);
    expect(withPresence.filter((id) => !fired.has(id))).toEqual([]);
  });
});
