// `npm run replay-llm -- --script FILE [--port P]`: a scripted model server on loopback.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseScript } from './script.js';
import { startReplayServer } from './server.js';

const { values } = parseArgs({
  options: { script: { type: 'string' }, port: { type: 'string', default: '0' } },
});
if (!values.script) {
  process.stderr.write('usage: npm run replay-llm -- --script FILE [--port P]\n');
  process.exit(2);
}
const server = await startReplayServer(
  parseScript(JSON.parse(readFileSync(values.script, 'utf8'))),
  Number(values.port),
);
process.stdout.write(
  `${JSON.stringify({ ready: true, url: server.url, openai: `${server.url}/v1`, anthropic: `${server.url}/v1` })}\n`,
);
process.on('SIGINT', () => void server.close().then(() => process.exit(0)));
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
