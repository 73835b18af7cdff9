/**
 * The planner's pure parts: what a read-only agent run is asked to split the request into
 * (plannerPrompt), how its answer — the complete_task summary — is read back as a checked plan
 * (readPlan), and the one re-ask when it was not one (planRetryPrompt). A plan file given with
 * `--plan` is read the same way, so the person and the planner are held to the same checks.
 */
import {
  CoworkError,
  issueList,
  type TaskSpecInput,
  WorkforcePlan,
  type WorkforcePlan as WorkforcePlanType,
} from '../contracts/index.js';
import { checkedOrder } from './plan-graph.js';

/**
 * The most characters readPlan looks at. The largest plan the schema allows is far bigger, but no
 * planner answer or hand-written plan file comes near this; past it the text is refused before any
 * scan or parse, so a hostile answer costs nothing.
 */
const MAX_PLAN_CHARS = 2_000_000;

/** The schema issues named in a message (the details keep up to ISSUES_KEPT). */
const ISSUES_SHOWN = 8;
const ISSUES_KEPT = 50;

/**
 * What each task field means, for the planner. Keyed by the schema's own fields, so a field added
 * to TaskSpec does not compile until it is explained here.
 */
const TASK_FIELDS: Record<keyof TaskSpecInput, string> = {
  id: 'required; unique; letters, digits, "_", "." or "-", starting with a letter or digit, at most 64 characters (e.g. "research-acme")',
  title: 'required; a short name for the task (at most 200 characters)',
  instructions:
    'required; everything the worker needs to do it on its own: it sees only these instructions, the folder and the results of the tasks it depends on',
  role: 'the kind of worker it needs: one of the roles available (above)',
  capabilities: 'list of capabilities a worker must all have; usually leave it out',
  dependsOn:
    'ids of the tasks whose results it needs; it starts only when they are done. Leave it out (or []) for a task that can start at once',
  priority: 'integer -1000..1000, higher runs first among tasks that are ready (default 0)',
  expectedOutput: 'what the result must contain, so it can be checked',
  policy: 'failure policy override; leave it out',
  review: 'true to have a reviewer score the result (a low score fails the task); default false',
  budget: 'token / cost cap for this task; leave it out',
};

const EXAMPLE: { tasks: TaskSpecInput[] } = {
  tasks: [
    {
      id: 'research-a',
      title: 'Research vendor A',
      instructions: 'Read vendor-a.md and list its pricing, limits and support terms.',
      role: 'researcher',
      expectedOutput: 'A bullet list: pricing, limits, support.',
    },
    {
      id: 'research-b',
      title: 'Research vendor B',
      instructions: 'Read vendor-b.md and list its pricing, limits and support terms.',
      role: 'researcher',
      expectedOutput: 'A bullet list: pricing, limits, support.',
    },
    {
      id: 'compare',
      title: 'Write the comparison',
      instructions: 'Write comparison.md comparing the two vendors from the research results.',
      role: 'writer',
      dependsOn: ['research-a', 'research-b'],
      expectedOutput: 'comparison.md with a table and a recommendation.',
    },
  ],
};

/** The task for the planner's run: look, split, and answer with the plan as JSON only. */
export function plannerPrompt(request: string, opts: { workers: number; roles: string[] }): string {
  const roles = opts.roles.length ? opts.roles.join(', ') : 'none (leave `role` out)';
  return [
    'You are the planner of a workforce: workers (agent runs) will do the work, up to',
    `${opts.workers} at once. Your job is only to split the request below into tasks for them.`,
    '',
    'Look at the working folder as much as you need to plan well (this run is read-only: change',
    'nothing). Then split the request into tasks:',
    `- Make independent tasks independent (no dependsOn between them) so up to ${opts.workers} run in parallel.`,
    '- A task that combines, compares or reviews others (fan-in) lists them all in dependsOn.',
    '- Each task is done by one worker on its own: give it complete instructions.',
    '- No cycles, no duplicate ids, and dependsOn names only tasks of this plan.',
    `- Roles available: ${roles}.`,
    '',
    'Answer by calling complete_task with ONLY the plan as JSON as the summary (a ```json fenced',
    'block is accepted; nothing else around it). The plan is {"tasks": [ ... ]}; each task has:',
    ...Object.entries(TASK_FIELDS).map(([field, meaning]) => `- ${field}: ${meaning}`),
    'Leave out "workers" and "policy" at the plan level: the workforce sets them.',
    '',
    'For example:',
    JSON.stringify(opts.roles.length ? EXAMPLE : withoutRoles(EXAMPLE), null, 2),
    '',
    'The request:',
    request,
  ].join('\n');
}

function withoutRoles(plan: { tasks: TaskSpecInput[] }): { tasks: TaskSpecInput[] } {
  return { tasks: plan.tasks.map(({ role: _role, ...rest }) => rest) };
}

/** The one re-ask after an answer that was not a valid plan: what was wrong, and answer again. */
export function planRetryPrompt(error: CoworkError): string {
  return [
    `That is not a valid plan: ${error.message}`,
    'Answer again: call complete_task with ONLY the corrected plan as JSON ({"tasks": [ ... ]}), fixing exactly that.',
  ].join('\n');
}

const invalid = (message: string, details: Record<string, unknown>) =>
  new CoworkError('INVALID_PLAN', message, details);

/**
 * The plan in a planner's summary or a plan file: a ```json fenced block, else the first {...}
 * object that parses. Checked against the schema and the task graph (duplicates, missing
 * dependencies, cycles); anything wrong is INVALID_PLAN saying exactly what, `details.reason`
 * (too_large | no_json | json | schema | duplicate | missing | cycle) keeping it structured.
 * `known`: ids of tasks outside the plan that it may depend on.
 */
export function readPlan(summary: string, known: readonly string[] = []): WorkforcePlanType {
  if (summary.length > MAX_PLAN_CHARS)
    throw invalid(`The plan is too large: ${summary.length} characters (at most ${MAX_PLAN_CHARS}).`, {
      reason: 'too_large',
      chars: summary.length,
      max: MAX_PLAN_CHARS,
    });
  const value = parseJson(summary);
  const parsed = WorkforcePlan.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const shown = issues.slice(0, ISSUES_SHOWN).map((i) => `${pathName(i.path, value)}: ${i.message}`);
    const more = issues.length > ISSUES_SHOWN ? ` (and ${issues.length - ISSUES_SHOWN} more)` : '';
    throw invalid(`The plan does not fit the plan format: ${shown.join('; ')}${more}.`, {
      reason: 'schema',
      issues: issueList(parsed.error, ISSUES_KEPT),
    });
  }
  // Tasks that exist already (a replan's) may be depended on; their ids may not be taken again.
  checkedOrder([...known.map((id) => ({ id, dependsOn: [] })), ...parsed.data.tasks]);
  return parsed.data;
}

/** The fenced block's JSON, else the first balanced {...} that parses; the value, or INVALID_PLAN. */
function parseJson(text: string): unknown {
  const fenced = fencedBlock(text);
  const candidates = fenced === undefined ? objectCandidates(text) : [fenced];
  let firstError: string | undefined;
  for (const candidate of candidates) {
    try {
      return JSON.parse(candidate);
    } catch (err) {
      firstError ??= (err as Error).message;
      // A fence is the answer it gave: its JSON is not second-guessed.
      if (fenced !== undefined) break;
    }
  }
  if (firstError === undefined)
    throw invalid('The answer holds no JSON object: send the plan as {"tasks": [ ... ]}.', {
      reason: 'no_json',
    });
  throw invalid(`The plan is not valid JSON: ${firstError}.`, { reason: 'json', error: firstError });
}

/** The body of the first ``` or ```json fence (found with indexOf: linear on any input). */
function fencedBlock(text: string): string | undefined {
  for (let open = text.indexOf('```'); open >= 0; ) {
    const lineEnd = text.indexOf('\n', open + 3);
    if (lineEnd < 0) return undefined;
    const label = text
      .slice(open + 3, lineEnd)
      .trim()
      .toLowerCase();
    const close = text.indexOf('```', lineEnd + 1);
    if (close < 0) return undefined;
    if (label === '' || label === 'json') return text.slice(lineEnd + 1, close);
    open = text.indexOf('```', close + 3); // another language's block: past its end
  }
  return undefined;
}

/**
 * Each top-level balanced {...} in the text, in order (braces inside JSON strings do not count).
 * The scan resumes after each candidate, so the whole text is read once whatever it holds.
 */
function* objectCandidates(text: string): Generator<string> {
  for (let start = text.indexOf('{'); start >= 0; ) {
    const end = balancedEnd(text, start);
    if (end < 0) {
      yield text.slice(start); // unclosed: let JSON.parse say what is wrong
      return;
    }
    yield text.slice(start, end + 1);
    start = text.indexOf('{', end + 1);
  }
}

function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/** `tasks.2 ("compare").dependsOn.0`: an issue's path, naming the task by its id when it has one. */
function pathName(path: readonly PropertyKey[], value: unknown): string {
  if (path.length === 0) return 'plan';
  const parts = path.map(String);
  if (path[0] === 'tasks' && typeof path[1] === 'number') {
    const task = (value as { tasks?: unknown[] }).tasks?.[path[1]] as { id?: unknown } | undefined;
    if (typeof task?.id === 'string') parts[1] = `${path[1]} (${JSON.stringify(task.id)})`;
  }
  return parts.join('.');
}
