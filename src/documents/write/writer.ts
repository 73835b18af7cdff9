import type {
  DocxCreateArgs,
  DocxReplaceArgs,
  PdfCreateArgs,
  PptxCreateArgs,
  XlsxAppendArgs,
  XlsxCreateArgs,
} from '../../contracts/index.js';

/** Images a document embeds, by the path its spec names, already read through the door. */
export type ImageBytes = Record<string, Uint8Array>;

/** What a writer is asked to make: a new file from a spec, or an edit of a file's bytes. */
export type BuildRequest =
  | { tool: 'docx.create'; args: DocxCreateArgs; images: ImageBytes }
  | { tool: 'xlsx.create'; args: XlsxCreateArgs }
  | { tool: 'pptx.create'; args: PptxCreateArgs; images: ImageBytes }
  | { tool: 'pdf.create'; args: PdfCreateArgs; images: ImageBytes }
  | { tool: 'docx.replaceText'; args: DocxReplaceArgs; source: Uint8Array }
  | { tool: 'xlsx.appendRows'; args: XlsxAppendArgs; source: Uint8Array };

export type BuildTool = BuildRequest['tool'];

/** The file's new bytes, and what it holds in words (the approval's detail, the tool's answer). */
export interface Built {
  bytes: Uint8Array;
  summary: string;
}
