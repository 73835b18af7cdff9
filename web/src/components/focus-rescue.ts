import { useEffect } from 'react';

/** Where focus goes when the element that had it is gone: the next approval, else the composer. */
function fallback(): HTMLElement | null {
  return (
    document.querySelector<HTMLElement>('[data-testid="transcript"] [data-testid="approval-card"]') ??
    document.querySelector<HTMLElement>('.panel [data-testid="approval-card"]') ??
    document.getElementById('composer') ??
    mainLandmark()
  );
}

/** The view's <main>, made focusable by script only (it is not a Tab stop). */
function mainLandmark(): HTMLElement | null {
  const main = document.querySelector<HTMLElement>('main');
  if (main && !main.hasAttribute('tabindex')) main.tabIndex = -1;
  return main;
}

/**
 * Keeps keyboard focus from falling to <body> when the focused element leaves the page (an
 * approval card once answered, the palette once closed), which would send a keyboard user back to
 * the top. Focus the person moved to <body> themselves (a click on empty space) is left alone: only
 * focus whose element was removed is rescued.
 */
export function useFocusRescue(): void {
  useEffect(() => {
    let last: Element | null = null;
    const onFocusIn = (e: FocusEvent) => {
      last = e.target as Element;
    };
    const onFocusOut = (e: FocusEvent) => {
      const left = e.target as Element;
      // Still in the page, yet focus is on <body>: the person put it there (a click on empty space).
      queueMicrotask(() => {
        if (left === last && left.isConnected && document.activeElement === document.body) last = null;
      });
    };
    const rescue = () => {
      if (!last || last.isConnected) return;
      if (document.activeElement && document.activeElement !== document.body) return;
      last = null;
      fallback()?.focus();
    };
    // Removal fires no focus event in every browser: watch the page change instead (the check is
    // two property reads, so streaming text costs nothing noticeable).
    const watcher = new MutationObserver(rescue);
    watcher.observe(document.body, { childList: true, subtree: true });
    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('focusout', onFocusOut);
    return () => {
      watcher.disconnect();
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('focusout', onFocusOut);
    };
  }, []);
}
