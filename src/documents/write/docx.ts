import { CoworkError } from '../../contracts/index.js';
import type { Built } from './writer.js';

// Placeholder until this writer lands (issue 18); the dispatcher already routes here.
export async function build(_request: unknown): Promise<Built> {
  throw new CoworkError('UNSUPPORTED_FORMAT', 'Not written yet.');
}
