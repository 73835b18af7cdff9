import { useEffect } from 'react';

/**
 * Where focus goes when the element that had it is gone: back to where it was before a dialog
 * opened (the palette), else the next approval (its card here, else the Approvals panel's card or
 * its pointer to another conversation), else the composer.
 */
function fallback(beforeDialog: HTMLElement | null): HTMLElement | null {
  return (
    (beforeDialog?.isConnected ? beforeDialog : null) ??
    document.querySelector<HTMLElement>('[data-testid="transcript"] [data-testid="approval-card"]') ??
    document.querySelector<HTMLElement>('.panel [data-testid="approval-card"]') ??
    document.querySelector<HTMLElement>('.panel [data-testid="approval-pointer"] button') ??
    document.getElementById('composer') ??
    mainLandmark()
  );
}

/** The view's <main>, made focusable by script only (it is not a Tab stop). */
export function mainLandmark(): HTMLElement | null {
  const main = document.querySelector<HTMLElement>('main');
  if (main && !main.hasAttribute('tabindex')) main.tabIndex = -1;
  return main;
}

/** Elements made inert here (and only those are made live again). */
const madeInert = new WeakSet<HTMLElement>();

/**
 * A modal dialog (the palette) hides the rest of the page from screen readers with aria-hidden
 * (marked data-aria-hidden); that page must not take focus either (WCAG 4.1.2, axe's
 * aria-hidden-focus), so it is inert for as long, and live again before focus is put back in it.
 */
function inertBehindDialogs(changes: MutationRecord[]): void {
  for (const change of changes) {
    if (change.type !== 'attributes') continue;
    const el = change.target as HTMLElement;
    const hidden = el.getAttribute('aria-hidden') === 'true' && el.hasAttribute('data-aria-hidden');
    if (hidden && !el.inert) {
      el.inert = true;
      madeInert.add(el);
    } else if (!hidden && madeInert.has(el)) {
      el.inert = false;
      madeInert.delete(el);
    }
  }
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
    let lastInDialog = false;
    /** The last element focused outside any dialog, while a dialog has focus. */
    let beforeDialog: HTMLElement | null = null;
    let outside: HTMLElement | null = null;
    const onFocusIn = (e: FocusEvent) => {
      last = e.target as Element;
      lastInDialog = last.closest('[role="dialog"]') !== null;
      if (lastInDialog) beforeDialog ??= outside;
      else {
        outside = last as HTMLElement;
        beforeDialog = null;
      }
    };
    const onFocusOut = (e: FocusEvent) => {
      const left = e.target as Element;
      // Still in the page, yet focus is on <body>: the person put it there (a click on empty space).
      queueMicrotask(() => {
        if (left === last && left.isConnected && document.activeElement === document.body)
          last = outside = null;
      });
    };
    const rescue = (changes: MutationRecord[]) => {
      inertBehindDialogs(changes);
      if (!last || last.isConnected) return;
      if (document.activeElement && document.activeElement !== document.body) return;
      const target = fallback(lastInDialog ? beforeDialog : null);
      last = beforeDialog = null;
      target?.focus({ preventScroll: true });
    };
    // Removal fires no focus event in every browser: watch the page change instead (the check is
    // a few property reads, so streaming text costs nothing noticeable).
    const watcher = new MutationObserver(rescue);
    watcher.observe(document.body, { childList: true, subtree: true, attributeFilter: ['aria-hidden'] });
    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('focusout', onFocusOut);
    return () => {
      watcher.disconnect();
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('focusout', onFocusOut);
    };
  }, []);
}
