/**
 * docx names hyperlink relationships with random ids and numbers drawings with a counter that
 * runs across documents; both are renumbered here in order of appearance (`rIdL1`…, 1…), in the
 * document and its relationships alike, so the same spec gives the same bytes.
 */
export function stableDocxIds(
  documentXml: string,
  relsXml: string,
): { documentXml: string; relsXml: string } {
  const ids = new Map<string, string>();
  const rename = (id: string) => {
    if (!ids.has(id)) ids.set(id, `rIdL${ids.size + 1}`);
    return ids.get(id)!;
  };
  const random = /\brId[A-Za-z0-9_-]{12,}(?=")/g;
  const rels = relsXml.replace(random, rename);
  let drawing = 0;
  const doc = documentXml
    .replace(random, rename)
    .replace(/(<wp:docPr id=")\d+"/g, (_m, open: string) => `${open}${++drawing}"`);
  return { documentXml: doc, relsXml: rels };
}

/** docProps/core.xml with its created and modified times set to `at` (W3CDTF, to the second). */
export function fixCoreDates(coreXml: string, at: Date): string {
  const iso = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return coreXml.replace(
    /(<dcterms:(created|modified)\b[^>]*>)[^<]*(<\/dcterms:\2>)/g,
    (_m, open: string, _n: string, close: string) => `${open}${iso}${close}`,
  );
}
