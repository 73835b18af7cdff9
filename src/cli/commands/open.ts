import { BootstrapCodeResponse, CoworkError } from '../../contracts/index.js';
import { findRunningDaemon, postToDaemon } from '../daemon-client.js';
import { hasDisplay, openInBrowser } from '../launcher.js';

/** A one-time login link for the UI of the daemon serving `home`. */
export async function bootstrapUrl(home: string): Promise<string> {
  const daemon = await findRunningDaemon(home);
  if (!daemon)
    throw new CoworkError('UNAVAILABLE', 'No daemon is running for this home; run "cowork start".');
  return BootstrapCodeResponse.parse(await postToDaemon(daemon, '/api/bootstrap-codes')).url;
}

/** Opens the UI in an app window, or prints the link where no window can be opened. */
export async function openUi(home: string, printOnly = false): Promise<void> {
  const url = await bootstrapUrl(home);
  if (printOnly) {
    process.stdout.write(`${url}\n`);
    return;
  }
  if (!hasDisplay() || !openInBrowser(url)) {
    process.stderr.write(`Open this one-time link in your browser to use Cowork:\n  ${url}\n`);
  }
}
