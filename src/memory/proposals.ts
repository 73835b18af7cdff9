import { randomUUID } from 'node:crypto';
import {
  CoworkError,
  type Lesson,
  type LessonProposal,
  type PolicyRule,
  ProposalPatch,
} from '../contracts/index.js';
import type { Database, EventLog } from '../store/index.js';
import type { LessonStore } from './lessons.js';

/** What the critic proposes; the store gives it its id and state. */
export type ProposalDraft = Omit<LessonProposal, 'id' | 'status' | 'lessonId' | 'createdAt' | 'decidedAt'>;

interface ProposalRow {
  proposal: string;
}

/**
 * Lessons proposed from what the person did, kept until they decide. Nothing here changes what the
 * agent is told: only `accept` makes a lesson, and only when the person calls it.
 */
export class ProposalStore {
  constructor(
    private readonly db: Database,
    private readonly lessons: LessonStore,
    private readonly events?: EventLog,
  ) {}

  /**
   * Adds a proposal under `key` (which names the event it came from); undefined when that key was
   * proposed already, so reading the same event twice proposes once.
   */
  add(key: string, draft: ProposalDraft): LessonProposal | undefined {
    const proposal: LessonProposal = {
      ...draft,
      id: randomUUID(),
      status: 'pending',
      lessonId: null,
      createdAt: new Date().toISOString(),
      decidedAt: null,
    };
    const { changes } = this.db
      .prepare(
        'INSERT OR IGNORE INTO lesson_proposals (id, key, status, proposal, created_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(proposal.id, key, proposal.status, JSON.stringify(proposal), proposal.createdAt);
    return changes > 0 ? proposal : undefined;
  }

  list(status?: LessonProposal['status']): LessonProposal[] {
    const rows = (
      status === undefined
        ? this.db.prepare('SELECT proposal FROM lesson_proposals ORDER BY created_at DESC, rowid DESC').all()
        : this.db
            .prepare(
              'SELECT proposal FROM lesson_proposals WHERE status = ? ORDER BY created_at DESC, rowid DESC',
            )
            .all(status)
    ) as ProposalRow[];
    return rows.map((r) => JSON.parse(r.proposal) as LessonProposal);
  }

  get(id: string): LessonProposal {
    const row = this.db.prepare('SELECT proposal FROM lesson_proposals WHERE id = ?').get(id) as
      | ProposalRow
      | undefined;
    if (!row) throw new CoworkError('RESOURCE_NOT_FOUND', `No proposed lesson with id ${id}.`);
    return JSON.parse(row.proposal) as LessonProposal;
  }

  /** Changes a pending proposal's text, kind or scope; it stays pending. */
  edit(id: string, patch: ProposalPatch = {}): LessonProposal {
    const next = { ...this.#pending(id), ...checked(patch) };
    this.#save(next);
    return next;
  }

  /**
   * The person accepts: the proposal (as they edited it) becomes a lesson, in its folder unless
   * they made it global. A hard lesson that can be enforced comes back with its policy rule; the
   * server adds that rule to their policy (src/server/lesson-rules.ts: the acceptance is consent).
   */
  accept(
    id: string,
    patch: ProposalPatch = {},
  ): { proposal: LessonProposal; lesson: Lesson; rule: PolicyRule | null } {
    const edited = { ...this.#pending(id), ...checked(patch) };
    const workspace = edited.scope === 'project' ? edited.folder : null;
    const accepted = this.db.transaction(() => {
      const lesson = this.lessons.add({
        text: edited.text,
        kind: edited.kind,
        workspace,
        triggers: edited.triggers.slice(0, 50),
        source: `${edited.evidence.summary}\n${edited.evidence.detail}`.slice(0, 4000),
      });
      const proposal: LessonProposal = {
        ...edited,
        status: 'accepted',
        lessonId: lesson.id,
        decidedAt: new Date().toISOString(),
      };
      this.#save(proposal);
      return { proposal, lesson };
    })();
    return { ...accepted, rule: this.lessons.policyRuleFor(accepted.lesson) ?? null };
  }

  dismiss(id: string): LessonProposal {
    const proposal: LessonProposal = {
      ...this.#pending(id),
      status: 'dismissed',
      decidedAt: new Date().toISOString(),
    };
    this.#save(proposal);
    return proposal;
  }

  #pending(id: string): LessonProposal {
    const p = this.get(id);
    if (p.status !== 'pending')
      throw new CoworkError('CONFLICT', `The proposal ${id} is ${p.status} already.`);
    return p;
  }

  #save(proposal: LessonProposal): void {
    this.db
      .prepare('UPDATE lesson_proposals SET status = ?, proposal = ? WHERE id = ?')
      .run(proposal.status, JSON.stringify(proposal), proposal.id);
    this.events?.append({ type: 'memory.proposal_decided', payload: { proposal } });
  }
}

function checked(patch: ProposalPatch): ProposalPatch {
  const parsed = ProposalPatch.safeParse(patch);
  if (!parsed.success) throw new CoworkError('INVALID_ARGUMENTS', parsed.error.message);
  return Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
}
