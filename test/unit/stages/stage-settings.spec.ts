import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ThresholdRulesSettings } from '../../../src/stages/approval/threshold-rules.stage';
import { SupplierDirectoryHttpSettings } from '../../../src/stages/enrich/supplier-directory-http.stage';
import { OutboxSettings } from '../../../src/stages/export/outbox.stage';
import { WebhookSettings } from '../../../src/stages/export/webhook.stage';
import { EinvoiceXmlSettings } from '../../../src/stages/parse/einvoice-xml.stage';
import { En16931Settings } from '../../../src/stages/validate/en16931.stage';

describe('stage module settings', () => {
  it('every settings DTO accepts {} and fills in its defaults', () => {
    const dtos: Array<new () => object> = [EinvoiceXmlSettings, En16931Settings, SupplierDirectoryHttpSettings, ThresholdRulesSettings, WebhookSettings, OutboxSettings];
    for (const type of dtos) {
      const settings = plainToInstance(type, {});
      expect(validateSync(settings, { forbidUnknownValues: true })).toEqual([]);
    }
    // No default threshold of its own: unset, TENANT_APPROVAL_THRESHOLD applies (see stages/approval).
    expect(plainToInstance(ThresholdRulesSettings, {})).toMatchObject({ default_threshold: undefined, reject_invalid: true });
  });
});
