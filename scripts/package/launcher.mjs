/** The `cowork` command of a package: the system's Node running the installed bundle. */
import { chmodSync, writeFileSync } from 'node:fs';

/** `appDir` is where the app is installed (absolute), or null: next to the launcher's bin/. */
export function writeLauncher(path, appDir) {
  const app = appDir ?? '$(dirname "$(dirname "$(readlink -f "$0")")")';
  const script = `#!/bin/sh
# Cowork: the daemon and CLI, run by the system's Node (>= 20).
exec node "${app}/dist/cowork.mjs" "$@"
`;
  writeFileSync(path, script);
  chmodSync(path, 0o755);
}
