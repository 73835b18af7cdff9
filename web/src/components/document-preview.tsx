/**
 * A document as the person sees it (loaded lazily: pdf.js and the grids stay out of the main
 * bundle). A PDF's pages drawn by pdf.js from the file's bytes, an image inline, a Word document's
 * HTML sanitized again here, sheets as a grid, slides as thumbnails, anything else as Markdown.
 */
import DOMPurify from 'dompurify';
import { Download, FolderOpen, X } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  fileName,
  fileUrl,
  loadPreview,
  openInFiles,
  type DocumentPreview as Preview,
} from '../state/documents';
import { Markdown } from './markdown';
import './document-preview.css';

type Of<K extends Preview['kind']> = Extract<Preview, { kind: K }>;

/** `actions`: its Download and Open in Files buttons (an artifact card has its own). */
export function DocumentPreview({
  path,
  inFiles = false,
  actions = true,
}: {
  path: string;
  inFiles?: boolean;
  actions?: boolean;
}) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loadPreview(path).then(
      (p) => live && setPreview(p),
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [path]);
  return (
    <div className="doc-preview" data-testid="document-preview" data-kind={preview?.kind}>
      {actions && (
        <div className="doc-actions">
          <a className="button" href={fileUrl(path, true)} download={fileName(path)}>
            <Download aria-hidden="true" size={14} /> Download
          </a>
          {!inFiles && (
            <button type="button" onClick={() => openInFiles(path)}>
              <FolderOpen aria-hidden="true" size={14} /> Open in Files
            </button>
          )}
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!preview && !error && <p className="muted">Loading preview…</p>}
      {preview && <Body preview={preview} />}
    </div>
  );
}

function Body({ preview }: { preview: Preview }) {
  switch (preview.kind) {
    case 'pdf':
      return <PdfPages preview={preview} />;
    case 'image':
      return <img className="doc-image" src={fileUrl(preview.path)} alt={fileName(preview.path)} />;
    case 'html':
      return <DocxHtml html={preview.html} />;
    case 'sheets':
      return <Sheets preview={preview} />;
    case 'slides':
      return <Slides preview={preview} />;
    case 'markdown':
      return <Markdown text={preview.markdown} />;
  }
}

// ---- Word documents ------------------------------------------------------------------------------

/**
 * Shown in the page, not an iframe: mammoth writes plain semantic HTML (headings, lists, tables),
 * which then reads in the app's type and theme at its natural height. It is sanitized again here
 * to an allowlist (no scripts, styles, forms, frames or event handlers; images only as data:),
 * and the page's CSP runs no inline script even if something slipped through.
 */
const ALLOWED = {
  ALLOWED_TAGS: [
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'br',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'sub',
    'sup',
    'ul',
    'ol',
    'li',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'a',
    'img',
    'blockquote',
    'pre',
    'code',
  ],
  ALLOWED_ATTR: ['href', 'src', 'alt', 'colspan', 'rowspan', 'id'],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#|data:image\/(?:png|jpeg|gif|webp);base64,)/i,
};

function DocxHtml({ html }: { html: string }) {
  const clean = useMemo(() => {
    const out = DOMPurify.sanitize(html, { ...ALLOWED, RETURN_DOM_FRAGMENT: true });
    for (const a of out.querySelectorAll('a[href^="http"]')) {
      a.setAttribute('target', '_blank');
      a.setAttribute('rel', 'noopener noreferrer');
    }
    const box = document.createElement('div');
    box.append(out);
    return box.innerHTML;
  }, [html]);
  return (
    // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized by DOMPurify to the allowlist above
    <article className="doc-page" aria-label="Document" dangerouslySetInnerHTML={{ __html: clean }} />
  );
}

// ---- PDF -----------------------------------------------------------------------------------------

type PdfDocument = Awaited<ReturnType<typeof import('pdfjs-dist')['getDocument']>['promise']>;

async function openPdf(path: string): Promise<PdfDocument> {
  const [pdfjs, worker] = await Promise.all([
    import('pdfjs-dist'),
    import('pdfjs-dist/build/pdf.worker.min.mjs?url'),
  ]);
  pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
  return pdfjs.getDocument({ url: fileUrl(path), isEvalSupported: false, enableXfa: false }).promise;
}

function PdfPages({ preview }: { preview: Of<'pdf'> }) {
  const [doc, setDoc] = useState<PdfDocument | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let loaded: PdfDocument | null = null;
    openPdf(preview.path).then(
      (d) => {
        loaded = d;
        setDoc(d);
      },
      (err: Error) => setError(err.message),
    );
    return () => void loaded?.destroy();
  }, [preview.path]);
  const shown = Math.min(preview.pages, 500);
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region is focusable so the keyboard can scroll it
    <section className="pdf-pages" aria-label={`PDF, ${preview.pages} pages`} tabIndex={0}>
      {error && <p className="error">{error}</p>}
      {doc &&
        Array.from({ length: shown }, (_, i) => i + 1).map((n) => (
          <PdfPage key={n} doc={doc} n={n} of={preview.pages} />
        ))}
      {preview.pages > shown && (
        <p className="muted">
          Pages {shown + 1}–{preview.pages} are not shown here: download the file.
        </p>
      )}
    </section>
  );
}

/** One page, drawn when it scrolls near the view (a 300-page PDF costs only what is looked at). */
function PdfPage({ doc, n, of }: { doc: PdfDocument; n: number; of: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [drawn, setDrawn] = useState(false);
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    let cancelled = false;
    const observer = new IntersectionObserver(
      async ([entry]) => {
        if (!entry?.isIntersecting) return;
        observer.disconnect();
        const page = await doc.getPage(n);
        if (cancelled) return;
        const width = el.parentElement?.clientWidth ?? 600;
        const base = page.getViewport({ scale: 1 });
        const ratio = window.devicePixelRatio || 1;
        const viewport = page.getViewport({ scale: (width / base.width) * ratio });
        el.width = viewport.width;
        el.height = viewport.height;
        el.style.aspectRatio = `${base.width} / ${base.height}`;
        await page.render({ canvas: el, viewport }).promise;
        if (!cancelled) setDrawn(true);
      },
      { rootMargin: '400px' },
    );
    observer.observe(el);
    return () => {
      cancelled = true;
      observer.disconnect();
    };
  }, [doc, n]);
  return (
    <canvas
      ref={canvas}
      className="pdf-page"
      role="img"
      aria-label={`Page ${n} of ${of}`}
      data-drawn={drawn || undefined}
    />
  );
}

// ---- sheets --------------------------------------------------------------------------------------

const column = (i: number): string =>
  (i < 26 ? '' : column(Math.floor(i / 26) - 1)) + String.fromCharCode(65 + (i % 26));
const number = (n: number) => n.toLocaleString('en-US').replaceAll(',', ' ');
const count = (n: number, what: string) => `${number(n)} ${what}${n === 1 ? '' : 's'}`;

function Sheets({ preview }: { preview: Of<'sheets'> }) {
  const [at, setAt] = useState(0);
  const sheet = preview.sheets[at];
  if (!sheet) return <p className="muted">The workbook has no sheets.</p>;
  const columns = Math.max(0, ...sheet.rows.map((r) => r.length));
  return (
    <div className="sheets">
      {preview.sheets.length > 1 && (
        <div className="sheet-tabs" role="tablist" aria-label="Sheets">
          {preview.sheets.map((s, i) => (
            <button
              key={s.name}
              type="button"
              role="tab"
              aria-selected={i === at}
              tabIndex={i === at ? 0 : -1}
              onClick={() => setAt(i)}
              onKeyDown={(e) => {
                // Arrows move between tabs (and the focus with them), as in any tab list.
                const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
                if (!step) return;
                const next = (at + step + preview.sheets.length) % preview.sheets.length;
                setAt(next);
                (e.currentTarget.parentElement?.children[next] as HTMLElement | undefined)?.focus();
              }}
            >
              {s.name}
            </button>
          ))}
        </div>
      )}
      <p className="muted sheet-size">
        {sheet.rows.length < sheet.totalRows || columns < sheet.totalColumns
          ? `Showing ${number(sheet.rows.length)} of ${count(sheet.totalRows, 'row')}, ${columns} of ${count(sheet.totalColumns, 'column')}`
          : `${count(sheet.totalRows, 'row')}, ${count(sheet.totalColumns, 'column')}`}
      </p>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region is focusable so the keyboard can scroll it */}
      <section className="sheet-grid" tabIndex={0} aria-label={`Sheet ${sheet.name}`}>
        <table>
          <thead>
            <tr>
              <th scope="col" aria-label="Row" />
              {Array.from({ length: columns }, (_, c) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: columns by position
                <th key={c} scope="col">
                  {column(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sheet.rows.map((row, r) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows by position
              <tr key={r}>
                <th scope="row">{r + 1}</th>
                {Array.from({ length: columns }, (_, c) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells by position
                  <td key={c} className={/^-?[\d.,\s]+%?$/.test(row[c] ?? '') ? 'num' : undefined}>
                    {row[c] ?? ''}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

// ---- slides --------------------------------------------------------------------------------------

type Slide = Of<'slides'>['slides'][number];

function SlideCanvas({ slide, aspect }: { slide: Slide; aspect: number }) {
  return (
    <div className="slide" style={{ aspectRatio: String(aspect) }}>
      {slide.boxes.map((b, i) => (
        <div
          // biome-ignore lint/suspicious/noArrayIndexKey: boxes of one slide, in order
          key={i}
          className={`slide-box ${b.kind}`}
          style={{
            left: `${b.x * 100}%`,
            top: `${b.y * 100}%`,
            width: `${b.w * 100}%`,
            height: `${b.h * 100}%`,
          }}
        >
          {b.kind === 'image' ? (
            b.image ? (
              <img src={b.image} alt="" />
            ) : (
              <span className="slide-image-label">Image</span>
            )
          ) : (
            b.paragraphs.map((p, j) => (
              <p
                // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of one box, in order
                key={j}
                className={b.kind === 'text' && b.paragraphs.length > 1 ? 'bullet' : undefined}
                style={{ marginLeft: `${p.level * 1.6}em` }}
              >
                {p.text}
              </p>
            ))
          )}
        </div>
      ))}
    </div>
  );
}

function Slides({ preview }: { preview: Of<'slides'> }) {
  const [open, setOpen] = useState<number | null>(null);
  const big = open === null ? undefined : preview.slides[open];
  return (
    <div className="slides">
      {big && (
        <section className="slide-large" aria-label={`Slide ${big.index}`}>
          <div className="slide-large-bar">
            <strong>
              Slide {big.index} of {preview.slides.length}
            </strong>
            <button type="button" aria-label="Close slide" onClick={() => setOpen(null)}>
              <X aria-hidden="true" size={14} />
            </button>
          </div>
          <SlideCanvas slide={big} aspect={preview.aspect} />
          {big.notes && <p className="slide-notes">Notes: {big.notes}</p>}
        </section>
      )}
      <ol className="slide-thumbs">
        {preview.slides.map((s, i) => (
          <li key={s.index}>
            <button type="button" aria-pressed={open === i} onClick={() => setOpen(open === i ? null : i)}>
              <span className="sr-only">{`Slide ${s.index}${s.title ? `: ${s.title}` : ''}`}</span>
              <span aria-hidden="true">
                <SlideCanvas slide={s} aspect={preview.aspect} />
              </span>
            </button>
            <span className="muted">{s.index}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
