import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useMemo } from 'react';

marked.setOptions({ gfm: true, breaks: false });

/**
 * Assistant text as markdown, sanitized (a model can be talked into writing HTML). Code blocks get
 * a copy button; streaming re-renders as text arrives.
 */
export function Markdown({ text }: { text: string }) {
  const html = useMemo(() => DOMPurify.sanitize(marked.parse(text, { async: false }) as string), [text]);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions lint/a11y/useKeyWithClickEvents: delegation for the copy buttons inside, which are real buttons
    <div
      className="markdown"
      onClick={(e) => {
        const button = (e.target as HTMLElement).closest('button.copy');
        const code = button?.parentElement?.querySelector('code');
        if (code) void navigator.clipboard?.writeText(code.textContent ?? '');
      }}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized by DOMPurify above
      dangerouslySetInnerHTML={{
        __html: html.replaceAll(
          '<pre>',
          '<pre><button class="copy" type="button" aria-label="Copy code">Copy</button>',
        ),
      }}
    />
  );
}
