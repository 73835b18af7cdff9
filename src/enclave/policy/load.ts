import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { CoworkError } from '../../contracts/index.js';
import { type CompiledPolicy, compilePolicy, EMPTY_POLICY_FILE } from './compile.js';

/** Parses a policy file's text: YAML (a superset of JSON) or JSON. */
export function parsePolicyText(text: string, name: string): unknown {
  try {
    return parseYaml(text, { maxAliasCount: 100 });
  } catch (err) {
    throw new CoworkError('INVALID_ARGUMENTS', `Invalid policy ${name}: ${(err as Error).message}`);
  }
}

/** Loads `file` if it exists, else the built-in defaults. */
export function loadPolicyFile(file: string, home?: string): CompiledPolicy {
  if (!existsSync(file)) return compilePolicy(EMPTY_POLICY_FILE, home);
  return compilePolicy(parsePolicyText(readFileSync(file, 'utf8'), file), home);
}
