import { extractFacturXml } from '../../einvoice';
import { StageModule } from '../../pipeline/catalogue/stage-module.decorator';
import type { StageModuleImplementation } from '../../pipeline/catalogue/stage-module';
import type { ParseInput, ParseOutput } from '../stage-io';
import { lenientExtract } from './lenient-extract';
import { InputFault } from '../../pipeline/catalogue/stage-fault';


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
  async execute(input: ParseInput): Promise<ParseOutput> {
    if (input.contentType === 'application/json') throw new InputFault('unsupported_input', 'lenient-xml cannot read JSON documents');
    const xml = input.contentType === 'application/pdf' ? Buffer.from((await extractFacturXml(input.document)).bytes).toString('utf8') : input.document.toString('utf8');
    const invoice = lenientExtract(xml);
    if (!invoice) throw new InputFault('malformed', 'no invoice number could be found in the document');
    return { invoice, warnings: ['parsed leniently: only the core fields were extracted (partial invoice)'] };
  }
}
