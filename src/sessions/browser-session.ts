import type { WorkspaceSession } from '../contracts/index.js';
import type { BrowserPage } from '../enclave/index.js';

/** A live browser session: its page (from the enclave) and the latest screenshot's blob. */
export class BrowserSession {
  lastScreenshot: string | undefined;

  constructor(
    readonly info: WorkspaceSession,
    readonly page: BrowserPage,
  ) {}
}
