// Values the daemon and the UI must agree on. No zod here: the UI bundles this file as it is.

/** The largest file the UI may upload (`PUT /api/files`); over it the daemon answers 413. */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

/** What `data.deleteAll` must be sent, word for word: the person typed it. */
export const DELETE_ALL_PHRASE = 'delete everything';

/** The agent's plan tool: answered by the runner, shown by the UI as the plan card. */
export const UPDATE_PLAN_TOOL = 'update_plan';
export const PLAN_STEP_STATUSES = ['pending', 'in_progress', 'completed'] as const;

/**
 * `GET` (public): whether this request's credentials are good (`AuthStatus`). The UI asks when its
 * WebSocket is refused, to tell a logged-out browser from a daemon that is down.
 */
export const AUTH_STATUS_PATH = '/api/auth/status';

/** How many files an edit's impact lists (`EditImpact.files`; `count` says how many in all). */
export const EDIT_IMPACT_FILES = 100;

/** An edit's impact in words: the approval's detail line (the CLI prints it) and the card's test. */
export function editImpactLine(
  impact: { changed: string[]; files: string[]; count: number },
  named = 5,
): string {
  const n = impact.count;
  const shown = impact.files.slice(0, named);
  const more = n - shown.length;
  return `Affects ${n} file${n === 1 ? '' : 's'}: changes ${impact.changed.join(', ')}, used in ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}.`;
}

/** A run that ended after longer than this is worth a notification (shorter: the person likely watched it). */
export const LONG_RUN_NOTICE_MS = 30_000;
