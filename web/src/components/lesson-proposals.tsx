import { useEffect, useState } from 'react';
import { rpc, toast } from '../state/cowork';
import type { RpcResult } from '../state/types';
import './lesson-proposals.css';

type Proposal = RpcResult<'memory.proposals.edit'>;
type Rule = NonNullable<RpcResult<'memory.proposals.accept'>['rule']>;

const SOURCE: Record<Proposal['evidence']['source'], string> = {
  denial: 'from a refusal',
  undo: 'from an undo',
  revert: 'from a revert',
  edit: 'from your edit',
  correction: 'from a correction',
};

/**
 * What the critic proposes to learn, each with its evidence: nothing is learned until the person
 * accepts (as proposed, or edited). `onLearned` is told when a lesson was made.
 */
export function LessonProposals({ onLearned }: { onLearned: () => void }) {
  const [proposals, setProposals] = useState<Proposal[]>([]);
  /** The policy rule the last accepted hard lesson is now enforced by (the daemon added it). */
  const [rule, setRule] = useState<Rule | null>(null);
  const load = () =>
    void rpc
      .call('memory.proposals.list', { status: 'pending' })
      .then((r) => setProposals(r.proposals))
      .catch(() => {});
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once, then follow the critic's events
  useEffect(() => {
    load();
    const off = rpc.onEvent((e) => {
      if (e.type === 'memory.proposal_added' || e.type === 'memory.proposal_decided') load();
    });
    return () => {
      off();
    };
  }, []);
  if (proposals.length === 0 && !rule) return null;
  const learned = (r: Rule | null) => {
    if (r) setRule(r); // kept until closed: a later soft lesson does not hide it
    onLearned();
  };
  return (
    <section className="lesson-proposals" aria-label="Proposed lessons">
      <h3>Proposed lessons</h3>
      <ul>
        {proposals.map((p) => (
          <ProposalRow key={p.id} proposal={p} onLearned={learned} />
        ))}
      </ul>
      {rule && (
        <div className="offered-rule" role="status">
          <p>
            Enforced, not only remembered: this rule is now in your policy (Settings → Rules) and the enclave
            refuses what it forbids. Removing the lesson removes the rule.
          </p>
          <pre>{JSON.stringify(rule, null, 2)}</pre>
          <button type="button" onClick={() => setRule(null)}>
            Close
          </button>
        </div>
      )}
    </section>
  );
}

function ProposalRow({
  proposal: p,
  onLearned,
}: {
  proposal: Proposal;
  onLearned: (rule: Rule | null) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(p.text);
  const [kind, setKind] = useState(p.kind);
  const [scope, setScope] = useState(p.scope);
  const patch = { text: text.trim() || p.text, kind, scope };
  const accept = () =>
    rpc
      .call('memory.proposals.accept', { id: p.id, ...(editing ? { patch } : {}) })
      .then((r) => onLearned(r.rule));
  const fail = (err: Error) => toast(err.message, 'error');
  return (
    <li className="proposal">
      <div className="proposal-head">
        <span className={`kind ${p.kind}`}>{p.kind === 'hard' ? 'must' : 'prefer'}</span>{' '}
        <strong>{p.text}</strong>{' '}
        <span className="muted">
          {SOURCE[p.evidence.source]} · {p.scope === 'global' ? 'everywhere' : (p.folder ?? 'everywhere')}
        </span>
      </div>
      <details>
        <summary>{p.evidence.summary}</summary>
        <pre className="evidence">{p.evidence.detail}</pre>
      </details>
      {editing && (
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            void rpc.call('memory.proposals.edit', { id: p.id, patch }).then(() => setEditing(false), fail);
          }}
        >
          <input value={text} onChange={(e) => setText(e.target.value)} aria-label="Proposed lesson text" />
          <select
            value={kind}
            onChange={(e) => setKind(e.target.value as Proposal['kind'])}
            aria-label="Kind"
          >
            <option value="hard">must (a rule)</option>
            <option value="soft">prefer</option>
          </select>
          <select
            value={scope}
            onChange={(e) => setScope(e.target.value as Proposal['scope'])}
            aria-label="Scope"
          >
            <option value="project">this project</option>
            <option value="global">everywhere</option>
          </select>
          <button type="submit">Save</button>
        </form>
      )}
      <div className="proposal-actions">
        <button type="button" onClick={() => void accept().catch(fail)}>
          Accept
        </button>
        {!editing && (
          <button type="button" onClick={() => setEditing(true)}>
            Edit
          </button>
        )}
        <button
          type="button"
          onClick={() => void rpc.call('memory.proposals.dismiss', { id: p.id }).catch(fail)}
        >
          Dismiss
        </button>
      </div>
    </li>
  );
}
