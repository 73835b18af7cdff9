import { CoworkError } from '../../contracts/index.js';
import type { Converter } from './converter.js';

// Placeholder until this format's converter lands (issue 18); the dispatcher already routes here.
export const convert: Converter = async () => {
  throw new CoworkError('UNSUPPORTED_FORMAT', 'Not converted yet.');
};
