/** Rule sets: recognised from the CustomizationID, chosen by parameter, named in the report. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  EN16931_RULE_SET,
  PEPPOL_BIS3_CUSTOMIZATION_ID,
  PEPPOL_BIS3_RULE_SET,
  RULE_SET_IDS,
  ruleSetById,
  ruleSetForCustomization,
  validateDocument,
  XRECHNUNG_CUSTOMIZATION_ID,
  XRECHNUNG_EXTENSION_CUSTOMIZATION_ID,
} from '../../../../src/einvoice';
import { businessTermOf } from '../../../../src/einvoice/rules/rule';
import { EXAMPLES } from '../../../support/paths';

const withCustomization = (xml: string, id: string) => xml.replace(/<cbc:CustomizationID>[^<]*<\/cbc:CustomizationID>/, `<cbc:CustomizationID>${id}</cbc:CustomizationID>`);
const ubl = readFileSync(join(EXAMPLES, 'ubl', 'ubl-tc434-example1.xml'), 'utf8');

describe('rule sets', () => {
  it('knows en16931, peppol-bis3, xrechnung and the xrechnung extension, each with a version', () => {
    expect(RULE_SET_IDS).toEqual(['en16931', 'peppol-bis3', 'xrechnung', 'xrechnung-extension']);
    for (const id of RULE_SET_IDS) expect(ruleSetById(id)).toMatchObject({ id, version: expect.stringMatching(/^\d+\.\d+/) });
    expect(ruleSetById('nope')).toBeUndefined();
  });

  it('every CIUS rule set holds the EN 16931 core rules', () => {
    const core = new Set(EN16931_RULE_SET.rules);
    for (const id of ['peppol-bis3', 'xrechnung'] as const) expect(ruleSetById(id)!.rules.filter((r) => core.has(r))).toHaveLength(core.size);
  });

  it.each([
    [PEPPOL_BIS3_CUSTOMIZATION_ID, 'peppol-bis3'],
    [`  ${PEPPOL_BIS3_CUSTOMIZATION_ID}  `, 'peppol-bis3'],
    [`${PEPPOL_BIS3_CUSTOMIZATION_ID}#conformant#urn:example:extension`, 'peppol-bis3'],
    [XRECHNUNG_CUSTOMIZATION_ID, 'xrechnung'],
    [XRECHNUNG_EXTENSION_CUSTOMIZATION_ID, 'xrechnung-extension'],
    ['urn:cen.eu:en16931:2017', 'en16931'],
    ['urn:example:unknown', 'en16931'],
    ['', 'en16931'],
    [undefined, 'en16931'],
  ])('recognises %p as %s', (customizationId, id) => {
    expect(ruleSetForCustomization(customizationId).id).toBe(id);
  });

  it('picks the rule set from the CustomizationID by default and reports it with its version', () => {
    expect(validateDocument(ubl).ruleSet).toEqual({ id: 'en16931', version: EN16931_RULE_SET.version });
    expect(validateDocument(withCustomization(ubl, PEPPOL_BIS3_CUSTOMIZATION_ID)).ruleSet).toEqual({ id: 'peppol-bis3', version: PEPPOL_BIS3_RULE_SET.version });
    expect(validateDocument(withCustomization(ubl, XRECHNUNG_CUSTOMIZATION_ID)).ruleSet.id).toBe('xrechnung');
  });

  it('judges by the rule set asked for, whatever the document claims; an unknown id is a RangeError', () => {
    expect(validateDocument(withCustomization(ubl, PEPPOL_BIS3_CUSTOMIZATION_ID), { ruleSet: 'en16931' }).ruleSet.id).toBe('en16931');
    expect(validateDocument(ubl, { ruleSet: 'peppol-bis3' }).ruleSet.id).toBe('peppol-bis3');
    expect(validateDocument(ubl, { ruleSet: PEPPOL_BIS3_RULE_SET }).ruleSet.id).toBe('peppol-bis3');
    expect(() => validateDocument(ubl, { ruleSet: 'bogus' as never })).toThrow(RangeError);
  });

  it('gives each finding the business term its rule names', () => {
    const report = validateDocument(ubl.replace(/<cbc:ID>12115118<\/cbc:ID>/, ''), { ruleSet: 'en16931' });
    expect(report.errors).toContainEqual(expect.objectContaining({ rule: 'BR-02', businessTerm: 'BT-1' }));
    expect(businessTermOf('An Invoice shall have at least one Invoice line (BG-25).')).toBe('BG-25');
    expect(businessTermOf('[BR-CL-11]-Any registration identifier identification scheme identifier (BT-30-1) MUST be ...')).toBe('BT-30-1');
    expect(businessTermOf('currencyID MUST be coded using ISO code list 4217 alpha-3')).toBeUndefined();
  });
});
