#!/bin/sh
# Runs inside a clean Debian root (test/package/install.test.ts): installs the .deb with apt (so
# its Depends come from Debian), starts Cowork as an unprivileged user, checks it, removes it, then
# does the same with the tarball. Prints one "ok NAME" or "FAIL NAME: why" line per check.
set -u
check() { name=$1; shift; if out=$("$@" 2>&1); then echo "ok $name"; else echo "FAIL $name: $(echo "$out" | tail -5 | tr '\n' ' ')"; fi; }
as_user() { setpriv --reuid=coworker --regid=coworker --init-groups env HOME=/home/coworker COWORK_HOME=/home/coworker/cowork-home COWORK_NO_KEYCHAIN=1 PATH=/usr/bin:/bin "$@"; }
# The health endpoint, then the UI's page as a person gets it: the one-time login link
# (`cowork open --print-url`) sets the session cookie, and the app's index.html is served.
serves_ui() {
  as_user node -e '
    const { execFileSync } = require("node:child_process");
    const login = execFileSync(process.argv[1], ["open", "--print-url"], { encoding: "utf8" }).trim();
    (async () => {
      const health = await (await fetch(new URL("/api/health", login))).json();
      if (health.status !== "ok") throw new Error("health: " + JSON.stringify(health));
      const landing = await fetch(login, { redirect: "manual" });
      const cookie = landing.headers.get("set-cookie")?.split(";")[0];
      if (landing.status !== 302 || !cookie) throw new Error("login link: " + landing.status);
      const page = await (await fetch(new URL("/", login), { headers: { cookie } })).text();
      if (!/<div id="root">/.test(page) || !/<script[^>]+src="\/assets\//.test(page)) throw new Error("not the UI: " + page.slice(0, 200));
    })().catch((e) => { console.error(e.message); process.exit(1); });' "$1"
}
# An RPC over the WebSocket: a grant added, then listed (SQLite, the enclave, the CLI client).
grant_rpc() {
  as_user mkdir -p /home/coworker/work && as_user "$1" grant add /home/coworker/work --json >/dev/null &&
    as_user "$1" grant list --json | grep -q '"/home/coworker/work"'
}
run_cowork() { # $1: the cowork command to test, $2: the check names' prefix, $3: the app's folder
  as_user rm -rf /home/coworker/cowork-home
  check "$2 modules" as_user node /pkg/load-modules.cjs "$3"
  # --port 0: the root shares the host's network, where 7437 may be taken
  check "$2 start" as_user "$1" start --no-open --port 0
  check "$2 status" as_user "$1" status
  check "$2 ui" serves_ui "$1"
  check "$2 rpc" grant_rpc "$1"
  check "$2 stop" as_user "$1" stop
}

export DEBIAN_FRONTEND=noninteractive
useradd -m coworker
check "deb install" apt-get install -y -qq --no-install-recommends /pkg/cowork.deb
check "node >= 20" node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'
run_cowork /usr/bin/cowork deb /usr/lib/cowork
check "desktop entry" grep -qx 'Exec=/usr/bin/cowork open %u' /usr/share/applications/cowork.desktop
check "scheme handler" grep -q '^x-scheme-handler/cowork=cowork.desktop' /usr/share/applications/mimeinfo.cache
check "icons" test -f /usr/share/icons/hicolor/256x256/apps/cowork.png -a -f /usr/share/icons/hicolor/scalable/apps/cowork.svg
check "deb remove" apt-get remove -y -qq cowork
check "removed" sh -c '! test -e /usr/lib/cowork -o -e /usr/bin/cowork -o -e /usr/share/applications/cowork.desktop'

mkdir -p /opt/tarball && tar -xf /pkg/cowork.tar.xz -C /opt/tarball
app=$(echo /opt/tarball/cowork-*)
run_cowork "$app/bin/cowork" tarball "$app"
echo done
