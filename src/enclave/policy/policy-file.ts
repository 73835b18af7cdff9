import { z } from 'zod';
import { Decision, ReasonCode } from '../../contracts/index.js';

/** Policy file versions this build understands. Anything else loads as "deny everything". */
export const KNOWN_POLICY_VERSIONS = [1] as const;

const Example = z
  .object({
    action: z.string().optional(),
    path: z.string().optional(),
    argv: z.array(z.string()).optional(),
    host: z.string().optional(),
    port: z.number().int().optional(),
    count: z.number().int().optional(),
    overwrite: z.boolean().optional(),
    agentCreated: z.boolean().optional(),
  })
  .strict();
export type PolicyExample = z.infer<typeof Example>;

export const RuleMatch = z
  .object({
    /** Path globs (any matches). */
    paths: z.array(z.string().min(1)).min(1).optional(),
    /** Argv prefix patterns (any matches). */
    argv: z.array(z.array(z.string()).min(1)).min(1).optional(),
    /** Host patterns (any matches). */
    hosts: z.array(z.string().min(1)).min(1).optional(),
    mcpServers: z.array(z.string().min(1)).min(1).optional(),
    mcpTools: z.array(z.string().min(1)).min(1).optional(),
    /** Matches operations touching at least this many items. */
    minCount: z.number().int().positive().optional(),
    overwrite: z.boolean().optional(),
    agentCreated: z.boolean().optional(),
  })
  .strict();
export type RuleMatch = z.infer<typeof RuleMatch>;

export const PolicyRule = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'rule ids are letters, digits, . _ -'),
    action: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    match: RuleMatch.default({}),
    decision: Decision,
    reasonCode: ReasonCode.default('USER_RULE'),
    reason: z.string().min(1).max(500),
    examples: z
      .object({ match: z.array(Example).default([]), not_match: z.array(Example).default([]) })
      .strict()
      .optional(),
  })
  .strict();
export type PolicyRule = z.input<typeof PolicyRule>;
export type ParsedRule = z.infer<typeof PolicyRule>;

export const PolicyFile = z
  .object({
    version: z.number().int(),
    network: z
      .object({ allowHosts: z.array(z.string().min(1)).default([]) })
      .strict()
      .default({ allowHosts: [] }),
    /**
     * Commands always run in the OS sandbox; if it cannot start they fail. `allowUnsandboxed: true`
     * is the person's explicit choice to run them unconfined instead (every such run is audited).
     */
    sandbox: z
      .object({ allowUnsandboxed: z.boolean().default(false) })
      .strict()
      .default({ allowUnsandboxed: false }),
    /** Ids of built-in rules to switch off (locked ones cannot be). */
    disableDefaults: z.array(z.string()).default([]),
    rules: z.array(PolicyRule).default([]),
  })
  .strict();
export type PolicyFileInput = z.input<typeof PolicyFile>;
export type ParsedPolicyFile = z.infer<typeof PolicyFile>;
