/**
 * The native window's one trusted origin. The page is served as `cowork://app/…` by the window
 * process itself; IPC from any other origin is ignored, navigation elsewhere goes to the system
 * browser (http/https only), and `cowork://` links other than the app open at the app's link page.
 */
export const APP_SCHEME = 'cowork';
export const APP_ORIGIN = 'cowork://app';

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** The page at `uri` may talk to the window process. */
export function isAppOrigin(uri: string): boolean {
  const u = parse(uri);
  return u !== undefined && u.protocol === `${APP_SCHEME}:` && u.host === 'app' && !u.username && !u.port;
}

/** The app's page that shows a `cowork://` link (session, approval, run?prompt…). */
export function appUrlForLink(link: string | undefined): string {
  return link === undefined ? `${APP_ORIGIN}/` : `${APP_ORIGIN}/open?link=${encodeURIComponent(link)}`;
}

export type NavigationDecision =
  | { kind: 'allow' }
  | { kind: 'external'; url: string }
  | { kind: 'link'; url: string }
  | { kind: 'refuse' };

/** What to do when the page navigates to `url`. */
export function decideNavigation(url: string): NavigationDecision {
  if (isAppOrigin(url)) return { kind: 'allow' };
  const u = parse(url);
  if (!u) return { kind: 'refuse' };
  if (u.protocol === 'http:' || u.protocol === 'https:') return { kind: 'external', url: u.href };
  if (u.protocol === `${APP_SCHEME}:`) return { kind: 'link', url: appUrlForLink(u.href) };
  return { kind: 'refuse' };
}
