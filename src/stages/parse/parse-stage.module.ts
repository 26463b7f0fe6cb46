import { Module } from '@nestjs/common';
import { EinvoiceXmlModule } from './einvoice-xml.stage';
import { JsonCanonicalModule } from './json-canonical.stage';
import { LenientXmlModule } from './lenient-xml.stage';

@Module({ providers: [EinvoiceXmlModule, JsonCanonicalModule, LenientXmlModule] })
export class ParseStageModule {}
