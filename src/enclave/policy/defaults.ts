import { COMMAND_RULES, PRIVILEGE_RULE } from './default-commands.js';
import { type ParsedRule, PolicyRule } from './policy-file.js';

/**
 * Built-in rules: what a person would expect without writing any policy. They sit in tiers
 * (see evaluate.ts): locked protections (secrets, shell start-up files, git hooks, privilege
 * escalation) rank with the person's own rules and cannot be disabled; ordinary defaults apply
 * when no rule of the person's matched; fallbacks apply when nothing else did.
 */
export const LOCKED_DEFAULTS = new Set(['default.secrets', 'default.protected-files', 'default.privilege']);
export const FALLBACK_DEFAULTS = new Set(['default.exec', 'default.mcp']);

export const SECRET_PATHS = [
  '.env',
  '.env.*',
  '.envrc',
  'id_rsa*',
  'id_dsa*',
  'id_ecdsa*',
  'id_ed25519*',
  '*.pem',
  '*.p12',
  '*.pfx',
  '*.keystore',
  '.ssh',
  '.aws',
  '.gnupg',
  '.kube/config',
  '.docker/config.json',
  '.netrc',
  '.npmrc',
  '.pypirc',
  '.git-credentials',
  '.config/gh/hosts.yml',
  '.password-store',
  '.local/share/keyrings',
  'Library/Keychains',
  '*.keychain',
  '*.keychain-db',
  // browser profiles: cookies, saved passwords, sessions
  '.mozilla',
  '.config/google-chrome',
  '.config/chromium',
  '.config/BraveSoftware',
  '.config/microsoft-edge',
  'Library/Application Support/Google/Chrome',
  'Library/Application Support/Firefox',
  'Library/Application Support/BraveSoftware',
  'Library/Application Support/Microsoft Edge',
  'Library/Cookies',
  'Library/Safari',
];

const PROTECTED_FILES = [
  '.bashrc',
  '.bash_profile',
  '.bash_login',
  '.bash_logout',
  '.profile',
  '.zshrc',
  '.zprofile',
  '.zshenv',
  '.zlogin',
  '.config/fish/config.fish',
  '.git/hooks',
  '.git/config',
  '.gitmodules',
];

const WRITE_ACTIONS = ['fs.write', 'fs.append', 'fs.mkdir', 'fs.move', 'fs.delete'];

const DEFAULT_RULE_SOURCE: PolicyRule[] = [
  {
    id: 'default.secrets',
    action: 'fs.*',
    match: { paths: SECRET_PATHS },
    decision: 'deny',
    reasonCode: 'SECRET_PATH',
    reason: 'Secrets (keys, tokens, credentials, browser profiles) are never touched, even inside a grant.',
    examples: {
      match: [
        { action: 'fs.read', path: '/home/p/proj/.env' },
        { action: 'fs.read', path: '/home/p/.ssh/config' },
      ],
      not_match: [{ action: 'fs.read', path: '/home/p/proj/environment.md' }],
    },
  },
  {
    id: 'default.protected-files',
    action: WRITE_ACTIONS,
    match: { paths: PROTECTED_FILES },
    decision: 'deny',
    reasonCode: 'PROTECTED_PATH',
    reason: 'Shell start-up files and git hooks/config run code later; they are never written.',
    examples: {
      match: [
        { action: 'fs.write', path: '/p/repo/.git/hooks/pre-commit' },
        { action: 'fs.append', path: '/home/p/.bashrc' },
      ],
      not_match: [{ action: 'fs.write', path: '/p/repo/.github/config.yml' }],
    },
  },
  PRIVILEGE_RULE,
  {
    id: 'default.read-in-grants',
    action: ['fs.read', 'fs.list', 'fs.stat'],
    decision: 'allow',
    reasonCode: 'INSIDE_GRANT',
    reason: 'Reading inside a granted folder.',
  },
  {
    id: 'default.write-in-grants',
    action: ['fs.write', 'fs.append', 'fs.mkdir'],
    decision: 'allow',
    reasonCode: 'INSIDE_GRANT',
    reason: 'Creating and writing inside a read-write grant.',
  },
  {
    id: 'default.overwrite-unowned',
    action: ['fs.write', 'fs.append'],
    match: { overwrite: true, agentCreated: false },
    decision: 'ask_user',
    reasonCode: 'OVERWRITE_UNOWNED',
    reason: 'Changing a file the agent did not create needs your approval.',
  },
  {
    id: 'default.destructive',
    action: ['fs.delete', 'fs.move'],
    decision: 'ask_user',
    reasonCode: 'DESTRUCTIVE_OPERATION',
    reason: 'Deleting or moving files needs your approval.',
  },
  {
    id: 'default.batch',
    action: ['fs.*', 'exec'],
    match: { minCount: 20 },
    decision: 'ask_user',
    reasonCode: 'BATCH_OPERATION',
    reason: 'Operations on 20 or more items need your approval.',
  },
  ...COMMAND_RULES,
  {
    id: 'default.mcp',
    action: 'mcp.call',
    decision: 'ask_user',
    reasonCode: 'MCP_TOOL_NOT_ALLOWED',
    reason: 'Calling this MCP tool needs your approval.',
  },
  {
    // The pages are of hosts the policy allows (everything else never loads); acting on them is
    // allowed by default. A person can make a site's clicks ask (a rule with its host).
    id: 'default.browser-act',
    action: 'browser.act',
    decision: 'allow',
    reasonCode: 'HOST_ALLOWED',
    reason: 'Acting on a page of a site the policy allows.',
  },
  {
    // A lesson steers every later task: one planted by a web page or a file the agent read would
    // persist an injection. The person confirms each (or allows them in their policy).
    id: 'default.memory-remember',
    action: 'memory.remember',
    decision: 'ask_user',
    reasonCode: 'MEMORY_WRITE',
    reason: 'The agent wants to remember this for later tasks.',
  },
];

/** Parsed once, like a policy file: defaults obey the same schema as everyone's rules. */
export const DEFAULT_RULES: ParsedRule[] = DEFAULT_RULE_SOURCE.map((r) => PolicyRule.parse(r));
