/**
 * Saves data the page made (an export) as a file, the browser's own download: a Blob URL and a
 * click on a temporary link, so no server route and no change to the page's CSP is needed.
 */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  // The browser has taken the file once the click is handled; the URL can go a little after.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
