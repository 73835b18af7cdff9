/**
 * MCP in the browser: Settings → MCP servers (review a server's tools, turn it on, browse its
 * resources page by page and read one), and the composer's picker (attach a resource: the model
 * receives its text with the message; use a prompt: its arguments are suggested by the server's
 * completions, and the filled-in prompt lands in the message box).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixture } from '../helpers/fixture/index.js';
import { EVERYTHING, fixtureServer, nodeServer } from '../helpers/mcp-servers.js';
import { startUi, type UiSession } from '../helpers/ui.js';

let ui: UiSession;

beforeAll(async () => {
  ui = await startUi(
    fixture('cowork-ui-mcp-')
      .withDaemon()
      .withGrant('rw')
      .withFolder('notes', { 'todo.txt': 'water the plants' })
      .withReplayModel([
        { expect: { contains: ['Summarise this', 'The text of book 3.'] }, reply: { text: 'A short book.' } },
      ]),
  );
  const c = ui.fixture.client;
  await c.result('mcp.add', nodeServer('shelf', fixtureServer('mcp-shelf-server')));
  await c.result('mcp.add', nodeServer('everything', EVERYTHING, 'stdio'));
  await c.result('mcp.enable', { name: 'everything', enabled: true });
});
afterAll(() => ui?.close());

it('reviews, turns on and browses a server in Settings', async () => {
  const { page } = ui;
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'MCP servers' }).click();
  const shelf = page.getByTestId('mcp-server-shelf');
  await shelf.getByText('off', { exact: true }).waitFor();
  await shelf.getByRole('button', { name: 'Review tools' }).click();
  await shelf.getByTestId('mcp-review').getByText('asked', { exact: true }).waitFor();
  expect(await shelf.getByTestId('mcp-review').textContent()).toContain('1 tools, 5 resources, 3 prompts');
  await ui.shot('mcp-settings-review');
  await shelf.getByRole('button', { name: 'Turn on with these tools' }).click();
  await shelf.getByText('on', { exact: true }).waitFor();
  await shelf.getByRole('button', { name: 'Browse' }).click();
  await shelf.getByText('shelf://book/2').waitFor();
  expect(await shelf.getByText('shelf://book/3').count()).toBe(0); // two per page
  await shelf.getByRole('button', { name: 'More resources' }).click();
  await shelf.getByRole('button', { name: 'Read book 3' }).click();
  expect(await shelf.getByTestId('mcp-preview').textContent()).toContain('The text of book 3.');
  await shelf.getByRole('button', { name: 'Templates' }).click();
  await shelf.getByText('shelf://book/{n}').waitFor();
  await ui.shot('mcp-settings-browse');
  const { entries } = await ui.fixture.client.result('audit.read', { after: 0, limit: 5000 });
  expect(entries.some((e) => e.action === 'mcp.read' && e.target === 'mcp:shelf:shelf://book/3')).toBe(true);
});

it('shows what turning a server on consents to, and takes a folder on its command line only when ticked', async () => {
  const { page } = ui;
  const c = ui.fixture.client;
  const notes = ui.fixture.folders['notes']!;
  const reader = fixtureServer('mcp-reader-server');
  await c.result('mcp.add', nodeServer('reader', reader, notes));
  // The list is read when the page opens.
  await page.getByRole('button', { name: 'Folders' }).click();
  await page.getByRole('button', { name: 'MCP servers' }).click();
  const row = page.getByTestId('mcp-server-reader');
  await row.getByRole('button', { name: 'Review tools' }).click();
  const consent = row.getByTestId('mcp-consent');
  await consent.waitFor();
  const said = await consent.textContent();
  expect(said).toContain('Its own folder');
  expect(said).toContain('None of your folders.');
  expect(said).toContain('No network.');
  expect(said).toContain(`Also let it read ${notes}`);
  await consent.getByRole('checkbox').check();
  await ui.shot('mcp-settings-consent');
  await row.getByRole('button', { name: 'Turn on with these tools' }).click();
  await row.getByText('on', { exact: true }).waitFor();
  const { servers } = await c.result('mcp.list', {});
  expect(servers.find((s) => s.name === 'reader')?.grants).toEqual([{ path: notes, mode: 'ro' }]);
});

it('attaches a resource to a message and uses a prompt from the composer', async () => {
  const { page } = ui;
  await page.getByRole('button', { name: 'Chat' }).click();
  await page.getByRole('button', { name: 'MCP…' }).click();
  const picker = page.getByTestId('mcp-picker');
  await picker.getByLabel('MCP server').selectOption('shelf');
  await picker.getByRole('button', { name: 'More resources' }).click();
  await picker.getByRole('button', { name: 'Attach book 3' }).click();
  await page.getByTestId('attached-resource').getByText('shelf: shelf://book/3').waitFor();
  await page.getByLabel('Message').fill('Summarise this');
  await ui.shot('mcp-composer-attached');
  await page.getByLabel('Message').press('Enter');
  await page.getByText('A short book.').waitFor();
  expect(ui.fixture.model.requests[0]?.failure).toBeUndefined();
  expect(await page.getByTestId('attached-resource').count()).toBe(0);

  await page.getByRole('button', { name: 'MCP…' }).click();
  await picker.getByLabel('MCP server').selectOption('everything');
  await picker.getByRole('button', { name: 'Prompts' }).click();
  const row = picker.locator('li', { hasText: 'Team Management' });
  await row.getByRole('button', { name: 'Choose' }).click();
  const form = picker.getByTestId('mcp-prompt-form');
  await form.getByLabel(/^department/).fill('E');
  await expect
    .poll(() =>
      form
        .getByTestId('mcp-complete-department')
        .locator('option')
        .evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value)),
    )
    .toEqual(['Engineering']);
  await form.getByLabel(/^department/).fill('Engineering');
  await form.getByLabel(/^name/).fill('');
  await form.getByLabel(/^name/).focus();
  await expect
    .poll(() =>
      form
        .getByTestId('mcp-complete-name')
        .locator('option')
        .evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value)),
    )
    .toEqual(['Alice', 'Bob', 'Charlie']);
  await form.getByLabel(/^name/).fill('Alice');
  await ui.shot('mcp-composer-prompt');
  await form.getByRole('button', { name: 'Use prompt' }).click();
  await expect
    .poll(() => page.getByLabel('Message').inputValue())
    .toBe('Please promote Alice to the head of the Engineering team.');
  // Using a prompt fills the message box; nothing is sent until the person sends it.
  await page.waitForTimeout(300);
  expect(JSON.stringify(ui.fixture.model.requests)).not.toContain('Please promote Alice');
  expect(ui.consoleErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
});
