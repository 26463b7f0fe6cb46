/**
 * Code made linear for the engine's worst case (bench/engine-worstcase.bench.ts) answers as the
 * quadratic code it replaced, kept here as the reference:
 *   - BR-DE-22 (xrechnung): a reference's attachment filename repeats one of a preceding sibling
 *     reference; it compared every reference with all its preceding siblings;
 *   - xpathOf's positional steps among many siblings: it counted, for every child, all siblings
 *     with its local name, so many siblings of one local name in many namespaces were quadratic;
 *   - BR-17, BR-TMP-3, PEPPOL-EN16931-R053/R054/R055: two lists of the document compared pairwise
 *     (payee and seller identifiers, gross and net quantities, tax totals and currency codes), now
 *     through a set of one of them; checked against the pairwise formula over every combination
 *     of short lists.
 */
import { parseTree, readXml, ruleSetById, rulesOf, type RuleSetId, validateInvoice } from '../../../src/einvoice';
import { filenamesUnique } from '../../../src/einvoice/rulesets/xrechnung/document';
import { at } from '../../../src/einvoice/rulesets/xrechnung/tree';
import { walk, xpathOf, type XmlElement } from '../../../src/einvoice/xml/tree';
import { prng } from '../../support/hostile-input';

/** BR-DE-22 as it was: each reference against every preceding sibling of its name. */
function filenamesUniqueBefore(refs: readonly XmlElement[], attachmentPath: string): boolean {
  for (const ref of refs) {
    const parent = ref.parent;
    if (parent === undefined) continue;
    const names = at(ref, attachmentPath)
      .map((a) => a.attrs['filename'])
      .filter((n): n is string => n !== undefined);
    if (names.length === 0) continue;
    for (const sibling of parent.children) {
      if (sibling === ref) break;
      if (sibling.local !== ref.local || sibling.ns !== ref.ns) continue;
      if (at(sibling, attachmentPath).some((a) => a.attrs['filename'] !== undefined && names.includes(a.attrs['filename']))) return false;
    }
  }
  return true;
}

const UBL_OPEN =
  '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">';
const CII_OPEN =
  '<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100">';

/** What a reference may hold: attachments with these filenames (undefined: an attachment without one). */
const CONTENTS: Array<Array<string | undefined>> = [[], ['a'], ['b'], [undefined], ['a', 'b'], ['b', undefined], ['A']];

/** Every sequence of 0…max contents. */
function* sequences(max: number): Generator<number[]> {
  let level: number[][] = [[]];
  yield [];
  for (let n = 1; n <= max; n++) {
    const next: number[][] = [];
    for (const s of level) for (let c = 0; c < CONTENTS.length; c++) next.push([...s, c]);
    yield* next;
    level = next;
  }
}

const ublRef = (c: number, i: number) =>
  `<cac:AdditionalDocumentReference><cbc:ID>${i}</cbc:ID>${CONTENTS[c].map((f) => `<cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="text/csv"${f === undefined ? '' : ` filename="${f}"`}>QQ==</cbc:EmbeddedDocumentBinaryObject></cac:Attachment>`).join('')}</cac:AdditionalDocumentReference>`;
const ciiRef = (c: number, i: number) =>
  `<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>${i}</ram:IssuerAssignedID>${CONTENTS[c].map((f) => `<ram:AttachmentBinaryObject mimeCode="text/csv"${f === undefined ? '' : ` filename="${f}"`}>QQ==</ram:AttachmentBinaryObject>`).join('')}</ram:AdditionalReferencedDocument>`;

describe('BR-DE-22 (filenames unique among sibling references) in one pass', () => {
  it('UBL: every sequence of up to 4 references, with an unrelated element between them', () => {
    let n = 0;
    let repeated = 0;
    for (const seq of sequences(4)) {
      const xml = `${UBL_OPEN}${seq.map((c, i) => ublRef(c, i) + (i === 1 ? '<cbc:Note>x</cbc:Note>' : '')).join('')}</Invoice>`;
      const root = readXml(xml);
      const refs = at(root, 'cac:AdditionalDocumentReference');
      const before = filenamesUniqueBefore(refs, 'cac:Attachment/cbc:EmbeddedDocumentBinaryObject');
      expect(filenamesUnique(refs, 'cac:Attachment/cbc:EmbeddedDocumentBinaryObject')).toBe(before);
      n++;
      if (!before) repeated++;
    }
    expect(n).toBe(2801);
    expect(repeated).toBeGreaterThan(1000);
  });

  it('CII: references under two parents (//), every split of up to 4 references', () => {
    let n = 0;
    for (const seq of sequences(4)) {
      for (let split = 0; split <= seq.length; split++) {
        const first = seq.slice(0, split).map(ciiRef).join('');
        const second = seq.slice(split).map((c, i) => ciiRef(c, i + split)).join('');
        const xml = `${CII_OPEN}<ram:A>${first}</ram:A><ram:B>${second}<ram:X>${first}</ram:X></ram:B></rsm:CrossIndustryInvoice>`;
        const root = readXml(xml);
        const refs = at(root, '//ram:AdditionalReferencedDocument');
        expect(filenamesUnique(refs, 'ram:AttachmentBinaryObject')).toBe(filenamesUniqueBefore(refs, 'ram:AttachmentBinaryObject'));
        n++;
      }
    }
    expect(n).toBeGreaterThan(8000);
  });
});

/** The location as xpathOf defines it, counted sibling by sibling. */
function pathBefore(el: XmlElement, memo: Map<XmlElement, string>): string {
  const hit = memo.get(el);
  if (hit !== undefined) return hit;
  const p = el.parent;
  let path = `/${el.qname}`;
  if (p !== undefined) {
    const same = p.children.filter((s) => s.local === el.local && s.ns === el.ns);
    path = `${pathBefore(p, memo)}/${el.qname}${same.length > 1 ? `[${same.indexOf(el) + 1}]` : ''}`;
  }
  memo.set(el, path);
  return path;
}

describe('xpathOf among many siblings', () => {
  it('numbers same-named siblings per namespace, as counted one by one (random documents)', () => {
    const rand = prng(2217);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
    for (let doc = 0; doc < 200; doc++) {
      const prefixes = ['a', 'b', 'c', 'd'].slice(0, 1 + Math.floor(rand() * 4));
      const locals = ['E', 'F', 'G'].slice(0, 1 + Math.floor(rand() * 3));
      const element = (depth: number): string => {
        const q = `${pick(prefixes)}:${pick(locals)}`;
        const kids = depth < 2 ? Math.floor(rand() * (rand() < 0.3 ? 30 : 5)) : 0;
        return `<${q}>${Array.from({ length: kids }, () => element(depth + 1)).join('')}</${q}>`;
      };
      const decl = prefixes.map((p, i) => ` xmlns:${p}="urn:${i % 2 === 0 ? p : 'shared'}"`).join('');
      const root = readXml(`<R${decl}>${Array.from({ length: 10 + Math.floor(rand() * 30) }, () => element(0)).join('')}</R>`);
      // Visit in a random order: memoised paths must not depend on which element asked first.
      const all: XmlElement[] = [];
      walk(root, (e) => all.push(e));
      for (let i = all.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [all[i], all[j]] = [all[j], all[i]];
      }
      const memo = new Map<XmlElement, string>();
      const wrong = all.filter((e) => xpathOf(e) !== pathBefore(e, memo));
      expect(wrong.map((e) => `${xpathOf(e)} ≠ ${pathBefore(e, memo)}`)).toEqual([]);
    }
  });
});

/** Every sequence of 0…max items. */
function* lists<T>(items: readonly T[], max: number): Generator<T[]> {
  let level: T[][] = [[]];
  yield [];
  for (let n = 1; n <= max; n++) {
    const next: T[][] = [];
    for (const s of level) for (const item of items) next.push([...s, item]);
    yield* next;
    level = next;
  }
}

/** Whether the rule `id` (of the rule set, for the document's syntax) fires on the document. */
function fires(xml: string, ruleSet: RuleSetId, id: string): boolean {
  const parsed = parseTree(readXml(xml));
  const rules = rulesOf(ruleSetById(ruleSet)!, parsed.syntax === 'CII' ? 'CII' : 'UBL').filter((r) => r.id === id);
  expect(rules).toHaveLength(1);
  const report = validateInvoice(parsed, { ruleSet, rules });
  expect(report.ruleFailures).toEqual([]);
  return [...report.errors, ...report.warnings].some((f) => f.rule === id);
}

describe('comparisons of two document lists through a set', () => {
  it('BR-17 (payee vs seller trading names and identifiers): as the pairwise comparison, every combination', () => {
    let n = 0;
    const outcomes = new Set<string>();
    for (const sellerIds of lists(['a', 'b', 'c'], 2)) {
      for (const payeeIds of lists(['a', 'b', 'c'], 2)) {
        for (const names of [[], ['T'], ['U', 'T']] as string[][]) {
          for (const payeeName of [undefined, 'T']) {
            const xml = `${UBL_OPEN}<cbc:ID>1</cbc:ID><cac:AccountingSupplierParty><cac:Party>${sellerIds.map((i) => `<cac:PartyIdentification><cbc:ID>${i}</cbc:ID></cac:PartyIdentification>`).join('')}${names.map((t) => `<cac:PartyName><cbc:Name>${t}</cbc:Name></cac:PartyName>`).join('')}</cac:Party></cac:AccountingSupplierParty><cac:PayeeParty>${payeeIds.map((i) => `<cac:PartyIdentification><cbc:ID>${i}</cbc:ID></cac:PartyIdentification>`).join('')}${payeeName === undefined ? '' : `<cac:PartyName><cbc:Name>${payeeName}</cbc:Name></cac:PartyName>`}</cac:PayeeParty></Invoice>`;
            const inv = parseTree(readXml(xml)).invoice;
            const payee = inv.payee!;
            const seller = inv.seller;
            const sameTrading = payee.tradingNames.some((t) => seller?.tradingNames.includes(t) ?? false);
            const sameId = payee.identifiers.some((i) => seller?.identifiers.some((s) => s.value === i.value) ?? false);
            const sameLegal = payee.registrationName !== undefined && seller?.registrationName !== undefined && payee.registrationName === seller.registrationName;
            const expected = payee.name === undefined || sameTrading || sameId || sameLegal;
            expect(fires(xml, 'en16931', 'BR-17')).toBe(expected);
            outcomes.add(`${expected}/${sameTrading}/${sameId}`);
            n++;
          }
        }
      }
    }
    expect(n).toBe(13 * 13 * 3 * 2);
    expect(outcomes).toEqual(new Set(['true/false/false', 'true/true/false', 'true/false/true', 'true/true/true', 'false/false/false']));
  });

  it('BR-TMP-3 (gross and net basis quantities of a CII line): as the pairwise comparison, every combination', () => {
    const quantities: Array<[string, string | undefined]> = [
      ['1', 'u'],
      ['1', 'v'],
      ['2', 'u'],
      ['1', undefined],
      ['2', undefined],
    ];
    const outcomes = new Set<boolean>();
    const q = ([value, unit]: [string, string | undefined]) => `<ram:BasisQuantity${unit === undefined ? '' : ` unitCode="${unit}"`}>${value}</ram:BasisQuantity>`;
    let n = 0;
    for (const gross of lists(quantities, 2)) {
      for (const net of lists(quantities, 2)) {
        const xml = `${CII_OPEN}<rsm:SupplyChainTradeTransaction><ram:IncludedSupplyChainTradeLineItem><ram:SpecifiedLineTradeAgreement><ram:GrossPriceProductTradePrice><ram:ChargeAmount>1</ram:ChargeAmount>${gross.map(q).join('')}</ram:GrossPriceProductTradePrice><ram:NetPriceProductTradePrice><ram:ChargeAmount>1</ram:ChargeAmount>${net.map(q).join('')}</ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement></ram:IncludedSupplyChainTradeLineItem></rsm:SupplyChainTradeTransaction></rsm:CrossIndustryInvoice>`;
        let ok = true;
        if (gross.length > 0 && net.length > 0) {
          const sameValue = gross.some((g) => net.some((m) => g[0] === m[0]));
          const grossUnits = gross.map((g) => g[1]).filter((u): u is string => u !== undefined);
          const netUnits = net.map((m) => m[1]).filter((u): u is string => u !== undefined);
          ok = sameValue && (netUnits.length === 0 || grossUnits.length === 0 || grossUnits.some((u) => netUnits.includes(u)));
        }
        expect(fires(xml, 'xrechnung', 'BR-TMP-3')).toBe(!ok);
        outcomes.add(ok);
        n++;
      }
    }
    expect(n).toBe(31 * 31);
    expect(outcomes).toEqual(new Set([true, false]));
  });

  it('PEPPOL-EN16931-R053/R054/R055 (CII tax totals vs document currency codes): as the list comparisons, every combination', () => {
    const totals: Array<[string | undefined, string]> = [
      ['EUR', '1'],
      ['EUR', '-1'],
      ['USD', '1'],
      [undefined, '1'],
    ];
    const outcomes = new Set<string>();
    let n = 0;
    for (const codes of lists(['EUR', 'USD'], 3)) {
      for (const amounts of lists(totals, 2)) {
        for (const taxCurrency of [undefined, 'USD', 'EUR']) {
          const xml = `${CII_OPEN}<rsm:SupplyChainTradeTransaction><ram:ApplicableHeaderTradeSettlement>${taxCurrency === undefined ? '' : `<ram:TaxCurrencyCode>${taxCurrency}</ram:TaxCurrencyCode>`}${codes.map((c) => `<ram:InvoiceCurrencyCode>${c}</ram:InvoiceCurrencyCode>`).join('')}<ram:SpecifiedTradeSettlementHeaderMonetarySummation>${amounts.map(([c, v]) => `<ram:TaxTotalAmount${c === undefined ? '' : ` currencyID="${c}"`}>${v}</ram:TaxTotalAmount>`).join('')}</ram:SpecifiedTradeSettlementHeaderMonetarySummation></ram:ApplicableHeaderTradeSettlement></rsm:SupplyChainTradeTransaction></rsm:CrossIndustryInvoice>`;
          const r053 = amounts.filter(([c]) => c !== undefined && codes.includes(c)).length !== 1;
          const r054 = amounts.filter(([c]) => c !== undefined && codes.some((d) => d !== c)).length !== (taxCurrency === undefined ? 0 : 1);
          let r055 = false;
          if (taxCurrency !== undefined) {
            const inTax = amounts.filter(([c]) => [taxCurrency].includes(c ?? '\u0000')).map(([, v]) => Number(v));
            const inDocument = amounts.filter(([c]) => codes.includes(c ?? '\u0000')).map(([, v]) => Number(v));
            r055 = !((inTax.some((v) => v < 0) && inDocument.some((v) => v < 0)) || (inTax.some((v) => v >= 0) && inDocument.some((v) => v >= 0)));
          }
          expect([fires(xml, 'peppol-bis3', 'PEPPOL-EN16931-R053'), fires(xml, 'peppol-bis3', 'PEPPOL-EN16931-R054'), fires(xml, 'peppol-bis3', 'PEPPOL-EN16931-R055')]).toEqual([r053, r054, r055]);
          outcomes.add(`${r053}/${r054}/${r055}`);
          n++;
        }
      }
    }
    expect(n).toBe(15 * 21 * 3);
    // Each rule both fires and holds.
    for (const k of [0, 1, 2]) expect(new Set([...outcomes].map((o) => o.split('/')[k]))).toEqual(new Set(['true', 'false']));
  });
});
