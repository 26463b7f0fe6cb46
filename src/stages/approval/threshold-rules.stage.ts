import Decimal from 'decimal.js';
import { IsArray, IsBoolean, IsObject, IsOptional, IsString, Matches } from 'class-validator';
import { TenantConfig } from '../../framework/tenancy';
import { StageModule } from '../../pipeline/catalogue/stage-module.decorator';
import type { StageCallContext, StageModuleImplementation } from '../../pipeline/catalogue/stage-module';
import { invoiceTotal, supplierKey } from '../../domain/canonical-invoice';
import type { ApprovalInput, ApprovalOutput } from '../../pipeline/contracts';
import { TenantSettings } from '../tenant-settings';
import { InputFault } from '../../pipeline/catalogue/stage-fault';

const DECIMAL = /^\d+(\.\d+)?$/;

export class ThresholdRulesSettings {
  /** Amount (decimal string) above which an invoice needs approval, per currency code. */
  @IsOptional()
  @IsObject()
  thresholds?: Record<string, string> = {};

  /** Threshold for currencies not listed; unset: TENANT_APPROVAL_THRESHOLD. */
  @IsOptional()
  @Matches(DECIMAL)
  default_threshold?: string;

  /** Supplier keys (VAT id or name, any case) whose invoices always need review. */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  review_suppliers?: string[] = [];

  /** Invoices with validation errors are rejected (true) or sent to review (false). */
  @IsOptional()
  @IsBoolean()
  reject_invalid?: boolean = true;
}

@StageModule({
  id: 'threshold-rules',
  name: 'Threshold rules',
  version: '1.0.0',
  stage: 'approval',
  contract: { name: 'approval', version: '1.0.0' },
  guarantees: ['deterministic', 'rule_based'],
  settings: ThresholdRulesSettings,
  // Reads the tenant's settings only: no effect outside the run's finishing statement.
  effectsInFinishOnly: true,
  description: "Amount thresholds per currency and suppliers that always need review; a tenant's own TENANT_APPROVAL_THRESHOLD overrides the thresholds.",
})
export class ThresholdRulesModule implements StageModuleImplementation<ApprovalInput, ApprovalOutput, ThresholdRulesSettings> {
  constructor(private readonly tenantSettings: TenantSettings) {}

  async execute(input: ApprovalInput, context: StageCallContext<ThresholdRulesSettings>): Promise<ApprovalOutput> {
    const settings = context.settings;
    // A degraded report without errors proves nothing either way: a person decides.
    if (input.report?.degraded && input.report.errors.length === 0) {
      return { decision: 'needs_approval', reasons: [`validation is degraded: ${(input.report.concerns ?? []).join('; ') || 'weaker guarantees'}`] };
    }
    if (input.report && !input.report.valid) {
      const reason = `validation found ${input.report.errors.length} error(s)`;
      return settings.reject_invalid === false ? { decision: 'needs_approval', reasons: [reason] } : { decision: 'rejected', reasons: [reason] };
    }
    const reasons: string[] = [];
    if (input.invoice.partial) reasons.push('the invoice was only partially parsed');
    const key = supplierKey(input.invoice);
    const reviewed = new Set((settings.review_suppliers ?? []).map((s) => s.trim().toUpperCase()));
    if (input.supplier?.always_review || (key && reviewed.has(key))) reasons.push(`supplier ${key} always needs review`);
    const total = invoiceTotal(input.invoice);
    const currency = input.invoice.currency ?? '';
    const limit = await this.threshold(context.tenantId, currency, settings);
    if (!DECIMAL.test(limit)) throw new InputFault('unusable_setting', `the approval threshold for ${currency || 'the default currency'} is not a decimal amount`);
    if (total === null) reasons.push('the invoice has no total');
    else if (new Decimal(total).abs().greaterThan(limit)) reasons.push(`total ${total} ${currency} is above ${limit}`);
    return reasons.length > 0 ? { decision: 'needs_approval', reasons } : { decision: 'auto_approved', reasons: [] };
  }

  /**
   * The tenant's own TENANT_APPROVAL_THRESHOLD (set on its row) for every currency; else the
   * selection's threshold for the currency or its default; else the platform's
   * TENANT_APPROVAL_THRESHOLD (environment or this instance's namespace).
   */
  private async threshold(tenantId: string, currency: string, settings: ThresholdRulesSettings): Promise<string> {
    const selection = settings.thresholds?.[currency] ?? settings.default_threshold;
    return (await this.tenantSettings.resolve(tenantId, 'approvalThreshold', selection)) ?? PLATFORM_DEFAULT;
  }
}

const PLATFORM_DEFAULT = new TenantConfig().approvalThreshold;
