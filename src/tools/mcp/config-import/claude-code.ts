import { CoworkError } from '../../../contracts/index.js';
import { type ConfigFormat, entriesUnder, type RawEntry } from './config-format.js';
import { isObject, type Raw } from './fields.js';
import { readServerEntry } from './server-entry.js';

/**
 * Claude Code: a project's `.mcp.json` (`{"mcpServers": …}`) or `~/.claude.json`, which holds the
 * user's servers in `mcpServers` and each project's in `projects[path].mcpServers`. Servers have
 * `type: stdio|http|sse`, `headers`, and `${VAR}` / `${VAR:-default}` in their strings.
 */
export const claudeCode: ConfigFormat = {
  id: 'claude-code',
  syntax: 'claude-code',
  yaml: false,
  entries(doc) {
    // ~/.claude.json may have only projects' servers; a project's .mcp.json has only `mcpServers`.
    const projects = isObject(doc['projects']) ? projectEntries(doc['projects']) : undefined;
    const user =
      doc['mcpServers'] === undefined && projects ? [] : entriesUnder(doc, 'mcpServers', 'Claude Code');
    return [...user, ...(projects ?? [])];
  },
  read: (value) => readServerEntry(value, { stdio: 'stdio', http: 'http', sse: 'sse' }),
};

function projectEntries(projects: Raw): RawEntry[] {
  return Object.entries(projects).flatMap(([path, project]) => {
    if (!isObject(project) || project['mcpServers'] === undefined) return [];
    try {
      return entriesUnder(project, 'mcpServers', 'Claude Code', `project ${path}`);
    } catch {
      throw new CoworkError(
        'INVALID_ARGUMENTS',
        `Not a Claude Code configuration: "projects.${path}.mcpServers" is not an object of servers.`,
      );
    }
  });
}
