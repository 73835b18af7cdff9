/**
 * Where the native window opens: its kept place on a display that is still attached, centred on
 * the primary otherwise (display gone, nothing kept, unreadable file), pulled back when the kept
 * place is off the display, never smaller than the minimum, and maximised as it was left; a window
 * put back where it was kept is exactly there, however big the window manager's frame.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Monitor } from '../../../src/cli/window/webview-types.js';
import {
  boundsOf,
  DEFAULT_SIZE,
  displayKey,
  MIN_SIZE,
  placeWindow,
  readWindowState,
  recordBounds,
  restoreBounds,
  type WindowState,
  writeWindowState,
} from '../../../src/cli/window/window-state.js';
import { tempDir } from '../../helpers/temp-dir.js';

const monitor = (name: string, x: number, width = 1920, height = 1080): Monitor => ({
  name,
  scaleFactor: 1,
  size: { width, height },
  position: { x, y: 0 },
});
const laptop = monitor('eDP-1', 0);
const external = monitor('HDMI-1', 1920, 2560, 1440);
const normal = { x: 2100, y: 200, width: 1400, height: 900, maximized: false };

/**
 * A window as tao has it under an X11 window manager (openbox's frame, measured in the native
 * window's e2e): setSize sets the content, setPosition and getPosition are the frame's corner,
 * and the outer size is the content plus the frame.
 */
function framedWindow(frame = { left: 1, right: 1, top: 20, bottom: 5 }) {
  let position = { x: 0, y: 0 };
  let inner = { width: 800, height: 600 };
  let maximized = false;
  return {
    setSize: (width: number, height: number) => {
      inner = { width, height };
    },
    setPosition: (x: number, y: number) => {
      position = { x, y };
    },
    setMaximized: (value: boolean) => {
      maximized = value;
    },
    isMaximized: () => maximized,
    getPosition: () => position,
    getInnerSize: () => inner,
    getOuterSize: () => ({
      width: inner.width + frame.left + frame.right,
      height: inner.height + frame.top + frame.bottom,
    }),
  };
}

describe('window state per display', () => {
  it('opens centred on the primary, at 1280×800, when nothing is kept', () => {
    expect(restoreBounds({ displays: {} }, [laptop, external], laptop)).toEqual({
      x: 320,
      y: 140,
      ...DEFAULT_SIZE,
      maximized: false,
    });
  });

  it('restores the place kept on a display that is still attached', () => {
    const state = recordBounds({ displays: {} }, external, normal);
    expect(restoreBounds(state, [laptop, external], laptop)).toEqual(normal);
  });

  it('opens centred on the primary when the display it was on is gone', () => {
    const state = recordBounds({ displays: {} }, external, normal);
    expect(restoreBounds(state, [laptop], laptop)).toEqual({
      x: 320,
      y: 140,
      ...DEFAULT_SIZE,
      maximized: false,
    });
  });

  it('pulls a kept place that is off its display back onto it, keeping the size', () => {
    const state = recordBounds({ displays: {} }, external, { ...normal, x: 1920 + 2560 - 50 });
    const b = restoreBounds(state, [laptop, external], laptop);
    expect(b).toMatchObject({ width: 1400, height: 900 });
    expect(b.x).toBe(1920 + (2560 - 1400) / 2);
    const above = restoreBounds(
      recordBounds({ displays: {} }, external, { ...normal, y: -500 }),
      [external],
      laptop,
    );
    expect(above.y).toBeGreaterThanOrEqual(0);
  });

  it('never restores below the minimum size', () => {
    const state = recordBounds({ displays: {} }, laptop, {
      x: 10,
      y: 10,
      width: 300,
      height: 200,
      maximized: false,
    });
    expect(restoreBounds(state, [laptop], laptop)).toMatchObject(MIN_SIZE);
  });

  it('a maximised window is restored maximised, with its last normal size underneath', () => {
    let state: WindowState = recordBounds({ displays: {} }, external, normal);
    state = recordBounds(state, external, { x: 1920, y: 0, width: 2560, height: 1440, maximized: true });
    expect(restoreBounds(state, [laptop, external], laptop)).toEqual({ ...normal, maximized: true });
  });

  it('on a 2× display the default and the minimum are 2× in physical pixels (1280×800 and 960×640 logical)', () => {
    const retina = { ...monitor('eDP-1', 0, 3200, 2000), scaleFactor: 2 };
    expect(restoreBounds({ displays: {} }, [retina], retina)).toEqual({
      x: 320,
      y: 200,
      width: 2560,
      height: 1600,
      maximized: false,
    });
    const small = recordBounds({ displays: {} }, retina, {
      x: 10,
      y: 10,
      width: 1000,
      height: 700,
      maximized: false,
    });
    expect(restoreBounds(small, [retina], retina)).toMatchObject({ width: 1920, height: 1280 });
  });

  it('a window put back where it was kept is where it was, not grown by its frame each time', () => {
    const win = framedWindow();
    placeWindow(win, normal);
    for (let reopen = 0; reopen < 3; reopen++) placeWindow(win, boundsOf(win));
    expect(boundsOf(win)).toEqual(normal);
    expect(win.getInnerSize()).toEqual({ width: normal.width, height: normal.height });
    placeWindow(win, { ...normal, maximized: true });
    expect(boundsOf(win).maximized).toBe(true);
  });

  it('the same monitor moved elsewhere is another display', () => {
    expect(displayKey(external)).not.toBe(displayKey({ ...external, position: { x: 0, y: 1080 } }));
  });

  it('keeps the state in an atomic JSON file; an unreadable one is no state', () => {
    const dir = tempDir();
    const file = join(dir, 'window-state.json');
    const state = recordBounds({ displays: {} }, external, normal);
    writeWindowState(file, state);
    expect(readWindowState(file)).toEqual(state);
    writeFileSync(file, '{ torn');
    expect(readWindowState(file)).toEqual({ displays: {} });
    writeFileSync(file, JSON.stringify({ last: 'x', displays: { x: { x: 'no' } } }));
    expect(readWindowState(file)).toEqual({ last: 'x', displays: {} });
  });
});
