// Gym benchmarks (issue 21): the harness's own cost per scenario — setup (folder, grant, git) and
// verify (hidden files, the verifier's command in the sandbox, checks on the folder and the audit)
// — next to the agent's time, for the scripted suite through a real daemon; and the whole
// suite's wall time against its target (< 5 minutes on 2 cores).
import { fileURLToPath } from 'node:url';
import { loadScenarios, runScriptedSuite, type runSuite } from '../../src/gym/index.js';
import { fixture } from '../../test/helpers/fixture/index.js';
import { latencyPair, type Measurement } from '../lib/report.js';
import { round } from '../lib/stats.js';

const suite = 'gym';
const SCENARIOS = fileURLToPath(new URL('../../gym/scenarios', import.meta.url));
const CONCURRENCY = 2;

export async function runGym(): Promise<Measurement[]> {
  const f = await fixture('cowork-bench-gym-').withDaemon().start();
  try {
    const call: Parameters<typeof runSuite>[0] = (method, ...params) => f.client.result(method, ...params);
    const scenarios = loadScenarios(SCENARIOS);
    const report = await runScriptedSuite(call, scenarios, {
      suite: null,
      concurrency: CONCURRENCY,
      tempRoot: f.root,
    });
    const r = report.results;
    const agent = { name: "the agent's own time (run start → end)", samples: r.map((x) => x.agentMs) };
    return [
      ...latencyPair(
        suite,
        `harness setup + verify per scenario (${r.length} scripted)`,
        'ms',
        r.map((x) => x.setupMs + x.verifyMs),
        agent,
        1,
      ),
      ...latencyPair(
        suite,
        'harness setup per scenario',
        'ms',
        r.map((x) => x.setupMs),
        undefined,
        1,
      ),
      ...latencyPair(
        suite,
        'harness verify per scenario',
        'ms',
        r.map((x) => x.verifyMs),
        undefined,
        1,
      ),
      {
        suite,
        name: `scripted suite wall time (${r.length} scenarios, concurrency ${CONCURRENCY})`,
        value: round(report.wallMs / 1000, 1),
        unit: 's',
        budget: { op: '<', value: 300 },
      },
      {
        suite,
        name: 'scripted scenarios passed',
        value: r.filter((x) => x.pass).length,
        unit: `of ${r.length}`,
      },
    ];
  } finally {
    await f.cleanup();
  }
}
