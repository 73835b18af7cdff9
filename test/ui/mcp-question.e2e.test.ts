/**
 * A server's elicitation in the browser: the approval card is a form built from the server's
 * schema; what the daemon refuses is shown at its field; what the person sends is exactly what the
 * server receives (server-everything echoes it).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ToolResult } from '../../src/contracts/index.js';
import { fixture } from '../helpers/fixture/index.js';
import { EVERYTHING, nodeServer } from '../helpers/mcp-servers.js';
import { startUi, type UiSession } from '../helpers/ui.js';

let ui: UiSession;

beforeAll(async () => {
  ui = await startUi(fixture('cowork-ui-question-').withDaemon());
  const c = ui.fixture.client;
  await c.result('mcp.add', nodeServer('everything', EVERYTHING, 'stdio'));
  await c.result('mcp.enable', { name: 'everything', enabled: true });
  await c.result('policy.set', {
    text: 'version: 1\nrules:\n  - { id: everything-ok, action: mcp.call, match: { mcpServers: [everything] }, decision: allow, reason: trusted }\n',
  });
});
afterAll(() => ui?.close());

const received = (r: ToolResult) => {
  const text = r.content.map((p) => (p.type === 'text' ? p.text : '')).join('');
  return JSON.parse(text.slice(text.indexOf('Raw result:') + 'Raw result:'.length));
};

it("answers a server's question in a form the daemon checks", async () => {
  const { page } = ui;
  const pending = ui.fixture.client.result('tools.call', {
    name: 'mcp:everything:trigger-elicitation-request',
    arguments: {},
  });
  await page.getByRole('tab', { name: /^Approvals/ }).click();
  const form = page.getByTestId('question-form');
  await form.waitFor();
  expect(await page.getByLabel('Integer', { exact: true }).inputValue()).toBe('42'); // the server's default
  await page.getByLabel('String with email format').fill('grace@example');
  await page.getByLabel('Integer', { exact: true }).fill('500');
  await ui.shot('mcp-question-form');
  await form.getByRole('button', { name: 'Send answer' }).click();
  // The daemon refuses: the missing name, the bad address and the integer out of range, each at its field.
  await page.getByTestId('problem-integer').waitFor();
  expect(await page.getByTestId('problem-name').textContent()).toMatch(/required/);
  expect(await page.getByTestId('problem-email').textContent()).toMatch(/email/);
  await ui.shot('mcp-question-refused');

  await page.locator('#q-name').fill('Grace Hopper');
  await page.getByLabel('String with email format').fill('grace@example.org');
  await page.getByLabel('Integer', { exact: true }).fill('12');
  await page.getByLabel('Boolean', { exact: true }).check();
  await page.getByLabel('Titled Single Select Enum', { exact: true }).selectOption({ label: 'Wonder Woman' });
  await page.getByRole('group', { name: 'Untitled Multiple Select Enum' }).getByLabel('Piano').check();
  await form.getByRole('button', { name: 'Send answer' }).click();
  const result = await pending;
  await form.waitFor({ state: 'detached' });
  const { content } = received(result);
  expect(content).toMatchObject({
    name: 'Grace Hopper',
    email: 'grace@example.org',
    integer: 12,
    check: true,
    titledSingleSelectEnum: 'hero-3',
    untitledMultipleSelectEnum: ['Guitar', 'Piano'], // the server's default kept, one added
    firstLine: 'It was a dark and stormy night.',
  });
  expect(ui.consoleErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
});

it('a declined question reaches the server as decline', async () => {
  const { page } = ui;
  const pending = ui.fixture.client.result('tools.call', {
    name: 'mcp:everything:trigger-elicitation-request',
    arguments: {},
  });
  const form = page.getByTestId('question-form');
  await form.waitFor();
  await form.getByRole('button', { name: 'Decline' }).click();
  expect(received(await pending)).toEqual({ action: 'decline' });
});

it("a server's page to open is shown with its address; opening it is the person's consent", async () => {
  const { page } = ui;
  const pending = ui.fixture.client.result('tools.call', {
    name: 'mcp:everything:trigger-url-elicitation',
    arguments: { url: 'https://example.org/authorize?step=1', elicitationId: 'ui-1' },
  });
  const link = page.getByTestId('question-link');
  await link.waitFor();
  expect(await link.textContent()).toContain('Opens example.org: https://example.org/authorize?step=1');
  await ui.shot('mcp-question-link');
  // No network here: the page is served by the test.
  await page.context().route('https://example.org/**', (route) => route.fulfill({ body: 'signed in' }));
  const popup = page.waitForEvent('popup');
  await link.getByRole('button', { name: 'Open the page' }).click();
  expect((await popup).url()).toContain('https://example.org/authorize?step=1');
  expect(received(await pending)).toEqual({ action: 'accept' });
});
