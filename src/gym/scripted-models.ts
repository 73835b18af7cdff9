/**
 * `--scripted`: one scripted model server for the whole suite, added to the daemon as a provider
 * for as long as the suite runs. Each scenario has its own model name (its id), so the server
 * answers it from its own transcript, turn by turn by conversation: concurrent scenarios and a
 * retried request are answered right.
 */
import {
  CORRECTION_CASES,
  type CorrectionCase,
  type GymReport,
  type RpcCall,
  type Scenario,
} from '../contracts/index.js';
import type { LearningSession } from './learning-suite.js';
import type { LoadedScenario } from './load-scenarios.js';
import { runSuite, type SuiteOptions } from './run-suite.js';
import { replayProvider } from './scripted-model/provider.js';
import type { ReplayTurn } from './scripted-model/script.js';
import { startReplayServer } from './scripted-model/server.js';

export interface ScriptedModels {
  /** The `<provider>/<model>` a scenario's run uses. */
  modelFor(scenario: Scenario): string;
  /** The `<provider>/<model>` of a learning case's session. */
  learningModelFor(k: CorrectionCase, session: LearningSession): string;
  close(): Promise<void>;
}

export async function startScriptedModels(call: RpcCall, scenarios: Scenario[]): Promise<ScriptedModels> {
  const server = await startReplayServer({
    turns: [],
    keyedBy: 'conversation',
    byModel: {
      ...Object.fromEntries(scenarios.map((s) => [s.id, s.scripted])),
      ...Object.fromEntries(CORRECTION_CASES.flatMap(learningScripts)),
    },
  });
  const providerId = `gym-${Math.random().toString(36).slice(2, 10)}`;
  try {
    await call(
      'providers.add',
      replayProvider(providerId, server.url, { timeouts: { connectMs: 5000, requestMs: 60_000 } }),
    );
  } catch (err) {
    await server.close();
    throw err;
  }
  return {
    modelFor: (s) => `${providerId}/${s.id}`,
    learningModelFor: (k, session) => `${providerId}/${learningModel(k, session)}`,
    close: async () => {
      await call('providers.remove', { id: providerId }).catch(() => {});
      await server.close();
    },
  };
}

/** A case's session's model name (a scenario id has no dot, so none collides). */
const learningModel = (k: CorrectionCase, session: LearningSession) => `learning.${k.id}.${session}`;

const done = { toolCalls: [{ name: 'complete_task', arguments: { summary: 'done' } }] };

/**
 * A learning case's scripted agent does what its system prompt says: session 1 only finishes;
 * session 2 writes the file the lesson's way when the lesson is in the request (it reached the
 * system prompt), the other way when not. Keyed by conversation, so `match` picks the branch
 * and the turn count its step.
 */
function learningScripts(k: CorrectionCase): [string, ReplayTurn[]][] {
  const write = (content: string) => ({
    toolCalls: [{ name: 'fs_write', arguments: { path: k.file, content } }],
  });
  return [
    [learningModel(k, 'first'), [{ reply: done }]],
    // The correction continues session 1's conversation, which holds one answer already.
    [learningModel(k, 'correction'), [{ reply: done }, { reply: done }]],
    [
      learningModel(k, 'task'),
      [
        { match: k.lesson, reply: write(k.follows) },
        { match: k.lesson, reply: done },
        { reply: write(k.ignores) },
        { reply: done },
      ],
    ],
  ];
}

/**
 * The suite with the scripted models in the model's part (`--scripted`, CI's gate, the bench):
 * started for the suite and removed after it, however it ends.
 */
export async function runScriptedSuite(
  call: RpcCall,
  scenarios: LoadedScenario[],
  opts: Omit<SuiteOptions, 'label' | 'modelFor' | 'learning'> & { learning?: boolean },
): Promise<GymReport> {
  const models = await startScriptedModels(
    call,
    scenarios.map((s) => s.scenario),
  );
  const { learning, ...rest } = opts;
  return runSuite(call, scenarios, {
    ...rest,
    label: 'scripted',
    modelFor: models.modelFor,
    learning: learning ? models.learningModelFor : undefined,
  }).finally(() => models.close());
}
