import { basename, dirname } from 'node:path';
import { CoworkError, type McpConfigFormat } from '../../../contracts/index.js';
import { claudeCode } from './claude-code.js';
import { claudeDesktop } from './claude-desktop.js';
import type { ConfigFormat } from './config-format.js';
import { cursor } from './cursor.js';
import { isObject, type Raw } from './fields.js';
import { goose } from './goose.js';
import { vscode } from './vscode.js';

export const CONFIG_FORMATS: Readonly<Record<McpConfigFormat, ConfigFormat>> = {
  'claude-desktop': claudeDesktop,
  'claude-code': claudeCode,
  vscode,
  cursor,
  goose,
};

/** Whether the text is YAML, before it is parsed: goose's file, by name or by its first key. */
export function isYamlFile(file: string | undefined, format: McpConfigFormat | undefined): boolean {
  if (format) return CONFIG_FORMATS[format].yaml;
  return file !== undefined && /\.ya?ml$/i.test(file);
}

/** The format of a parsed file: by where it lives (the clients' own names), else by its shape. */
export function detectFormat(doc: Raw, file: string | undefined, text: string): ConfigFormat {
  const byName = file && formatByPath(file);
  if (byName) return CONFIG_FORMATS[byName];
  if (doc['servers'] !== undefined || isObject(doc['mcp'])) return vscode;
  if (doc['extensions'] !== undefined) return goose;
  if (doc['mcpServers'] !== undefined || isObject(doc['projects'])) {
    if (isObject(doc['projects'])) return claudeCode;
    if (/\$\{(env:[^}]+|userHome|workspaceFolder)\}/.test(text)) return cursor;
    if (/"type"\s*:/.test(text) || /\$\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\}/.test(text)) return claudeCode;
    return claudeDesktop;
  }
  throw new CoworkError(
    'INVALID_ARGUMENTS',
    'Not an MCP configuration Cowork knows: expected "mcpServers" (Claude Desktop, Claude Code, Cursor), "servers" (VS Code) or "extensions" (goose).',
  );
}

function formatByPath(file: string): McpConfigFormat | undefined {
  const name = basename(file);
  const folder = basename(dirname(file));
  if (name === 'claude_desktop_config.json') return 'claude-desktop';
  if (name === '.mcp.json' || name === '.claude.json') return 'claude-code';
  if (name === 'mcp.json' && folder === '.vscode') return 'vscode';
  if (name === 'mcp.json' && folder === '.cursor') return 'cursor';
  if (/^config\.ya?ml$/.test(name) && folder === 'goose') return 'goose';
  return undefined;
}
