import { resolve } from 'node:path';
import { CoworkError } from '../../contracts/index.js';
import { printJson } from '../output.js';
import { withDaemon } from '../rpc.js';

export interface MemoryCommandOptions {
  home: string;
  hard: boolean;
  workspace?: string | undefined;
  json: boolean;
}

const USAGE = 'cowork memory lessons list | add "TEXT" [--hard] [--workspace DIR] | remove ID';

/** `cowork memory lessons list|add|remove`: what the person has taught the agent. */
export async function memoryCommand(args: string[], o: MemoryCommandOptions): Promise<number> {
  const [area, sub, arg] = args;
  if (area !== 'lessons') return usage();
  return withDaemon(o.home, async (call) => {
    if (sub === 'list') {
      const { lessons } = await call('memory.lessons.list', {});
      if (o.json) printJson(lessons);
      else
        for (const l of lessons)
          process.stdout.write(
            `${l.id}  ${l.kind === 'hard' ? 'must  ' : 'prefer'}  ${l.workspace ?? '(everywhere)'}  ${l.text}\n`,
          );
      return 0;
    }
    if (sub === 'add' && arg) {
      const lesson = await call('memory.lessons.add', {
        text: arg,
        kind: o.hard ? 'hard' : 'soft',
        workspace: o.workspace ? resolve(o.workspace) : null,
      });
      printJson(lesson);
      const { rule } = await call('memory.lessons.policyRule', { id: lesson.id });
      if (rule)
        process.stderr.write(
          `This can be enforced by the policy instead of remembered: add this rule with "cowork policy" or the UI:\n${JSON.stringify(rule)}\n`,
        );
      return 0;
    }
    if (sub === 'remove' && arg) {
      const { removed } = await call('memory.lessons.remove', { id: arg });
      printJson({ removed });
      return removed ? 0 : 1;
    }
    return usage();
  });
}

function usage(): never {
  throw new CoworkError('INVALID_ARGUMENTS', `usage: ${USAGE}`);
}
