import { type Stats, unwatchFile, watchFile } from 'node:fs';
import type { EventLog, Logger } from '../../store/index.js';

/** How often the policy file is looked at: an edit is in force within about this long. */
export const POLICY_POLL_MS = 250;
/** A change is acted on once the file has been still this long, so a save caught half-written is not read. */
const SETTLE_MS = 100;

/**
 * Calls `onChange` whenever the policy file is edited, replaced, created or removed. It polls the
 * file's stat rather than using fs.watch: the file sits in the data folder beside the database,
 * whose WAL a directory watch would wake on at every commit, and a watch on the file itself is
 * lost when an editor saves by renaming a new file over it. One stat per interval costs nothing
 * measurable, and does not keep the process alive. Returns the stop.
 */
export function watchPolicyFile(file: string, onChange: () => void, intervalMs = POLICY_POLL_MS): () => void {
  let settle: NodeJS.Timeout | undefined;
  const listener = (now: Stats, before: Stats) => {
    if (now.mtimeMs === before.mtimeMs && now.size === before.size && now.ino === before.ino) return;
    clearTimeout(settle);
    settle = setTimeout(onChange, SETTLE_MS);
    settle.unref();
  };
  watchFile(file, { interval: intervalMs, persistent: false }, listener);
  return () => {
    clearTimeout(settle);
    unwatchFile(file, listener);
  };
}

export interface PolicyFollowDeps {
  file: string;
  /** Authority.reloadPolicy: compiles the file or throws, leaving the policy in force. */
  reload(): { hash: string };
  /** The hash in force, for the refusal's report. */
  policyHash(): string;
  events: EventLog;
  logger: Logger;
}

/**
 * Keeps the policy in force in step with its file: an edit that compiles is in force for the next
 * decision (audited and announced by reload, as a `policy.reload` change); one that does not leaves
 * the policy as it was and says why, in a `policy.refused` event and the log. Returns the stop.
 */
export function followPolicyFile(deps: PolicyFollowDeps): () => void {
  const { file, events, logger } = deps;
  const follow = () => {
    const before = deps.policyHash();
    try {
      const { hash } = deps.reload();
      if (hash !== before)
        logger.log('info', 'policy file changed: now in force', {
          module: 'enclave',
          file,
          policyHash: hash,
        });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      logger.log('warn', 'policy file not loaded: the previous policy stays in force', {
        module: 'enclave',
        file,
        error: message,
        policyHash: before,
      });
      events.append({ type: 'policy.refused', payload: { file, message, policyHash: before } });
    }
  };
  return watchPolicyFile(file, () => {
    // A timer's callback: a failure to report (a full disk) is logged, never thrown into the daemon.
    try {
      follow();
    } catch (err) {
      logger.log('error', 'policy file change could not be recorded', {
        module: 'enclave',
        file,
        error: String(err),
      });
    }
  });
}
