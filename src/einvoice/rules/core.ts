/** EN 16931 core business rules BR-01 .. BR-65. */
import { isZeroOrAbove } from '../decimal';
import { vatIdentifiers } from '../model/party';
import { NS } from '../parse/namespaces';
import { childrenNamed, xpathOf } from '../xml/tree';
import { codeIs, docAllowanceCharges, filled, genericContextBreakdowns, norm, vatCategory, vatScheme } from './helpers';
import { defineRule, type Rule } from './rule';
import { select } from './tree-query';

const F = 'core';

export const coreRules: Rule[] = [
  defineRule(F, 'BR-01', 'fatal', 'An Invoice shall have a Specification identifier (BT-24).', ({ inv }, fire) => {
    if (!filled(inv.customizationId)) fire(inv.loc);
  }),
  defineRule(F, 'BR-02', 'fatal', 'An Invoice shall have an Invoice number (BT-1).', ({ inv }, fire) => {
    if (!filled(inv.id)) fire(inv.loc);
  }),
  defineRule(F, 'BR-03', 'fatal', 'An Invoice shall have an Invoice issue date (BT-2).', ({ inv }, fire) => {
    if (!filled(inv.issueDate)) fire(inv.loc);
  }),
  defineRule(F, 'BR-04', 'fatal', 'An Invoice shall have an Invoice type code (BT-3).', ({ inv }, fire) => {
    if (!filled(inv.typeCode)) fire(inv.loc);
  }),
  defineRule(F, 'BR-05', 'fatal', 'An Invoice shall have an Invoice currency code (BT-5).', ({ inv }, fire) => {
    if (!filled(inv.currencyCode)) fire(inv.loc);
  }),
  defineRule(F, 'BR-06', 'fatal', 'An Invoice shall contain the Seller name (BT-27).', ({ inv }, fire) => {
    if (!filled(inv.seller?.name)) fire(inv.seller?.loc ?? inv.loc);
  }),
  defineRule(F, 'BR-07', 'fatal', 'An Invoice shall contain the Buyer name (BT-44).', ({ inv }, fire) => {
    if (!filled(inv.buyer?.name)) fire(inv.buyer?.loc ?? inv.loc);
  }),
  defineRule(F, 'BR-08', 'fatal', 'An Invoice shall contain the Seller postal address (BG-5).', ({ inv }, fire) => {
    if (inv.seller?.address === undefined) fire(inv.seller?.loc ?? inv.loc);
  }),
  defineRule(F, 'BR-09', 'fatal', 'The Seller postal address (BG-5) shall contain a Seller country code (BT-40).', ({ inv }, fire) => {
    const a = inv.seller?.address;
    if (a && !filled(a.countryCode)) fire(a.loc);
  }),
  defineRule(F, 'BR-10', 'fatal', 'An Invoice shall contain the Buyer postal address (BG-8).', ({ inv }, fire) => {
    if (inv.buyer?.address === undefined) fire(inv.buyer?.loc ?? inv.loc);
  }),
  defineRule(F, 'BR-11', 'fatal', 'The Buyer postal address shall contain a Buyer country code (BT-55).', ({ inv }, fire) => {
    const a = inv.buyer?.address;
    if (a && !filled(a.countryCode)) fire(a.loc);
  }),
  defineRule(F, 'BR-12', 'fatal', 'An Invoice shall have the Sum of Invoice line net amount (BT-106).', ({ inv }, fire) => {
    if (inv.totals && !inv.totals.lineNetTotal) fire(inv.totals.loc);
  }),
  defineRule(F, 'BR-13', 'fatal', 'An Invoice shall have the Invoice total amount without VAT (BT-109).', ({ inv }, fire) => {
    if (inv.totals && !inv.totals.taxExclusive) fire(inv.totals.loc);
  }),
  defineRule(F, 'BR-14', 'fatal', 'An Invoice shall have the Invoice total amount with VAT (BT-112).', ({ inv }, fire) => {
    if (inv.totals && !inv.totals.taxInclusive) fire(inv.totals.loc);
  }),
  defineRule(F, 'BR-15', 'fatal', 'An Invoice shall have the Amount due for payment (BT-115).', ({ inv }, fire) => {
    if (inv.totals && !inv.totals.payable) fire(inv.totals.loc);
  }),
  defineRule(F, 'BR-16', 'fatal', 'An Invoice shall have at least one Invoice line (BG-25).', ({ inv }, fire) => {
    if (inv.lines.length === 0) fire(inv.loc);
  }),
  defineRule(
    F,
    'BR-17',
    'fatal',
    'The Payee name (BT-59) shall be provided in the Invoice, if the Payee (BG-10) is different from the Seller (BG-4).',
    ({ inv }, fire) => {
      const payee = inv.payee;
      if (!payee) return;
      const seller = inv.seller;
      // Sets: a payee and a seller with many names or identifiers each stay linear.
      const sellerTrading = new Set(seller?.tradingNames);
      const sellerIds = new Set(seller?.identifiers.map((s) => s.value));
      const sameTrading = payee.tradingNames.some((n) => sellerTrading.has(n));
      const sameId = payee.identifiers.some((i) => sellerIds.has(i.value));
      const sameLegal = payee.registrationName !== undefined && seller?.registrationName !== undefined && payee.registrationName === seller.registrationName;
      if (payee.name === undefined || sameTrading || sameId || sameLegal) fire(payee.loc);
    },
  ),
  defineRule(
    F,
    'BR-18',
    'fatal',
    'The Seller tax representative name (BT-62) shall be provided in the Invoice, if the Seller (BG-4) has a Seller tax representative party (BG-11).',
    ({ inv }, fire) => {
      const r = inv.taxRepresentative;
      if (r && !filled(r.name)) fire(r.loc);
    },
  ),
  defineRule(
    F,
    'BR-19',
    'fatal',
    'The Seller tax representative postal address (BG-12) shall be provided in the Invoice, if the Seller (BG-4) has a Seller tax representative party (BG-11).',
    ({ inv }, fire) => {
      const r = inv.taxRepresentative;
      if (r && !r.address) fire(r.loc);
    },
  ),
  defineRule(
    F,
    'BR-20',
    'fatal',
    'The Seller tax representative postal address (BG-12) shall contain a Tax representative country code (BT-69), if the Seller (BG-4) has a Seller tax representative party (BG-11).',
    ({ inv }, fire) => {
      const a = inv.taxRepresentative?.address;
      if (a && !filled(a.countryCode)) fire(a.loc);
    },
  ),
  defineRule(F, 'BR-21', 'fatal', 'Each Invoice line (BG-25) shall have an Invoice line identifier (BT-126).', ({ inv }, fire) => {
    for (const l of inv.lines) if (!filled(l.id)) fire(l.loc);
  }),
  defineRule(F, 'BR-22', 'fatal', 'Each Invoice line (BG-25) shall have an Invoiced quantity (BT-129).', ({ inv }, fire) => {
    for (const l of inv.lines) if (!l.quantity) fire(l.loc);
  }),
  defineRule(F, 'BR-23', 'fatal', 'An Invoice line (BG-25) shall have an Invoiced quantity unit of measure code (BT-130).', ({ inv }, fire) => {
    for (const l of inv.lines) if (l.unitCode === undefined) fire(l.quantity?.loc ?? l.loc);
  }),
  defineRule(F, 'BR-24', 'fatal', 'Each Invoice line (BG-25) shall have an Invoice line net amount (BT-131).', ({ inv }, fire) => {
    for (const l of inv.lines) if (!l.netAmount) fire(l.loc);
  }),
  defineRule(F, 'BR-25', 'fatal', 'Each Invoice line (BG-25) shall contain the Item name (BT-153).', ({ inv }, fire) => {
    for (const l of inv.lines) if (!filled(l.item?.name)) fire(l.item?.loc ?? l.loc);
  }),
  defineRule(F, 'BR-26', 'fatal', 'Each Invoice line (BG-25) shall contain the Item net price (BT-146).', ({ inv }, fire) => {
    for (const l of inv.lines) if (!l.price?.netPrice) fire(l.price?.loc ?? l.loc);
  }),
  defineRule(F, 'BR-27', 'fatal', 'The Item net price (BT-146) shall NOT be negative.', ({ inv }, fire) => {
    for (const l of inv.lines) {
      const p = l.price?.netPrice?.value;
      if (!(p !== undefined && isZeroOrAbove(p))) fire(l.price?.netPrice?.loc ?? l.loc);
    }
  }),
  defineRule(F, 'BR-28', 'fatal', 'The Item gross price (BT-148) shall NOT be negative.', ({ inv }, fire) => {
    for (const l of inv.lines) {
      const g = l.price?.grossPrice;
      if (g && !(g.value !== undefined && isZeroOrAbove(g.value))) fire(g.loc);
    }
  }),
  defineRule(
    F,
    'BR-29',
    'fatal',
    'If both Invoicing period start date (BT-73) and Invoicing period end date (BT-74) are given then the Invoicing period end date (BT-74) shall be later or equal to the Invoicing period start date (BT-73).',
    ({ inv }, fire) => {
      for (const p of inv.invoicingPeriods) if (p.startDate !== undefined && p.endDate !== undefined && !(p.endDate >= p.startDate)) fire(p.loc);
    },
  ),
  defineRule(
    F,
    'BR-30',
    'fatal',
    'If both Invoice line period start date (BT-134) and Invoice line period end date (BT-135) are given then the Invoice line period end date (BT-135) shall be later or equal to the Invoice line period start date (BT-134).',
    ({ inv }, fire) => {
      for (const l of inv.lines) for (const p of l.periods) if (p.startDate !== undefined && p.endDate !== undefined && !(p.endDate >= p.startDate)) fire(p.loc);
    },
  ),
  defineRule(F, 'BR-31', 'fatal', 'Each Document level allowance (BG-20) shall have a Document level allowance amount (BT-92).', ({ inv }, fire) => {
    for (const a of docAllowanceCharges(inv, false)) if (!a.amount) fire(a.loc);
  }),
  defineRule(F, 'BR-32', 'fatal', 'Each Document level allowance (BG-20) shall have a Document level allowance VAT category code (BT-95).', ({ inv }, fire) => {
    for (const a of docAllowanceCharges(inv, false)) if (vatCategory(a.vatCategories)?.code === undefined) fire(a.loc);
  }),
  defineRule(
    F,
    'BR-33',
    'fatal',
    'Each Document level allowance (BG-20) shall have a Document level allowance reason (BT-97) or a Document level allowance reason code (BT-98).',
    ({ inv }, fire) => {
      for (const a of docAllowanceCharges(inv, false)) if (a.reason === undefined && a.reasonCode === undefined) fire(a.loc);
    },
  ),
  defineRule(F, 'BR-36', 'fatal', 'Each Document level charge (BG-21) shall have a Document level charge amount (BT-99).', ({ inv }, fire) => {
    for (const a of docAllowanceCharges(inv, true)) if (!a.amount) fire(a.loc);
  }),
  defineRule(F, 'BR-37', 'fatal', 'Each Document level charge (BG-21) shall have a Document level charge VAT category code (BT-102).', ({ inv }, fire) => {
    for (const a of docAllowanceCharges(inv, true)) if (vatCategory(a.vatCategories)?.code === undefined) fire(a.loc);
  }),
  defineRule(
    F,
    'BR-38',
    'fatal',
    'Each Document level charge (BG-21) shall have a Document level charge reason (BT-104) or a Document level charge reason code (BT-105).',
    ({ inv }, fire) => {
      for (const a of docAllowanceCharges(inv, true)) if (a.reason === undefined && a.reasonCode === undefined) fire(a.loc);
    },
  ),
  defineRule(F, 'BR-41', 'fatal', 'Each Invoice line allowance (BG-27) shall have an Invoice line allowance amount (BT-136).', ({ inv }, fire) => {
    for (const l of inv.lines) for (const a of l.allowanceCharges) if (a.isCharge === false && !a.amount) fire(a.loc);
  }),
  defineRule(
    F,
    'BR-42',
    'fatal',
    'Each Invoice line allowance (BG-27) shall have an Invoice line allowance reason (BT-139) or an Invoice line allowance reason code (BT-140).',
    ({ inv }, fire) => {
      for (const l of inv.lines) for (const a of l.allowanceCharges) if (a.isCharge === false && a.reason === undefined && a.reasonCode === undefined) fire(a.loc);
    },
  ),
  defineRule(F, 'BR-43', 'fatal', 'Each Invoice line charge (BG-28) shall have an Invoice line charge amount (BT-141).', ({ inv }, fire) => {
    for (const l of inv.lines) for (const a of l.allowanceCharges) if (a.isCharge === true && !a.amount) fire(a.loc);
  }),
  defineRule(
    F,
    'BR-44',
    'fatal',
    'Each Invoice line charge (BG-28) shall have an Invoice line charge reason (BT-144) or an Invoice line charge reason code (BT-145).',
    ({ inv }, fire) => {
      for (const l of inv.lines) for (const a of l.allowanceCharges) if (a.isCharge === true && a.reason === undefined && a.reasonCode === undefined) fire(a.loc);
    },
  ),
  defineRule(F, 'BR-45', 'fatal', 'Each VAT breakdown (BG-23) shall have a VAT category taxable amount (BT-116).', ({ inv }, fire) => {
    for (const b of genericContextBreakdowns(inv)) if (!b.taxableAmount) fire(b.loc);
  }),
  defineRule(F, 'BR-46', 'fatal', 'Each VAT breakdown (BG-23) shall have a VAT category tax amount (BT-117).', ({ inv }, fire) => {
    for (const b of genericContextBreakdowns(inv)) if (!b.taxAmount) fire(b.loc);
  }),
  defineRule(F, 'BR-47', 'fatal', 'Each VAT breakdown (BG-23) shall be defined through a VAT category code (BT-118).', ({ inv }, fire) => {
    // CII: `.[upper-case(ram:TypeCode) = 'VAT']/ram:CategoryCode`, the raw TypeCode.
    const cii = inv.syntax === 'CII';
    for (const b of genericContextBreakdowns(inv)) if (!(b.category && vatScheme(b.category, cii) && b.category.code !== undefined)) fire(b.loc);
  }),
  defineRule(
    F,
    'BR-48',
    'fatal',
    'Each VAT breakdown (BG-23) shall have a VAT category rate (BT-119), except if the Invoice is not subject to VAT.',
    ({ inv }, fire) => {
      // CII compares `ram:CategoryCode = 'O'` and the TypeCode on the raw text.
      const cii = inv.syntax === 'CII';
      for (const b of genericContextBreakdowns(inv)) {
        const c = b.category && vatScheme(b.category, cii) ? b.category : undefined;
        if (!(c && (c.rate !== undefined || codeIs(c, 'O', cii)))) fire(b.loc);
      }
    },
  ),
  defineRule(F, 'BR-49', 'fatal', 'A Payment instruction (BG-16) shall specify the Payment means type code (BT-81).', ({ inv }, fire) => {
    for (const p of inv.paymentInstructions) if (p.meansCode === undefined) fire(p.loc);
  }),
  defineRule(
    F,
    'BR-50',
    'fatal',
    'A Payment account identifier (BT-84) shall be present if Credit transfer (BG-17) information is provided in the Invoice.',
    ({ inv }, fire) => {
      for (const p of inv.paymentInstructions) {
        const code = norm(p.meansCode);
        if (code !== '30' && code !== '58') continue;
        for (const c of p.creditTransfers) if (!filled(c.accountId)) fire(c.loc);
      }
    },
  ),
  defineRule(
    F,
    'BR-51',
    'warning',
    'In accordance with card payments security standards an invoice should never include a full card primary account number (BT-87). At the moment PCI Security Standards Council has defined that the first 6 digits and last 4 digits are the maximum number of digits to be shown.',
    ({ inv }, fire) => {
      for (const p of inv.paymentInstructions) {
        if (!p.card) continue;
        const len = p.card.primaryAccountNumber?.length ?? 0;
        if (!(len >= 4 && len <= 6)) fire(p.card.loc);
      }
    },
  ),
  defineRule(F, 'BR-52', 'fatal', 'Each Additional supporting document (BG-24) shall contain a Supporting document reference (BT-122).', ({ inv }, fire) => {
    for (const d of inv.supportingDocuments) if (!filled(d.id)) fire(d.loc);
  }),
  defineRule(
    F,
    'BR-53',
    'fatal',
    'If the VAT accounting currency code (BT-6) is present, then the Invoice total VAT amount in accounting currency (BT-111) shall be provided.',
    ({ inv }, fire) => {
      for (const code of inv.taxCurrencyCodes) if (!inv.taxTotals.some((t) => t.taxAmount?.currency === code)) fire(inv.taxCurrencyCodeLoc ?? inv.loc);
    },
  ),
  defineRule(F, 'BR-54', 'fatal', 'Each Item attribute (BG-32) shall contain an Item attribute name (BT-160) and an Item attribute value (BT-161).', ({ inv }, fire) => {
    for (const l of inv.lines) for (const a of l.item?.attributes ?? []) if (a.name === undefined || a.value === undefined) fire(a.loc);
  }),
  defineRule(F, 'BR-55', 'fatal', 'Each Preceding Invoice reference (BG-3) shall contain a Preceding Invoice reference (BT-25).', ({ inv }, fire) => {
    for (const p of inv.precedingInvoices) if (p.id === undefined) fire(p.loc);
  }),
  defineRule(F, 'BR-56', 'fatal', 'Each Seller tax representative party (BG-11) shall have a Seller tax representative VAT identifier (BT-63).', ({ inv }, fire) => {
    const r = inv.taxRepresentative;
    if (r && vatIdentifiers(r).length === 0) fire(r.loc);
  }),
  defineRule(F, 'BR-57', 'fatal', 'Each Deliver to address (BG-15) shall contain a Deliver to country code (BT-80).', ({ inv }, fire) => {
    for (const d of inv.deliveries) if (d.address && d.address.countryCode === undefined) fire(d.address.loc);
  }),
  defineRule(
    F,
    'BR-61',
    'fatal',
    'If the Payment means type code (BT-81) means SEPA credit transfer, Local credit transfer or Non-SEPA international credit transfer, the Payment account identifier (BT-84) shall be present.',
    (ctx, fire) => {
      const { inv } = ctx;
      // CII judges each PayeePartyCreditorFinancialAccount of a means whose TypeCode is exactly 30 or 58: without one there is nothing to judge.
      if (inv.syntax === 'CII') {
        for (const m of select(ctx.doc.root, '//ram:SpecifiedTradeSettlementPaymentMeans')) {
          if (!childrenNamed(m, NS.ram, 'TypeCode').some((t) => t.text === '30' || t.text === '58')) continue;
          for (const a of childrenNamed(m, NS.ram, 'PayeePartyCreditorFinancialAccount'))
            if (childrenNamed(a, NS.ram, 'IBANID').length === 0 && childrenNamed(a, NS.ram, 'ProprietaryID').length === 0) fire(xpathOf(a));
        }
        return;
      }
      for (const p of inv.paymentInstructions) {
        const code = norm(p.meansCode);
        if ((code === '30' || code === '58') && !p.creditTransfers.some((c) => c.accountId !== undefined)) fire(p.loc);
      }
    },
  ),
  defineRule(F, 'BR-62', 'fatal', 'The Seller electronic address (BT-34) shall have a Scheme identifier.', ({ inv }, fire) => {
    const e = inv.seller?.electronicAddress;
    if (e && e.scheme === undefined) fire(e.loc);
  }),
  defineRule(F, 'BR-63', 'fatal', 'The Buyer electronic address (BT-49) shall have a Scheme identifier.', ({ inv }, fire) => {
    const e = inv.buyer?.electronicAddress;
    if (e && e.scheme === undefined) fire(e.loc);
  }),
  defineRule(F, 'BR-64', 'fatal', 'The Item standard identifier (BT-157) shall have a Scheme identifier.', ({ inv }, fire) => {
    for (const l of inv.lines) for (const s of l.item?.standardIds ?? []) if (s.scheme === undefined) fire(s.loc);
  }),
  defineRule(F, 'BR-65', 'fatal', 'The Item classification identifier (BT-158) shall have a Scheme identifier.', ({ inv }, fire) => {
    for (const l of inv.lines) for (const c of l.item?.classifications ?? []) if (c.scheme === undefined) fire(c.loc);
  }),
];
