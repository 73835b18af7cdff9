/**
 * What each policy action does to the person's machine, in one place: the policy's write set (a
 * read-only grant refuses these; protected files are guarded against them), the risk an action
 * carries by itself, what "auto-edit" may approve, and which actions only read.
 */
import type { PolicyAction } from '../../contracts/index.js';
import { ownValue } from '../own-value.js';

type Effect =
  | 'reads files'
  | 'changes files'
  | 'runs programs'
  | 'reaches the network'
  | 'calls a tool'
  | "reads a server's data"
  | 'keeps a lesson';

interface ActionTraits {
  effect: Effect;
  /** Base risk (0–100) before the request's own tags (overwrite, batch, outside a grant…). */
  risk: number;
  /**
   * The approval mode "auto-edit" may approve it when the only reason to ask is that the agent did
   * not create the file. Moves and deletes are changes too, but they still ask.
   */
  autoEdit?: true;
}

// In the order of `PolicyAction`: the write set below keeps it, and the default rules list it.
const ACTIONS: { readonly [A in PolicyAction]: ActionTraits } = {
  'fs.read': { effect: 'reads files', risk: 5 },
  'fs.list': { effect: 'reads files', risk: 2 },
  'fs.stat': { effect: 'reads files', risk: 1 },
  'fs.write': { effect: 'changes files', risk: 25, autoEdit: true },
  'fs.append': { effect: 'changes files', risk: 20, autoEdit: true },
  'fs.mkdir': { effect: 'changes files', risk: 10, autoEdit: true },
  'fs.move': { effect: 'changes files', risk: 40 },
  'fs.delete': { effect: 'changes files', risk: 60 },
  exec: { effect: 'runs programs', risk: 40 },
  'pty.spawn': { effect: 'runs programs', risk: 45 },
  'net.fetch': { effect: 'reaches the network', risk: 30 },
  'mcp.call': { effect: 'calls a tool', risk: 35 },
  'mcp.read': { effect: "reads a server's data", risk: 5 },
  'browser.navigate': { effect: 'reaches the network', risk: 20 },
  'browser.act': { effect: 'reaches the network', risk: 30 },
  'memory.remember': { effect: 'keeps a lesson', risk: 15 },
};

const ALL = Object.keys(ACTIONS) as PolicyAction[];
const having = (test: (t: ActionTraits) => boolean) => ALL.filter((a) => test(ACTIONS[a]));

/** The traits of a policy action; undefined for a name that is not one (an own key, never a prototype's). */
export function actionTraits(action: string): ActionTraits | undefined {
  return ownValue(ACTIONS, action);
}

/** Actions that change files: a write is a write, whether it creates, replaces, moves or deletes. */
export const FILE_WRITE_ACTIONS: readonly PolicyAction[] = having((t) => t.effect === 'changes files');
/** Whether the action changes files (a name that is no action does not). */
export function changesFiles(action: string): boolean {
  return actionTraits(action)?.effect === 'changes files';
}

/** Whether the action only reads files. */
export function onlyReadsFiles(action: string): boolean {
  return actionTraits(action)?.effect === 'reads files';
}
/** Actions the approval mode "auto-edit" may approve (see `autoEdit`). */
export const AUTO_EDIT_ACTIONS: ReadonlySet<string> = new Set(having((t) => t.autoEdit === true));
