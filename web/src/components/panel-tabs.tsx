import { type KeyboardEvent, type ReactNode, useRef } from 'react';

/**
 * A WAI-ARIA tablist: one Tab stop (the selected tab), arrows move and select (wrapping), Home and
 * End go to the ends. Each tab controls the one tabpanel, which is named by the selected tab.
 */
export function Tabs<T extends string>({
  label,
  tabs,
  selected,
  onSelect,
  idPrefix,
  badge,
  children,
}: {
  label: string;
  tabs: readonly { id: T; label: string }[];
  selected: T;
  onSelect: (id: T) => void;
  /** Makes the tab and panel ids unique on the page. */
  idPrefix: string;
  /** Shown after a tab's label (a count); its text is part of the tab's name. */
  badge?: (id: T) => ReactNode;
  children: ReactNode;
}) {
  const list = useRef<HTMLDivElement>(null);
  const move = (e: KeyboardEvent) => {
    const i = tabs.findIndex((t) => t.id === selected);
    const next =
      e.key === 'ArrowRight'
        ? (i + 1) % tabs.length
        : e.key === 'ArrowLeft'
          ? (i - 1 + tabs.length) % tabs.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? tabs.length - 1
              : -1;
    if (next < 0) return;
    e.preventDefault();
    onSelect(tabs[next]!.id);
    list.current?.querySelector<HTMLElement>(`#${idPrefix}-tab-${tabs[next]!.id}`)?.focus();
  };
  return (
    <>
      <div ref={list} className="tabs" role="tablist" aria-label={label} onKeyDown={move}>
        {tabs.map((t) => (
          <button
            key={t.id}
            id={`${idPrefix}-tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={t.id === selected}
            aria-controls={`${idPrefix}-panel`}
            tabIndex={t.id === selected ? 0 : -1}
            className={t.id === selected ? 'active' : ''}
            onClick={() => onSelect(t.id)}
          >
            {t.label}
            {badge?.(t.id)}
          </button>
        ))}
      </div>
      <div
        id={`${idPrefix}-panel`}
        className="panel"
        role="tabpanel"
        aria-labelledby={`${idPrefix}-tab-${selected}`}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a panel with no focusable content must still be reachable by Tab (ARIA tabs pattern)
        tabIndex={0}
      >
        {children}
      </div>
    </>
  );
}
