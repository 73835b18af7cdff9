/**
 * Scenarios from disk: `<root>/<category>/<id>.json`, each checked against the `Scenario` contract.
 * A bad file is refused with its path and the field that is wrong, never skipped: a suite that
 * silently lost a scenario would score higher than it should.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { CoworkError, Scenario } from '../contracts/index.js';

export interface LoadedScenario {
  scenario: Scenario;
  /** The scenario's file (its `setup.folder` is relative to the file's folder). */
  file: string;
}

/** Every scenario under `root`, sorted by category then id; `suite` keeps one category (or one id). */
export function loadScenarios(root: string, suite?: string): LoadedScenario[] {
  const files = scenarioFiles(root);
  const loaded = files.map(loadScenarioFile);
  const ids = new Map<string, string>();
  for (const { scenario, file } of loaded) {
    const other = ids.get(scenario.id);
    if (other) throw badScenario(file, 'id', `"${scenario.id}" is also the id of ${other}`);
    ids.set(scenario.id, file);
  }
  const chosen = suite
    ? loaded.filter((s) => s.scenario.category === suite || s.scenario.id === suite)
    : loaded;
  if (suite && chosen.length === 0)
    throw new CoworkError('INVALID_ARGUMENTS', `No scenario in ${root} has the category or id "${suite}".`);
  return chosen.sort(
    (a, b) =>
      a.scenario.category.localeCompare(b.scenario.category) || a.scenario.id.localeCompare(b.scenario.id),
  );
}

function scenarioFiles(root: string): string[] {
  let categories: string[];
  try {
    categories = readdirSync(root).filter((d) => statSync(join(root, d)).isDirectory());
  } catch {
    throw new CoworkError('INVALID_ARGUMENTS', `No scenarios folder at ${root}.`);
  }
  return categories.flatMap((c) =>
    readdirSync(join(root, c))
      .filter((f) => f.endsWith('.json'))
      .map((f) => join(root, c, f)),
  );
}

/** One scenario file, checked: its JSON, its fields, and that its place names its category and id. */
export function loadScenarioFile(file: string): LoadedScenario {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw badScenario(file, '(file)', (err as Error).message);
  }
  const parsed = Scenario.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw badScenario(file, fieldPath(issue.path), issue.message);
  }
  const scenario = parsed.data;
  if (basename(file, '.json') !== scenario.id)
    throw badScenario(file, 'id', `"${scenario.id}" must be the file's name (${basename(file)})`);
  if (basename(dirname(file)) !== scenario.category)
    throw badScenario(
      file,
      'category',
      `"${scenario.category}" must be the folder's name (${basename(dirname(file))})`,
    );
  return { scenario, file };
}

function fieldPath(path: PropertyKey[]): string {
  return path.length === 0
    ? '(root)'
    : path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .replace(/^\./, '');
}

function badScenario(file: string, field: string, message: string): CoworkError {
  return new CoworkError(
    'INVALID_ARGUMENTS',
    `${relative(process.cwd(), file) || file}: ${field}: ${message}`,
    {
      file,
      field,
    },
  );
}
