/**
 * A question an MCP server puts to the person (elicitation), as the person's clients see it: a form
 * of typed fields, or a link to open. The daemon turns the server's restricted JSON Schema into
 * these fields once, so the UI and the CLI render the same thing and the daemon checks the answer
 * against the same thing.
 */
import * as z from 'zod/mini';

const common = {
  /** The property name the answer is keyed by. */
  name: z.string(),
  title: z.string(),
  description: z.optional(z.string()),
  required: z.boolean(),
};
/** A choice's value and what the person sees for it. */
export const QuestionOption = z.object({ value: z.string(), label: z.string() });

export const QuestionField = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('text'),
    ...common,
    format: z.optional(z.enum(['email', 'uri', 'date', 'date-time'])),
    minLength: z.optional(z.number()),
    maxLength: z.optional(z.number()),
    default: z.optional(z.string()),
  }),
  z.object({
    kind: z.literal('number'),
    ...common,
    integer: z.boolean(),
    minimum: z.optional(z.number()),
    maximum: z.optional(z.number()),
    default: z.optional(z.number()),
  }),
  z.object({ kind: z.literal('boolean'), ...common, default: z.optional(z.boolean()) }),
  /** One of `options`. */
  z.object({
    kind: z.literal('choice'),
    ...common,
    options: z.array(QuestionOption),
    default: z.optional(z.string()),
  }),
  /** Several of `options`. */
  z.object({
    kind: z.literal('choices'),
    ...common,
    options: z.array(QuestionOption),
    minItems: z.optional(z.number()),
    maxItems: z.optional(z.number()),
    default: z.optional(z.array(z.string())),
  }),
]);
export type QuestionField = z.infer<typeof QuestionField>;

export const Question = z.discriminatedUnion('mode', [
  /** Fill in `fields`; approving sends them (the spec's `accept`). */
  z.object({
    mode: z.literal('form'),
    server: z.string(),
    message: z.string(),
    fields: z.array(QuestionField),
  }),
  /**
   * Open `url` (2025-11-25 URL elicitation): approving is the person's consent to open it; the
   * interaction itself happens on that page, between the person and the server.
   */
  z.object({
    mode: z.literal('url'),
    server: z.string(),
    message: z.string(),
    url: z.string(),
    elicitationId: z.string(),
  }),
]);
export type Question = z.infer<typeof Question>;

/** What a form's answer holds per field. */
export const QuestionAnswer = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]),
);
export type QuestionAnswer = z.infer<typeof QuestionAnswer>;
