import { Injectable } from '@nestjs/common';
import { ParseError } from '../einvoice';
import { InputFault } from '../pipeline/catalogue/stage-fault';
import { canonicalFromJson } from '../stages/canonical/from-json';
import type { ValidationOutput } from '../pipeline/contracts';
import { EngineClient } from '../stages/engine/engine-client';
import { ValidationError } from '../framework/errors';
import type { InvoiceMediaType } from './entities/invoice.entity';

export interface DocumentReport extends ValidationOutput {
  syntax: string | null;
  document_type: string | null;
}

/** POST /validate: a report for a document, nothing stored. Unreadable documents get a report too. */
@Injectable()
export class DocumentValidationService {
  constructor(private readonly engine: EngineClient) {}

  async validate(contentType: InvoiceMediaType, document: Buffer | undefined): Promise<DocumentReport> {
    if (!document || document.length === 0) {
      throw new ValidationError('The request body is empty.', [{ field: 'body', reason: 'must hold the invoice document' }]);
    }
    if (contentType === 'application/json') {
      try {
        const invoice = canonicalFromJson(document);
        // The en16931 module's verdict on canonical JSON: the business rules, on a worker thread.
        const report = await this.engine.validateJson(invoice, true);
        return { ...report, syntax: 'JSON', document_type: invoice.document_type };
      } catch (error) {
        if (error instanceof InputFault) return { ...unreadable('CANONICAL-JSON', error.message), errors: error.findings.map((f) => ({ ...f })) };
        throw error;
      }
    }
    try {
      // On a worker thread: the document is untrusted and the rules are CPU-bound.
      const report = await this.engine.report(document);
      return { valid: report.valid, rule_set: 'en16931', syntax: report.syntax, document_type: report.documentType, errors: report.errors, warnings: report.warnings };
    } catch (error) {
      if (error instanceof ParseError) return unreadable(error.code, error.message);
      throw error;
    }
  }
}

function unreadable(rule: string, message: string): DocumentReport {
  return { valid: false, rule_set: 'en16931', syntax: null, document_type: null, errors: [{ rule, message }], warnings: [] };
}
