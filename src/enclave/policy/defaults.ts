import { type ParsedRule, PolicyRule } from '../../contracts/index.js';
import { FILE_WRITE_ACTIONS } from '../operations/actions.js';
import { COMMAND_RULES, PRIVILEGE_RULE } from './default-commands.js';

/**
 * Built-in rules: what a person would expect without writing any policy. They sit in tiers
 * (see evaluate.ts): locked protections (secrets, shell start-up files, git hooks, privilege
 * escalation) rank with the person's own rules and cannot be disabled; ordinary defaults apply
 * when no rule of the person's matched; fallbacks apply when nothing else did.
 */
export const LOCKED_DEFAULTS = new Set([
  'default.secrets',
  'default.protected-files',
  'default.editor-project-files',
  'default.privilege',
]);
export const FALLBACK_DEFAULTS = new Set(['default.exec', 'default.mcp']);

/**
 * Secrets by name: never read, listed, searched or written, even inside a grant. Unanchored (they
 * match at any depth), so a dotfiles repository symlinked into the home is covered where it really
 * is. Key and certificate files (`*.pem`, `*.key`) are decided by CONTENT instead (a certificate is
 * not a secret; a private key is one whatever its name): see secret-content.ts and the planners.
 */
export const SECRET_PATHS = [
  // environment files with credentials; the committed templates are not secrets
  '.env',
  '.env.!(example|sample|template|dist|defaults)',
  '.envrc', // direnv: usually exports tokens (and runs on cd)
  // ssh / pgp private keys (their `.pub` halves are public)
  'id_rsa!(*.pub)',
  'id_dsa!(*.pub)',
  'id_ecdsa!(*.pub)',
  'id_ecdsa_sk!(*.pub)',
  'id_ed25519!(*.pub)',
  'id_ed25519_sk!(*.pub)',
  '*.ppk', // PuTTY private key
  // key stores: binary containers holding private keys
  '*.p12',
  '*.pfx',
  '*.keystore',
  '*.jks',
  '*.bks',
  '*.p8', // PKCS#8 private key (Apple push keys…)
  '.ssh',
  '.gnupg',
  '.password-store',
  '.local/share/keyrings',
  'Library/Keychains',
  '*.keychain',
  '*.keychain-db',
  // cloud and cluster credentials
  '.aws',
  '.azure',
  '.config/gcloud', // application_default_credentials.json, credentials.db, access_tokens.db
  '.kube/config',
  '*.kubeconfig',
  '.vault-token',
  '.terraform.d/credentials.tfrc.json',
  '.config/doctl', // DigitalOcean token
  '.oci', // Oracle Cloud keys
  '.config/rclone/rclone.conf', // tokens of every remote
  // registries and package managers
  '.docker/config.json',
  '.npmrc', // _authToken
  '.yarnrc.yml', // npmAuthToken
  '.pypirc',
  '.gem/credentials',
  '.cargo/credentials',
  '.cargo/credentials.toml',
  '.gradle/gradle.properties', // signing and repository passwords
  '.m2/settings.xml', // repository passwords
  '.m2/settings-security.xml',
  '.composer/auth.json',
  '.config/composer/auth.json',
  // hosts, databases, version control
  '.netrc',
  '_netrc',
  '.pgpass',
  '.my.cnf', // MySQL client password
  '.git-credentials',
  '.config/gh/hosts.yml',
  '.config/hub',
  '.config/glab-cli/config.yml',
  '.htpasswd',
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
// Left out on purpose: `credentials.json` / `service-account*.json` / `wp-config.php` (common
// names of ordinary project files; a service-account key is caught by its PEM private key inside),
// `*.ovpn` (usually certificates only; an inline key is caught by content).

/**
 * Files that run code later — the agent's, the person's next shell, editor, login or `git
 * status` — so they are never written, moved into place, moved away or deleted (persistence in
 * MITRE ATT&CK terms: T1546.004 shell configuration, T1547.013 XDG autostart, T1543.001/.002
 * launch agents and systemd units, T1053 cron, T1574 hijacked search paths). Unanchored unless
 * they name a folder that is ordinary in a project (`~/bin`).
 */
export const PROTECTED_FILES = [
  // git: everything in a `.git` folder (config, hooks, commondir, modules, worktrees,
  // info/attributes, objects/info/alternates) and a `.git` FILE (a gitfile can point git at a
  // config the agent wrote). Git directories under other names are found by the planner
  // (fs-plan.ts: a folder with HEAD, objects and refs is a git directory), as is core.hooksPath.
  '.git',
  '.gitmodules',
  '.gitconfig',
  '*.gitconfig',
  '.gitconfig.*', // included files (.gitconfig.local)
  '.config/git', // config, attributes, hooks of the XDG location
  '.husky', // hooks folder of husky (core.hooksPath)
  // shells: start-up files and folders they source
  '.bashrc',
  '.bashrc.d',
  '.bash_profile',
  '.bash_login',
  '.bash_logout',
  '.bash_aliases',
  '.profile',
  '.profile.d',
  '.zshrc',
  '.zprofile',
  '.zshenv',
  '.zlogin',
  '.zlogout',
  '.zshrc.d',
  '.config/zsh', // ZDOTDIR
  '.oh-my-zsh/custom',
  '.kshrc',
  '.mkshrc',
  '.tcshrc',
  '.cshrc',
  '.login',
  '.logout',
  '.inputrc', // readline macros type commands
  '.config/fish', // config.fish, conf.d, functions
  '.config/starship.toml', // custom modules run a command at every prompt
  '.tmux.conf',
  '.config/tmux',
  '.screenrc',
  // folders on the person's PATH: a file there shadows a command
  '.local/bin',
  '~/bin',
  '.cargo/bin',
  '~/go/bin',
  // desktop session and services
  '.config/autostart',
  '.config/systemd',
  '.local/share/systemd',
  '.config/environment.d',
  '.local/share/dbus-1/services',
  '.config/plasma-workspace', // env/ and shutdown/ scripts
  '.config/i3',
  '.config/sway',
  '.config/hypr',
  '.config/openbox',
  '.config/lxsession',
  '.xprofile',
  '.xinitrc',
  '.xsession*',
  '.xserverrc',
  '.pam_environment',
  'Library/LaunchAgents',
  'Library/LaunchDaemons',
  // editors and debuggers: init files run on start
  '.vimrc',
  '.gvimrc',
  '.exrc',
  '.vim',
  '.config/nvim',
  '.local/share/nvim/site', // autoloaded plugins
  '.emacs',
  '.emacs.d',
  '.config/emacs',
  '.spacemacs',
  '.doom.d',
  '.config/doom',
  '.config/Code/User',
  '.vscode/extensions', // ~/.vscode/extensions: installed extension code
  '.gdbinit',
  '.lldbinit',
  // language tools and clients whose config runs programs
  '.yarnrc', // yarn-path
  '.pnpmfile.cjs',
  '.config/pip',
  '.pip',
  'pip.conf',
  'pip.ini',
  'sitecustomize.py',
  'usercustomize.py',
  'site-packages/*.pth',
  '.local/lib/python*/site-packages',
  '.cargo/config',
  '.cargo/config.toml',
  '.gradle/init.d',
  '.gradle/init.gradle*',
  '.mavenrc',
  '.irbrc',
  '.pryrc',
  '.Rprofile',
  '.psqlrc',
  '.sqliterc',
  '.docker', // credential helpers, cli-plugins
  '.kube', // exec credential plugins
  '.config/gh', // aliases run shell commands
  '.direnvrc',
  '.config/direnv',
  '.terraformrc',
  '.wgetrc',
  '.curlrc',
  '.mailcap',
  '.lesskey',
  '.config/lesskey',
  '.lessfilter',
];

/**
 * Project settings an editor applies when the folder opens: VS Code runs `tasks.json` tasks marked
 * `runOn: folderOpen`, and its settings name programs it starts (interpreters, formatters) — in a
 * trusted workspace. Writing them is ordinary project work too, so the person decides.
 */
const EDITOR_PROJECT_FILES = [
  '.vscode/settings.json',
  '.vscode/tasks.json',
  '.vscode/launch.json',
  '*.code-workspace',
  '.devcontainer',
];

const WRITE_ACTIONS = [...FILE_WRITE_ACTIONS];

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
    reason:
      'Files that run code later (git config and hooks, shell and session start-up files, autostart, editor and tool init files) are never written, moved or deleted.',
    examples: {
      match: [
        { action: 'fs.write', path: '/p/repo/.git/hooks/pre-commit' },
        { action: 'fs.write', path: '/p/repo/sub/.git' },
        { action: 'fs.append', path: '/home/p/.bashrc' },
        { action: 'fs.write', path: '/home/p/.config/fish/conf.d/x.fish' },
        { action: 'fs.delete', path: '/home/p/.config/autostart/x.desktop' },
      ],
      not_match: [
        { action: 'fs.write', path: '/p/repo/.github/config.yml' },
        { action: 'fs.write', path: '/p/repo/bin/run.sh' },
        { action: 'fs.write', path: '/p/repo/.gitignore' },
      ],
    },
  },
  {
    id: 'default.editor-project-files',
    action: WRITE_ACTIONS,
    match: { paths: EDITOR_PROJECT_FILES },
    decision: 'ask_user',
    reasonCode: 'PROTECTED_PATH',
    reason:
      'Editor project settings can start programs when the folder opens; changing them needs your approval.',
    examples: { match: [{ action: 'fs.write', path: '/p/repo/.vscode/tasks.json' }] },
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
    // A server the person enabled reads only what it was given (its sandbox); what it offers to
    // read (resources, prompts) is allowed, and audited. A rule with its name can deny or ask.
    id: 'default.mcp-read',
    action: 'mcp.read',
    decision: 'allow',
    reasonCode: 'MCP_TOOL_ALLOWED',
    reason: 'Reading a resource or prompt of an MCP server you enabled.',
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
