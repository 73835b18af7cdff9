import { useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useRef } from 'react';

/** A long list of fixed-height rows where only the visible ones are in the page (logs, audit). */
export function VirtualRows<T>({
  items,
  rowHeight,
  className,
  testId,
  rowKey,
  rowClass,
  children,
}: {
  items: T[];
  rowHeight: number;
  className: string;
  testId: string;
  rowKey: (item: T) => string | number;
  rowClass: (item: T) => string;
  children: (item: T) => ReactNode;
}) {
  const parent = useRef<HTMLDivElement>(null);
  const rows = useVirtualizer({
    count: items.length,
    getScrollElement: () => parent.current,
    estimateSize: () => rowHeight,
    overscan: 20,
  });
  return (
    <div ref={parent} className={className} data-testid={testId}>
      <div style={{ height: rows.getTotalSize(), position: 'relative' }}>
        {rows.getVirtualItems().map((v) => {
          const item = items[v.index]!;
          return (
            <div
              key={rowKey(item)}
              className={rowClass(item)}
              style={{ position: 'absolute', top: 0, transform: `translateY(${v.start}px)`, height: v.size }}
            >
              {children(item)}
            </div>
          );
        })}
      </div>
    </div>
  );
}
