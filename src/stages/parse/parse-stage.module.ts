import { Module } from '@nestjs/common';
import { EinvoiceXmlModule } from './einvoice-xml.module';
import { JsonCanonicalModule } from './json-canonical.module';
import { LenientXmlModule } from './lenient-xml.module';

@Module({ providers: [EinvoiceXmlModule, JsonCanonicalModule, LenientXmlModule] })
export class ParseStageModule {}
