/**
 * Documents as the daemon offers them: conversions, previews and document writes, each read and
 * written through the enclave's door (`fs.read`, `fs.write`: grants, secrets, approvals,
 * checkpoints and audit apply), the work itself done in the documents worker thread, and every
 * file written recorded as an artifact.
 */
import { basename } from 'node:path';
import {
  type Artifact,
  type ArtifactKind,
  type ConvertArgs,
  type ConvertResult,
  CoworkError,
  type DocumentPreview,
  type ImageRef,
} from '../contracts/index.js';
import type { CallContext, Enclave } from '../enclave/index.js';
import { type Database, type EventLog, sha256 } from '../store/index.js';
import { ArtifactStore } from './artifact-store.js';
import { imageMimeType } from './detect-format.js';
import { LIMITS } from './limits.js';
import { DocumentWorker, type DocumentWorkerOptions } from './worker/client.js';
import type { BuildRequest, BuildTool, ImageBytes } from './write/writer.js';

/** An image a document embeds is read up to this size. */
const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
const MAX_IMAGES = 100;
/** An image file converted for a model is also sent as itself up to this size (tool-media.ts caps it again). */
const MAX_INLINE_IMAGE = 1536 * 1024;

export interface InlineImage {
  mimeType: string;
  /** base64 */
  data: string;
}

/** What each writer makes, for the approval ("Write report.docx as a Word document"). */
const WRITES: Record<BuildTool, { kind: ArtifactKind; extensions: string[]; what: string }> = {
  'docx.create': { kind: 'docx', extensions: ['.docx'], what: 'as a Word document' },
  'xlsx.create': { kind: 'xlsx', extensions: ['.xlsx'], what: 'as an Excel workbook' },
  'pptx.create': { kind: 'pptx', extensions: ['.pptx'], what: 'as a PowerPoint deck' },
  'pdf.create': { kind: 'pdf', extensions: ['.pdf'], what: 'as a PDF' },
  'docx.replaceText': { kind: 'docx', extensions: ['.docx', '.docm'], what: 'with text replaced' },
  'xlsx.appendRows': { kind: 'xlsx', extensions: ['.xlsx', '.xlsm'], what: 'with rows appended' },
};

/** A writer's request as the tool is given it: existing bytes and images are read here, not passed. */
/** Times an edit is made again from a file another writer changed meanwhile, before CONFLICT stands. */
const MAX_REBUILDS = 5;

export type WriteRequest = DistributiveOmit<BuildRequest, 'images' | 'source'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface WriteOutcome {
  artifact: Artifact;
  summary: string;
}

export class DocumentService {
  readonly artifacts: ArtifactStore;
  readonly worker: DocumentWorker;

  constructor(
    private readonly enclave: Enclave,
    db: Database,
    events: EventLog,
    opts: { worker?: DocumentWorkerOptions } = {},
  ) {
    this.artifacts = new ArtifactStore(db, events);
    this.worker = new DocumentWorker(opts.worker);
  }

  /**
   * A file as Markdown, read through the door; an image file also comes back as itself (base64,
   * when small enough to show a vision model), taken before its bytes go to the worker.
   */
  async convert(
    args: ConvertArgs,
    ctx: CallContext,
  ): Promise<{ result: ConvertResult; image?: InlineImage }> {
    const { path, ...options } = args;
    const read = await this.enclave.readBytes(path, ctx, LIMITS.inputBytes);
    const mimeType = imageMimeType(read.data);
    const image =
      mimeType && read.data.length <= MAX_INLINE_IMAGE
        ? { mimeType, data: read.data.toString('base64') }
        : undefined;
    const result = await this.worker.run({ op: 'convert', bytes: read.data, fileName: read.path, options });
    return image ? { result, image } : { result };
  }

  /** What the UI draws for a file, read through the door. */
  async preview(path: string, ctx: CallContext): Promise<DocumentPreview> {
    const read = await this.enclave.readBytes(path, ctx, LIMITS.inputBytes);
    return this.worker.run({ op: 'preview', bytes: read.data, path: read.path });
  }

  /**
   * Builds the document in the worker and writes it through the door as `fs.write` of its path
   * (an edit reads the file first, through the door too); the written file is recorded as an
   * artifact of the call's run. Throws the refusal or failure.
   */
  async write(request: WriteRequest, ctx: CallContext): Promise<WriteOutcome> {
    const spec = WRITES[request.tool];
    const path = request.args.path;
    if (!spec.extensions.some((e) => path.toLowerCase().endsWith(e))) {
      throw new CoworkError(
        'INVALID_ARGUMENTS',
        `${request.tool} writes ${spec.extensions.join(' or ')} files; ${path} is not one.`,
      );
    }
    const { built, result } = await this.#buildAndWrite(request, ctx);
    if (!result.success) {
      const e = result.error ?? { code: 'INTERNAL' as const, message: `${path} was not written.` };
      throw new CoworkError(e.code, e.message, e.details);
    }
    const written = JSON.parse((result.content[0] as { text: string }).text) as {
      path: string;
      bytes: number;
    };
    const artifact = this.recordArtifact(spec.kind, written.path, built.bytes, request.tool, ctx);
    return { artifact, summary: built.summary };
  }

  /**
   * An edit is made from the file as read and lands only on that file: when another writer (a
   * second worker) changed it in between, the door answers CONFLICT `changed` and the edit is
   * made again from the new file — both changes kept, never the later one silently undoing the first.
   */
  async #buildAndWrite(request: WriteRequest, ctx: CallContext) {
    const spec = WRITES[request.tool];
    for (let attempt = 1; ; attempt++) {
      const complete = await this.#complete(request, ctx);
      const built = await this.worker.run({ op: 'build', request: complete });
      const basedOn = 'source' in complete ? sha256(complete.source) : undefined;
      const words = { what: spec.what, detail: `${basename(request.args.path)}: ${built.summary}` };
      const result = await this.enclave.writeBytes(request.args.path, built.bytes, ctx, words, basedOn);
      const changed = result.error?.code === 'CONFLICT' && result.error.details?.['reason'] === 'changed';
      if (!changed || attempt >= MAX_REBUILDS) return { built, result };
    }
  }

  /** Records a file a tool wrote (a note, a document) as an artifact of the call's run. */
  recordArtifact(
    kind: ArtifactKind,
    path: string,
    bytes: Uint8Array,
    tool: string,
    ctx: CallContext,
  ): Artifact {
    return this.artifacts.record({
      kind,
      path,
      bytes: bytes.length,
      sha256: sha256(bytes),
      tool,
      runId: ctx.runId,
      sessionId: ctx.sessionId,
      callId: ctx.callId ?? null,
    });
  }

  close(): Promise<void> {
    return this.worker.close();
  }

  /** The request with what the writer needs read through the door: the file to edit, the images. */
  async #complete(request: WriteRequest, ctx: CallContext): Promise<BuildRequest> {
    switch (request.tool) {
      case 'docx.replaceText':
      case 'xlsx.appendRows': {
        const source = (await this.enclave.readBytes(request.args.path, ctx, LIMITS.inputBytes)).data;
        return { ...request, source } as BuildRequest;
      }
      case 'xlsx.create':
        return request;
      default:
        return { ...request, images: await this.#images(imagePaths(request), ctx) } as BuildRequest;
    }
  }

  async #images(paths: string[], ctx: CallContext): Promise<ImageBytes> {
    if (paths.length > MAX_IMAGES) {
      throw new CoworkError('INVALID_ARGUMENTS', `A document embeds at most ${MAX_IMAGES} images.`);
    }
    const images: ImageBytes = {};
    for (const p of new Set(paths)) images[p] = (await this.enclave.readBytes(p, ctx, MAX_IMAGE_BYTES)).data;
    return images;
  }
}

/** The image paths a document spec names (blocks, slides, or `![alt](path)` in its Markdown). */
export function imagePaths(request: WriteRequest): string[] {
  const refs: ImageRef[] = [];
  let markdown = '';
  if (request.tool === 'docx.create') {
    for (const b of request.args.blocks ?? []) if (b.type === 'image') refs.push(b);
    markdown = request.args.markdown ?? '';
  } else if (request.tool === 'pptx.create') {
    for (const s of request.args.slides) refs.push(...(s.images ?? []));
  } else if (request.tool === 'pdf.create') markdown = request.args.markdown;
  return [...refs.map((r) => r.path), ...markdownImagePaths(markdown)];
}

/** Local images in Markdown (`![alt](chart.png)`); web addresses are not fetched. */
export function markdownImagePaths(markdown: string): string[] {
  const out: string[] = [];
  for (const m of markdown.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    const p = m[1]!;
    if (!/^[a-z][a-z0-9+.-]*:/i.test(p)) out.push(safeDecode(p));
  }
  return out;
}

function safeDecode(p: string): string {
  try {
    return decodeURI(p);
  } catch {
    return p;
  }
}
