import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuleSetId } from '../../../../src/einvoice';
import { parse, validate } from '../../../../src/stages/engine/engine-tasks';
import { EXAMPLES } from '../../../support/paths';

describe('the engine worker tasks (in-process)', () => {
  const document = readFileSync(join(EXAMPLES, 'ubl', 'ubl-tc434-example1.xml'));

  it('a failure of the parse task\'s speculative validation is no parse failure: the parse answers without a report', async () => {
    // An unknown rule set makes validateInvoice throw (RangeError), as a bug in the rules would.
    const result = await parse({ document: new Uint8Array(document), speculate: { en16931: 'no-such-rule-set' as RuleSetId } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ container: 'xml', claimed: 'en16931' });
    expect(result.value.invoice).toMatchObject({ number: '12115118' });
    expect(result.value).not.toHaveProperty('report');
    // The validate task then judges the same bytes on its own.
    const judged = validate({ xml: new Uint8Array(document), container: 'xml', ruleSet: 'en16931' });
    expect(judged).toMatchObject({ ok: true, value: { ruleSet: 'en16931' } });
  });

  it('a report only by the rule set the plan lists for the claimed one: none when speculate is false, none for a claim the plan does not list', async () => {
    const none = await parse({ document: new Uint8Array(document), speculate: false });
    expect(none.ok && none.value.report).toBeUndefined();
    // Nothing learnt for this claim (en16931): no guess by the claim, the validate trip judges it.
    const unlearnt = await parse({ document: new Uint8Array(document), speculate: { 'peppol-bis3': 'en16931' } });
    expect(unlearnt.ok && unlearnt.value.claimed).toBe('en16931');
    expect(unlearnt.ok && unlearnt.value.report).toBeUndefined();
    const planned = await parse({ document: new Uint8Array(document), speculate: { en16931: 'peppol-bis3' } });
    expect(planned.ok && planned.value.report?.ruleSet).toBe('peppol-bis3');
  });

  it('XML over 1 MB is not judged in the parse trip (its validate task judges it)', async () => {
    const text = document.toString('utf8');
    const large = Buffer.from(text.replace('<cbc:ID>', `<!-- ${'x'.repeat(1 << 20)} --><cbc:ID>`));
    const result = await parse({ document: new Uint8Array(large), speculate: { en16931: 'en16931' } });
    expect(result.ok && result.value.invoice.number).toBe('12115118');
    expect(result.ok && result.value.report).toBeUndefined();
    const small = await parse({ document: new Uint8Array(Buffer.from(text.replace('<cbc:ID>', `<!-- ${'x'.repeat(1000)} --><cbc:ID>`))), speculate: { en16931: 'en16931' } });
    expect(small.ok && small.value.report?.ruleSet).toBe('en16931');
  });
});
