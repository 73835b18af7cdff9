import { scrollableRef } from './scrollable';

/** A unified diff or a command, with added and removed lines coloured. */
export function DiffText({ text }: { text: string }) {
  return (
    <pre className="diff" ref={scrollableRef}>
      {text.split('\n').map((line, i) => (
        <span
          // biome-ignore lint/suspicious/noArrayIndexKey: lines of a fixed text
          key={i}
          className={
            line.startsWith('+') && !line.startsWith('+++')
              ? 'add'
              : line.startsWith('-') && !line.startsWith('---')
                ? 'del'
                : ''
          }
        >
          {line}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}
