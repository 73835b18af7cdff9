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
