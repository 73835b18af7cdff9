// One conversion in a process of its own, for the documents suite's peak-memory figures: prints
// the process's peak RSS (MB) after converting FILE (or after loading only, with --noop).
import { readFileSync } from 'node:fs';
import { convertBytes } from '../../src/documents/convert/index.js';

const [file, maxRows] = process.argv.slice(2);
if (file && file !== '--noop') {
  const out = await convertBytes(readFileSync(file), file, maxRows ? { maxRows: Number(maxRows) } : {});
  if (out.markdown.length === 0) throw new Error('nothing converted');
}
console.log(JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024 }));
