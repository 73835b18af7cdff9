/**
 * The agent's memory tools: `memory_search` over the person's indexed files, and `memory_remember`
 * to propose a lesson. Both go through the enclave's door with their own plan, so they are decided
 * by the policy, audited, and (for lessons) approved by the person like any other effect.
 */
import * as z from 'zod/mini';
import type { ToolResult } from '../contracts/index.js';
import { type CallContext, type Enclave, localToolSpec, parseToolArgs, toolText } from '../enclave/index.js';
import type { LessonStore } from './lessons.js';
import type { MemoryService } from './memory-service.js';

const SearchArgs = z.strictObject({
  query: z.string().check(z.minLength(1), z.maxLength(500)),
  folder: z.optional(z.string().check(z.minLength(1), z.maxLength(4096))),
  limit: z.optional(z.int().check(z.minimum(1), z.maximum(20))),
});

const RememberArgs = z.strictObject({
  text: z.string().check(z.minLength(3), z.maxLength(500)),
  kind: z._default(z.enum(['hard', 'soft']), 'soft'),
  scope: z._default(z.enum(['workspace', 'everywhere']), 'workspace'),
  /** The person's words the lesson comes from. */
  because: z.optional(z.string().check(z.maxLength(1000))),
});

/** Each hit's text is capped: the model gets pointers and the gist, and reads the file for more. */
const MAX_HIT_CHARS = 1200;

export function memoryTools(memory: MemoryService, lessons: LessonStore, enclave: Enclave) {
  const search = {
    spec: localToolSpec({
      name: 'memory.search',
      description:
        "Search the person's indexed files (notes, documents, code) by meaning and keywords. Returns file paths with line ranges (or, for PDFs and office files, the page, slide or sheet) and the matching text; read the file (convert.toMarkdown for documents) for more.",
      args: SearchArgs,
      readOnly: true,
      policyAction: 'fs.read',
      scope: 'memory',
    }),
    async call(raw: Record<string, unknown>, ctx: CallContext): Promise<ToolResult> {
      const parsed = parseToolArgs('memory.search', SearchArgs, raw);
      if (!parsed.ok) return parsed.result;
      const { args } = parsed;
      const folders = args.folder ? [args.folder] : memory.index.folders();
      if (folders.length === 0)
        return toolText(
          'memory.search',
          'Nothing is indexed yet: the person can index a folder on the Memory page.',
        );
      return enclave.perform('memory.search', args, ctx, {
        // Searching a folder reads it: the same decision as reading it, in the audit log too.
        requests: folders.map((path) => ({ action: 'fs.read' as const, path, sessionId: ctx.sessionId })),
        target: args.folder ?? folders.join(', '),
        title: `Search memory for "${args.query}"`,
        recheck: [],
        writes: false,
        effect: async () => {
          const result = await memory.search({
            text: args.query,
            limit: args.limit ?? 8,
            ...(args.folder ? { folder: args.folder } : {}),
          });
          // A hit is shown only if reading its file is allowed now (a grant may have gone, a rule
          // may deny it since it was indexed).
          const allowed = result.hits.filter((h) => enclave.readAllowed(h.path));
          const text =
            allowed.length === 0
              ? `No matches for "${args.query}".`
              : allowed
                  .map(
                    (h) =>
                      `${h.locator ? `${h.path} (${h.locator})` : `${h.path}:${h.startLine}-${h.endLine}`} (score ${h.score})\n${h.content.slice(0, MAX_HIT_CHARS)}`,
                  )
                  .join('\n\n---\n\n');
          return { content: [{ type: 'text', text }] };
        },
      });
    },
  };

  const remember = {
    spec: localToolSpec({
      name: 'memory.remember',
      description:
        'Remember a lesson for later tasks when the person corrects how you work ("always use tabs", "never touch legal/"). hard = a rule, soft = a preference; scope workspace = this folder only. The person confirms it.',
      args: RememberArgs,
      readOnly: false,
      policyAction: 'memory.remember',
      scope: 'memory',
    }),
    async call(raw: Record<string, unknown>, ctx: CallContext): Promise<ToolResult> {
      const parsed = parseToolArgs('memory.remember', RememberArgs, raw);
      if (!parsed.ok) return parsed.result;
      const { args } = parsed;
      const workspace = args.scope === 'workspace' ? (ctx.cwd ?? null) : null;
      return enclave.perform('memory.remember', args, ctx, {
        requests: [{ action: 'memory.remember', sessionId: ctx.sessionId }],
        target: workspace ?? 'everywhere',
        title: `Remember (${args.kind === 'hard' ? 'rule' : 'preference'}, ${workspace ?? 'every workspace'}): ${args.text}`,
        detail: () => (args.because ? `Because you said: ${args.because}` : 'No source message given.'),
        recheck: [],
        writes: false,
        effect: () => {
          const lesson = lessons.add({
            text: args.text,
            kind: args.kind,
            workspace,
            source: args.because ?? null,
            confidence: 0.9,
          });
          const rule = lessons.policyRuleFor(lesson);
          return {
            content: [
              {
                type: 'text',
                text: `Remembered (${lesson.id}).${rule ? ' It can also be enforced as a policy rule; the person can add it on the Memory page.' : ''}`,
              },
            ],
          };
        },
      });
    },
  };
  return [search, remember];
}
