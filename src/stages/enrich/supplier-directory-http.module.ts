import { IsInt, IsOptional, IsUrl, Max, Min } from 'class-validator';
import { StageModule } from '../../pipeline/catalogue/stage-module.decorator';
import type { StageCallContext, StageModuleImplementation } from '../../pipeline/catalogue/stage-module';
import type { CanonicalParty } from '../canonical/canonical-invoice';
import type { EnrichInput, EnrichOutput, ResolvedParty } from '../stage-io';
import { partyKey, SupplierDirectory } from './supplier-directory';
import { InputFault } from '../../pipeline/catalogue/stage-fault';

export class SupplierDirectoryHttpSettings {
  /** Directory endpoint; GET <url>?tenant=…&key=… answers {name, vat_id, country, always_review} or 404. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  url?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60000)
  timeout_ms?: number = 2000;
}

interface DirectoryAnswer {
  name?: unknown;
  vat_id?: unknown;
  country?: unknown;
  always_review?: unknown;
}

const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

@StageModule({
  id: 'supplier-directory-http',
  name: 'Supplier directory (HTTP)',
  version: '1.0.0',
  stage: 'enrich',
  contract: { name: 'enrich', version: '1.0.0' },
  guarantees: ['amounts_unchanged', 'supplier_resolved'],
  settings: SupplierDirectoryHttpSettings,
  description: 'Looks supplier and buyer up at an external HTTP directory; hits refresh the local table.',
})
export class SupplierDirectoryHttpModule implements StageModuleImplementation<EnrichInput, EnrichOutput, SupplierDirectoryHttpSettings> {
  constructor(private readonly directory: SupplierDirectory) {}

  async execute(input: EnrichInput, context: StageCallContext<SupplierDirectoryHttpSettings>): Promise<EnrichOutput> {
    const { url, timeout_ms: timeoutMs = 2000 } = context.settings;
    if (!url) throw new InputFault('unusable_setting', 'supplier-directory-http has no url in its settings');
    const lookup = async (party: CanonicalParty): Promise<ResolvedParty | null> => {
      const key = partyKey(party);
      if (!key) return null;
      const target = new URL(url);
      target.searchParams.set('tenant', input.tenantId);
      target.searchParams.set('key', key);
      const signals = [AbortSignal.timeout(timeoutMs), ...(context.signal ? [context.signal] : [])];
      const response = await fetch(target, { signal: AbortSignal.any(signals), headers: { accept: 'application/json' } });
      if (response.status === 404) return null;
      if (!response.ok) throw new Error(`supplier directory answered ${response.status}`);
      const body = (await response.json()) as DirectoryAnswer;
      const name = str(body.name);
      if (!name) throw new Error('supplier directory answered without a name');
      return this.directory.refresh(input.tenantId, key, { name, vat_id: str(body.vat_id), country: str(body.country), always_review: body.always_review === true });
    };
    return { supplier: await lookup(input.invoice.seller), buyer: await lookup(input.invoice.buyer), source: 'http' };
  }
}
