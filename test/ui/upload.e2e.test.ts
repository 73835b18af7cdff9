/**
 * Attachments end to end, in Debian's Chromium against a real daemon: a 2 MB file dropped on the
 * chat is uploaded over HTTP (too big for one RPC frame) and lands byte for byte in the folder;
 * dropping it again asks before replacing the file, and the approval in the panel lets it through.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixture/index.js';
import { startUi, type UiSession } from '../helpers/ui.js';

let ui: UiSession;
let page: Page;
let work: string;

/** The bytes the page builds for a drop: `size` bytes of a pattern seeded by `seed`. */
function pattern(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
}
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Drops one file of `size` pattern bytes named `name` on the chat, as a person would. */
function drop(name: string, size: number, seed: number) {
  return page.evaluate(
    ({ name, size, seed }) => {
      const bytes = new Uint8Array(size);
      for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed) & 0xff;
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], name, { type: 'application/octet-stream' }));
      document
        .querySelector('main.chat')!
        .dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    { name, size, seed },
  );
}

beforeAll(async () => {
  ui = await startUi(fixture('cowork-ui-upload-').withDaemon().withGrant('rw'));
  ({ page } = ui);
  work = ui.fixture.folder;
  // The only grant is the session's folder (no model: the chat asks for one, drops still work).
  await page
    .locator(`select[aria-label="Folder"] option[value="${work}"]:checked`)
    .waitFor({ state: 'attached' });
});

afterAll(async () => {
  await ui?.close();
});

describe('attachments', () => {
  const size = 2 * 1024 * 1024;

  it('a 2 MB file dropped on the chat lands in the folder, byte for byte, and is named in the message', async () => {
    await drop('data.bin', size, 1);
    await expect.poll(() => page.getByLabel('Message').inputValue()).toContain('(Attached: data.bin)');
    expect(sha(readFileSync(join(work, 'data.bin')))).toBe(sha(pattern(size, 1)));
    await page.getByLabel('Message').fill('');
  });

  it('dropping it again asks before replacing the file; once approved, the new bytes land', async () => {
    await drop('data.bin', size, 2);
    const card = page.getByLabel(`Approval needed: Replace ${join(work, 'data.bin')} with an uploaded file`, {
      exact: false,
    });
    await card.waitFor();
    expect(sha(readFileSync(join(work, 'data.bin')))).toBe(sha(pattern(size, 1)));
    await card.getByRole('button', { name: /Approve once/ }).click();
    await expect.poll(() => page.getByLabel('Message').inputValue()).toContain('(Attached: data.bin)');
    expect(sha(readFileSync(join(work, 'data.bin')))).toBe(sha(pattern(size, 2)));
  });

  it('no console errors at any point (asking for approval is not a failed load)', () => {
    expect(ui.consoleErrors).toEqual([]);
  });
});
