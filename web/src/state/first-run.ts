/**
 * Whether the chat's place shows the first-run setup (a model, a folder, a first task). Decided once
 * the daemon's lists are read: shown when a model or a folder is missing, until the person finishes
 * or skips it; that is remembered in this browser.
 */
import { grants, providers, ready } from './cowork';
import { Store } from './store';

const DONE = 'cowork.onboarded';

/** Not finished or skipped in this browser: the setup shows if a model or folder is missing. */
export function setupMayShow(): boolean {
  return localStorage.getItem(DONE) === null;
}

/** null until decided (the first lists not read yet). */
export const onboarding = new Store<boolean | null>(null);

function decide(): void {
  if (!ready.get() || onboarding.get() !== null) return;
  const missing = providers.get().length === 0 || grants.get().length === 0;
  onboarding.set(missing && setupMayShow());
}
ready.subscribe(decide);

/** Finished or skipped: not shown again in this browser. */
export function finishOnboarding(): void {
  localStorage.setItem(DONE, new Date().toISOString());
  onboarding.set(false);
}
decide();
