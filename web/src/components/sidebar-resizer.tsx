import { useEffect, useState } from 'react';

const MIN = 160;
const MAX = 480;
const KEY = 'cowork.sidebarWidth';

const clamp = (w: number) => Math.min(MAX, Math.max(MIN, Math.round(w)));

/** The sidebar's width (px), remembered on this machine's browser, and setting the layout's variable. */
export function useSidebarWidth(): [number, (w: number) => void] {
  const [width, setWidth] = useState(() => clamp(Number(localStorage.getItem(KEY)) || 240));
  useEffect(() => {
    document.documentElement.style.setProperty('--sidebar-width', `${width}px`);
    localStorage.setItem(KEY, String(width));
  }, [width]);
  return [width, (w) => setWidth(clamp(w))];
}

/**
 * The sidebar's right edge as a splitter: drag it with the pointer, or focus it and use the arrow
 * keys (Home/End for the narrowest and widest), as the WAI-ARIA window splitter pattern asks.
 */
export function SidebarResizer({ width, setWidth }: { width: number; setWidth: (w: number) => void }) {
  const [dragging, setDragging] = useState(false);
  return (
    // biome-ignore lint/a11y/useSemanticElements: an <hr> cannot be focused and dragged; this is the ARIA splitter pattern
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize sidebar"
      aria-valuemin={MIN}
      aria-valuemax={MAX}
      aria-valuenow={width}
      tabIndex={0}
      className={`sidebar-resizer ${dragging ? 'dragging' : ''}`}
      data-testid="sidebar-resizer"
      onPointerDown={(e) => {
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        setDragging(true);
      }}
      onPointerMove={(e) => {
        if (dragging) setWidth(e.clientX);
      }}
      onPointerUp={() => setDragging(false)}
      onKeyDown={(e) => {
        const step = e.shiftKey ? 48 : 16;
        const next =
          e.key === 'ArrowLeft'
            ? width - step
            : e.key === 'ArrowRight'
              ? width + step
              : e.key === 'Home'
                ? MIN
                : e.key === 'End'
                  ? MAX
                  : null;
        if (next === null) return;
        e.preventDefault();
        setWidth(next);
      }}
    />
  );
}
