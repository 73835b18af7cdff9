import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  CoworkError,
  nestedDeeperThan,
  textNestedDeeperThan,
  tooDeepMessage,
} from '../../contracts/index.js';
import { type CompiledPolicy, type CompileOptions, compilePolicy, EMPTY_POLICY_FILE } from './compile.js';

/**
 * Parses a policy file's text: JSON, or YAML (a superset of JSON). The YAML parser is loaded only
 * when a policy file exists, so a fresh daemon starts without it.
 */
export function parsePolicyText(text: string, name: string): unknown {
  // The YAML parser recurses per level: hostile depth is refused before (brackets) and after
  // (indented blocks) it, and an overflow inside it is the same refusal, never INTERNAL.
  const tooDeep = () =>
    new CoworkError('INVALID_ARGUMENTS', `Invalid policy ${name}: ${tooDeepMessage('it')}`);
  if (textNestedDeeperThan(text)) throw tooDeep();
  let value: unknown;
  try {
    const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
    value = parse(text, { maxAliasCount: 100 });
  } catch (err) {
    if (/Maximum call stack/.test((err as Error).message)) throw tooDeep();
    throw new CoworkError('INVALID_ARGUMENTS', `Invalid policy ${name}: ${(err as Error).message}`);
  }
  if (nestedDeeperThan(value)) throw tooDeep();
  return value;
}

/** Loads `file` if it exists, else the built-in defaults. */
export function loadPolicyFile(file: string, home?: string, options?: CompileOptions): CompiledPolicy {
  if (!existsSync(file)) return compilePolicy(EMPTY_POLICY_FILE, home, options);
  return compilePolicy(parsePolicyText(readFileSync(file, 'utf8'), file), home, options);
}
