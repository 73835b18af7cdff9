/**
 * `--scripted`: one scripted model server for the whole suite, added to the daemon as a provider
 * for as long as the suite runs. Each scenario has its own model name (its id), so the server
 * answers it from its own transcript, turn by turn by conversation: concurrent scenarios and a
 * retried request are answered right.
 */
import type { RpcCall, Scenario } from '../contracts/index.js';
import { replayProvider } from './scripted-model/provider.js';
import { startReplayServer } from './scripted-model/server.js';

export interface ScriptedModels {
  /** The `<provider>/<model>` a scenario's run uses. */
  modelFor(scenario: Scenario): string;
  close(): Promise<void>;
}

export async function startScriptedModels(call: RpcCall, scenarios: Scenario[]): Promise<ScriptedModels> {
  const server = await startReplayServer({
    turns: [],
    keyedBy: 'conversation',
    byModel: Object.fromEntries(scenarios.map((s) => [s.id, s.scripted])),
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
    close: async () => {
      await call('providers.remove', { id: providerId }).catch(() => {});
      await server.close();
    },
  };
}
