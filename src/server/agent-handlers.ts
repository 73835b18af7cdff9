import type { AgentRunner, CheckpointStore, RunRecord, UndoChange } from '../agent/index.js';
import { CoworkError, type EventPayload } from '../contracts/index.js';
import type { Enclave } from '../enclave/index.js';
import {
  checkRoutes,
  detectLocalServers,
  type ProviderStore,
  probeCapabilities,
  providerAuthRef,
  providerKeyName,
  type Router,
} from '../models/index.js';
import type { EventLog, Logger, SecretStore } from '../store/index.js';
import type { Workforces } from '../workforce/index.js';
import type { RpcHandlers } from './rpc-router.js';
import { runMarkdown } from './run-export.js';
import { startRun } from './run-grants.js';

type AgentMethods =
  | 'runs.start'
  | 'runs.get'
  | 'runs.list'
  | 'runs.cancel'
  | 'runs.resume'
  | 'runs.pauseAll'
  | 'runs.resumeAll'
  | 'runs.revert'
  | 'runs.fork'
  | 'runs.instructions'
  | 'runs.export'
  | 'checkpoints.list'
  | 'checkpoints.undo'
  | 'checkpoints.redo'
  | 'checkpoints.preview'
  | 'providers.list'
  | 'providers.add'
  | 'providers.remove'
  | 'providers.setKey'
  | 'secrets.status'
  | 'usage.summary'
  | 'providers.detect'
  | 'providers.probe'
  | 'routes.get'
  | 'routes.set';

const info = ({ messages: _m, options, ...rest }: RunRecord) => ({ ...rest, origin: options.origin ?? null });

/** JSON-RPC methods for agent runs and model providers. */
export function agentHandlers(
  runner: AgentRunner,
  providers: ProviderStore,
  enclave: Enclave,
  checkpoints: CheckpointStore,
  secrets: SecretStore,
  router: Router,
  events: EventLog,
  logger: Logger,
  workforces: Pick<Workforces, 'pauseAll' | 'resumeAll'>,
): Pick<RpcHandlers, AgentMethods> {
  /** The run's transcript shows what the person put back. */
  const undone = (
    runId: string,
    how: EventPayload<'run.undone'>['how'],
    steps: { id: number }[],
    files: UndoChange[],
  ) => {
    const run = runner.runs.get(runId);
    if (!run || steps.length === 0) return;
    const checkpointIds = steps.map((s) => s.id);
    events.append({
      type: 'run.undone',
      sessionId: run.sessionId,
      payload: { runId, how, checkpointIds, files },
    });
  };
  /** Undoes or redoes one step, then says so in its run's transcript with the files it changed. */
  const oneStep = (how: 'undo' | 'redo', checkpointId: number, force: boolean) => {
    const files =
      how === 'undo' ? checkpoints.previewUndo(checkpointId) : checkpoints.previewRedo(checkpointId);
    const step = checkpoints[how](checkpointId, force);
    undone(step.runId, how, [step], files);
    return step;
  };
  return {
    'runs.start': (params) => info(startRun(runner, enclave, params)),
    'runs.get': ({ runId }) => {
      const run = runner.runs.get(runId);
      if (!run) throw new CoworkError('RESOURCE_NOT_FOUND', `No run ${runId}.`);
      const plan = runner.currentPlan(run);
      return { ...info(run), ...(plan ? { plan } : {}) };
    },
    'runs.list': () => ({ runs: runner.runs.list().map(info) }),
    'runs.cancel': ({ runId }) => ({ cancelled: runner.cancel(runId) }),
    'runs.resume': ({ runId }) => info(runner.resume(runId)),
    // Workforces first: a worker that ends meanwhile is followed by no new task.
    'runs.pauseAll': () => {
      const workforceIds = workforces.pauseAll();
      return { runIds: runner.pauseAll(), workforceIds };
    },
    'runs.resumeAll': () => ({ runIds: runner.resumeAll(), workforceIds: workforces.resumeAll() }),
    'runs.revert': ({ runId, force }) => {
      const files = checkpoints.previewRevert(runId);
      const steps = checkpoints.revertRun(runId, force);
      undone(runId, 'revert', steps, files);
      return { undone: steps };
    },
    'runs.fork': ({ runId, checkpointId }) => info(runner.fork(runId, checkpointId)),
    'runs.instructions': async ({ folder }) => ({ files: await runner.projectInstructions(folder) }),
    'runs.export': ({ runId, format }) => {
      const record = runner.runs.get(runId);
      if (!record) throw new CoworkError('RESOURCE_NOT_FOUND', `No run ${runId}.`);
      const run = info(record);
      const runEvents = events.ofRun(run.sessionId, run.id);
      const changes = checkpoints.list(run.id);
      return format === 'json'
        ? { format, run, events: runEvents, changes }
        : { format, markdown: runMarkdown(run, runEvents, changes, runner.usage({ runId })) };
    },
    'checkpoints.list': ({ runId }) => ({ checkpoints: checkpoints.list(runId) }),
    'checkpoints.redo': ({ checkpointId, force }) => oneStep('redo', checkpointId, force),
    'checkpoints.undo': ({ checkpointId, force }) => oneStep('undo', checkpointId, force),
    'checkpoints.preview': ({ runId, checkpointId }) => {
      if ((runId === undefined) === (checkpointId === undefined))
        throw new CoworkError(
          'INVALID_ARGUMENTS',
          'Give a runId (a revert) or a checkpointId (an undo), not both.',
        );
      return {
        files:
          checkpointId === undefined
            ? checkpoints.previewRevert(runId!)
            : checkpoints.previewUndo(checkpointId),
      };
    },
    'providers.list': () => ({ providers: providers.list() }),
    'providers.add': (config) => providers.put(config),
    'providers.remove': ({ id }) => {
      // Runs routed to a missing provider would fail: the routes must let go of it first.
      const uses = router.usesOf(id);
      if (uses.length > 0)
        throw new CoworkError(
          'CONFLICT',
          `${id} is still used by ${uses.join(', ')}: change the routing (Settings → Models) first.`,
          { uses },
        );
      secrets.delete(providerKeyName(id));
      return { removed: providers.remove(id) };
    },
    'providers.setKey': ({ id, key }) => {
      const provider = providers.get(id);
      if (!provider) throw new CoworkError('RESOURCE_NOT_FOUND', `No provider ${id}.`);
      secrets.set(providerKeyName(id), key);
      return providers.put({ ...provider, authRef: providerAuthRef(id) });
    },
    'routes.get': () => router.config,
    // Checked whole before anything is written: a rejected change leaves routes.json as it was.
    'routes.set': (config) => {
      checkRoutes(config, (id) => providers.get(id) !== undefined);
      router.save(config);
      // Every open UI shows the routes as they are now, not as it last read them.
      events.append({ type: 'routes.changed', payload: router.config });
      return router.config;
    },
    'secrets.status': () => secrets.status(),
    'usage.summary': (filter) => runner.usage(filter),
    'providers.detect': async ({ candidates }) => ({
      servers: await detectLocalServers(
        candidates?.map((c) => ({ name: c.name, baseUrl: c.baseUrl, ...(c.ollama ? { ollama: true } : {}) })),
      ),
    }),
    // Probed once and remembered: a model that cannot call tools is never handed an agent task.
    'providers.probe': async ({ id, model }) => {
      const provider = providers.get(id);
      if (!provider) throw new CoworkError('RESOURCE_NOT_FOUND', `No provider ${id}.`);
      const result = await probeCapabilities(provider, model, secrets.get(providerKeyName(id))).catch(
        (err: unknown) => {
          // The Logs panel and daemon.log tell what the person saw, and what the provider said.
          if (err instanceof CoworkError && err.code === 'PROVIDER_ERROR')
            logger.log('warn', 'provider probe failed', { module: 'models', ...err.details });
          throw err;
        },
      );
      const others = provider.models.filter((m) => m.id !== model);
      const existing = provider.models.find((m) => m.id === model) ?? { id: model };
      providers.put({
        ...provider,
        models: [
          ...others,
          { ...existing, supportsTools: result.supportsTools, supportsStreaming: result.supportsStreaming },
        ],
      });
      return result;
    },
  };
}
