/** A scenario file that does not fit the format is refused naming the file and the field. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { ScenarioInput } from '../../src/contracts/index.js';
import { loadScenarioFile, loadScenarios } from '../../src/gym/index.js';
import { tempDir } from '../helpers/temp-dir.js';

const good: ScenarioInput = {
  id: 'syntax-one',
  category: 'syntax',
  difficulty: 'easy',
  title: 'one',
  prompt: 'fix it',
  setup: { files: { 'a.js': 'x' } },
  verifier: { checks: [{ type: 'file_contains', path: 'a.js', text: 'x' }] },
  scripted: [{ reply: { text: 'done' } }],
};

function scenarioFile(root: string, category: string, name: string, content: unknown): string {
  mkdirSync(join(root, category), { recursive: true });
  const file = join(root, category, `${name}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err as Error & { code?: string; details?: { field?: string } };
  }
  throw new Error('it was accepted');
};

it('loads a good scenario with its defaults', () => {
  const root = tempDir('cowork-gym-load-');
  const { scenario } = loadScenarioFile(scenarioFile(root, 'syntax', 'syntax-one', good));
  expect(scenario.mode).toBe('auto-edit');
  expect(scenario.maxTurns).toBe(20);
  expect(scenario.setup.git).toBe(false);
});

it('names the file and the field that is wrong', () => {
  const root = tempDir('cowork-gym-load-');
  const bad = { ...good, verifier: { checks: [{ type: 'file_contains', path: '../up.js', text: 'x' }] } };
  const err = refusal(() => loadScenarioFile(scenarioFile(root, 'syntax', 'syntax-one', bad)));
  expect(err.code).toBe('INVALID_ARGUMENTS');
  expect(err.message).toContain('syntax-one.json: verifier.checks[0].path');
  expect(err.details?.field).toBe('verifier.checks[0].path');

  const noScript = refusal(() =>
    loadScenarioFile(scenarioFile(root, 'syntax', 'syntax-one', { ...good, scripted: [] })),
  );
  expect(noScript.message).toContain('syntax-one.json: scripted');
  const unknown = refusal(() =>
    loadScenarioFile(scenarioFile(root, 'syntax', 'syntax-one', { ...good, extra: 1 })),
  );
  expect(unknown.message).toMatch(/syntax-one\.json: .*extra|Unrecognized key.*extra/);
});

it('refuses broken JSON, an id that is not the file name, a category that is not the folder', () => {
  const root = tempDir('cowork-gym-load-');
  expect(refusal(() => loadScenarioFile(scenarioFile(root, 'syntax', 'broken', '{ "id": '))).message).toMatch(
    /broken\.json: \(file\): /,
  );
  expect(refusal(() => loadScenarioFile(scenarioFile(root, 'syntax', 'other-name', good))).message).toContain(
    'other-name.json: id: "syntax-one" must be the file\'s name',
  );
  expect(
    refusal(() => loadScenarioFile(scenarioFile(root, 'refactor', 'syntax-one', good))).message,
  ).toContain('syntax-one.json: category: "syntax" must be the folder\'s name (refactor)');
});

it('loads a folder by category, refuses an unknown suite and a duplicate id', () => {
  const root = tempDir('cowork-gym-load-');
  scenarioFile(root, 'syntax', 'syntax-one', good);
  scenarioFile(root, 'safety', 'safety-one', { ...good, id: 'safety-one', category: 'safety' });
  expect(loadScenarios(root).map((s) => s.scenario.id)).toEqual(['safety-one', 'syntax-one']);
  expect(loadScenarios(root, 'syntax').map((s) => s.scenario.id)).toEqual(['syntax-one']);
  expect(loadScenarios(root, 'safety-one').map((s) => s.scenario.id)).toEqual(['safety-one']);
  expect(refusal(() => loadScenarios(root, 'feature')).message).toContain('category or id "feature"');
  expect(refusal(() => loadScenarios(join(root, 'nope'))).message).toContain('No scenarios folder');
});

it('every scenario in the repository loads', async () => {
  const { SCENARIOS } = await import('./gym-helpers.js');
  expect(loadScenarios(SCENARIOS).length).toBeGreaterThanOrEqual(6);
});
