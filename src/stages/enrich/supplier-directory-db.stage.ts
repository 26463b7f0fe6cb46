import { StageModule } from '../../pipeline/catalogue/stage-module.decorator';
import type { StageModuleImplementation } from '../../pipeline/catalogue/stage-module';
import type { EnrichInput, EnrichOutput } from '../../pipeline/contracts';
import { SupplierDirectory } from './supplier-directory';


@StageModule({
  id: 'supplier-directory-db',
  name: 'Supplier directory (local table)',
  version: '1.0.0',
  stage: 'enrich',
  contract: { name: 'enrich', version: '1.0.0' },
  guarantees: ['amounts_unchanged', 'supplier_resolved'],
  isFallback: true,
  description: "Resolves supplier and buyer in the tenant's local suppliers table.",
})
export class SupplierDirectoryDbModule implements StageModuleImplementation<EnrichInput, EnrichOutput> {
  constructor(private readonly directory: SupplierDirectory) {}

  async execute(input: EnrichInput): Promise<EnrichOutput> {
    const [supplier, buyer] = await this.directory.findAll(input.tenantId, [input.invoice.seller, input.invoice.buyer]);
    return { supplier, buyer, source: 'db' };
  }
}
