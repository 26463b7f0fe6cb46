import { Injectable } from '@nestjs/common';
import { ParseError, parseDocumentAsync, validateInvoice } from '../einvoice';
import { InputFault } from '../pipeline/catalogue/stage-fault';
import { canonicalFromJson } from '../stages/canonical/from-json';
import type { ValidationFinding, ValidationOutput } from '../stages/stage-io';
import { validateCanonical } from '../stages/validate/validate-canonical';
import { ValidationError } from '../framework/errors';
import type { InvoiceMediaType } from './entities/invoice.entity';

export interface DocumentReport extends ValidationOutput {
  syntax: string | null;
  document_type: string | null;
}

const finding = (f: { rule: string; message: string; location: string }): ValidationFinding => ({ rule: f.rule, message: f.message, location: f.location });

/** POST /validate: a report for a document, nothing stored. Unreadable documents get a report too. */
@Injectable()
export class DocumentValidationService {
  async validate(contentType: InvoiceMediaType, document: Buffer | undefined): Promise<DocumentReport> {
    if (!document || document.length === 0) {
      throw new ValidationError('The request body is empty.', [{ field: 'body', reason: 'must hold the invoice document' }]);
    }
    if (contentType === 'application/json') {
      try {
        const invoice = canonicalFromJson(document);
        return { ...validateCanonical(invoice, undefined, true), syntax: 'JSON', document_type: invoice.document_type };
      } catch (error) {
        if (error instanceof InputFault) return { ...unreadable('CANONICAL-JSON', error.message), errors: error.findings.map((f) => ({ ...f })) };
        throw error;
      }
    }
    try {
      const report = validateInvoice(await parseDocumentAsync(document));
      return {
        valid: report.valid,
        rule_set: 'en16931',
        syntax: report.syntax,
        document_type: report.documentType,
        errors: report.errors.map(finding),
        warnings: report.warnings.map(finding),
      };
    } catch (error) {
      if (error instanceof ParseError) return unreadable(error.code, error.message);
      throw error;
    }
  }
}

function unreadable(rule: string, message: string): DocumentReport {
  return { valid: false, rule_set: 'en16931', syntax: null, document_type: null, errors: [{ rule, message }], warnings: [] };
}
