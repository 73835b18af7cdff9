/** Builds a document's bytes for one writer tool (each in its own file); the caller writes them. */

import { build as docx } from './docx.js';
import { build as docxReplace } from './docx-replace.js';
import { build as pdf } from './pdf.js';
import { build as pptx } from './pptx.js';
import type { BuildRequest, Built } from './writer.js';
import { build as xlsx } from './xlsx.js';
import { build as xlsxAppend } from './xlsx-append.js';

export function buildDocument(request: BuildRequest): Promise<Built> {
  switch (request.tool) {
    case 'docx.create':
      return docx(request);
    case 'xlsx.create':
      return xlsx(request);
    case 'pptx.create':
      return pptx(request);
    case 'pdf.create':
      return pdf(request);
    case 'docx.replaceText':
      return docxReplace(request);
    case 'xlsx.appendRows':
      return xlsxAppend(request);
  }
}

export type { BuildRequest, BuildTool, Built, ImageBytes } from './writer.js';
