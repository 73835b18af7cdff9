import { BootstrapCodeResponse, CoworkError } from '../../contracts/index.js';
import { findRunningDaemon, postToDaemon } from '../daemon-client.js';
import { hasDisplay, type OpenedIn, openInBrowser } from '../launcher.js';
import { openNativeWindow } from '../window/open-native.js';

/** A one-time login link for the UI of the daemon serving `home`. */
export async function bootstrapUrl(home: string): Promise<string> {
  return (await bootstrapLink(home)).url;
}

/** A one-time login link and the daemon's origin. */
async function bootstrapLink(home: string): Promise<{ url: string; origin: string }> {
  const daemon = await findRunningDaemon(home);
  if (!daemon)
    throw new CoworkError('UNAVAILABLE', 'No daemon is running for this home; run "cowork start".');
  const { url } = BootstrapCodeResponse.parse(await postToDaemon(daemon, '/api/bootstrap-codes'));
  return { url, origin: new URL(url).origin };
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

/**
 * Opens the UI (at `link`, when given): Cowork's native window when its binding loads (or the
 * running one, brought forward), else an app window, else the browser — saying which, and why
 * not the native one. Prints the link where none can open.
 */
export async function openUi(home: string, printOnly = false, link?: string): Promise<void> {
  const login = await bootstrapLink(home);
  const url = link === undefined ? login.url : withLink(login.url, link);
  if (printOnly) {
    process.stdout.write(`${url}\n`);
    return;
  }
  if (!hasDisplay()) {
    process.stderr.write(`Open this one-time link in your browser to use Cowork:\n  ${url}\n`);
    return;
  }
  const code = new URL(login.url).searchParams.get('code') ?? '';
  const native = await openNativeWindow(home, { origin: login.origin, code, ...(link ? { link } : {}) });
  if (native.opened) {
    process.stderr.write(`${native.message}\n`);
    return;
  }
  process.stderr.write(`Not the native window: ${native.reason}.\n`);
  // A fresh code: the window process may have redeemed the first before it failed.
  const again = await bootstrapLink(home);
  const fallback = link === undefined ? again.url : withLink(again.url, link);
  const opened = openInBrowser(fallback);
  if (opened) process.stderr.write(`${OPENED[opened]}\n`);
  else process.stderr.write(`Open this one-time link in your browser to use Cowork:\n  ${fallback}\n`);
}
