/**
 * The agent's document tools: `convert.toMarkdown` reads any supported file as Markdown, and the
 * writers make or edit DOCX, XLSX, PPTX and PDF files. Each reads and writes through the door
 * (see DocumentService), so grants, approvals, checkpoints (undo) and the audit apply.
 */
import type * as z from 'zod/mini';
import {
  ConvertArgs,
  type ConvertResult,
  DocxCreateArgs,
  DocxReplaceArgs,
  PdfCreateArgs,
  PptxCreateArgs,
  type ToolResult,
  toErrorInfo,
  XlsxAppendArgs,
  XlsxCreateArgs,
} from '../contracts/index.js';
import { failedResult, localToolSpec, parseToolArgs } from '../enclave/index.js';
import type { LocalTool } from '../tools/index.js';
import type { DocumentService, InlineImage, WriteRequest } from './document-service.js';

const WRITERS: { tool: WriteRequest['tool']; args: z.ZodMiniType; description: string }[] = [
  {
    tool: 'docx.create',
    args: DocxCreateArgs,
    description:
      'Create a Word document (.docx) from blocks (headings, paragraphs, lists, tables, images, page breaks) or from Markdown. Written atomically inside a read-write grant; the person may be asked first; undoable.',
  },
  {
    tool: 'xlsx.create',
    args: XlsxCreateArgs,
    description:
      'Create an Excel workbook (.xlsx): sheets of typed cells (numbers, text, booleans, dates, formulas like "=SUM(B2:B9)"), number formats, column widths; the first row is a bold, frozen header unless header is false.',
  },
  {
    tool: 'pptx.create',
    args: PptxCreateArgs,
    description:
      'Create a PowerPoint deck (.pptx): title and content slides, bullets with levels, images, speaker notes.',
  },
  {
    tool: 'pdf.create',
    args: PdfCreateArgs,
    description: 'Create a PDF from Markdown (headings, paragraphs, lists, tables, code, local images).',
  },
  {
    tool: 'docx.replaceText',
    args: DocxReplaceArgs,
    description:
      'Replace text in an existing .docx, keeping everything else in the file (styles, images, comments) as it was. Each find must occur (exactly once unless all is true).',
  },
  {
    tool: 'xlsx.appendRows',
    args: XlsxAppendArgs,
    description:
      'Append rows to a sheet of an existing .xlsx, keeping everything else in the file as it was.',
  },
];

export function documentTools(documents: DocumentService): LocalTool[] {
  const convert: LocalTool = {
    spec: localToolSpec({
      name: 'convert.toMarkdown',
      description:
        'Read a document as Markdown: PDF (with page markers), DOCX, PPTX (slides and notes), XLSX/XLS/ODS/CSV (sheets as tables, rows capped), HTML, EPUB, JSON, XML, ZIP (listing, or one member), images (size and EXIF, and the image itself) and audio/video (metadata). Use fs.read for plain text.',
      args: ConvertArgs,
      readOnly: true,
      policyAction: 'fs.read',
      scope: 'fs',
    }),
    async call(raw, ctx) {
      const parsed = parseToolArgs('convert.toMarkdown', ConvertArgs, raw);
      if (!parsed.ok) return parsed.result;
      return answer('convert.toMarkdown', async () =>
        convertedContent(await documents.convert(parsed.args, ctx)),
      );
    },
  };
  const writers = WRITERS.map(
    (w): LocalTool => ({
      spec: localToolSpec({
        name: w.tool,
        description: w.description,
        args: w.args,
        readOnly: false,
        policyAction: 'fs.write',
        scope: 'fs',
      }),
      async call(raw, ctx) {
        const parsed = parseToolArgs(w.tool, w.args, raw);
        if (!parsed.ok) return parsed.result;
        return answer(w.tool, async () => {
          const { artifact, summary } = await documents.write(
            { tool: w.tool, args: parsed.args } as WriteRequest,
            ctx,
          );
          const { path, bytes, sha256, id } = artifact;
          return [{ type: 'text', text: JSON.stringify({ path, bytes, sha256, artifact: id, summary }) }];
        });
      },
    }),
  );
  return [convert, ...writers];
}

/** The Markdown, what was cut, and for an image file the image itself (a vision model sees it). */
function convertedContent({
  result,
  image,
}: {
  result: ConvertResult;
  image?: InlineImage;
}): ToolResult['content'] {
  const cut = result.cut.length ? `\n\n[Not shown: ${result.cut.join('; ')}]` : '';
  const content: ToolResult['content'] = [{ type: 'text', text: `${result.markdown}${cut}` }];
  if (image) content.push({ type: 'image', ...image });
  return content;
}

/** The tool's answer, timed: its content, or the error it failed with (a refusal, a hostile file). */
async function answer(callId: string, work: () => Promise<ToolResult['content']>): Promise<ToolResult> {
  const started = performance.now();
  const durationMs = () => Math.round(performance.now() - started);
  try {
    const content = await work();
    return {
      callId,
      success: true,
      content,
      error: null,
      meta: { durationMs: durationMs(), sandboxed: false, outputSpoolRef: null },
    };
  } catch (err) {
    return failedResult(callId, toErrorInfo(err), durationMs());
  }
}
