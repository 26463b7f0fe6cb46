/** BR-DEC-*: amounts carry at most two decimals (the Schematron counts characters after '.'). */
import type { DecimalTerm } from '../model/common';
import { docAllowanceCharges, genericContextBreakdowns, twoDecimalsAtMost } from './helpers';
import { defineRule, type Fire, type Rule, type RuleContext } from './rule';

const F = 'BR-DEC';

function decRule(id: string, term: string, pick: (ctx: RuleContext) => Array<DecimalTerm | undefined>): Rule {
  return defineRule(F, id, 'fatal', `The allowed maximum number of decimals for the ${term} is 2.`, (ctx: RuleContext, fire: Fire) => {
    for (const t of pick(ctx)) if (t && !twoDecimalsAtMost(t)) fire(t.loc);
  });
}

export const decRules: Rule[] = [
  decRule('BR-DEC-01', 'Document level allowance amount (BT-92)', ({ inv }) => docAllowanceCharges(inv, false).map((a) => a.amount)),
  decRule('BR-DEC-02', 'Document level allowance base amount (BT-93)', ({ inv }) => docAllowanceCharges(inv, false).map((a) => a.baseAmount)),
  decRule('BR-DEC-05', 'Document level charge amount (BT-99)', ({ inv }) => docAllowanceCharges(inv, true).map((a) => a.amount)),
  decRule('BR-DEC-06', 'Document level charge base amount (BT-100)', ({ inv }) => docAllowanceCharges(inv, true).map((a) => a.baseAmount)),
  decRule('BR-DEC-09', 'Sum of Invoice line net amount (BT-106)', ({ inv }) => [inv.totals?.lineNetTotal]),
  decRule('BR-DEC-10', 'Sum of allowances on document level (BT-107)', ({ inv }) => [inv.totals?.allowanceTotal]),
  decRule('BR-DEC-11', 'Sum of charges on document level (BT-108)', ({ inv }) => [inv.totals?.chargeTotal]),
  decRule('BR-DEC-12', 'Invoice total amount without VAT (BT-109)', ({ inv }) => [inv.totals?.taxExclusive]),
  decRule('BR-DEC-13', 'Invoice total VAT amount (BT-110)', ({ inv }) =>
    inv.taxTotals.filter((t) => t.taxAmount?.currency === inv.currencyCode).map((t) => t.taxAmount),
  ),
  decRule('BR-DEC-14', 'Invoice total amount with VAT (BT-112)', ({ inv }) => [inv.totals?.taxInclusive]),
  decRule('BR-DEC-15', 'Invoice total VAT amount in accounting currency (BT-111)', ({ inv }) =>
    inv.taxTotals.filter((t) => t.taxAmount?.currency !== undefined && inv.taxCurrencyCodes.includes(t.taxAmount.currency)).map((t) => t.taxAmount),
  ),
  decRule('BR-DEC-16', 'Paid amount (BT-113)', ({ inv }) => [inv.totals?.prepaid]),
  decRule('BR-DEC-17', 'Rounding amount (BT-114)', ({ inv }) => [inv.totals?.rounding]),
  decRule('BR-DEC-18', 'Amount due for payment (BT-115)', ({ inv }) => [inv.totals?.payable]),
  decRule('BR-DEC-19', 'VAT category taxable amount (BT-116)', ({ inv }) => genericContextBreakdowns(inv).map((b) => b.taxableAmount)),
  decRule('BR-DEC-20', 'VAT category tax amount (BT-117)', ({ inv }) => genericContextBreakdowns(inv).map((b) => b.taxAmount)),
  decRule('BR-DEC-23', 'Invoice line net amount (BT-131)', ({ inv }) => inv.lines.map((l) => l.netAmount)),
  decRule('BR-DEC-24', 'Invoice line allowance amount (BT-136)', ({ inv }) =>
    inv.lines.flatMap((l) => l.allowanceCharges.filter((a) => a.isCharge === false).map((a) => a.amount)),
  ),
  decRule('BR-DEC-25', 'Invoice line allowance base amount (BT-137)', ({ inv }) =>
    inv.lines.flatMap((l) => l.allowanceCharges.filter((a) => a.isCharge === false).map((a) => a.baseAmount)),
  ),
  decRule('BR-DEC-27', 'Invoice line charge amount (BT-141)', ({ inv }) =>
    inv.lines.flatMap((l) => l.allowanceCharges.filter((a) => a.isCharge === true).map((a) => a.amount)),
  ),
  decRule('BR-DEC-28', 'Invoice line charge base amount (BT-142)', ({ inv }) =>
    inv.lines.flatMap((l) => l.allowanceCharges.filter((a) => a.isCharge === true).map((a) => a.baseAmount)),
  ),
];
