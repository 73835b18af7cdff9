/**
 * `cowork memory proposals …` and `cowork memory personas …`: what the critic proposes from the
 * person's corrections, accepted (maybe edited), or dismissed — never applied without them — and
 * the named ways of working a run can be started with (`cowork run --persona NAME`).
 */
import { CoworkError, type ProposalPatch, type RpcCall } from '../../contracts/index.js';
import { usageError } from '../command-table.js';
import { printJson } from '../output.js';
import { printTable } from '../table.js';

export interface LearningOptions {
  json: boolean;
  /** `proposals accept --text`: the lesson in the person's words. */
  text?: string | undefined;
  kind?: string | undefined;
  /** `proposals accept --global`: everywhere, not only in the proposal's folder. */
  global: boolean;
  /** `personas add --instructions`. */
  instructions?: string | undefined;
  /** `personas add --lesson ID` (repeatable). */
  lessons?: string[] | undefined;
}

const must = (kind: string) => (kind === 'hard' ? 'must' : 'prefer');

export async function proposalsCommand(
  call: RpcCall,
  sub: string | undefined,
  id: string | undefined,
  o: LearningOptions,
): Promise<number> {
  if (sub === 'list') {
    const { proposals } = await call('memory.proposals.list', { status: 'pending' });
    if (o.json) printJson(proposals);
    else
      printTable(
        proposals,
        [
          { header: 'ID', value: (p) => p.id },
          { header: 'KIND', value: (p) => must(p.kind) },
          { header: 'WHERE', value: (p) => (p.scope === 'global' ? '(everywhere)' : (p.folder ?? '?')) },
          { header: 'LESSON', value: (p) => p.text },
          { header: 'FROM', value: (p) => p.evidence.summary },
        ],
        'No proposals: the critic proposes lessons from your corrections, denials, undos and edits',
      );
    return 0;
  }
  if (sub === 'accept' && id) {
    const { lesson, rule } = await call('memory.proposals.accept', { id, patch: patchOf(o) });
    if (o.json) printJson({ lesson, rule });
    else {
      process.stdout.write(
        `learned ${lesson.id} (${must(lesson.kind)}, ${lesson.workspace ?? 'everywhere'}): ${lesson.text}\n`,
      );
      if (rule)
        process.stdout.write(
          `enforced: policy rule ${rule.id} added (removing the lesson removes it): ${JSON.stringify(rule.match)}\n`,
        );
    }
    return 0;
  }
  if (sub === 'dismiss' && id) {
    const proposal = await call('memory.proposals.dismiss', { id });
    if (o.json) printJson(proposal);
    else process.stdout.write(`dismissed ${proposal.id}: ${proposal.text}\n`);
    return 0;
  }
  throw usageError('memory');
}

function patchOf(o: LearningOptions): ProposalPatch | undefined {
  if (o.kind !== undefined && o.kind !== 'hard' && o.kind !== 'soft')
    throw new CoworkError('INVALID_ARGUMENTS', '--kind must be hard or soft');
  const patch: ProposalPatch = {
    ...(o.text === undefined ? {} : { text: o.text }),
    ...(o.kind === undefined ? {} : { kind: o.kind }),
    ...(o.global ? { scope: 'global' as const } : {}),
  };
  return Object.keys(patch).length ? patch : undefined;
}

export async function personasCommand(
  call: RpcCall,
  sub: string | undefined,
  arg: string | undefined,
  o: LearningOptions,
): Promise<number> {
  if (sub === 'list') {
    const { personas } = await call('memory.personas.list', {});
    if (o.json) printJson(personas);
    else
      printTable(
        personas,
        [
          { header: 'ID', value: (p) => p.id },
          { header: 'NAME', value: (p) => p.name },
          { header: 'LESSONS', value: (p) => String(p.lessonIds.length) },
          { header: 'INSTRUCTIONS', value: (p) => p.instructions.replaceAll('\n', ' ').slice(0, 80) },
        ],
        'No personas yet: cowork memory personas add NAME --instructions "…"',
      );
    return 0;
  }
  if (sub === 'add' && arg) {
    const persona = await call('memory.personas.add', {
      name: arg,
      ...(o.instructions === undefined ? {} : { instructions: o.instructions }),
      ...(o.lessons?.length ? { lessonIds: o.lessons } : {}),
    });
    if (o.json) printJson(persona);
    else
      process.stdout.write(
        `added persona ${persona.name} (${persona.id}); use it with: cowork run --persona ${persona.name} …\n`,
      );
    return 0;
  }
  if (sub === 'remove' && arg) {
    // By id or by name, as the person sees it in the list.
    const { personas } = await call('memory.personas.list', {});
    const persona = personas.find((p) => p.id === arg || p.name === arg);
    const removed = persona ? (await call('memory.personas.remove', { id: persona.id })).removed : false;
    if (o.json) printJson({ removed });
    else process.stdout.write(removed ? `removed persona ${persona!.name}\n` : `no persona ${arg}\n`);
    return removed ? 0 : 1;
  }
  throw usageError('memory');
}
