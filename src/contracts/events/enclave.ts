/** What the door records besides its audit log (src/enclave): approvals, and changes of authority. */
import * as z from 'zod/mini';
import { GrantListEntry } from '../rpc/enclave.js';
import { ApprovalDecision, ApprovalRequest } from '../session.js';
import { payload } from './payload.js';

/** `action` names the change (`grants.add`, `policy.set`, `checkpoint.restore`…), `target` what it touched. */
const authorityChange = { action: z.string(), target: z.string() };

/** Built when first asked for (see eventPayloads in index.ts). */
export const enclaveEvents = () => ({
  'approval.requested': payload('Something waits for the person to approve it.', {
    approval: ApprovalRequest,
  }),
  'approval.decided': payload('An approval was answered (or expired).', {
    approval: ApprovalRequest,
    decision: ApprovalDecision,
  }),
  'grants.changed': payload('A folder grant was added or removed; `grants` is the list as it is now.', {
    ...authorityChange,
    grants: z.array(GrantListEntry),
  }),
  'policy.changed': payload(
    'The policy file was replaced (policy.set), re-read after an edit (policy.reload), or a rule added for one session.',
    authorityChange,
  ),
  'policy.refused': payload(
    'An edit of the policy file does not compile: the policy `policyHash` stays in force; `message` says why.',
    { file: z.string(), message: z.string(), policyHash: z.string() },
  ),
  'checkpoint.restored': payload('A path was put back to a checkpoint (undo, revert).', authorityChange),
});
