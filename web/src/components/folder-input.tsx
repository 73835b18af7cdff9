import { useEffect, useId, useState } from 'react';
import { rpc } from '../state/cowork';

/**
 * A path field that completes folder names as the person types, the way a shell does: suggestions
 * from the daemon (`grants.complete`), ArrowUp/ArrowDown to choose, Tab (or Enter on a chosen one)
 * to take it — the WAI-ARIA combobox pattern, so it works from the keyboard and a screen reader.
 */
export function FolderInput({
  value,
  onChange,
  label,
  placeholder,
}: {
  value: string;
  onChange: (path: string) => void;
  label: string;
  placeholder?: string;
}) {
  const [folders, setFolders] = useState<string[]>([]);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const listId = useId();
  useEffect(() => {
    if (!value.startsWith('/') && !value.startsWith('~')) return setFolders([]);
    let stale = false;
    // A short pause: one request per burst of typing, not per key.
    const t = setTimeout(() => {
      void rpc.call('grants.complete', { prefix: value }).then(
        (r) => {
          if (stale) return;
          setFolders(r.folders.filter((f) => f !== value));
          setActive(-1);
        },
        () => !stale && setFolders([]),
      );
    }, 80);
    return () => {
      stale = true;
      clearTimeout(t);
    };
  }, [value]);
  const shown = open && folders.length > 0;
  const take = (folder: string) => {
    onChange(folder);
    setOpen(true); // the next level's folders follow
  };
  return (
    <span className="folder-input">
      <input
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
          setOpen(true);
        }}
        onBlur={() => setOpen(false)}
        onFocus={() => setOpen(true)}
        onKeyDown={(e) => {
          if (!shown) return;
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            // -1 is the typed text itself: the list wraps through it, as a shell's does
            const n = folders.length;
            const down = e.key === 'ArrowDown';
            setActive((a) => (down ? (a + 1 < n ? a + 1 : -1) : a < 0 ? n - 1 : a - 1));
          } else if (e.key === 'Tab' && !e.shiftKey) {
            e.preventDefault();
            take(folders[Math.max(active, 0)]!);
          } else if (e.key === 'Enter' && active >= 0) {
            e.preventDefault();
            take(folders[active]!);
          } else if (e.key === 'Escape') {
            setOpen(false);
          }
        }}
        placeholder={placeholder}
        aria-label={label}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={shown && active >= 0 ? `${listId}-${active}` : undefined}
        autoComplete="off"
        spellCheck={false}
        required
      />
      {shown && (
        <div id={listId} role="listbox" aria-label="Folders" className="completions">
          {folders.map((f, i) => (
            <div
              key={f}
              tabIndex={-1}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              // mousedown, not click: the field must not lose focus (and close the list) first
              onMouseDown={(e) => {
                e.preventDefault();
                take(f);
              }}
            >
              {f}
            </div>
          ))}
        </div>
      )}
    </span>
  );
}
