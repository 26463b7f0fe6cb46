import { IsIn, IsOptional, IsUrl, Matches } from 'class-validator';
import { NoUrlCredentials } from '../config/no-url-credentials';
import { Setting } from '../config/setting.decorator';
import { IsHeaderValue } from '../config/header-value';

/** The engine's rule sets a tenant may choose for its validate stage (the engine's RuleSetId, minus scenarios it picks itself). */
export const VALIDATE_RULE_SETS = ['en16931', 'peppol-bis3', 'xrechnung'] as const;
export type ValidateRuleSet = (typeof VALIDATE_RULE_SETS)[number];

/**
 * Settings a tenant may override (its own namespace: every field here and nothing else). The
 * values in the environment are the base for every tenant; a replica may override them in its
 * instance namespace (`TENANT__<INSTANCE_ID>__APPROVAL_THRESHOLD`); a tenant's row overrides
 * both for that tenant only. Every field is dynamic: a tenant's overrides change at runtime.
 */
export class TenantConfig {
  @Setting({
    env: 'TENANT_APPROVAL_THRESHOLD',
    description: 'Invoice total (in the invoice currency) above which an invoice needs manual approval; tenants may override it.',
    dynamic: true,
  })
  // An amount: a decimal string like the canonical invoice's, never a binary float.
  @Matches(/^\d{1,12}(\.\d{1,4})?$/, { message: 'must be a non-negative decimal amount as a string, e.g. "10000.00"' })
  approvalThreshold: string = '10000';

  @Setting({
    env: 'TENANT_SECOND_APPROVAL_ABOVE',
    description: 'Invoice total (in the invoice currency) above which an invoice awaiting approval needs two distinct approvers; unset: one approval; tenants may override it.',
    dynamic: true,
    example: '50000.00',
  })
  @IsOptional()
  @Matches(/^\d{1,12}(\.\d{1,4})?$/, { message: 'must be a non-negative decimal amount as a string, e.g. "50000.00"' })
  secondApprovalAbove?: string;

  @Setting({
    env: 'TENANT_WEBHOOK_URL',
    description: 'Where processed-invoice notifications of a tenant go (http or https URL); tenants may override it.',
    dynamic: true,
    example: 'https://erp.example.com/hooks/invoices',
  })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true }, { message: 'must be an http(s) URL' })
  @NoUrlCredentials('TENANT_WEBHOOK_AUTH_HEADER')
  webhookUrl?: string;

  @Setting({
    env: 'TENANT_WEBHOOK_AUTH_HEADER',
    description: 'Authorization header value sent with deliveries to TENANT_WEBHOOK_URL (e.g. "Bearer …"); only ever sent to the URL of the same layer, never shown.',
    dynamic: true,
    secret: true,
  })
  @IsOptional()
  @IsHeaderValue()
  webhookAuthHeader?: string;

  @Setting({
    env: 'TENANT_VALIDATE_RULE_SET',
    description:
      "Rule set the validate stage's engine modules (en16931, peppol-bis3, xrechnung) judge a tenant's invoices by when the tenant sets it for itself; unset: the selected module's own.",
    dynamic: true,
    example: 'peppol-bis3',
  })
  @IsOptional()
  @IsIn(VALIDATE_RULE_SETS, { message: `must be one of ${VALIDATE_RULE_SETS.join(', ')}` })
  validateRuleSet?: ValidateRuleSet;
}

/** The instance namespace prefix of TenantConfig: `TENANT__<INSTANCE_ID>__<FIELD>`. */
export const TENANT_CONFIG_PREFIX = 'TENANT';
