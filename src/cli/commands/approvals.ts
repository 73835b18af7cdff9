/**
 * `cowork approvals list | approve N | deny N [--reason R] | answer N`: the pending approvals,
 * answered by their short number (the daemon's, the same in every terminal) or their full id.
 */
import { type ApprovalRequest, CoworkError } from '../../contracts/index.js';
import { approvalRef, findApproval } from '../approval-notice.js';
import { usageError } from '../command-table.js';
import { printJson } from '../output.js';
import { type RpcCall, withDaemon } from '../rpc.js';
import { printTable, shortTime } from '../table.js';
import { answerQuestion } from './answer-question.js';

export interface ApprovalsCommandOptions {
  home: string;
  reason?: string | undefined;
  json?: boolean;
}

export async function approvalsCommand(
  sub: string | undefined,
  typed: string | undefined,
  o: ApprovalsCommandOptions,
): Promise<number> {
  return withDaemon(o.home, async (call) => {
    if (sub === 'list') {
      const listed = await call('approvals.list', {});
      if (o.json) printJson(listed);
      else printApprovals(listed.approvals);
      return 0;
    }
    if ((sub === 'approve' || sub === 'deny') && typed) {
      const approval = await pending(call, typed);
      const decision = await call('approvals.decide', {
        id: approval?.id ?? typed,
        status: sub === 'approve' ? 'approved' : 'rejected',
        scope: 'once',
        ...(o.reason === undefined ? {} : { reason: o.reason }),
      });
      if (o.json) printJson(decision);
      else
        process.stdout.write(
          `${decision.status === 'approved' ? 'approved' : 'denied'} ${approval ? `#${approvalRef(approval)} ${approval.title}` : typed}\n`,
        );
      return 0;
    }
    if (sub === 'answer' && typed) {
      const approval = await pending(call, typed);
      if (!approval) throw notPending(typed);
      const decision = await answerQuestion(call, approval);
      printJson(decision);
      return decision.status === 'approved' ? 0 : 1;
    }
    throw usageError('approvals');
  });
}

/**
 * The pending approval the person typed. A number that names none is an error here (a full id is
 * passed on: the daemon says whether it was decided already or never existed).
 */
async function pending(call: RpcCall, typed: string): Promise<ApprovalRequest | undefined> {
  const found = findApproval((await call('approvals.list', {})).approvals, typed);
  if (!found && /^#?\d+$/.test(typed.trim())) throw notPending(typed);
  return found;
}

const notPending = (typed: string) =>
  new CoworkError(
    'RESOURCE_NOT_FOUND',
    `No pending approval ${typed.replace(/^(?!#)(\d+)$/, '#$1')} (cowork approvals list shows the pending ones).`,
  );

function printApprovals(approvals: readonly ApprovalRequest[]): void {
  printTable(
    approvals,
    [
      { header: '#', value: (a) => `#${approvalRef(a)}` },
      { header: 'FOR', value: (a) => (a.runId ? `run ${a.runId.slice(0, 8)}` : 'you') },
      { header: 'ASKS', value: (a) => a.title },
      { header: 'EXPIRES', value: (a) => (a.expiresAt ? shortTime(a.expiresAt) : '') },
    ],
    'No approvals are waiting.',
  );
  // On stderr: the table stays only rows for a script that reads it.
  if (approvals.length > 0)
    process.stderr.write(
      'approve: cowork approvals approve N   deny: cowork approvals deny N [--reason R]   a question: cowork approvals answer N\n',
    );
}
