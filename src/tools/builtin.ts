/**
 * Built-in tools: the enclave's operations, described for models. Each id is `builtin:<operation>`;
 * everything about a tool comes from the door's operations table, and the arguments' JSON Schema
 * is generated from the same zod schema the door validates with.
 */
import { toJSONSchema } from 'zod/mini';
import type { RegisteredTool } from '../contracts/index.js';
import { OPERATION_NAMES, OPERATIONS, readsOnly } from '../enclave/index.js';

export function builtinTools(): RegisteredTool[] {
  return OPERATION_NAMES.map((op) => {
    const row = OPERATIONS[op];
    const readOnly = readsOnly(op);
    return {
      id: `builtin:${op}`,
      source: 'builtin',
      spec: {
        name: op,
        description: row.description,
        inputSchema: toJSONSchema(row.args, { io: 'input', unrepresentable: 'any' }) as Record<
          string,
          unknown
        >,
        annotations: {
          readOnly,
          requiresConfirmation: 'confirm' in row,
          policyAction: row.policyAction,
          requiredScopes: [op.split('.')[0]!],
          concurrency: readOnly ? 'parallel' : 'exclusive',
        },
      },
    };
  });
}
