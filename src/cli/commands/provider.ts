/** `cowork provider add ID --kind K [--base-url URL] --model M … | list | remove ID`; `cowork routes …` */
import { readFileSync } from 'node:fs';
import { CoworkError, type ProviderConfig, type RoutesConfig } from '../../contracts/index.js';
import { parseRoutesFile } from '../../models/index.js';
import { usageError } from '../command-table.js';
import { printJson } from '../output.js';
import { withDaemon } from '../rpc.js';
import { printTable } from '../table.js';

export interface ProviderCommandOptions {
  home: string;
  kind?: string | undefined;
  baseUrl?: string | undefined;
  model?: string[] | undefined;
  json?: boolean;
}

export async function providerCommand(
  sub: string | undefined,
  id: string | undefined,
  o: ProviderCommandOptions,
): Promise<number> {
  return withDaemon(o.home, async (call) => {
    if (sub === 'list') {
      const listed = await call('providers.list', {});
      if (o.json) printJson(listed);
      else
        printTable(
          listed.providers,
          [
            { header: 'ID', value: (p) => p.id },
            { header: 'KIND', value: (p) => p.kind },
            {
              header: 'MODELS',
              value: (p) =>
                p.models.map((m) => (m.id === p.defaultModel ? `${m.id} (default)` : m.id)).join(', '),
            },
            { header: 'KEY', value: (p) => (p.authRef ? 'set' : '') },
            { header: 'URL', value: (p) => p.baseUrl ?? '' },
          ],
          'No model providers yet: cowork provider detect, then cowork provider add ID --kind K --model M',
        );
      return 0;
    }
    if (sub === 'add' && id && o.kind) {
      const models = (o.model ?? []).map((m) => ({ id: m }));
      const added = await call('providers.add', {
        id,
        kind: o.kind as never,
        ...(o.baseUrl ? { baseUrl: o.baseUrl } : {}),
        models,
        ...(models[0] ? { defaultModel: models[0].id } : {}),
      });
      if (o.json) printJson(added);
      else process.stdout.write(`added provider ${addedLine(added)}\n`);
      return 0;
    }
    if (sub === 'detect') {
      const detected = await call('providers.detect', {});
      if (o.json) printJson(detected);
      else
        printTable(
          detected.servers,
          [
            { header: 'SERVER', value: (d) => d.name },
            { header: 'URL', value: (d) => d.baseUrl },
            { header: 'MODELS', value: (d) => d.models.join(', ') },
          ],
          'No local model server answered (Ollama, LM Studio, llama.cpp, vLLM on their usual ports).',
        );
      return 0;
    }
    if (sub === 'probe' && id && o.model?.[0]) {
      printJson(await call('providers.probe', { id, model: o.model[0] }));
      return 0;
    }
    if (sub === 'key' && id) {
      // From standard input, never the command line (it would land in shell history and `ps`).
      const key = (await readStdin()).trim();
      if (!key)
        throw new CoworkError(
          'INVALID_ARGUMENTS',
          'Pipe the key on standard input: cowork provider key ID < keyfile',
        );
      const provider = await call('providers.setKey', { id, key });
      const status = await call('secrets.status', {});
      if (o.json) printJson({ id: provider.id, authRef: provider.authRef, status });
      else {
        const where = status.backend === 'keychain' ? 'the OS keychain' : 'the encrypted key file';
        process.stdout.write(`key saved for provider ${provider.id} (in ${where})\n`);
        if (status.warning) process.stderr.write(`note: ${status.warning}\n`);
      }
      return 0;
    }
    if (sub === 'remove' && id) {
      const r = await call('providers.remove', { id });
      if (o.json) printJson(r);
      else process.stdout.write(r.removed ? `removed provider ${id}\n` : `no provider ${id}\n`);
      return 0;
    }
    throw usageError('provider');
  });
}

/** `ollama (openai-compatible, http://localhost:11434/v1, model llama3.2)` */
function addedLine(p: ProviderConfig): string {
  const models = p.models.map((m) => m.id);
  const said = [
    p.kind,
    ...(p.baseUrl ? [p.baseUrl] : []),
    ...(models.length > 0 ? [`${models.length > 1 ? 'models' : 'model'} ${models.join(', ')}`] : []),
  ];
  return `${p.id} (${said.join(', ')})`;
}

function readStdin(): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (c) => {
      data += c;
    });
    process.stdin.on('end', () => resolve(data));
  });
}

/**
 * `cowork routes list | set FILE`: the routing rules and default model. FILE is routes.json in
 * either form (`{ defaultModel, rules }` or a plain list of rules); the daemon checks it whole.
 */
export async function routesCommand(
  sub: string | undefined,
  file: string | undefined,
  home: string,
  json: boolean,
) {
  return withDaemon(home, async (call) => {
    if (sub === 'list') {
      const routes = await call('routes.get', {});
      if (json) printJson(routes);
      else printRoutes(routes);
      return 0;
    }
    if (sub === 'set' && file) {
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(file, 'utf8'));
      } catch (err) {
        throw new CoworkError('INVALID_ARGUMENTS', `${file}: ${(err as Error).message}`);
      }
      printJson(await call('routes.set', parseRoutesFile(json, file)));
      return 0;
    }
    throw usageError('routes');
  });
}

function printRoutes(routes: RoutesConfig): void {
  process.stdout.write(
    `default model: ${routes.defaultModel ?? '(none: the first provider’s first model)'}\n`,
  );
  if (routes.rules.length === 0) return;
  process.stdout.write('\n');
  printTable(
    routes.rules,
    [
      { header: 'PRIORITY', value: (r) => String(r.priority) },
      { header: 'RULE', value: (r) => r.id },
      {
        header: 'WHEN',
        value: (r) =>
          Object.entries(r.match)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ') || 'always',
      },
      { header: 'MODEL', value: (r) => r.modelId },
      { header: 'FALLBACKS', value: (r) => r.fallbacks.join(', ') },
    ],
    '',
  );
}
