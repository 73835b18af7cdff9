/**
 * The dispatcher, for a converter that converts what it contains (a ZIP member): index.ts hands
 * it over at load, so no converter imports the dispatcher (that would be an import cycle).
 */
import type { ConvertOptions, ConvertResult } from '../../contracts/index.js';

type Dispatch = (bytes: Uint8Array, fileName: string, options: ConvertOptions) => Promise<ConvertResult>;

let dispatch: Dispatch | undefined;

export function setDispatcher(fn: Dispatch): void {
  dispatch = fn;
}

export function convertNested(
  bytes: Uint8Array,
  fileName: string,
  options: ConvertOptions,
): Promise<ConvertResult> {
  if (!dispatch) throw new Error('The converters are used without their dispatcher (convert/index.ts).');
  return dispatch(bytes, fileName, options);
}
