import * as z from 'zod/mini';
import { Decision, ReasonCode } from './policy.js';

/** Policy file versions this build understands. Anything else loads as "deny everything". */
export const KNOWN_POLICY_VERSIONS = [1] as const;

const nonEmpty = () => z.string().check(z.minLength(1));
/** A list of one or more non-empty patterns. */
const patterns = () => z.optional(z.array(nonEmpty()).check(z.minLength(1)));

const Example = z.strictObject({
  action: z.optional(z.string()),
  path: z.optional(z.string()),
  argv: z.optional(z.array(z.string())),
  host: z.optional(z.string()),
  port: z.optional(z.int()),
  count: z.optional(z.int()),
  overwrite: z.optional(z.boolean()),
  agentCreated: z.optional(z.boolean()),
});
export type PolicyExample = z.infer<typeof Example>;

export const RuleMatch = z.strictObject({
  /** Path globs (any matches). */
  paths: patterns(),
  /** Argv prefix patterns (any matches). */
  argv: z.optional(z.array(z.array(z.string()).check(z.minLength(1))).check(z.minLength(1))),
  /**
   * Flags the command carries anywhere among its arguments (before `--`), each a list of
   * equivalent spellings: `[["r", "R", "recursive"], ["f", "force"]]` matches `rm -rf`, `rm -fr`,
   * `rm -r -f` and `rm --recursive --force`. One letter is a short flag (also inside a cluster),
   * a longer name a `--long` option (with or without `=value`). Every list must be met.
   */
  flags: z.optional(z.array(z.array(nonEmpty()).check(z.minLength(1))).check(z.minLength(1))),
  /** Host patterns (any matches). */
  hosts: patterns(),
  mcpServers: patterns(),
  mcpTools: patterns(),
  /** Matches operations touching at least this many items. */
  minCount: z.optional(z.int().check(z.positive())),
  overwrite: z.optional(z.boolean()),
  agentCreated: z.optional(z.boolean()),
});
export type RuleMatch = z.infer<typeof RuleMatch>;

export const PolicyRule = z.strictObject({
  id: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'rule ids are letters, digits, . _ -')),
  action: z.union([nonEmpty(), z.array(nonEmpty()).check(z.minLength(1))]),
  match: z._default(RuleMatch, {}),
  decision: Decision,
  reasonCode: z._default(ReasonCode, 'USER_RULE'),
  reason: z.string().check(z.minLength(1), z.maxLength(500)),
  examples: z.optional(
    z.strictObject({ match: z._default(z.array(Example), []), not_match: z._default(z.array(Example), []) }),
  ),
});
export type PolicyRule = z.input<typeof PolicyRule>;
export type ParsedRule = z.infer<typeof PolicyRule>;

export const PolicyFile = z.strictObject({
  version: z.int(),
  network: z._default(z.strictObject({ allowHosts: z._default(z.array(nonEmpty()), []) }), {
    allowHosts: [],
  }),
  /**
   * Commands always run in the OS sandbox; if it cannot start they fail. `allowUnsandboxed: true`
   * is the person's explicit choice to run them unconfined instead (every such run is audited).
   */
  sandbox: z._default(z.strictObject({ allowUnsandboxed: z._default(z.boolean(), false) }), {
    allowUnsandboxed: false,
  }),
  /** Ids of built-in rules to switch off (locked ones cannot be). */
  disableDefaults: z._default(z.array(z.string()), []),
  rules: z._default(z.array(PolicyRule), []),
});
export type PolicyFileInput = z.input<typeof PolicyFile>;
export type ParsedPolicyFile = z.infer<typeof PolicyFile>;
