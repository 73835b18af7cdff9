/**
 * A ref for a box that scrolls (a long diff, a command's output): while its content overflows it is
 * a Tab stop, so the keyboard can scroll it too (WCAG 2.1.1); a box that fits adds no stop.
 */
export function scrollableRef(el: HTMLElement | null): (() => void) | undefined {
  if (!el) return;
  const update = () => {
    const overflows = el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
    if (overflows) el.tabIndex = 0;
    else el.removeAttribute('tabindex');
  };
  update();
  const watch = new ResizeObserver(update);
  watch.observe(el);
  return () => watch.disconnect();
}
