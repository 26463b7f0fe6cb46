/**
 * UBL syntax-binding rules (UBL-CR, UBL-SR, UBL-DT): constraints on the UBL
 * encoding the canonical model cannot see (extra elements, cardinalities,
 * attributes), evaluated on the element tree.
 */
import { fractionDigits } from '../decimal';
import { NS } from '../parse/namespaces';
import { child, childrenNamed, xpathOf, type XmlElement } from '../xml/tree';
import { docIndex, elementsEndingWith, registerPath } from './doc-index';
import { defineRule, type Rule, type RuleContext, type RulePresence } from './rule';
import { countSelected, matches, select } from './tree-query';
import { UBL_CR_PATHS } from './ubl-cr-paths';

const F = 'UBL-syntax';
const { cac, cbc } = NS;

/** The line element name differs between Invoice and CreditNote; the rules are the same. */
function creditNotePath(path: string): string {
  return path.replace(/InvoiceLine/g, 'CreditNoteLine').replace(/InvoicedQuantity/g, 'CreditedQuantity');
}

/** A path for both document types, converted once when the rule is defined. */
function linePaths(path: string): (ctx: RuleContext) => string {
  const credit = creditNotePath(path);
  return (ctx) => (ctx.doc.documentType === 'CreditNote' ? credit : path);
}

function upper(el: XmlElement | undefined): string {
  return (el?.text ?? '').trim().toUpperCase();
}

/** The alternatives of a path with `(a|b)` steps: 'x/(a|b)/y' -> ['x/a/y', 'x/b/y']. */
function alternatives(path: string): string[] {
  const m = /\(([^()]*)\)/.exec(path);
  if (!m) return [path];
  return m[1].split('|').flatMap((alt) => alternatives(path.slice(0, m.index) + alt + path.slice(m.index + m[0].length)));
}

/** Rule: the path (relative to the document element, any alternative) must not occur. */
function crRule(id: string, path: string, message: string): Rule {
  const paths = alternatives(path);
  // Plain child paths are answered from the per-document path index.
  for (const p of paths) if (!p.startsWith('//')) registerPath(p);
  // The rule fires exactly when one of its root-relative paths or `//@attr` attributes is present,
  // and only when the names of one of its descendant paths (`//x/y/@z`) are all present somewhere:
  // validation looks these up before calling it.
  const presence: RulePresence = {
    paths: paths.filter((p) => !p.startsWith('//')),
    attributes: paths.filter((p) => p.startsWith('//@')).map((p) => p.slice(3)),
    anywhere: paths.filter((p) => p.startsWith('//') && !p.startsWith('//@')).map((p) => namesOf(p)),
  };
  const rule = defineRule(
    F,
    id,
    'warning',
    message,
    (ctx, fire) => {
      const index = docIndex(ctx.doc.root);
      let first: XmlElement | undefined;
      for (const p of paths) {
        let hit: XmlElement | undefined;
        if (p.startsWith('//@')) hit = index.firstWithAttribute.get(p.slice(3));
        else if (!p.startsWith('//')) hit = index.firstByPath.get(p);
        else hit = matches(ctx.doc.root, p)[0];
        if (hit !== undefined && (first === undefined || hit.line < first.line || (hit.line === first.line && hit.column < first.column))) first = hit;
      }
      if (first) fire(xpathOf(first));
    },
    'UBL',
  );
  return { ...rule, presence };
}

/** The names of a path as RulePresence.anywhere lists them: '//cac:A/cbc:B/@c' gives ['A', 'B', '@c']. */
function namesOf(path: string): string[] {
  return path
    .split('/')
    .filter((step) => step !== '')
    .map((step) => (step.startsWith('@') ? step : step.slice(step.indexOf(':') + 1)));
}

/** AdditionalDocumentReference elements with (true) or without (false) DocumentTypeCode '130'. */
function objectReferences(root: XmlElement, isObject: boolean): XmlElement[] {
  return select(root, '//cac:AdditionalDocumentReference').filter((d) => {
    const codes = childrenNamed(d, cbc, 'DocumentTypeCode');
    // `cbc:DocumentTypeCode = '130'` / `cbc:DocumentTypeCode != '130' or not(cbc:DocumentTypeCode)`
    return isObject ? codes.some((c) => c.text === '130') : codes.length === 0 || codes.some((c) => c.text !== '130');
  });
}

/** The conditional UBL-CR rules (not a plain path). */
const conditionalCrRules: Rule[] = [
  defineRule(
    F,
    'UBL-CR-002',
    'warning',
    'A UBL invoice should not include the UBLVersionID or it should be 2.1',
    ({ doc }, fire) => {
      const v = childrenNamed(doc.root, cbc, 'UBLVersionID');
      if (v.length > 0 && !v.some((e) => e.text === '2.1')) fire(xpathOf(v[0]));
    },
    'UBL',
  ),
  defineRule(
    F,
    'UBL-CR-412',
    'warning',
    'A UBL invoice should not include the PaymentMeans PaymentDueDate',
    ({ doc }, fire) => {
      // `… or ../cn:CreditNote`: a credit note carries its due date there.
      if (doc.documentType === 'CreditNote') return;
      const hit = select(doc.root, 'cac:PaymentMeans/cbc:PaymentDueDate')[0];
      if (hit) fire(xpathOf(hit));
    },
    'UBL',
  ),
  defineRule(
    F,
    'UBL-CR-665',
    'warning',
    "A UBL invoice should not include the AdditionalDocumentReference ID schemeID unless the DocumentTypeCode equals '130'",
    ({ doc }, fire) => {
      const hit = objectReferences(doc.root, false).flatMap((d) => childrenNamed(d, cbc, 'ID')).find((id) => id.attrs['schemeID'] !== undefined);
      if (hit) fire(xpathOf(hit));
    },
    'UBL',
  ),
  defineRule(
    F,
    'UBL-CR-666',
    'fatal',
    'A UBL invoice shall not include an AdditionalDocumentReference simultaneously referring an Invoice Object Identifier and an Attachment',
    ({ doc }, fire) => {
      const hit = objectReferences(doc.root, true).flatMap((d) => childrenNamed(d, cac, 'Attachment'))[0];
      if (hit) fire(xpathOf(hit));
    },
    'UBL',
  ),
  defineRule(
    F,
    'UBL-CR-673',
    'fatal',
    'A UBL invoice shall not include an AdditionalDocumentReference simultaneously referring an Invoice Object Identifier and an Document Description',
    ({ doc }, fire) => {
      const hit = objectReferences(doc.root, true).flatMap((d) => childrenNamed(d, cbc, 'DocumentDescription'))[0];
      if (hit) fire(xpathOf(hit));
    },
    'UBL',
  ),
];

/** Rule: count of path below each context element at most `max`. */
function maxRule(id: string, message: string, context: string | null, path: string, max = 1): Rule {
  const contextPath = linePaths(context ?? '');
  const countedPath = linePaths(path);
  // More than `max` counted elements need more than `max` elements named like the last step and one
  // of each other step, anywhere (leaving out the names that differ between Invoice and CreditNote).
  const credit = namesOf(creditNotePath(path));
  const steps = namesOf(path).filter((name) => credit.includes(name));
  const last = steps[steps.length - 1];
  const needed = last === credit[credit.length - 1] ? [...steps, ...Array.from({ length: max }, () => last)] : steps;
  const rule = defineRule(
    F,
    id,
    'fatal',
    message,
    (ctx, fire) => {
      const contexts = context === null ? [ctx.doc.root] : select(ctx.doc.root, contextPath(ctx));
      const counted = countedPath(ctx);
      for (const c of contexts) if (countSelected(c, counted, max) > max) fire(xpathOf(c));
    },
    'UBL',
  );
  return needed.length === 0 ? rule : { ...rule, presence: { anywhere: [needed] } };
}

/** Attributes that should not be present anywhere (UBL-DT-08 .. UBL-DT-26). */
const FORBIDDEN_ATTRIBUTES: Array<[string, string, string]> = [
  ['UBL-DT-08', 'schemeName', 'Scheme name attribute should not be present'],
  ['UBL-DT-09', 'schemeAgencyName', 'Scheme agency name attribute should not be present'],
  ['UBL-DT-10', 'schemeDataURI', 'Scheme data uri attribute should not be present'],
  ['UBL-DT-11', 'schemeURI', 'Scheme uri attribute should not be present'],
  ['UBL-DT-12', 'format', 'Format attribute should not be present'],
  ['UBL-DT-13', 'unitCodeListIdentifier', 'Unit code list identifier attribute should not be present'],
  ['UBL-DT-14', 'unitCodeListAgencyIdentifier', 'Unit code list agency identifier attribute should not be present'],
  ['UBL-DT-15', 'unitCodeListAgencyName', 'Unit code list agency name attribute should not be present'],
  ['UBL-DT-16', 'listAgencyName', 'List agency name attribute should not be present'],
  ['UBL-DT-17', 'listName', 'List name attribute should not be present'],
  ['UBL-DT-19', 'languageID', 'Language identifier attribute should not be present'],
  ['UBL-DT-20', 'listURI', 'List uri attribute should not be present'],
  ['UBL-DT-21', 'listSchemeURI', 'List scheme uri attribute should not be present'],
  ['UBL-DT-22', 'languageLocaleID', 'Language local identifier attribute should not be present'],
  ['UBL-DT-23', 'uri', 'Uri attribute should not be present'],
  ['UBL-DT-24', 'currencyCodeListVersionID', 'Currency code list version id should not be present'],
  ['UBL-DT-25', 'characterSetCode', 'CharacterSetCode attribute should not be present'],
  ['UBL-DT-26', 'encodingCode', 'EncodingCode attribute should not be present'],
];

function attributeRule(id: string, attr: string, message: string): Rule {
  const rule = defineRule(
    F,
    id,
    'warning',
    message,
    (ctx, fire) => {
      const hit = docIndex(ctx.doc.root).firstWithAttribute.get(attr);
      if (hit) fire(xpathOf(hit));
    },
    'UBL',
  );
  return { ...rule, presence: { attributes: [attr] } };
}

function isInsidePriceAllowance(el: XmlElement): boolean {
  for (let p = el.parent; p !== undefined; p = p.parent) {
    if (p.local === 'AllowanceCharge' && p.ns === cac && p.parent?.local === 'Price' && p.parent.ns === cac) return true;
  }
  return false;
}

function vatSchemeCompanyIds(party: XmlElement | undefined): XmlElement[] {
  return childrenNamed(party, cac, 'PartyTaxScheme')
    .filter((t) => upper(child(child(t, cac, 'TaxScheme'), cbc, 'ID')) === 'VAT')
    .flatMap((t) => childrenNamed(t, cbc, 'CompanyID'));
}

export const ublSyntaxRules: Rule[] = [
  ...UBL_CR_PATHS.map(([id, path, message]) => crRule(id, path, message)),
  ...conditionalCrRules,
  ...FORBIDDEN_ATTRIBUTES.map(([id, attr, msg]) => attributeRule(id, attr, msg)),
  defineRule(
    F,
    'UBL-DT-01',
    'fatal',
    'Amounts shall be decimal up to two fraction digits',
    (ctx, fire) => {
      const wrong = elementsEndingWith(ctx.doc.root, 'Amount', (el) => !el.local.endsWith('PriceAmount') && fractionDigits(el.text) > 2 && !isInsidePriceAllowance(el));
      for (const el of wrong) fire(xpathOf(el));
    },
    'UBL',
  ),
  defineRule(
    F,
    'UBL-DT-06',
    'fatal',
    'Binary object elements shall contain the mime code attribute',
    (ctx, fire) => {
      for (const el of elementsEndingWith(ctx.doc.root, 'BinaryObject', (b) => b.attrs['mimeCode'] === undefined)) fire(xpathOf(el));
    },
    'UBL',
  ),
  defineRule(
    F,
    'UBL-DT-07',
    'fatal',
    'Binary object elements shall contain the file name attribute',
    (ctx, fire) => {
      for (const el of elementsEndingWith(ctx.doc.root, 'BinaryObject', (b) => b.attrs['filename'] === undefined)) fire(xpathOf(el));
    },
    'UBL',
  ),
  defineRule(
    F,
    'UBL-DT-18',
    'warning',
    'Name attribute should not be present',
    (ctx, fire) => {
      const hit = docIndex(ctx.doc.root).attributed.find((el) => el.attrs['name'] !== undefined && !(el.local === 'PaymentMeansCode' && el.ns === cbc));
      if (hit) fire(xpathOf(hit));
    },
    'UBL',
  ),
  maxRule('UBL-SR-01', 'Contract identifier shall occur maximum once.', null, 'cac:ContractDocumentReference/cbc:ID'),
  maxRule('UBL-SR-02', 'Receive advice identifier shall occur maximum once', null, 'cac:ReceiptDocumentReference/cbc:ID'),
  maxRule('UBL-SR-03', 'Despatch advice identifier shall occur maximum once', null, 'cac:DespatchDocumentReference/cbc:ID'),
  defineRule(
    F,
    'UBL-SR-04',
    'fatal',
    'Invoice object identifier shall occur maximum once',
    (ctx, fire) => {
      const n = childrenNamed(ctx.doc.root, cac, 'AdditionalDocumentReference').filter((d) => child(d, cbc, 'DocumentTypeCode')?.text.trim() === '130').length;
      if (n > 1) fire(xpathOf(ctx.doc.root));
    },
    'UBL',
  ),
  maxRule('UBL-SR-05', 'Payment terms shall occur maximum once', null, 'cac:PaymentTerms/cbc:Note'),
  maxRule('UBL-SR-06', 'Preceding invoice reference shall occur maximum once', null, 'cac:InvoiceDocumentReference'),
  maxRule('UBL-SR-08', 'Invoice period shall occur maximum once', null, 'cac:InvoicePeriod'),
  maxRule('UBL-SR-09', 'Seller name shall occur maximum once', null, 'cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName'),
  maxRule('UBL-SR-10', 'Seller trader name shall occur maximum once', null, 'cac:AccountingSupplierParty/cac:Party/cac:PartyName/cbc:Name'),
  maxRule('UBL-SR-11', 'Seller legal registration identifier shall occur maximum once', null, 'cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID'),
  defineRule(
    F,
    'UBL-SR-12',
    'fatal',
    'Seller VAT identifier shall occur maximum once',
    (ctx, fire) => {
      if (vatSchemeCompanyIds(select(ctx.doc.root, 'cac:AccountingSupplierParty/cac:Party')[0]).length > 1) fire(xpathOf(ctx.doc.root));
    },
    'UBL',
  ),
  defineRule(
    F,
    'UBL-SR-13',
    'fatal',
    'Seller tax registration shall occur maximum once',
    (ctx, fire) => {
      const party = select(ctx.doc.root, 'cac:AccountingSupplierParty/cac:Party')[0];
      const n = childrenNamed(party, cac, 'PartyTaxScheme')
        .filter((t) => upper(child(child(t, cac, 'TaxScheme'), cbc, 'ID')) !== 'VAT')
        .flatMap((t) => childrenNamed(t, cbc, 'ID')).length;
      if (n > 1) fire(xpathOf(ctx.doc.root));
    },
    'UBL',
  ),
  maxRule('UBL-SR-14', 'Seller additional legal information shall occur maximum once', null, 'cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyLegalForm'),
  maxRule('UBL-SR-15', 'Buyer name shall occur maximum once', null, 'cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName'),
  maxRule('UBL-SR-16', 'Buyer identifier shall occur maximum once', null, 'cac:AccountingCustomerParty/cac:Party/cac:PartyIdentification/cbc:ID'),
  maxRule('UBL-SR-17', 'Buyer legal registration identifier shall occur maximum once', null, 'cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID'),
  defineRule(
    F,
    'UBL-SR-18',
    'fatal',
    'Buyer VAT identifier shall occur maximum once',
    (ctx, fire) => {
      if (vatSchemeCompanyIds(select(ctx.doc.root, 'cac:AccountingCustomerParty/cac:Party')[0]).length > 1) fire(xpathOf(ctx.doc.root));
    },
    'UBL',
  ),
  maxRule('UBL-SR-24', 'Deliver to information shall occur maximum once', null, 'cac:Delivery'),
  maxRule('UBL-SR-25', 'Deliver to party name shall occur maximum once', 'cac:Delivery', 'cac:DeliveryParty/cac:PartyName/cbc:Name'),
  maxRule('UBL-SR-26', 'Payment reference shall occur maximum once', 'cac:PaymentMeans', 'cbc:PaymentID'),
  maxRule('UBL-SR-27', 'Payment means text shall occur maximum once', 'cac:PaymentMeans', 'cbc:InstructionNote'),
  maxRule('UBL-SR-28', 'Mandate reference identifier shall occur maximum once', 'cac:PaymentMeans', 'cac:PaymentMandate/cbc:ID'),
  defineRule(
    F,
    'UBL-SR-29',
    'fatal',
    'Bank creditor reference shall occur maximum once',
    (ctx, fire) => {
      const n = select(ctx.doc.root, '//cac:PartyIdentification/cbc:ID').filter((i) => (i.attrs['schemeID'] ?? '').toUpperCase() === 'SEPA').length;
      if (n > 1) fire(xpathOf(ctx.doc.root));
    },
    'UBL',
  ),
  defineRule(
    F,
    'UBL-SR-30',
    'fatal',
    'Document level allowance reason shall occur maximum once',
    (ctx, fire) => {
      for (const a of ctx.inv.allowanceCharges) if (a.isCharge === false && (a.reasonCount ?? 0) > 1) fire(a.loc);
    },
    'UBL',
  ),
  defineRule(
    F,
    'UBL-SR-31',
    'fatal',
    'Document level charge reason shall occur maximum once',
    (ctx, fire) => {
      for (const a of ctx.inv.allowanceCharges) if (a.isCharge === true && (a.reasonCount ?? 0) > 1) fire(a.loc);
    },
    'UBL',
  ),
  maxRule('UBL-SR-32', 'VAT exemption reason text shall occur maximum once', '//cac:TaxSubtotal', 'cac:TaxCategory/cbc:TaxExemptionReason'),
  maxRule('UBL-SR-33', 'Supporting document description shall occur maximum once', 'cac:AdditionalDocumentReference', 'cbc:DocumentType'),
  maxRule('UBL-SR-34', 'Invoice line note shall occur maximum once', 'cac:InvoiceLine', 'cbc:Note'),
  maxRule('UBL-SR-35', 'Referenced purchase order line identifier shall occur maximum once', 'cac:InvoiceLine', 'cac:OrderLineReference/cbc:LineID'),
  maxRule('UBL-SR-36', 'Invoice line period shall occur maximum once', 'cac:InvoiceLine', 'cac:InvoicePeriod'),
  maxRule('UBL-SR-37', 'Item price discount shall occur maximum once', 'cac:InvoiceLine', 'cac:Price/cac:AllowanceCharge/cbc:Amount'),
  maxRule('UBL-SR-38', 'Invoiced item VAT exemption reason text shall occur maximum once', 'cac:InvoiceLine', 'cac:Item/cac:ClassifiedTaxCategory/cbc:TaxExemptionReason'),
  maxRule('UBL-SR-39', 'Project reference shall occur maximum once.', null, 'cac:ProjectReference/cbc:ID'),
  maxRule('UBL-SR-40', 'Buyer trade name shall occur maximum once', null, 'cac:AccountingCustomerParty/cac:Party/cac:PartyName/cbc:Name'),
  maxRule('UBL-SR-42', 'Party tax scheme shall occur maximum twice in accounting supplier party', 'cac:AccountingSupplierParty/cac:Party', 'cac:PartyTaxScheme', 2),
  defineRule(
    F,
    'UBL-SR-44',
    'fatal',
    'Payment ID shall occur maximum once',
    (ctx, fire) => {
      // Repeating the same payment id in several payment means is allowed.
      const ids = new Set(select(ctx.doc.root, 'cac:PaymentMeans/cbc:PaymentID').map((e) => e.text.trim()));
      if (ids.size > 1) fire(xpathOf(ctx.doc.root));
    },
    'UBL',
  ),
  maxRule('UBL-SR-45', 'Due Date shall occur maximum once', null, 'cac:PaymentMeans/cbc:PaymentDueDate'),
  defineRule(
    F,
    'UBL-SR-46',
    'fatal',
    'Payment means text shall occur maximum once',
    (ctx, fire) => {
      if (select(ctx.doc.root, 'cac:PaymentMeans/cbc:PaymentMeansCode').filter((c) => c.attrs['name'] !== undefined).length > 1) fire(xpathOf(ctx.doc.root));
    },
    'UBL',
  ),
  defineRule(
    F,
    'UBL-SR-47',
    'fatal',
    'When there are more than one payment means code, they shall be equal',
    (ctx, fire) => {
      const codes = new Set(select(ctx.doc.root, 'cac:PaymentMeans/cbc:PaymentMeansCode').map((e) => e.text.trim()));
      if (codes.size > 1) fire(xpathOf(ctx.doc.root));
    },
    'UBL',
  ),
  ...(['UBL-SR-19', 'UBL-SR-20', 'UBL-SR-21'] as const).map((id) =>
    defineRule(
      F,
      id,
      'fatal',
      {
        'UBL-SR-19': 'Payee name shall occur maximum once, if the Payee is different from the Seller',
        'UBL-SR-20': 'Payee identifier shall occur maximum once, if the Payee is different from the Seller',
        'UBL-SR-21': 'Payee legal registration identifier shall occur maximum once, if the Payee is different from the Seller',
      }[id],
      (ctx, fire) => {
        const payee = child(ctx.doc.root, cac, 'PayeeParty');
        if (!payee) return;
        const counted =
          id === 'UBL-SR-19'
            ? select(payee, 'cac:PartyName/cbc:Name').length
            : id === 'UBL-SR-20'
              ? select(payee, 'cac:PartyIdentification/cbc:ID').filter((i) => (i.attrs['schemeID'] ?? '').toUpperCase() !== 'SEPA').length
              : select(payee, 'cac:PartyLegalEntity/cbc:CompanyID').length;
        // `PartyName/Name != seller RegistrationName` is false when either side is missing, as in XPath.
        const payeeNames = select(payee, 'cac:PartyName/cbc:Name').map((n) => n.text);
        const sellerNames = select(ctx.doc.root, 'cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName').map((n) => n.text);
        const differs = payeeNames.some((a) => sellerNames.some((b) => a !== b));
        if (!(counted <= 1 && differs)) fire(xpathOf(payee));
      },
      'UBL',
    ),
  ),
  defineRule(
    F,
    'UBL-SR-07',
    'fatal',
    'If there is a preceding invoice reference, the preceding invoice number shall be present',
    (ctx, fire) => {
      for (const b of childrenNamed(ctx.doc.root, cac, 'BillingReference')) if (select(b, 'cac:InvoiceDocumentReference/cbc:ID').length === 0) fire(xpathOf(b));
    },
    'UBL',
  ),
];
