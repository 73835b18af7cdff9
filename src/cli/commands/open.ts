import { BootstrapCodeResponse, CoworkError } from '../../contracts/index.js';
import { findRunningDaemon, postToDaemon } from '../daemon-client.js';
import { hasDisplay, type OpenedIn, openInBrowser } from '../launcher.js';

/** A one-time login link for the UI of the daemon serving `home`. */
export async function bootstrapUrl(home: string): Promise<string> {
  const daemon = await findRunningDaemon(home);
  if (!daemon)
    throw new CoworkError('UNAVAILABLE', 'No daemon is running for this home; run "cowork start".');
  return BootstrapCodeResponse.parse(await postToDaemon(daemon, '/api/bootstrap-codes')).url;
}

/**
 * The login link that lands on a `cowork://` link's page (`/open?link=…`): the UI shows what
 * it names, and asks before a `run?prompt=` goes anywhere. Only the scheme is checked here; the
 * UI reads the rest (and says so when it names nothing).
 */
export function withLink(loginUrl: string, link: string): string {
  if (!/^(web\+)?cowork:\/\//i.test(link) || link.length > 4000)
    throw new CoworkError('INVALID_ARGUMENTS', `Not a cowork:// link: ${link.slice(0, 200)}`);
  return `${loginUrl}&next=${encodeURIComponent(`/open?link=${encodeURIComponent(link)}`)}`;
}

const OPENED: Record<OpenedIn, string> = {
  'installed app': 'Opened Cowork’s installed app.',
  'app window': 'Opened Cowork in a browser app window (install it from Settings → App for its own icon).',
  browser: 'Opened Cowork in your browser.',
};

/** Opens the UI (at `link`, when given) in an app window, or prints the link where none can open. */
export async function openUi(home: string, printOnly = false, link?: string): Promise<void> {
  const login = await bootstrapUrl(home);
  const url = link === undefined ? login : withLink(login, link);
  if (printOnly) {
    process.stdout.write(`${url}\n`);
    return;
  }
  const opened = hasDisplay() ? openInBrowser(url) : undefined;
  if (opened) process.stderr.write(`${OPENED[opened]}\n`);
  else process.stderr.write(`Open this one-time link in your browser to use Cowork:\n  ${url}\n`);
}
