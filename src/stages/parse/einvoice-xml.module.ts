import { IsBoolean, IsOptional } from 'class-validator';
import { parseDocumentAsync, ParseError } from '../../einvoice';
import { InputFault } from '../../pipeline/catalogue/stage-fault';
import { StageModule } from '../../pipeline/catalogue/stage-module.decorator';
import type { StageCallContext, StageModuleImplementation } from '../../pipeline/catalogue/stage-module';
import { canonicalFromJson } from '../canonical/from-json';
import { canonicalFromModel } from '../canonical/from-model';
import type { ParseInput, ParseOutput } from '../stage-io';

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
  async execute(input: ParseInput, context: StageCallContext<EinvoiceXmlSettings>): Promise<ParseOutput> {
    if (input.contentType === 'application/json') {
      if (context.settings.accept_json === false) throw new InputFault('unsupported_input', 'einvoice-xml is configured not to read JSON documents');
      return { invoice: canonicalFromJson(input.document), warnings: [] };
    }
    const parsed = await parseDocumentAsync(input.document).catch((error: unknown) => {
      // An unreadable document is a verdict on the input, not a fault of this module.
      if (error instanceof ParseError) throw new InputFault('malformed', error.message, [{ rule: error.code, message: error.message, location: error.line > 0 ? `line ${error.line}, column ${error.column}` : undefined }]);
      throw error;
    });
    return { invoice: canonicalFromModel(parsed.invoice), parsed, warnings: [] };
  }
}
