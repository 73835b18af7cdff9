/**
 * The native window's one trusted origin. The page is served as `cowork://app/…` by the window
 * process itself; IPC from any other origin is ignored, navigation elsewhere goes to the system
 * browser (http/https only), and `cowork://` links other than the app open at the app's link page.
 * On Windows the app is at `https://cowork.app` (nativeAppOrigin, in the contracts: the page reads
 * the same).
 */
import { nativeAppOrigin } from '../../contracts/index.js';

export const APP_SCHEME = 'cowork';

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** The page at `uri` may talk to the window process. */
export function isAppOrigin(uri: string, platform: NodeJS.Platform = process.platform): boolean {
  const u = parse(uri);
  const app = new URL(nativeAppOrigin(platform));
  return u !== undefined && u.protocol === app.protocol && u.host === app.host && !u.username && !u.port;
}

/** The app's page that shows a `cowork://` link (session, approval, run?prompt…). */
export function appUrlForLink(
  link: string | undefined,
  platform: NodeJS.Platform = process.platform,
): string {
  const origin = nativeAppOrigin(platform);
  return link === undefined ? `${origin}/` : `${origin}/open?link=${encodeURIComponent(link)}`;
}

export type NavigationDecision =
  | { kind: 'allow' }
  | { kind: 'external'; url: string }
  | { kind: 'link'; url: string }
  | { kind: 'refuse' };

/** What to do when the page navigates to `url`. */
export function decideNavigation(
  url: string,
  platform: NodeJS.Platform = process.platform,
): NavigationDecision {
  if (isAppOrigin(url, platform)) return { kind: 'allow' };
  const u = parse(url);
  if (!u) return { kind: 'refuse' };
  if (u.protocol === 'http:' || u.protocol === 'https:') return { kind: 'external', url: u.href };
  if (u.protocol === `${APP_SCHEME}:`) return { kind: 'link', url: appUrlForLink(u.href, platform) };
  return { kind: 'refuse' };
}
