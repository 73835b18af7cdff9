/**
 * Audio and video files as Markdown: what music-metadata reads from the container (duration,
 * codec, bitrate, sample rate, channels) and the tags (title, artist, album…). Cover art is skipped.
 */
import { parseBuffer } from 'music-metadata';
import { CoworkError } from '../../contracts/index.js';
import { MarkdownWriter } from '../markdown-writer.js';
import type { Converter } from './converter.js';

type Scalar = string | number | boolean;

export const convert: Converter = async ({ bytes, fileName }) => {
  let meta: Awaited<ReturnType<typeof parseBuffer>>;
  try {
    meta = await parseBuffer(
      bytes,
      { path: fileName, size: bytes.length },
      { duration: true, skipCovers: true },
    );
  } catch (err) {
    throw new CoworkError('DOCUMENT_INVALID', `The media file cannot be read: ${(err as Error).message}`, {
      reason: 'media',
    });
  }
  const { format, common } = meta;
  const facts: [string, string, Scalar | undefined][] = [
    ['container', 'Container', format.container],
    ['codec', 'Codec', format.codec],
    [
      'duration',
      'Duration',
      format.duration === undefined ? undefined : Math.round(format.duration * 1000) / 1000,
    ],
    ['bitrate', 'Bitrate', format.bitrate === undefined ? undefined : Math.round(format.bitrate)],
    ['sampleRate', 'Sample rate', format.sampleRate],
    ['channels', 'Channels', format.numberOfChannels],
    ['bitsPerSample', 'Bits per sample', format.bitsPerSample],
    ['lossless', 'Lossless', format.lossless],
    ['title', 'Title', common.title],
    ['artist', 'Artist', common.artist],
    ['album', 'Album', common.album],
    ['year', 'Year', common.year],
    ['track', 'Track', common.track?.no ?? undefined],
    ['genre', 'Genre', common.genre?.join(', ') || undefined],
  ];
  const known = facts.filter((f): f is [string, string, Scalar] => f[2] !== undefined && f[2] !== '');
  const md = new MarkdownWriter();
  md.heading(1, fileName.replace(/^.*[\\/]/, ''));
  md.table([['Property', 'Value'], ...known.map(([key, label, v]) => [label, shown(key, v)])]);
  const { markdown } = md.build();
  return {
    markdown,
    sections: [],
    cut: [],
    metadata: Object.fromEntries(known.map(([k, , v]) => [k, v])),
    images: [],
  };
};

function shown(key: string, v: Scalar): string {
  if (key === 'duration' && typeof v === 'number') return `${clock(v)} (${v} s)`;
  if (key === 'bitrate' && typeof v === 'number') return `${Math.round(v / 1000)} kbit/s`;
  if (key === 'sampleRate') return `${v} Hz`;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const two = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}
