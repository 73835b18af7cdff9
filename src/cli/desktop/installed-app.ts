/**
 * Finds the Cowork app a Chromium-family browser installed (from its "Install Cowork"), so
 * `cowork open` can open that window, with its own icon and task-bar entry, instead of a plain
 * `--app=` one. The browser names an installed web app by its manifest id (ours: the origin's
 * `/`), hashed the way it names extensions, and keeps it under the profile's "Web Applications".
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * Chromium's app id for a manifest id (web_app_helpers.cc): the SHA-256 of the id's bytes, hashed
 * again as an extension id is (SHA-256, the first 16 bytes as hex, digits 0-f written a-p).
 */
export function chromiumAppId(manifestId: string): string {
  const once = createHash('sha256').update(manifestId).digest();
  const hex = createHash('sha256').update(once).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode('a'.charCodeAt(0) + Number.parseInt(c, 16))).join('');
}

/** Where each browser keeps its profiles, per OS. */
export function userDataDirs(
  exe: string,
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  home: string,
): string[] {
  const name = basename(exe)
    .toLowerCase()
    .replace(/\.exe$/, '');
  if (platform === 'linux') {
    const config = env['XDG_CONFIG_HOME'] || join(home, '.config');
    if (name.startsWith('google-chrome')) return [join(config, 'google-chrome')];
    if (name.startsWith('microsoft-edge')) return [join(config, 'microsoft-edge')];
    if (name.startsWith('brave')) return [join(config, 'BraveSoftware', 'Brave-Browser')];
    return [join(config, 'chromium')];
  }
  if (platform === 'darwin') {
    const support = join(home, 'Library', 'Application Support');
    return [join(support, 'Google', 'Chrome'), join(support, 'Chromium'), join(support, 'Microsoft Edge')];
  }
  const local = env['LOCALAPPDATA'] || join(home, 'AppData', 'Local');
  return [join(local, 'Google', 'Chrome', 'User Data'), join(local, 'Microsoft', 'Edge', 'User Data')];
}

export interface InstalledApp {
  appId: string;
  /** The profile folder's name (Default, Profile 1, …), for --profile-directory. */
  profile: string;
}

/** The profile that installed the app with id `appId`, if one did. */
export function findInstalledApp(dataDirs: string[], appId: string): InstalledApp | undefined {
  for (const dir of dataDirs) {
    if (!existsSync(dir)) continue;
    for (const profile of readdirSync(dir)) {
      if (profile !== 'Default' && !profile.startsWith('Profile ')) continue;
      if (existsSync(join(dir, profile, 'Web Applications', 'Manifest Resources', appId)))
        return { appId, profile };
    }
  }
  return undefined;
}
