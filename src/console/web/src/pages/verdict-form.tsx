import { useState, type ReactNode } from 'react';
import { api } from '../api';
import { ProblemView } from '../components';
import { useAction } from '../hooks';

/** Approve or reject an invoice that awaits approval (reject needs a reason). */
export function VerdictForm({ invoiceId, onDone, compact = false }: { invoiceId: string; onDone: () => void; compact?: boolean }): ReactNode {
  const [reason, setReason] = useState('');
  const [comment, setComment] = useState('');
  const action = useAction();
  const send = async (verdict: 'approve' | 'reject'): Promise<void> => {
    const body: Record<string, string> = {};
    if (reason.trim()) body.reason = reason.trim();
    if (comment.trim()) body.comment = comment.trim();
    if (await action.run(() => api(`/invoices/${invoiceId}/${verdict}`, { method: 'POST', body }))) onDone();
  };
  return (
    <form className={compact ? 'verdict compact' : 'verdict'} onSubmit={(event) => event.preventDefault()} aria-label="Approve or reject">
      <div className="grid">
        <input aria-label="Reason" placeholder="Reason (required to reject)" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
        {!compact && <input aria-label="Comment" placeholder="Comment" value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} />}
      </div>
      <div className="actions">
        <button type="button" onClick={() => void send('approve')} disabled={action.running}>
          Approve
        </button>
        <button type="button" className="contrast" onClick={() => void send('reject')} disabled={action.running || reason.trim() === ''}>
          Reject
        </button>
      </div>
      <ProblemView error={action.error} />
    </form>
  );
}
