/**
 * Real office files made by a real office suite: LibreOffice (headless, from Debian, installed by
 * `.ci/run`) converts sources kept in the repository (HTML, CSV, flat ODF) into DOCX, XLSX, PPTX
 * and PDF at test time, and converts what Cowork writes back (XLSX → CSV) to check it opens.
 * Each call has its own profile and HOME, so conversions can run side by side.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));

/**
 * Converts `source` with LibreOffice to `to` (an extension, optionally with a filter:
 * `csv:Text - txt - csv (StarCalc):44,34,76,1`) into `outDir`; returns the new file's path.
 */
export async function convertWithLibreOffice(source: string, to: string, outDir: string): Promise<string> {
  if (!SOFFICE)
    throw new Error(
      'LibreOffice is not installed (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui).',
    );
  const home = mkdtempSync(join(tmpdir(), 'cowork-lo-'));
  mkdirSync(outDir, { recursive: true });
  try {
    await run(
      SOFFICE,
      [
        `-env:UserInstallation=file://${home}/profile`,
        '--headless',
        '--norestore',
        '--nolockcheck',
        '--convert-to',
        to,
        '--outdir',
        outDir,
        source,
      ],
      { env: { ...process.env, HOME: home }, timeout: 120_000 },
    );
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  const ext = to.split(':')[0]!;
  const out = join(outDir, `${basename(source, extname(source))}.${ext}`);
  if (!existsSync(out))
    throw new Error(
      `LibreOffice did not convert ${source} to ${ext} (in ${outDir}: ${readdirSync(outDir).join(', ')})`,
    );
  return out;
}
