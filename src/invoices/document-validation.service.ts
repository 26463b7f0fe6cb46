import { Injectable } from '@nestjs/common';
import { ParseError, type RuleSetId } from '../einvoice';
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

  /** `ruleSet` absent: the one the document's CustomizationID claims (en16931 when none). */
  async validate(contentType: InvoiceMediaType, document: Buffer | undefined, ruleSet?: RuleSetId): Promise<DocumentReport> {
    if (!document || document.length === 0) {
      throw new ValidationError('The request body is empty.', [{ field: 'body', reason: 'must hold the invoice document' }]);
    }
    if (contentType === 'application/json') {
      try {
        const invoice = canonicalFromJson(document);
        // The validate modules' verdict on canonical JSON: the rule set's business rules, on a worker thread.
        const report = await this.engine.validateJson(invoice, true, undefined, ruleSet);
        return { ...report, syntax: 'JSON', document_type: invoice.document_type };
      } catch (error) {
        if (error instanceof InputFault) return { ...unreadable('CANONICAL-JSON', error.message, ruleSet), errors: error.findings.map((f) => ({ ...f })) };
        throw error;
      }
    }
    try {
      // On a worker thread: the document is untrusted and the rules are CPU-bound.
      const report = await this.engine.report(document, undefined, ruleSet);
      return {
        valid: report.valid,
        rule_set: report.ruleSet,
        rule_set_version: report.ruleSetVersion,
        syntax: report.syntax,
        document_type: report.documentType,
        errors: report.errors,
        warnings: report.warnings,
      };
    } catch (error) {
      if (error instanceof ParseError) return unreadable(error.code, error.message, ruleSet);
      throw error;
    }
  }
}

/** A document that could not be read: judged by no rule set but the one asked for (en16931 by default). */
function unreadable(rule: string, message: string, ruleSet: RuleSetId = 'en16931'): DocumentReport {
  return { valid: false, rule_set: ruleSet, syntax: null, document_type: null, errors: [{ rule, message }], warnings: [] };
}
