import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnyEventInput } from '../../src/contracts/index.js';
import { Critic, LessonStore, ProposalStore, ruleIn } from '../../src/memory/index.js';
import { type Database, EventLog, homePaths, openDatabase } from '../../src/store/index.js';
import { tempDir } from '../helpers/temp-dir.js';

let dir: string;
let db: Database;
let events: EventLog;
let lessons: LessonStore;
let proposals: ProposalStore;
let critic: Critic;
const runs = new Map<string, { prompt: string; folder: string; continued: boolean }>();

function open(): void {
  db = openDatabase(homePaths(dir).database);
  events = new EventLog(db);
  lessons = new LessonStore(db);
  proposals = new ProposalStore(db, lessons, events);
  critic = new Critic(db, events, proposals, {
    runOf: (id) => runs.get(id),
    readText: (p) => readFile(p, 'utf8').catch(() => undefined),
  });
  critic.start();
}

/** Events as a test writes them: the payloads' full forms are not what is tested here. */
const append = (e: { type: string; payload: unknown }) => events.append(e as AnyEventInput as never);

function denial(id: string, reason: string | undefined, status = 'rejected') {
  append({
    type: 'approval.decided',
    payload: {
      approval: { id, runId: 'r1', title: 'Run rm -rf build', detail: 'rm -rf build in /w' },
      decision: { approvalId: id, status, scope: 'once', reason, decidedBy: 'user', decidedAt: '' },
    },
  });
}

beforeEach(() => {
  dir = tempDir('cowork-critic-');
  runs.clear();
  runs.set('r1', { prompt: 'clean the build', folder: dir, continued: false });
  open();
});
afterEach(() => {
  critic.stop();
  db.close();
});

describe('the critic', () => {
  it('reads rules and preferences out of sentences', () => {
    expect(ruleIn('No, use tabs.')).toEqual({ text: 'Use tabs', kind: 'soft' });
    expect(ruleIn("don't touch legal/")).toEqual({ text: "Don't touch legal/", kind: 'hard' });
    expect(ruleIn('Always run the tests first!')).toEqual({
      text: 'Always run the tests first',
      kind: 'hard',
    });
    expect(ruleIn('Looks good, thanks')).toBeUndefined();
  });

  it('proposes from a refusal with a reason, never from one without, and applies nothing itself', async () => {
    denial('a1', 'never run rm -rf');
    denial('a2', undefined);
    denial('a3', 'fine', 'approved');
    await critic.idle();
    const [p, ...rest] = proposals.list();
    expect(rest).toEqual([]);
    expect(p).toMatchObject({
      status: 'pending',
      text: 'Never run rm -rf',
      kind: 'hard',
      scope: 'project',
      folder: dir,
      evidence: { source: 'denial', runId: 'r1', summary: 'You refused "Run rm -rf build"' },
    });
    expect(p!.evidence.detail).toContain('Your reason: never run rm -rf');
    expect(lessons.list()).toEqual([]);
    const added = events.readAfter(0).filter((e) => e.type === 'memory.proposal_added');
    expect(added).toHaveLength(1);

    // Accepting makes the lesson and offers the enforced rule; a second decision is refused.
    const { lesson, rule } = proposals.accept(p!.id);
    expect(lesson).toMatchObject({ text: 'Never run rm -rf', kind: 'hard', workspace: dir });
    expect(rule).toMatchObject({
      action: ['exec', 'pty.spawn'],
      match: {
        argv: [['rm']],
        flags: [
          ['r', 'R', 'recursive'],
          ['f', 'force', 'force-with-lease'],
        ],
      },
      decision: 'deny',
    });
    expect(() => proposals.dismiss(p!.id)).toThrow(/accepted already/);
  });

  it('proposes from an undo and from a correction in a continued run, editable before accepting', async () => {
    runs.set('r2', { prompt: 'No, use tabs. And never touch legal/ again.', folder: dir, continued: true });
    runs.set('r3', { prompt: 'Never use var', folder: dir, continued: false });
    append({
      type: 'run.undone',
      payload: {
        runId: 'r1',
        how: 'undo',
        checkpointIds: [1],
        files: [{ path: `${dir}/a.ts`, change: 'modify', added: 1, removed: 2 }],
      },
    });
    append({ type: 'run.started', payload: { runId: 'r2', model: 'm', mode: 'ask', folder: dir } });
    append({ type: 'run.started', payload: { runId: 'r3', model: 'm', mode: 'ask', folder: dir } });
    await critic.idle();
    const list = proposals.list();
    expect(list.map((p) => [p.evidence.source, p.text, p.kind])).toEqual(
      expect.arrayContaining([
        ['undo', 'Ask before changing a.ts', 'soft'],
        ['correction', 'Use tabs', 'soft'],
        ['correction', 'Never touch legal/ again', 'hard'],
      ]),
    );
    expect(list).toHaveLength(3); // a first prompt is a task, not a correction
    const legal = list.find((p) => p.kind === 'hard')!;
    const edited = proposals.edit(legal.id, { text: 'Never touch legal/', scope: 'project' });
    expect(edited.status).toBe('pending');
    const { rule, lesson } = proposals.accept(legal.id);
    expect(lesson.workspace).toBe(dir);
    expect(rule).toMatchObject({
      action: 'fs.*',
      match: { paths: [`${dir}/legal`, `${dir}/legal/**`] },
      decision: 'deny',
    });
    const tabs = list.find((p) => p.text === 'Use tabs')!;
    const global = proposals.accept(tabs.id, { scope: 'global', text: 'Indent with tabs' });
    expect(global.lesson).toMatchObject({ text: 'Indent with tabs', workspace: null });
    expect(global.rule).toBeNull(); // a preference is not enforced
    const undo = list.find((p) => p.evidence.source === 'undo')!;
    expect(proposals.dismiss(undo.id).status).toBe('dismissed');
    expect(lessons.list().map((l) => l.text)).toEqual(['Never touch legal/', 'Indent with tabs']);
  });

  it("proposes from the person's edit right after the agent's write, with the diff, not from the agent's own", async () => {
    const file = join(dir, 'util.ts');
    const agent = 'function f() {\n    return 1;\n}\n';
    writeFileSync(file, agent);
    append({
      type: 'run.tool_call',
      payload: {
        runId: 'r1',
        callId: 'c1',
        tool: 'fs.write',
        arguments: { path: 'util.ts', content: agent },
      },
    });
    append({
      type: 'run.tool_result',
      payload: {
        runId: 'r1',
        callId: 'c1',
        tool: 'fs.write',
        success: true,
        error: null,
        preview: '',
        truncated: false,
        durationMs: 1,
      },
    });
    const changed = {
      type: 'file.changed',
      payload: { changes: [{ kind: 'modify', path: file, isDir: false }] },
    };
    append(changed); // the watcher sees the agent's own write
    await critic.idle();
    expect(proposals.list()).toEqual([]);
    writeFileSync(file, 'function f() {\n\treturn 1;\n}\n');
    append(changed);
    append(changed); // saved twice: still one proposal for one write of the agent
    await critic.idle();
    const [p, ...rest] = proposals.list();
    expect(rest).toEqual([]);
    expect(p).toMatchObject({
      kind: 'soft',
      triggers: ['util.ts'],
      evidence: { source: 'edit', path: file, runId: 'r1' },
    });
    expect(p!.text).toBe('In util.ts, write "return 1;" rather than "return 1;"');
    expect(p!.evidence.detail).toContain('-    return 1;');
    expect(p!.evidence.detail).toContain('+\treturn 1;');
  });

  it("proposes from the person's save in the UI's editor after the agent's write", async () => {
    const file = join(dir, 'notes.md');
    append({
      type: 'run.tool_call',
      payload: {
        runId: 'r1',
        callId: 'c2',
        tool: 'fs_write',
        arguments: { path: file, content: 'Date: 12/2/2026\n' },
      },
    });
    append({
      type: 'run.tool_result',
      payload: {
        runId: 'r1',
        callId: 'c2',
        tool: 'fs_write',
        success: true,
        error: null,
        preview: '',
        truncated: false,
        durationMs: 1,
      },
    });
    writeFileSync(file, 'Date: 2026-12-02\n');
    append({ type: 'file.saved', payload: { path: file } });
    await critic.idle();
    const [p] = proposals.list();
    expect(p).toMatchObject({
      text: 'In notes.md, write "Date: 2026-12-02" rather than "Date: 12/2/2026"',
      evidence: { source: 'edit', path: file },
    });
  });

  it('neither loses nor repeats a proposal across a restart', async () => {
    denial('a1', 'never run rm -rf');
    await critic.idle();
    const cursor = critic.cursor();
    critic.stop();
    db.close();
    open();
    await critic.idle();
    expect(proposals.list()).toHaveLength(1);
    // Appended while no critic reads: the next one picks it up from the cursor.
    critic.stop();
    denial('a4', 'do not delete the build folder');
    db.close();
    open();
    await critic.idle();
    expect(critic.cursor()).toBeGreaterThan(cursor);
    expect(
      proposals
        .list()
        .map((p) => p.text)
        .sort(),
    ).toEqual(['Do not delete the build folder', 'Never run rm -rf']);
  });
});
