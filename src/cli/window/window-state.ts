/**
 * Where the native window opens: its size, position and maximised state are kept per display (in
 * physical pixels, as the OS reports monitors) and restored only when that display is still
 * attached; otherwise, or when the kept place would leave the window unreachable, it opens centred
 * on the primary display at the default size. A place is the frame's top-left corner and the
 * content's size — what setPosition and setSize take — so a window put back is where it was, not
 * grown by the window manager's frame each time.
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../store/index.js';
import type { BrowserWindow, Monitor } from './webview-types.js';

/** In logical pixels (the page's CSS pixels), like the window's minimum: physical ones are these times the display's scale. */
export const DEFAULT_SIZE = { width: 1280, height: 800 } as const;
export const MIN_SIZE = { width: 960, height: 640 } as const;
/** How much of the window's top strip (its title bar) must be on the display to be grabbed. */
const REACHABLE = { width: 100, height: 40 } as const;

export interface WindowBounds {
  /** The frame's top-left corner (the outer position). */
  x: number;
  y: number;
  /** The content's size (the inner size): the frame is the window manager's to add. */
  width: number;
  height: number;
  maximized: boolean;
}

export interface WindowState {
  /** The display the window was last on. */
  last?: string;
  displays: Record<string, WindowBounds>;
}

/** A display, named so that the same monitor at the same place is the same key. */
export function displayKey(m: Monitor): string {
  return `${m.name ?? 'display'}@${m.position.x},${m.position.y}:${m.size.width}x${m.size.height}`;
}

type Size = { width: number; height: number };

/** A logical size in `m`'s physical pixels (a 2× display has twice as many each way). */
export function physicalOn(m: Monitor, size: Size): Size {
  const scale = m.scaleFactor > 0 ? m.scaleFactor : 1;
  return { width: Math.round(size.width * scale), height: Math.round(size.height * scale) };
}

/** Default-sized (smaller when the display is), centred on `m`; `size` in physical pixels. */
export function centredOn(m: Monitor, size: Size = physicalOn(m, DEFAULT_SIZE)): WindowBounds {
  const min = physicalOn(m, MIN_SIZE);
  const width = Math.max(Math.min(size.width, m.size.width), Math.min(min.width, m.size.width));
  const height = Math.max(Math.min(size.height, m.size.height), Math.min(min.height, m.size.height));
  return {
    x: m.position.x + Math.round((m.size.width - width) / 2),
    y: m.position.y + Math.round((m.size.height - height) / 2),
    width,
    height,
    maximized: false,
  };
}

function reachableOn(b: WindowBounds, m: Monitor): boolean {
  const left = Math.max(b.x, m.position.x);
  const right = Math.min(b.x + b.width, m.position.x + m.size.width);
  const top = Math.max(b.y, m.position.y);
  const bottom = Math.min(b.y + REACHABLE.height, m.position.y + m.size.height);
  return right - left >= REACHABLE.width && bottom - top >= REACHABLE.height / 2;
}

/** Where to open, from the kept state and the displays attached now. */
export function restoreBounds(
  state: WindowState,
  monitors: readonly Monitor[],
  primary: Monitor | undefined,
): WindowBounds {
  const fallback = primary ?? monitors[0];
  const display = monitors.find((m) => displayKey(m) === state.last);
  const kept = state.last === undefined ? undefined : state.displays[state.last];
  if (!display || !kept)
    return fallback ? centredOn(fallback) : { ...DEFAULT_SIZE, x: 0, y: 0, maximized: false };
  const min = physicalOn(display, MIN_SIZE);
  const size = {
    width: Math.max(min.width, Math.min(kept.width, display.size.width)),
    height: Math.max(min.height, Math.min(kept.height, display.size.height)),
  };
  const bounds = { ...kept, ...size };
  // Kept but now unreachable (the display's resolution shrank): same size, centred on it.
  if (!reachableOn(bounds, display)) return { ...centredOn(display, size), maximized: kept.maximized };
  return bounds;
}

/** The state with the window's place on `display` recorded (a maximised window keeps its last normal size). */
export function recordBounds(state: WindowState, display: Monitor, bounds: WindowBounds): WindowState {
  const key = displayKey(display);
  const before = state.displays[key];
  const place = bounds.maximized && before ? { ...before, maximized: true } : bounds;
  return { last: key, displays: { ...state.displays, [key]: place } };
}

type PlacedWindow = Pick<
  BrowserWindow,
  'getPosition' | 'getInnerSize' | 'isMaximized' | 'setPosition' | 'setSize' | 'setMaximized'
>;

/** Where `win` is now, in the terms `placeWindow` puts it back with. */
export function boundsOf(win: PlacedWindow): WindowBounds {
  const { x, y } = win.getPosition(false);
  const { width, height } = win.getInnerSize(false);
  return { x, y, width, height, maximized: win.isMaximized() };
}

export function placeWindow(win: PlacedWindow, b: WindowBounds): void {
  win.setSize(b.width, b.height, false);
  win.setPosition(b.x, b.y, false);
  if (b.maximized) win.setMaximized(true);
}

function isBounds(v: unknown): v is WindowBounds {
  const b = v as WindowBounds;
  return (
    typeof b === 'object' &&
    b !== null &&
    [b.x, b.y, b.width, b.height].every(Number.isFinite) &&
    typeof b.maximized === 'boolean'
  );
}

/** The kept state; an absent or unreadable file is no state (the window opens centred). */
export function readWindowState(path: string): WindowState {
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as { last?: unknown; displays?: unknown };
    const displays = Object.fromEntries(
      Object.entries((raw.displays ?? {}) as Record<string, unknown>).filter(([, b]) => isBounds(b)),
    ) as Record<string, WindowBounds>;
    return { ...(typeof raw.last === 'string' ? { last: raw.last } : {}), displays };
  } catch {
    return { displays: {} };
  }
}

export function writeWindowState(path: string, state: WindowState): void {
  writeFileAtomic(path, `${JSON.stringify(state, null, 2)}\n`);
}
