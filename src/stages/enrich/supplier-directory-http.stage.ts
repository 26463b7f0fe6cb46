import { IsInt, IsOptional, IsUrl, Max, Min } from 'class-validator';
import { NoUrlCredentials } from '../../framework/config/no-url-credentials';
import { endpointOf, fetchFailureReason, hasUrlCredentials } from '../../framework/config/url-redaction';
import { InputFault } from '../../pipeline/catalogue/stage-fault';
import { StageModule } from '../../pipeline/catalogue/stage-module.decorator';
import type { StageCallContext, StageModuleImplementation } from '../../pipeline/catalogue/stage-module';
import type { CanonicalParty } from '../../domain/canonical-invoice';
import type { EnrichInput, EnrichOutput, ResolvedParty } from '../../pipeline/contracts';
import { SupplierDirectory } from './supplier-directory';
import { partyKey } from '../../domain/party-key';
import { IsHeaderValue } from '../../framework/config/header-value';

export class SupplierDirectoryHttpSettings {
  /** Directory endpoint; GET <url>?tenant=…&key=… answers {name, vat_id, country, always_review} or 404. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  @NoUrlCredentials('auth_header')
  url?: string;

  /** Authorization header value for the directory (e.g. `Bearer …`): a secret, redacted in every view. */
  @IsOptional()
  @IsHeaderValue()
  auth_header?: string;

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
    const { url, timeout_ms: timeoutMs = 2000, auth_header: authorization } = context.settings;
    if (!url) throw new InputFault('unusable_setting', 'supplier-directory-http has no url in its settings');
    // Validation refuses userinfo; one stored before that rule is not used (it would travel and show).
    if (hasUrlCredentials(url)) throw new InputFault('unusable_setting', 'the supplier directory url carries credentials, which are not allowed in URLs; use auth_header');
    const endpoint = endpointOf(url);
    const headers: Record<string, string> = { accept: 'application/json', ...(authorization ? { authorization } : {}) };
    const lookup = async (party: CanonicalParty): Promise<ResolvedParty | null> => {
      const key = partyKey(party);
      if (!key) return null;
      const target = new URL(url);
      target.searchParams.set('tenant', input.tenantId);
      target.searchParams.set('key', key);
      const signals = [AbortSignal.timeout(timeoutMs), ...(context.signal ? [context.signal] : [])];
      // Errors name the directory by scheme, host and port only: they end up in stage results and logs.
      let response: Response;
      let body: DirectoryAnswer;
      try {
        response = await fetch(target, { signal: AbortSignal.any(signals), headers });
        if (response.status === 404) return null;
        body = response.ok ? ((await response.json()) as DirectoryAnswer) : {};
      } catch (error) {
        // No cause on purpose: fetch's messages echo the URL (userinfo, path, query) into logs and results.
        // eslint-disable-next-line preserve-caught-error
        throw new Error(`supplier directory ${endpoint} failed: ${error instanceof SyntaxError ? 'answered with invalid JSON' : fetchFailureReason(error)}`);
      }
      if (!response.ok) throw new Error(`supplier directory ${endpoint} answered ${response.status}`);
      const name = str(body.name);
      if (!name) throw new Error(`supplier directory ${endpoint} answered without a name`);
      return this.directory.refresh(input.tenantId, key, { name, vat_id: str(body.vat_id), country: str(body.country), always_review: body.always_review === true });
    };
    return { supplier: await lookup(input.invoice.seller), buyer: await lookup(input.invoice.buyer), source: 'http' };
  }
}
