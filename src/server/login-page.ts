/**
 * The page a browser without a session sees instead of the app: what happened and the one command
 * that logs in. It is self-contained (inline styles in the app's palette, no script), so it works
 * before anything else is authorised, and it never carries a token, a code or a redirect target.
 */

/** Why the browser is looking at the login page. */
export type LoginReason =
  /** No session cookie, or one the daemon no longer knows (revoked, or from another home). */
  | 'signed-out'
  /** A bootstrap link that was already used, expired or never issued. */
  | 'link-used';

const MESSAGES: Record<LoginReason, { title: string; text: string }> = {
  'signed-out': {
    title: 'You are not logged in to Cowork',
    text: 'This browser has no Cowork session, or its session has ended. Log in with a fresh link from the terminal where Cowork runs:',
  },
  'link-used': {
    title: 'This login link has already been used or has expired',
    text: 'A login link works once, within two minutes. Get a fresh one from the terminal where Cowork runs:',
  },
};

// The palette of web/src/styles.css (light and dark), inlined: the app's stylesheet is not loaded here.
const STYLE = `
:root{--bg:#f7f7f5;--panel:#fff;--text:#1d1d1f;--muted:#6b6b70;--line:#e3e3e0;--accent:#2f6feb;--code:#f1f1ee;
font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--text);background:var(--bg);color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#161618;--panel:#1f1f22;--text:#ececee;--muted:#9a9aa2;--line:#323236;--accent:#5b8cff;--code:#26262a}}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:grid;place-items:center;padding:24px}
main{max-width:480px;width:100%;background:var(--panel);border:1px solid var(--line);border-radius:12px;padding:28px 32px}
.brand{font-weight:600;color:var(--accent);letter-spacing:.02em;margin:0 0 12px}
h1{font-size:20px;line-height:1.3;margin:0 0 12px}
p{margin:0 0 12px;color:var(--muted)}
pre{margin:0 0 16px;padding:10px 14px;background:var(--code);border:1px solid var(--line);border-radius:8px;font:15px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--text);user-select:all}
.small{font-size:13px;margin:0}`;

/** The whole HTML page for `reason`. */
export function loginPage(reason: LoginReason): string {
  const { title, text } = MESSAGES[reason];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cowork — log in</title>
<style>${STYLE}</style>
</head>
<body>
<main data-testid="login-page" data-reason="${reason}">
<p class="brand">Cowork</p>
<h1>${title}</h1>
<p>${text}</p>
<pre aria-label="Command to run"><code>cowork open</code></pre>
<p class="small">It opens Cowork in your browser with a one-time login link, or prints the link where it cannot open a browser.</p>
</main>
</body>
</html>
`;
}
