import { Injectable } from '@nestjs/common';
import { ConflictError } from '../../framework/errors';
import { PipelineConfig } from '../pipeline.config';
import type { ChangeRequestKind } from './entities/change-request.entity';

/**
 * The four-eyes rule: how many approvals a change needs (CHANGE_APPROVALS_REQUIRED, read at each
 * use: it is dynamic) and whether the direct routes (activate, rollback) may bypass change requests.
 */
@Injectable()
export class ChangePolicy {
  constructor(private readonly config: PipelineConfig) {}

  approvalsRequired(kind: ChangeRequestKind): number {
    if (kind === 'rollback' && this.config.changeFastRollback) return 0;
    return this.config.changeApprovalsRequired;
  }

  /** Direct activation and rollback need no change request only where no approval is required. */
  assertDirect(kind: ChangeRequestKind): void {
    const required = this.approvalsRequired(kind);
    if (required === 0) return;
    throw new ConflictError(
      `${kind === 'rollback' ? 'A rollback' : 'An activation'} needs ${required} approval(s) by another maintainer: submit a change request (POST /api/v1/change-requests).`,
      { extensions: { approvals_required: required } },
    );
  }
}
