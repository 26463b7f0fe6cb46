import type { TenantRegistry } from '../../src/framework/tenancy';
import { TenantSettings } from '../../src/stages/tenant-settings';
import type { CanonicalInvoice } from '../../src/domain/canonical-invoice';

/** The context a stage module's `execute` receives: its settings, for tenant `t`, configuration version 1. */
export const stageContext = <S extends object>(settings: S) => ({ settings, tenantId: 't', configVersion: 1 });

/** A complete, valid canonical invoice (EUR, one line), with the given fields replaced. */
export const canonicalInvoice = (over: Partial<CanonicalInvoice> = {}): CanonicalInvoice => ({
  syntax: 'JSON',
  document_type: 'Invoice',
  number: 'INV-1',
  issue_date: '2026-01-31',
  due_date: null,
  type_code: '380',
  currency: 'EUR',
  seller: { name: 'Seller AB', vat_id: 'SE123', identifiers: [], country: 'SE' },
  buyer: { name: 'Buyer', vat_id: null, identifiers: [], country: null },
  totals: { line_net: '100.10', tax_exclusive: '100.10', tax: '25.03', tax_inclusive: '125.13', payable: '125.13' },
  lines: [{ id: '1', name: 'x', quantity: '1', unit: 'C62', net_amount: '100.10', vat_category: 'S', vat_rate: '25' }],
  partial: false,
  ...over,
});

/** Tenant settings for stage modules under unit test: no tenant has values of its own, so the selection's apply. */
export const noTenantSettings = (): TenantSettings => new TenantSettings({ get: async () => undefined } as unknown as TenantRegistry);
