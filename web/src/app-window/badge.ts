/**
 * The installed app's icon shows how many approvals wait (the Badging API; a tab without an
 * installed app has nowhere to show it, and browsers without the API are left as they are).
 */
import { approvals } from '../state/cowork';

function showCount(count: number): void {
  if (!('setAppBadge' in navigator)) return;
  const done = count > 0 ? navigator.setAppBadge(count) : navigator.clearAppBadge();
  done.catch(() => {}); // not allowed here (no installed app, no permission): nothing to show
}

let shown = -1;
export function startBadge(): void {
  const update = () => {
    const count = approvals.get().length;
    if (count === shown) return;
    shown = count;
    showCount(count);
  };
  approvals.subscribe(update);
  update();
}
