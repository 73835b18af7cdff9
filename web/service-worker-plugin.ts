import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin, Rollup } from 'vite';

/**
 * Emits /sw.js from web/service-worker.js with the build's version (a hash of every emitted file's
 * name: Vite names them by content, so any change gives a new version, a new cache, and the old
 * one deleted) and the shell to keep: index.html, its entry script with the chunks and styles it
 * imports, the manifest and the icons the window shows.
 */
export function serviceWorker(): Plugin {
  return {
    name: 'cowork-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).sort();
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 16);
      const entry = Object.values(bundle).find(
        (f): f is Rollup.OutputChunk => f.type === 'chunk' && f.isEntry,
      );
      const shell = new Set(['/', '/manifest.webmanifest', '/icons/cowork.svg', '/icons/cowork-192.png']);
      if (entry) {
        shell.add(`/${entry.fileName}`);
        for (const name of entry.imports) shell.add(`/${name}`);
        for (const css of entry.viteMetadata?.importedCss ?? []) shell.add(`/${css}`);
      }
      const source = readFileSync(join(import.meta.dirname, 'service-worker.js'), 'utf8')
        .replace("'__COWORK_VERSION__'", JSON.stringify(version))
        .replace('__COWORK_SHELL__', JSON.stringify([...shell]));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}
