import { StageModule } from '../../pipeline/catalogue/stage-module.decorator';
import type { StageModuleImplementation } from '../../pipeline/catalogue/stage-module';
import { readCanonicalJson, unsupportedMediaType } from '../canonical/read-document';
import type { ParseInput, ParseOutput } from '../../pipeline/contracts';


@StageModule({
  id: 'json-canonical',
  name: 'Canonical JSON',
  version: '1.0.0',
  stage: 'parse',
  contract: { name: 'parse', version: '1.0.0' },
  guarantees: ['complete_model', 'strict_syntax'],
  description: "JSON documents in the service's canonical invoice schema (amounts as decimal strings).",
})
export class JsonCanonicalModule implements StageModuleImplementation<ParseInput, ParseOutput> {
  async execute(input: ParseInput): Promise<ParseOutput> {
    if (input.contentType !== 'application/json') throw unsupportedMediaType('json-canonical', input.contentType, 'application/json');
    return readCanonicalJson(input.document);
  }
}
