/**
 * Built-in tools: the enclave's operations, described for models. Each id is `builtin:<operation>`;
 * the arguments' JSON Schema is generated from the same zod schema the door validates with.
 */
import { toJSONSchema } from 'zod/mini';
import type { PolicyAction, RegisteredTool } from '../contracts/index.js';
import { OPERATION_NAMES, type OperationName, operationArgs } from '../enclave/index.js';

const DESCRIPTIONS: Record<OperationName, string> = {
  'fs.read': 'Read a text file (or a byte range of it) inside a granted folder.',
  'fs.write': 'Create or replace a file inside a read-write grant (atomic).',
  'fs.append': 'Append text to a file inside a read-write grant.',
  'fs.list': 'List a folder, optionally recursively and respecting .gitignore.',
  'fs.stat': 'Size, type, times and mode of a path.',
  'fs.mkdir': 'Create a folder (and missing parents).',
  'fs.move': 'Move or rename a file or folder.',
  'fs.delete': "Delete a file or folder (moved to Cowork's trash, so it can be undone).",
  'net.fetch': 'Fetch an http(s) URL from a host the policy lists. Redirects are returned, not followed.',
  exec: 'Run a command (argv, or a shell command line) in the sandbox, in a granted folder.',
  'fs.edit': 'Edit a file: exact-match replacements (each oldText must occur once) or a unified diff.',
  'fs.search': 'Search file contents with ripgrep (regex); .gitignore is respected.',
};

const READ_ONLY = new Set<OperationName>(['fs.read', 'fs.list', 'fs.stat', 'fs.search']);

export function builtinTools(): RegisteredTool[] {
  return OPERATION_NAMES.map((op) => ({
    id: `builtin:${op}`,
    source: 'builtin',
    spec: {
      name: op,
      description: DESCRIPTIONS[op],
      inputSchema: toJSONSchema(operationArgs[op], { io: 'input', unrepresentable: 'any' }) as Record<
        string,
        unknown
      >,
      annotations: {
        readOnly: READ_ONLY.has(op),
        requiresConfirmation: op === 'fs.delete' || op === 'fs.move',
        policyAction: (op === 'fs.edit' ? 'fs.write' : op === 'fs.search' ? 'fs.read' : op) as PolicyAction,
        requiredScopes: [op.split('.')[0]!],
        concurrency: READ_ONLY.has(op) ? 'parallel' : 'exclusive',
      },
    },
  }));
}
