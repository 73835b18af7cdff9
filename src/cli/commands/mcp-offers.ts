/**
 * `cowork mcp resources|read|prompts|prompt`: what a server offers besides tools, for the person
 * in the terminal. Lists are read to the end (every page); `--json` prints the daemon's answers.
 */
import { CoworkError } from '../../contracts/index.js';
import { allPages } from '../../tools/index.js';
import { printJson } from '../output.js';
import type { RpcCall } from '../rpc.js';

const out = (line: string) => process.stdout.write(`${line}\n`);

export async function mcpResources(call: RpcCall, name: string, json: boolean): Promise<number> {
  const resources = await allPages(
    (cursor) => call('mcp.listResources', { name, ...(cursor ? { cursor } : {}) }),
    (p) => p.resources,
  );
  const resourceTemplates = await allPages(
    (cursor) => call('mcp.listResourceTemplates', { name, ...(cursor ? { cursor } : {}) }),
    (p) => p.resourceTemplates,
  );
  if (json) {
    printJson({ resources, resourceTemplates });
    return 0;
  }
  if (resources.length === 0) out('No resources.');
  for (const r of resources) {
    out(`${r.uri}  ${r.title ?? r.name}${r.mimeType ? `  (${r.mimeType})` : ''}`);
    if (r.description) out(`    ${r.description}`);
  }
  if (resourceTemplates.length > 0) out('\nTemplates:');
  for (const t of resourceTemplates) {
    out(`${t.uriTemplate}  ${t.title ?? t.name}`);
    if (t.description) out(`    ${t.description}`);
  }
  return 0;
}

export async function mcpRead(call: RpcCall, name: string, uri: string, json: boolean): Promise<number> {
  const result = await call('mcp.readResource', { name, uri });
  if (json) {
    printJson(result);
    return 0;
  }
  for (const c of result.contents) {
    if ('text' in c) process.stdout.write(c.text.endsWith('\n') ? c.text : `${c.text}\n`);
    else
      process.stderr.write(
        `[${c.uri}: ${Math.floor((c.blob.length * 3) / 4)} bytes of ${c.mimeType ?? 'binary data'}; --json has them in base64]\n`,
      );
  }
  return 0;
}

export async function mcpPrompts(call: RpcCall, name: string, json: boolean): Promise<number> {
  const prompts = await allPages(
    (cursor) => call('mcp.listPrompts', { name, ...(cursor ? { cursor } : {}) }),
    (p) => p.prompts,
  );
  if (json) {
    printJson({ prompts });
    return 0;
  }
  if (prompts.length === 0) out('No prompts.');
  for (const p of prompts) {
    const args = (p.arguments ?? []).map((a) => (a.required ? a.name : `[${a.name}]`)).join(' ');
    out(`${p.name}${args ? ` ${args}` : ''}${p.description ? `  — ${p.description}` : ''}`);
  }
  return 0;
}

/** `k=v` pairs into the prompt's arguments (a value may hold `=`). */
function promptArguments(pairs: string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((kv) => {
      const at = kv.indexOf('=');
      if (at <= 0) throw new CoworkError('INVALID_ARGUMENTS', `"${kv}" is not NAME=VALUE.`);
      return [kv.slice(0, at), kv.slice(at + 1)];
    }),
  );
}

export async function mcpPrompt(
  call: RpcCall,
  name: string,
  prompt: string,
  pairs: string[],
  json: boolean,
): Promise<number> {
  const result = await call('mcp.getPrompt', { name, prompt, arguments: promptArguments(pairs) });
  if (json) {
    printJson(result);
    return 0;
  }
  if (result.description) out(`# ${result.description}`);
  for (const { role, content } of result.messages) {
    const body =
      content.type === 'text'
        ? content.text
        : content.type === 'resource'
          ? 'text' in content.resource
            ? content.resource.text
            : `[${content.resource.uri}]`
          : content.type === 'resource_link'
            ? `[${content.uri}]`
            : `[${content.type}, ${content.mimeType}]`;
    out(`${role}: ${body}`);
  }
  return 0;
}
