import { randomUUID } from 'node:crypto';
import { sep } from 'node:path';
import { CoworkError, type Lesson, LessonInput } from '../contracts/index.js';
import type { PolicyRule } from '../enclave/index.js';
import type { Database } from '../store/index.js';

interface LessonRow {
  id: string;
  text: string;
  kind: 'hard' | 'soft';
  workspace: string | null;
  triggers: string;
  confidence: number;
  source: string | null;
  created_at: string;
  updated_at: string;
}

/** Words too common to make a lesson relevant to a task. */
const STOPWORDS = new Set(
  'the and for with that this from into onto when what which always never use using dont don not are was were will would should could can you your our their them they its it all any each every than then also just only very more most less least like about over under after before please make sure write keep file files'.split(
    ' ',
  ),
);

/**
 * Lower-case content words, cut to a rough stem, so "tabs" meets "tab", "dates" "date",
 * "summarise" "summary" and "translation" "translate".
 */
export function lessonTerms(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  return new Set(words.filter((w) => w.length >= 3 && !STOPWORDS.has(w)).map(stem));
}

/** Suffixes cut from a longer word (the first that fits, longest first), and what replaces each. */
const SUFFIXES: readonly [string, string][] = [
  ['ations', 'at'],
  ['ation', 'at'],
  ...[
    'ising',
    'izing',
    'ises',
    'izes',
    'ised',
    'ized',
    'ions',
    'ion',
    'ies',
    'ise',
    'ize',
    'ing',
    'ed',
    'es',
    's',
    'e',
    'y',
  ].map((s): [string, string] => [s, '']),
];

function stem(word: string): string {
  if (word.length <= 4 || word.endsWith('ss')) return word;
  for (const [suffix, by] of SUFFIXES) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 4) return word.slice(0, -suffix.length) + by;
  }
  return word;
}

const MAX_RELEVANT = 8;
/** A cosine from this up means the lesson is about the task even without a word in common. */
const SIMILAR = 0.55;
/** A near-identical meaning counts like about two shared words. */
const SIMILAR_WEIGHT = 2;

/** Lessons the person taught the agent, kept in Cowork's database so they outlive any session. */
export class LessonStore {
  constructor(private readonly db: Database) {}

  add(input: LessonInput): Lesson {
    const parsed = LessonInput.safeParse(input);
    if (!parsed.success) throw new CoworkError('INVALID_ARGUMENTS', parsed.error.message);
    const l = parsed.data;
    const now = new Date().toISOString();
    const lesson: Lesson = { id: randomUUID(), ...l, createdAt: now, updatedAt: now };
    this.db
      .prepare(
        `INSERT INTO lessons (id, text, kind, workspace, triggers, confidence, source, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        lesson.id,
        lesson.text,
        lesson.kind,
        lesson.workspace,
        JSON.stringify(lesson.triggers),
        lesson.confidence,
        lesson.source,
        now,
        now,
      );
    return lesson;
  }

  update(id: string, patch: Partial<LessonInput>): Lesson {
    const current = this.get(id);
    const { id: _id, createdAt, updatedAt: _u, ...rest } = current;
    const parsed = LessonInput.safeParse({ ...rest, ...patch });
    if (!parsed.success) throw new CoworkError('INVALID_ARGUMENTS', parsed.error.message);
    const next: Lesson = { id, ...parsed.data, createdAt, updatedAt: new Date().toISOString() };
    this.db
      .prepare(
        `UPDATE lessons SET text = ?, kind = ?, workspace = ?, triggers = ?, confidence = ?, source = ?,
         updated_at = ? WHERE id = ?`,
      )
      .run(
        next.text,
        next.kind,
        next.workspace,
        JSON.stringify(next.triggers),
        next.confidence,
        next.source,
        next.updatedAt,
        id,
      );
    return next;
  }

  remove(id: string): boolean {
    return this.db.prepare('DELETE FROM lessons WHERE id = ?').run(id).changes > 0;
  }

  get(id: string): Lesson {
    const row = this.db.prepare('SELECT * FROM lessons WHERE id = ?').get(id) as LessonRow | undefined;
    if (!row) throw new CoworkError('RESOURCE_NOT_FOUND', `No lesson with id ${id}.`);
    return fromRow(row);
  }

  /** The lesson with this id, or undefined (a persona may name one removed since). */
  find(id: string): Lesson | undefined {
    const row = this.db.prepare('SELECT * FROM lessons WHERE id = ?').get(id) as LessonRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  list(): Lesson[] {
    return (this.db.prepare('SELECT * FROM lessons ORDER BY created_at, id').all() as LessonRow[]).map(
      fromRow,
    );
  }

  /**
   * The lessons that apply to `task` in `workspace`, hard constraints first. Deterministic: the same
   * task and lessons always give the same list. A hard constraint scoped to this workspace applies
   * to every task in it (it is a rule about the place); any other lesson must share a content word
   * with the task or, when the embedder gave `similarity` (lesson id → cosine with the task), mean
   * nearly the same, so an unrelated task gets none.
   */
  relevant(
    task: string,
    workspace: string | null,
    limit = MAX_RELEVANT,
    similarity?: ReadonlyMap<string, number>,
  ): Lesson[] {
    const taskTerms = lessonTerms(task);
    const candidates = this.list()
      .filter((l) => l.workspace === null || (workspace !== null && isWithin(workspace, l.workspace)))
      .map((l) => ({ l, terms: lessonTerms(`${l.text} ${l.triggers.join(' ')}`) }));
    // A word few lessons have says more about which one a task is about (inverse document frequency).
    const df = new Map<string, number>();
    for (const { terms } of candidates)
      for (const t of terms) if (taskTerms.has(t)) df.set(t, (df.get(t) ?? 0) + 1);
    const weight = (t: string) => 1 + Math.log(candidates.length / (df.get(t) ?? 1));
    const scored = candidates
      .map(({ l, terms }) => {
        const overlap = [...terms].filter((t) => taskTerms.has(t)).reduce((sum, t) => sum + weight(t), 0);
        const cosine = similarity?.get(l.id) ?? 0;
        const similar = cosine >= SIMILAR ? cosine : 0;
        const always = l.kind === 'hard' && l.workspace !== null;
        return { l, score: (overlap + similar * SIMILAR_WEIGHT) * l.confidence, always };
      })
      .filter((x) => x.always || x.score > 0);
    scored.sort(
      (a, b) =>
        Number(b.l.kind === 'hard') - Number(a.l.kind === 'hard') ||
        b.score - a.score ||
        b.l.updatedAt.localeCompare(a.l.updatedAt) ||
        a.l.id.localeCompare(b.l.id),
    );
    return scored.slice(0, limit).map((x) => x.l);
  }

  /**
   * A hard "never touch X" lesson as a policy rule, so the enclave enforces it instead of the
   * model having to remember it. Offered to the person, never applied on its own.
   */
  policyRuleFor(lesson: Lesson): PolicyRule | undefined {
    if (lesson.kind !== 'hard') return undefined;
    const command = commandRuleFor(lesson);
    if (command) return command;
    if (lesson.workspace === null) return undefined;
    const m = lesson.text.match(
      /\b(?:never|don'?t|do not)\s+(?:touch|modify|edit|change|delete|write(?:\s+to)?|open|read)\s+(?:the\s+)?[`'"]?([\w./-]+)/i,
    );
    const target = m?.[1]
      ?.replace(/\.+$/, '') // a sentence's full stop
      .replace(/^\.\//, '')
      .replace(/\/+$/, '');
    if (!target || target === '.' || target.split('/').includes('..') || target.startsWith('/'))
      return undefined;
    const base = `${lesson.workspace.replace(/\/+$/, '')}/${target}`;
    return {
      id: `lesson-${lesson.id.slice(0, 8)}`,
      action: 'fs.*',
      match: { paths: [base, `${base}/**`] },
      decision: 'deny',
      reason: `You asked: "${lesson.text.slice(0, 200)}"`,
    };
  }
}

/**
 * "Never run rm -rf": a refusal of that command however its flags are spelled (`rm -fr`,
 * `rm -r -f`, `rm --recursive --force`, `/bin/rm -Rf`), anywhere (a command has no folder). The
 * words that are not flags stay an argv prefix (`git push` in "never run git push --force").
 */
function commandRuleFor(lesson: Lesson): PolicyRule | undefined {
  const m = lesson.text.match(
    /\b(?:never|don'?t|do not)\s+(?:run|execute|call|use the command)\s+[`'"]?([^`'"\n.;,]+)/i,
  );
  const words = m?.[1]?.trim().split(/\s+/).filter(Boolean).slice(0, 6);
  if (!words || words.length === 0 || !/^[\w./-]+$/.test(words[0]!)) return undefined;
  const prefix = [words[0]!, ...words.slice(1).filter((w) => !w.startsWith('-'))];
  const flags = flagGroups(words.slice(1).filter((w) => w.startsWith('-')));
  return {
    id: `lesson-${lesson.id.slice(0, 8)}`,
    action: ['exec', 'pty.spawn'],
    match: { argv: [prefix], ...(flags.length > 0 ? { flags } : {}) },
    decision: 'deny',
    reason: `You asked: "${lesson.text.slice(0, 200)}"`,
  };
}

/** Spellings that mean the same to the commands people name in such lessons (rm, cp, chmod, git). */
const SAME_FLAG: Record<string, string[]> = {
  r: ['r', 'R', 'recursive'],
  R: ['r', 'R', 'recursive'],
  recursive: ['r', 'R', 'recursive'],
  f: ['f', 'force', 'force-with-lease'],
  force: ['f', 'force', 'force-with-lease'],
};

/** `-rf` → [[r, R, recursive], [f, force]]; `--force` → [[f, force, force-with-lease]]. */
function flagGroups(words: string[]): string[][] {
  const names = words.flatMap((w) =>
    w.startsWith('--') ? [w.slice(2).split('=')[0]!] : [...w.slice(1)].filter((c) => /\w/.test(c)),
  );
  const groups = new Map<string, string[]>();
  for (const name of names.filter(Boolean)) {
    const same = SAME_FLAG[name] ?? [name];
    groups.set(same.join(' '), same);
  }
  return [...groups.values()];
}

function isWithin(folder: string, scope: string): boolean {
  const root = scope.replace(/\/+$/, '');
  return folder === root || folder.startsWith(`${root}${sep}`);
}

function fromRow(row: LessonRow): Lesson {
  return {
    id: row.id,
    text: row.text,
    kind: row.kind,
    workspace: row.workspace,
    triggers: JSON.parse(row.triggers) as string[],
    confidence: row.confidence,
    source: row.source,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
