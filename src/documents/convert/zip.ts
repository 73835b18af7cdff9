/**
 * A ZIP archive as a listing (every entry with its size and compressed size, folders by path),
 * under SafeZip's entry and size caps; or, with `options.member`, that one member converted by the
 * dispatcher: one level deep only (a member that is itself an archive is listed, not opened
 * further) and at most LIMITS.inputBytes inflated.
 */
import { CoworkError } from '../../contracts/index.js';
import { LIMITS } from '../limits.js';
import { MarkdownWriter } from '../markdown-writer.js';
import { SafeZip, type ZipEntry } from '../safe-zip.js';
import type { Converted, Converter, ConvertInput } from './converter.js';
import { convertNested } from './nested.js';

export const convert: Converter = async ({ bytes, fileName, options }) => {
  const zip = new SafeZip(bytes);
  if (options.member !== undefined) return convertMember(zip, options.member, options);
  const files = zip.entries.filter((e) => !e.name.endsWith('/'));
  const folders = new Set<string>();
  for (const e of zip.entries) {
    const parts = e.name.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
  }
  const md = new MarkdownWriter();
  md.heading(1, fileName.replace(/^.*[\\/]/, ''));
  const total = files.reduce((n, e) => n + e.size, 0);
  md.paragraph(`${files.length} files in ${folders.size} folders, ${total} bytes uncompressed.`);
  if (files.length) md.table([['Name', 'Size', 'Compressed'], ...files.map(row)]);
  const { markdown, sections } = md.build();
  return {
    markdown,
    sections,
    cut: [],
    metadata: { entries: files.length, folders: folders.size, uncompressedBytes: total },
    images: [],
  };
};

const row = (e: ZipEntry) => [e.name, String(e.size), String(e.compressedSize)];

async function convertMember(
  zip: SafeZip,
  member: string,
  options: ConvertInput['options'],
): Promise<Converted> {
  const entry = zip.entries.find((e) => e.name === member);
  if (!entry || member.endsWith('/'))
    throw new CoworkError('RESOURCE_NOT_FOUND', `The archive has no file ${member}.`, { member });
  if (entry.size > LIMITS.inputBytes) {
    throw new CoworkError(
      'DOCUMENT_TOO_LARGE',
      `Member ${member} is ${entry.size} bytes; at most ${LIMITS.inputBytes} are converted.`,
      { reason: 'bytes' },
    );
  }
  const data = zip.read(member);
  const { member: _nested, ...rest } = options;
  const inner = await convertNested(new Uint8Array(data), member, rest);
  const md = new MarkdownWriter();
  // The member is one section; its own sections (sheets, slides) follow, shifted below its heading.
  md.section('member', 1, member);
  md.heading(1, member);
  const offset = md.lineCount + 1;
  md.block(inner.markdown);
  const { markdown, sections } = md.build();
  const shifted = inner.sections.map((s) => ({
    ...s,
    startLine: s.startLine + offset,
    endLine: s.endLine + offset,
  }));
  return {
    markdown,
    sections: [...sections, ...shifted],
    cut: inner.cut.map((c) => `${member}: ${c}`),
    metadata: { ...inner.metadata, member, memberFormat: inner.format },
    images: inner.images,
  };
}
