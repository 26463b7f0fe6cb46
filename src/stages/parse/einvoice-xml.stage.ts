import { IsBoolean, IsOptional } from 'class-validator';
import { StageModule } from '../../pipeline/catalogue/stage-module.decorator';
import type { StageCallContext, StageModuleImplementation } from '../../pipeline/catalogue/stage-module';
import { readCanonicalJson, parseErrorFault, unsupportedMediaType } from '../canonical/read-document';
import { EngineClient } from '../engine/engine-client';
import { ParseError } from '../../einvoice';
import type { ParseInput, ParseOutput } from '../../pipeline/contracts';

export class EinvoiceXmlSettings {
  /** Also read canonical JSON bodies, so one parse selection serves every accepted media type. */
  @IsOptional()
  @IsBoolean()
  accept_json?: boolean = true;
}

@StageModule({
  id: 'einvoice-xml',
  name: 'EN 16931 XML (UBL, CII, Factur-X)',
  version: '1.0.0',
  stage: 'parse',
  contract: { name: 'parse', version: '1.0.0' },
  guarantees: ['complete_model', 'strict_syntax'],
  settings: EinvoiceXmlSettings,
  description: 'UBL 2.1, UN/CEFACT CII and Factur-X PDFs through the EN 16931 engine.',
})
export class EinvoiceXmlModule implements StageModuleImplementation<ParseInput, ParseOutput, EinvoiceXmlSettings> {
  constructor(private readonly engine: EngineClient) {}

  async execute(input: ParseInput, context: StageCallContext<EinvoiceXmlSettings>): Promise<ParseOutput> {
    if (input.contentType === 'application/json') {
      if (context.settings.accept_json === false) throw unsupportedMediaType('einvoice-xml', input.contentType, 'XML and PDF (accept_json is off)');
      return readCanonicalJson(input.document);
    }
    try {
      // The tenant's configuration version keys what the engine learns of the validate calls that
      // follow (a shadow run of a candidate configuration does not unlearn the active one's).
      const { invoice, source } = await this.engine.parse(input.document, context.signal, `${context.tenantId}#${context.configVersion}`);
      return { invoice, parsed: source, warnings: [] };
    } catch (error) {
      // An unreadable document is a verdict on the input (InputFault), not a fault of this module.
      if (error instanceof ParseError) throw parseErrorFault(error);
      throw error;
    }
  }
}
