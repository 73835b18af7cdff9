/**
 * `cowork://` links: what they name, and the one the window was opened for. The OS hands a link
 * to `cowork open LINK`, which logs the window in at `/open?link=…`; an installed window's
 * protocol handler (browsers only allow `web+` schemes there) opens the same page. Reading a
 * link never does anything by itself: the workspace shows what it names, and a prompt only ever
 * lands in a new chat's composer after the person says so (link-prompt.tsx).
 */
import { Store } from '../state/store';

export type CoworkLink =
  | { kind: 'session'; id: string }
  | { kind: 'approval'; id: string }
  | { kind: 'run'; prompt: string }
  /** The manifest's shortcuts: a new chat, the Approvals panel. */
  | { kind: 'new' }
  | { kind: 'approvals' }
  | { kind: 'invalid'; text: string };

const ID = /^[\w-]{1,100}$/;
const MAX_PROMPT = 20_000;

export function parseLink(text: string): CoworkLink {
  const invalid = { kind: 'invalid', text: text.slice(0, 200) } as const;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return invalid;
  }
  if (url.protocol !== 'cowork:' && url.protocol !== 'web+cowork:') return invalid;
  const id = decodeURIComponent(url.pathname.replace(/^\//, '').replace(/\/$/, ''));
  switch (url.hostname) {
    case 'session':
      return ID.test(id) ? { kind: 'session', id } : invalid;
    case 'approval':
      return ID.test(id) ? { kind: 'approval', id } : invalid;
    case 'run': {
      const prompt = url.searchParams.get('prompt')?.trim() ?? '';
      return prompt && prompt.length <= MAX_PROMPT ? { kind: 'run', prompt } : invalid;
    }
    case 'new':
      return { kind: 'new' };
    case 'approvals':
      return { kind: 'approvals' };
    default:
      return invalid;
  }
}

/**
 * The link to act on (null once handled). The handler page's address is put back to `/` at once,
 * so a reload does not open the link again.
 */
export const linkRequest = new Store<CoworkLink | null>(linkInAddress());

function linkInAddress(): CoworkLink | null {
  if (location.pathname !== '/open') return null;
  const link = new URLSearchParams(location.search).get('link');
  history.replaceState(null, '', `/${location.hash}`);
  return link === null ? null : parseLink(link);
}
