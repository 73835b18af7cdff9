/**
 * The native window keeps its place, for real: in a Debian 13 root (test/helpers/native-window-root.ts)
 * under Xvfb with a window manager (openbox), `cowork open` opens the window; xdotool moves, resizes
 * and maximises it through the window manager as a person's drags and double-clicks would, Alt+F4
 * closes it (to the tray), SIGTERM ends the window process (what the session's end or a shutdown
 * sends), and the next `cowork open` must bring it back at the same place and size (xwininfo), and
 * maximised when it was — then unmaximising gives back the size it had before. Also: the window
 * refuses a size below 960×640 (its size hints, which the window manager honours), and a
 * window-state.json naming a display that is not attached opens centred at 1280×800. On a 2×
 * display (GDK_SCALE=2) that default is 2560×1600 physical pixels, and a kept place comes back
 * in the same physical pixels.
 *
 * Every wait is on a condition (xwininfo, xprop, window.log, the state file), polled.
 * Opt-in (COWORK_NATIVE_WINDOW_TEST=1), like test/ui/native-window.e2e.test.ts: it needs root,
 * debootstrap and bubblewrap; the first run builds its root (~1.5–3 min), later runs take ~30 s.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script, no types
import { debianRoot, unavailableReason } from '../../scripts/debian-root.mjs';
import type { WindowState } from '../../src/cli/window/window-state.js';
import { DEFAULT_SIZE, MIN_SIZE } from '../../src/cli/window/window-state.js';
import { REPO, unpackWebview, WINDOW_MANAGER_PACKAGES } from '../helpers/native-window-root.js';
import { tempDir } from '../helpers/temp-dir.js';

const SCREEN = { width: 1600, height: 1000 };
/** Where the test moves the window to (the frame's corner) and the size it gives it. */
const MOVED = { x: 260, y: 140, width: 1100, height: 700 };
const GONE_DISPLAY = 'HDMI-9@1600,0:2560x1440';
const enabled = process.env['COWORK_NATIVE_WINDOW_TEST'] === '1';
const why: string | null = enabled ? unavailableReason() : 'set COWORK_NATIVE_WINDOW_TEST=1';

/** Kept on a display that is not attached (maximised there, so keeping it would show). */
const GONE_STATE: WindowState = {
  last: GONE_DISPLAY,
  displays: { [GONE_DISPLAY]: { x: 1700, y: 100, width: 2000, height: 1200, maximized: true } },
};

/**
 * Inside the root. Each observation is written to /out/NAME.txt as "x y width height map-state
 * maximised" of the window's content (xwininfo: absolute corner, size; xprop: _NET_WM_STATE), so
 * the test reads what X shows. `poll N COMMAND` retries COMMAND every 50 ms, N times.
 */
const setup = (screen: Size, env = '') => String.raw`
set -u
export COWORK_HOME=/out/home COWORK_WEBVIEW_DIR=/webview ${env}
cowork() { node /repo/dist/cowork.mjs "$@"; }
poll() { n=$1; shift; for i in $(seq 1 $n); do "$@" && return 0; sleep 0.05; done; return 1; }
Xvfb -displayfd 3 -screen 0 ${screen.width}x${screen.height}x24 -nolisten tcp 3>/out/display 2>/out/xvfb.log &
poll 200 test -s /out/display || exit 10
export DISPLAY=:$(cat /out/display)
openbox --sm-disable > /out/openbox.log 2>&1 &
wm_up() { xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q 'window id'; }
poll 200 wm_up || exit 11
cowork start --no-open --port 0 > /out/start.txt 2>&1 || exit 12
cp /out/gone-state.json /out/home/window-state.json

logged() { [ "$(grep -c " $1" /out/home/logs/window.log 2>/dev/null)" -ge "$2" ]; }
shown() { WID=$(xdotool search --onlyvisible --name '^Cowork$' 2>/dev/null | head -1); [ -n "$WID" ]; }
geom() {
  state=$(xprop -id $WID _NET_WM_STATE 2>/dev/null | grep -q MAXIMIZED_VERT && echo maximised || echo normal)
  xwininfo -id $WID 2>/dev/null | awk -v s=$state '/Absolute upper-left X/{x=$4} /Absolute upper-left Y/{y=$4} /Width:/{w=$2} /Height:/{h=$2} /Map State/{m=$3} END{print x, y, w, h, m, s}'
}
is() { [ "$(geom)" = "$*" ]; }
note() { geom > /out/$1.txt; }
# The n-th window process: opened, interactive (its page answered over IPC), mapped by the window manager.
open_window() {
  cowork open 2>> /out/open.txt
  poll 600 logged interactive $1 || exit 20
  poll 200 shown || exit 21
}
# The frame's corner as the window manager puts it: the content's corner less the frame (left, top).
frame_at() { x=$1; y=$2; shift 2; is $((x + L)) $((y + T)) "$@"; }
frame_at_any() { set -- $1 $2 $(geom); [ "$3" = $(($1 + L)) ] && [ "$4" = $(($2 + T)) ]; }
is_sized() { set -- $1 $2 $(geom); [ "$1" = "$5" ] && [ "$2" = "$6" ]; }
is_maximised() { geom | grep -q ' IsViewable maximised$'; }
kept() { node -e '
  const s = JSON.parse(require("fs").readFileSync("/out/home/window-state.json", "utf8"));
  const b = s.displays[s.last] ?? {};
  process.exit([b.x, b.y, b.width, b.height, b.maximized].join(" ") === process.argv.slice(1).join(" ") ? 0 : 1);
' "$@"; }
close_window() {
  xdotool windowactivate --sync $WID
  xdotool key alt+F4
  poll 200 is_unmapped || exit 30
}
# The window manager's frame around the content: left right top bottom.
read_frame() {
  xprop -id $WID _NET_FRAME_EXTENTS | sed 's/.*= //; s/,//g' > /out/frame.txt
  read L R T B < /out/frame.txt
}
is_unmapped() { xwininfo -id $WID 2>/dev/null | grep -q IsUnMapped; }
end_session() {
  pid=$(sed -n 's/.* opened pid=\([0-9]*\)$/\1/p' /out/home/logs/window.log | tail -1)
  kill -TERM $pid
  poll 200 gone $pid || exit 31
}
gone() { [ ! -d /proc/$1 ] || grep -q '^State:.*Z' /proc/$1/status; }
titlebar_double_click() {
  set -- $(geom)
  xdotool mousemove $(($1 + $3 / 2)) $(($2 - T / 2)) click --repeat 2 --delay 120 1
}
# The screen once the UI is drawn (many colours) and has stopped changing (two shots alike).
screenshot() {
  import -window root /out/$1.png
  for i in $(seq 1 50); do
    sleep 0.2
    import -window root /out/next.png
    [ "$(convert /out/next.png -format %k info:)" -gt 200 ] &&
      [ "$(compare -metric AE /out/$1.png /out/next.png null: 2>&1)" = 0 ] && return 0
    mv /out/next.png /out/$1.png
  done
}
`;

const STEPS = `
# 1. The kept display is not attached: centred at the default size.
open_window 1
poll 200 is_sized ${DEFAULT_SIZE.width} ${DEFAULT_SIZE.height}
read_frame
note centred

# 2. Below the minimum is refused. (The move after it is the signal that the window manager has
#    handled the resize: it handles requests in order.)
xdotool windowsize $WID 500 400
xdotool windowmove $WID 300 200
poll 200 frame_at_any 300 200
note too-small

# 3. Moved and resized: kept as it happens (the state file, written a moment later).
xdotool windowsize $WID ${MOVED.width} ${MOVED.height}
xdotool windowmove $WID 200 120
poll 200 frame_at 200 120 ${MOVED.width} ${MOVED.height} IsViewable normal
poll 100 kept 200 120 ${MOVED.width} ${MOVED.height} false
cp /out/home/window-state.json /out/kept-moving.json

# 4. Moved again and closed at once (before the debounced save): closing keeps it. Then the session ends.
xdotool windowmove $WID ${MOVED.x} ${MOVED.y}
poll 200 frame_at ${MOVED.x} ${MOVED.y} ${MOVED.width} ${MOVED.height} IsViewable normal
note before-close
close_window
grep -q ' quit' /out/home/logs/window.log && exit 32 # closing hides to the tray; the process stays
cp /out/home/window-state.json /out/kept-closed.json
end_session

# 5. Opened again: where it was.
open_window 2
poll 200 frame_at ${MOVED.x} ${MOVED.y} ${MOVED.width} ${MOVED.height} IsViewable normal
note restored
screenshot restored

# 6. Maximised (a double-click on the title bar), closed, session ended, opened again: maximised.
titlebar_double_click
poll 200 is_maximised
note maximised
poll 100 kept ${MOVED.x} ${MOVED.y} ${MOVED.width} ${MOVED.height} true
close_window
end_session
open_window 3
poll 200 is_maximised && poll 200 is $(cat /out/maximised.txt)
note restored-maximised
screenshot restored-maximised

# 7. Unmaximised: the size and place it had before it was maximised.
titlebar_double_click
poll 200 frame_at ${MOVED.x} ${MOVED.y} ${MOVED.width} ${MOVED.height} IsViewable normal
note unmaximised
exit 0
`;

/** On a 2× display (GTK's scale): physical pixels kept and put back, the default 2× too. */
const SCALED = {
  screen: { width: 3200, height: 2000 },
  moved: { x: 300, y: 160, width: 2200, height: 1400 },
};
const STEPS_2X = `
open_window 1
poll 200 is_sized ${DEFAULT_SIZE.width * 2} ${DEFAULT_SIZE.height * 2}
read_frame
note centred
xdotool windowsize $WID ${SCALED.moved.width} ${SCALED.moved.height}
xdotool windowmove $WID ${SCALED.moved.x} ${SCALED.moved.y}
poll 200 frame_at ${SCALED.moved.x} ${SCALED.moved.y} ${SCALED.moved.width} ${SCALED.moved.height} IsViewable normal
note before-close
close_window
end_session
open_window 2
poll 200 frame_at ${SCALED.moved.x} ${SCALED.moved.y} ${SCALED.moved.width} ${SCALED.moved.height} IsViewable normal
note restored
exit 0
`;

type Size = { width: number; height: number };

interface Seen {
  x: number;
  y: number;
  width: number;
  height: number;
  mapped: string;
  state: string;
}

/** Runs `script` in a fresh root; what it observed, and a context that says everything when an expectation fails. */
async function runScenario(script: string) {
  const root = await debianRoot({ suite: 'trixie', packages: WINDOW_MANAGER_PACKAGES });
  try {
    const webview = tempDir('cowork-webview-');
    await unpackWebview(webview);
    const out = tempDir('cowork-native-state-');
    writeFileSync(join(out, 'scenario.sh'), script);
    writeFileSync(join(out, 'gone-state.json'), JSON.stringify(GONE_STATE));
    const r = root.run('sh /out/scenario.sh', {
      binds: { [REPO]: '/repo', [webview]: '/webview', [out]: '/out' },
      ownPids: true, // the daemon, Xvfb, openbox and the window end with the scenario
      timeoutMs: 180_000,
    });
    const read = (f: string) => (existsSync(join(out, f)) ? readFileSync(join(out, f), 'utf8') : '');
    const seen = (name: string): Seen => {
      const [x, y, width, height, mapped, state] = read(`${name}.txt`).trim().split(' ');
      const n = Number;
      return { x: n(x), y: n(y), width: n(width), height: n(height), mapped: mapped!, state: state! };
    };
    const observed = [
      'centred',
      'too-small',
      'before-close',
      'restored',
      'maximised',
      'restored-maximised',
      'unmaximised',
    ]
      .filter((n) => existsSync(join(out, `${n}.txt`)))
      .map((n) => `${n}: ${read(`${n}.txt`).trim()}`)
      .join('\n');
    const log = read('home/logs/window.log');
    const context = `exit ${r.status}\n${r.stderr}\n${observed}\nframe: ${read('frame.txt')}\nstate: ${read('home/window-state.json')}\nwindow.log:\n${log}\nstderr:\n${read('home/logs/window-stderr.log')}`;
    const [left, , top] = read('frame.txt').trim().split(' ').map(Number) as [number, number, number, number];
    const kept = (f: string) => JSON.parse(read(f)) as WindowState;
    const shots = Object.fromEntries(
      ['restored', 'restored-maximised']
        .filter((f) => existsSync(join(out, `${f}.png`)))
        .map((f) => [f, readFileSync(join(out, `${f}.png`))]),
    );
    return { status: r.status, seen, log, context, frame: { left, top }, kept, shots };
  } finally {
    root.remove();
  }
}

describe.skipIf(why !== null)(
  `the native window's place, with a window manager${why ? ` (skipped: ${why})` : ''}`,
  () => {
    it('is kept across close and session end, maximised too; refuses below 960×640; a gone display opens centred', async () => {
      const started = Date.now();
      const {
        status,
        seen,
        log,
        context,
        frame,
        kept: keptFile,
        shots,
      } = await runScenario(setup(SCREEN) + STEPS);
      expect(status, context).toBe(0);
      const { left, top } = frame;

      // The kept display is not attached: centred (the frame's corner where a 1280×800 window is centred).
      expect(seen('centred'), context).toMatchObject({
        ...DEFAULT_SIZE,
        mapped: 'IsViewable',
        state: 'normal',
      });
      expect(seen('centred').x - left).toBe((SCREEN.width - DEFAULT_SIZE.width) / 2);
      expect(seen('centred').y - top).toBe((SCREEN.height - DEFAULT_SIZE.height) / 2);

      // Asked for 500×400: refused, at least the minimum.
      expect(seen('too-small').width, context).toBeGreaterThanOrEqual(MIN_SIZE.width);
      expect(seen('too-small').height, context).toBeGreaterThanOrEqual(MIN_SIZE.height);

      // Kept while moving (the debounced save), and kept at close (before that save could run).
      const kept = (f: string) => {
        const s = keptFile(f);
        return s.last === undefined ? undefined : s.displays[s.last];
      };
      expect(kept('kept-moving.json'), context).toEqual({ ...MOVED, x: 200, y: 120, maximized: false });
      expect(kept('kept-closed.json'), context).toEqual({ ...MOVED, maximized: false });
      expect(
        keptFile('kept-closed.json').displays[GONE_DISPLAY],
        'the gone display’s place is kept for when it is back',
      ).toEqual(GONE_STATE.displays[GONE_DISPLAY]);

      // Closed, session ended, opened again: exactly where it was.
      const moved = { x: MOVED.x + left, y: MOVED.y + top, width: MOVED.width, height: MOVED.height };
      expect(seen('before-close')).toEqual({ ...moved, mapped: 'IsViewable', state: 'normal' });
      expect(seen('restored'), context).toEqual(seen('before-close'));
      expect(log.match(/ opened pid=/g), 'a new window process each time').toHaveLength(3);
      expect(log.match(/ quit\n/g), 'SIGTERM quits like the tray’s Quit window').toHaveLength(2);

      // Maximised when it was; unmaximised, the place it had before.
      expect(seen('maximised'), context).toMatchObject({ mapped: 'IsViewable', state: 'maximised' });
      expect(seen('maximised').width).toBeGreaterThan(MOVED.width);
      expect(seen('restored-maximised'), context).toEqual(seen('maximised'));
      expect(seen('unmaximised'), context).toEqual(seen('before-close'));

      const dir = join(REPO, 'test-results', 'desktop');
      mkdirSync(dir, { recursive: true });
      for (const [shot, png] of Object.entries(shots))
        writeFileSync(join(dir, `native-window-${shot}.png`), png);
      console.log(`native window state: whole test ${Date.now() - started} ms`);
    }, 600_000);

    it('on a 2× display: opens centred at 1280×800 logical, and is put back in the same physical pixels', async () => {
      const { status, seen, context, frame } = await runScenario(
        setup(SCALED.screen, 'GDK_SCALE=2') + STEPS_2X,
      );
      expect(status, context).toBe(0);
      const size = { width: DEFAULT_SIZE.width * 2, height: DEFAULT_SIZE.height * 2 };
      expect(seen('centred'), context).toMatchObject({ ...size, mapped: 'IsViewable', state: 'normal' });
      expect(seen('centred').x - frame.left, context).toBe((SCALED.screen.width - size.width) / 2);
      expect(seen('centred').y - frame.top, context).toBe((SCALED.screen.height - size.height) / 2);
      const { x, y, width, height } = SCALED.moved;
      expect(seen('before-close')).toEqual({
        x: x + frame.left,
        y: y + frame.top,
        width,
        height,
        mapped: 'IsViewable',
        state: 'normal',
      });
      expect(seen('restored'), context).toEqual(seen('before-close'));
    }, 600_000);
  },
);
