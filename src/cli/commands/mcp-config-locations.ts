import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { McpConfigFormat } from '../../contracts/index.js';

/** A place where an MCP client keeps its config file. */
export interface ConfigLocation {
  file: string;
  format: McpConfigFormat;
  /** `${workspaceFolder}` for a project's file; none for the user's own. */
  workspaceFolder?: string;
}

/**
 * Where the clients Cowork imports from keep their files (user-wide ones for this platform, and
 * the project files of `cwd`), as their documentation gives them.
 */
export function knownConfigLocations(
  home: string,
  cwd: string,
  platform = process.platform,
): ConfigLocation[] {
  const appData = platform === 'darwin' ? join(home, 'Library', 'Application Support') : undefined;
  const xdgConfig = process.env['XDG_CONFIG_HOME'] || join(home, '.config');
  const userConfig =
    platform === 'win32'
      ? (process.env['APPDATA'] ?? join(home, 'AppData', 'Roaming'))
      : (appData ?? xdgConfig);
  return [
    { file: join(userConfig, 'Claude', 'claude_desktop_config.json'), format: 'claude-desktop' },
    { file: join(home, '.claude.json'), format: 'claude-code' },
    { file: join(cwd, '.mcp.json'), format: 'claude-code', workspaceFolder: cwd },
    { file: join(userConfig, 'Code', 'User', 'mcp.json'), format: 'vscode' },
    { file: join(cwd, '.vscode', 'mcp.json'), format: 'vscode', workspaceFolder: cwd },
    { file: join(home, '.cursor', 'mcp.json'), format: 'cursor' },
    { file: join(cwd, '.cursor', 'mcp.json'), format: 'cursor', workspaceFolder: cwd },
    // goose reads XDG_CONFIG_HOME on every platform but Windows.
    { file: join(platform === 'win32' ? userConfig : xdgConfig, 'goose', 'config.yaml'), format: 'goose' },
  ];
}

/** The known locations that exist. */
export function foundConfigs(home: string, cwd: string): ConfigLocation[] {
  const seen = new Set<string>();
  return knownConfigLocations(home, cwd).filter((l) => {
    if (seen.has(l.file) || !existsSync(l.file)) return false;
    seen.add(l.file);
    return true;
  });
}
