import { CoworkError } from '../../contracts/index.js';
import { type Converter, plain } from './converter.js';

/** Plain text (and Markdown) is its own Markdown; binary data that is no known format is refused. */
export const convert: Converter = async ({ bytes }) => {
  const sample = bytes.subarray(0, 8192);
  if (sample.includes(0)) {
    throw new CoworkError('UNSUPPORTED_FORMAT', 'This is binary data of a kind Cowork does not convert.', {
      format: 'binary',
    });
  }
  return plain(new TextDecoder('utf-8').decode(bytes).replace(/\r\n?/g, '\n'));
};
