/**
 * What the engine's validate modules share (en16931, peppol-bis3, xrechnung): each judges the
 * invoice by one rule set of the engine, on a worker thread, with the same settings and the same
 * answer to a partial extraction. The modules differ only in the rule set they pass.
 */
import { IsBoolean, IsOptional } from 'class-validator';
import type { RuleSetId } from '../../einvoice';
import type { StageCallContext } from '../../pipeline/catalogue/stage-module';
import type { ValidateInput, ValidationOutput } from '../../pipeline/contracts';
import type { EngineClient } from '../engine/engine-client';
import type { TenantSettings } from '../tenant-settings';
import { XRECHNUNG_EXTENSION_RULE_SET } from '../../einvoice';

export class RuleSetSettings {
  /** Report warning-level rules (default true); false keeps reports short. */
  @IsOptional()
  @IsBoolean()
  include_warnings?: boolean = true;
}

/**
 * The rule set a module judges an invoice by: the tenant's own TENANT_VALIDATE_RULE_SET when the
 * tenant set one (a tenant's value beats the selection, as for every tenant setting), else the
 * module's. XRechnung documents that claim the extension get its scenario.
 */
export async function ruleSetFor(tenantSettings: TenantSettings, moduleRuleSet: 'en16931' | 'peppol-bis3' | 'xrechnung', input: ValidateInput, tenantId: string): Promise<RuleSetId> {
  const chosen = (await tenantSettings.resolve(tenantId, 'validateRuleSet', moduleRuleSet)) ?? moduleRuleSet;
  if (chosen === 'xrechnung' && XRECHNUNG_EXTENSION_RULE_SET.recognises(input.invoice.specification_id?.trim() ?? '')) return 'xrechnung-extension';
  return chosen;
}

export async function judgeByRuleSet(
  engine: EngineClient,
  tenantSettings: TenantSettings,
  moduleRuleSet: 'en16931' | 'peppol-bis3' | 'xrechnung',
  input: ValidateInput,
  context: StageCallContext<RuleSetSettings>,
): Promise<ValidationOutput> {
  const ruleSet = await ruleSetFor(tenantSettings, moduleRuleSet, input, context.tenantId);
  const includeWarnings = context.settings.include_warnings !== false;
  if (!input.parsed) {
    // A lenient extraction holds only the core fields: the business rules would report what the
    // extraction could not read, not what the document lacks. The stage's fallback judges it.
    if (input.invoice.partial) throw new Error(`${ruleSet} does not judge a partially extracted invoice`);
    // Canonical JSON: the same business rules over the engine model built from it (no syntax binding).
    return engine.validateJson(input.invoice, includeWarnings, context.signal, ruleSet);
  }
  const report = await engine.validate(input.parsed, context.signal, ruleSet);
  return {
    valid: report.valid,
    rule_set: report.ruleSet,
    rule_set_version: report.ruleSetVersion,
    syntax_binding: report.syntax,
    errors: report.errors,
    warnings: includeWarnings ? report.warnings : [],
  };
}
