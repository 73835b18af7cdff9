import { existsSync, readFileSync } from 'node:fs';

/**
 * A JSON settings file in Cowork's data folder (`prices.json`, `routes.json`, …): its parsed value,
 * or undefined when there is none. Parse errors are thrown, so the caller can say which file is bad.
 */
export function readConfigJson(file: string): unknown {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file} is not valid JSON: ${(err as Error).message}`);
  }
}
