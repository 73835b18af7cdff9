/** ZIP listings and members, images (dimensions, EXIF) and audio (duration, codec, tags). */
import { describe, expect, it } from 'vitest';
import { convertBytes } from '../../src/documents/convert/index.js';
import { jpegWithExif, wavWithTags } from './read-tables-files.js';
import { png } from './write-helpers.js';
import { rawZip } from './zip-builder.js';

const text = (s: string) => new TextEncoder().encode(s);

describe('ZIP', () => {
  const bundle = () =>
    rawZip([
      { name: 'docs/', data: new Uint8Array() },
      { name: 'docs/a.csv', data: text('x,y\n1,2\n'), deflate: true },
      { name: 'docs/deep/b.txt', data: text('hello') },
      { name: 'inner.zip', data: rawZip([{ name: 'c.csv', data: text('q\n1\n') }]) },
    ]);

  it('lists files with sizes, folders by path', async () => {
    const r = await convertBytes(bundle(), 'bundle.zip');
    expect(r.format).toBe('zip');
    await expect(r.markdown).toMatchFileSnapshot('./__snapshots__/convert-zip-media.bundle.md');
    expect(r.metadata).toMatchObject({ entries: 3, folders: 2 });
  });

  it('converts a member on request, its sections under the member', async () => {
    const r = await convertBytes(bundle(), 'bundle.zip', { member: 'docs/a.csv' });
    expect(r.markdown).toBe('# docs/a.csv\n\n## a\n\n| x | y |\n| --- | --- |\n| 1 | 2 |\n');
    expect(r.sections).toEqual([
      { kind: 'member', index: 1, name: 'docs/a.csv', startLine: 1, endLine: 7 },
      { kind: 'sheet', index: 1, name: 'a', startLine: 3, endLine: 7 },
    ]);
    expect(r.metadata).toMatchObject({ member: 'docs/a.csv', memberFormat: 'csv' });
  });

  it('one level deep: an archive inside is listed, not opened', async () => {
    const r = await convertBytes(bundle(), 'bundle.zip', { member: 'inner.zip' });
    expect(r.metadata.memberFormat).toBe('zip');
    expect(r.markdown).toContain('| c.csv |');
    expect(r.markdown).not.toContain('| q |');
  });

  it('a member that is not there is RESOURCE_NOT_FOUND', async () => {
    await expect(convertBytes(bundle(), 'bundle.zip', { member: 'nope.txt' })).rejects.toMatchObject({
      code: 'RESOURCE_NOT_FOUND',
    });
  });
});

describe('images', () => {
  it('PNG: type and dimensions from the header, the image itself in images', async () => {
    const bytes = png(4, 3);
    const r = await convertBytes(bytes, 'red.png');
    expect(r.markdown).toBe(
      `# red.png\n\n| Property | Value |\n| --- | --- |\n| Type | image/png |\n| Dimensions | 4 × 3 px |\n| Size | ${bytes.length} bytes |\n`,
    );
    expect(r.images).toEqual([
      { name: 'red.png', mimeType: 'image/png', bytes: bytes.length, width: 4, height: 3 },
    ]);
  });

  it('JPEG: camera, date taken and GPS as coordinates from EXIF', async () => {
    const r = await convertBytes(jpegWithExif(640, 480), 'photo.jpg');
    await expect(r.markdown).toMatchFileSnapshot('./__snapshots__/convert-zip-media.photo.md');
    expect(r.metadata).toMatchObject({
      camera: 'Cowork Cam Model 7',
      dateTaken: '2024-05-01T10:11:12',
      latitude: 52.52,
      longitude: -13.41,
      width: 640,
      height: 480,
    });
  });

  it('a model that repeats its make is named once', async () => {
    const r = await convertBytes(jpegWithExif(10, 10, 'Canon', 'Canon EOS 5D'), 'canon.jpg');
    expect(r.metadata.camera).toBe('Canon EOS 5D');
  });

  it('a renamed image is what its bytes say', async () => {
    const r = await convertBytes(png(2, 2), 'not-really.txt');
    expect(r.format).toBe('image');
  });
});

describe('audio', () => {
  it('WAV: duration, codec, bitrate, sample rate and tags', async () => {
    const r = await convertBytes(wavWithTags(), 'quiet.wav');
    expect(r.format).toBe('audio');
    await expect(r.markdown).toMatchFileSnapshot('./__snapshots__/convert-zip-media.quiet.md');
    expect(r.metadata).toMatchObject({
      duration: 1,
      codec: 'PCM',
      sampleRate: 8000,
      title: 'Quiet Song',
      artist: 'The Testers',
      album: 'Silence',
    });
  });

  it('a file cut after its header says only what the header says', async () => {
    const r = await convertBytes(wavWithTags().slice(0, 20), 'cut.wav');
    expect(r.metadata).toEqual({ container: 'WAVE' });
  });
});
