import { CoworkError } from '../../../contracts/index.js';
import { type ConfigFormat, entriesUnder, type UnsupportedInput } from './config-format.js';
import { field, isObject, type Raw } from './fields.js';
import { readServerEntry } from './server-entry.js';
import type { InputSpec } from './variables.js';

/**
 * VS Code's `.vscode/mcp.json` (`{"inputs": […], "servers": …}`, JSON with comments), or the
 * `"mcp"` object of its settings. `${input:id}` is answered at import (promptString, pickString;
 * `password` ones are secrets); `${env:NAME}`, `${workspaceFolder}`, `${userHome}` are filled in.
 */
export const vscode: ConfigFormat = {
  id: 'vscode',
  syntax: 'vscode',
  yaml: false,
  entries: (doc) => entriesUnder(section(doc), 'servers', 'VS Code'),
  read: (value) => readServerEntry(value, { stdio: 'stdio', http: 'http', sse: 'sse' }),
  inputs(doc) {
    const list = section(doc)['inputs'];
    const inputs = new Map<string, InputSpec | UnsupportedInput>();
    if (list === undefined) return inputs;
    if (!Array.isArray(list)) throw invalidFile('"inputs" is not a list.');
    for (const [i, item] of list.entries()) {
      if (!isObject(item) || typeof item['id'] !== 'string' || typeof item['type'] !== 'string')
        throw invalidFile(`"inputs[${i}]" needs a string "id" and "type".`);
      inputs.set(item['id'], inputSpec(item, item['id'], item['type']));
    }
    return inputs;
  },
};

/** `.vscode/mcp.json` is the section itself; settings.json holds it under "mcp". */
const section = (doc: Raw): Raw => (doc['servers'] === undefined && isObject(doc['mcp']) ? doc['mcp'] : doc);

const invalidFile = (why: string) =>
  new CoworkError('INVALID_ARGUMENTS', `Not a VS Code MCP configuration: ${why}`);

function inputSpec(item: Raw, id: string, type: string): InputSpec | UnsupportedInput {
  if (type !== 'promptString' && type !== 'pickString') return { unsupported: type };
  try {
    const description = field.string(item, 'description') ?? id;
    const fallback = field.string(item, 'default');
    const options = type === 'pickString' ? pickOptions(item) : undefined;
    return {
      id,
      description,
      password: field.boolean(item, 'password') ?? false,
      ...(fallback === undefined ? {} : { default: fallback }),
      ...(options ? { options } : {}),
    };
  } catch (err) {
    throw invalidFile(`input "${id}": ${(err as Error).message}`);
  }
}

/** pickString options are strings or `{label, value}`. */
function pickOptions(item: Raw): string[] {
  const options = item['options'];
  if (!Array.isArray(options)) throw new Error('"options" must be a list.');
  return options.map((o) => {
    if (typeof o === 'string') return o;
    if (isObject(o) && typeof o['value'] === 'string') return o['value'];
    throw new Error('each of "options" must be a string or have a string "value".');
  });
}
