/**
 * An MCP tool's progress on its tool card, end to end: Debian's Chromium (playwright-core), a real
 * daemon, the replay model and the protocol fixture server, whose slow tool reports each step. The
 * running card shows "step/total · message" as the server reports it, then its duration once done.
 * Screenshot: test-results/ui/mcp-progress.png. Any console error fails the test.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixture/index.js';
import { fixtureServer } from '../helpers/mcp-servers.js';
import { startUi, type UiSession } from '../helpers/ui.js';

let ui: UiSession;
let page: Page;
let work: string;

beforeAll(async () => {
  const script = {
    models: ['m'],
    turns: [
      { reply: { toolCalls: [{ name: 'mcp__proto__slow', arguments: { steps: 30 } }] } },
      { reply: { toolCalls: [{ name: 'complete_task', arguments: { summary: 'Slow work done.' } }] } },
    ],
  };
  ui = await startUi(fixture('cowork-ui-mcp-').withDaemon().withGrant('rw').withReplayModel(script));
  page = ui.page;
  work = ui.fixture.folder;
  const c = ui.fixture.client;
  await c.result('mcp.add', {
    name: 'proto',
    transport: 'stdio',
    command: process.execPath,
    args: [fixtureServer('mcp-protocol-server')],
    enabled: true,
  });
  await c.result('policy.set', {
    text: 'version: 1\nrules:\n  - { id: proto-ok, action: mcp.call, match: { mcpServers: [proto] }, decision: allow, reason: test }\n',
  });
});

afterAll(async () => {
  await ui?.close();
});

describe('an MCP tool card', () => {
  it("shows the server's progress while the tool runs", async () => {
    await page.getByLabel('Folder').selectOption(work);
    await page.getByLabel('Message').fill('Do the slow thing');
    await page.getByLabel('Message').press('Enter');
    const time = page.getByTestId('tool-card').locator('.tool-time');
    await time.getByText(/^\d+\/30 · step \d+$/).waitFor({ timeout: 20_000 });
    await ui.shot('mcp-progress');
    await page.getByText('Slow work done.').waitFor({ timeout: 20_000 });
    // Its duration once done, not its last progress ("812 ms", "3.4 s", "1m 05s").
    expect(await time.textContent()).toMatch(/^(\d+ ms|\d+\.\d s|\d+m \d\ds)$/);
    expect(ui.consoleErrors).toEqual([]);
  });
});
