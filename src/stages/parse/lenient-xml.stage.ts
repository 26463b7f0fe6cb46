import { StageModule } from '../../pipeline/catalogue/stage-module.decorator';
import type { StageCallContext, StageModuleImplementation } from '../../pipeline/catalogue/stage-module';
import { InputFault } from '../../pipeline/catalogue/stage-fault';
import { EngineClient } from '../engine/engine-client';
import type { ParseInput, ParseOutput } from '../../pipeline/contracts';

@StageModule({
  id: 'lenient-xml',
  name: 'Lenient XML extraction',
  version: '1.0.0',
  stage: 'parse',
  contract: { name: 'parse', version: '1.0.0' },
  guarantees: [],
  isFallback: true,
  description: 'Extracts the core fields when strict parsing fails; the invoice is marked partial.',
})
export class LenientXmlModule implements StageModuleImplementation<ParseInput, ParseOutput> {
  constructor(private readonly engine: EngineClient) {}

  /** The extraction runs in a worker thread (it reads whatever strict parsing refused) and is linear in the document size. */
  async execute(input: ParseInput, context: StageCallContext): Promise<ParseOutput> {
    if (input.contentType === 'application/json') throw new InputFault('unsupported_input', 'lenient-xml cannot read JSON documents');
    const invoice = await this.engine.lenient(input.document, input.contentType === 'application/pdf', context.signal);
    if (!invoice) throw new InputFault('malformed', 'no invoice number could be found in the document');
    return { invoice, warnings: ['parsed leniently: only the core fields were extracted (partial invoice)'] };
  }
}
