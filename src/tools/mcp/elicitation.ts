/**
 * A server's elicitation (`elicitation/create`) put to the person as a question: a form built from
 * the server's restricted JSON Schema, or a link to open (URL mode). The person's answer maps to
 * the spec's actions: approved → `accept` (with the checked values), denied → `decline`, closed
 * without choosing, withdrawn or timed out → `cancel`.
 */
import {
  type ElicitRequest,
  type ElicitResult,
  type PrimitiveSchemaDefinition,
  UrlElicitationRequiredError,
} from '@modelcontextprotocol/sdk/types.js';
import {
  type ApprovalDecision,
  CoworkError,
  type Question,
  type QuestionField,
} from '../../contracts/index.js';
import type { Enclave } from '../../enclave/index.js';

const MAX_TEXT = 2000;
const clip = (s: string | undefined, max = MAX_TEXT) => (s === undefined ? undefined : s.slice(0, max));

/** One field of the form, from one property of the server's schema. */
export function questionField(
  name: string,
  schema: PrimitiveSchemaDefinition,
  required: boolean,
): QuestionField {
  const description = clip(schema.description);
  const common = {
    name,
    title: clip(schema.title, 200) ?? name,
    ...(description ? { description } : {}),
    required,
  };
  const s = schema as Record<string, unknown>;
  const defined = <K extends string>(k: K) => (s[k] === undefined ? {} : ({ [k]: s[k] } as Record<K, never>));
  if (schema.type === 'boolean') return { kind: 'boolean', ...common, ...defined('default') };
  if (schema.type === 'number' || schema.type === 'integer')
    return {
      kind: 'number',
      ...common,
      integer: schema.type === 'integer',
      ...defined('minimum'),
      ...defined('maximum'),
      ...defined('default'),
    };
  if (schema.type === 'array') {
    const items = schema.items as { enum?: string[]; anyOf?: { const: string; title: string }[] };
    const options = items.anyOf
      ? items.anyOf.map((o) => ({ value: o.const, label: o.title }))
      : (items.enum ?? []).map((v) => ({ value: v, label: v }));
    return {
      kind: 'choices',
      ...common,
      options,
      ...defined('minItems'),
      ...defined('maxItems'),
      ...defined('default'),
    };
  }
  if ('oneOf' in schema)
    return {
      kind: 'choice',
      ...common,
      options: schema.oneOf.map((o) => ({ value: o.const, label: o.title })),
      ...defined('default'),
    };
  if ('enum' in schema) {
    const names = 'enumNames' in schema ? schema.enumNames : undefined;
    return {
      kind: 'choice',
      ...common,
      options: schema.enum.map((v, i) => ({ value: v, label: names?.[i] ?? v })),
      ...defined('default'),
    };
  }
  return {
    kind: 'text',
    ...common,
    ...defined('format'),
    ...defined('minLength'),
    ...defined('maxLength'),
    ...defined('default'),
  };
}

export function questionOf(server: string, params: ElicitRequest['params']): Question {
  const message = clip(params.message) ?? '';
  if (params.mode === 'url')
    return { mode: 'url', server, message, url: params.url, elicitationId: params.elicitationId };
  const { properties, required = [] } = params.requestedSchema;
  const fields = Object.entries(properties).map(([name, schema]) =>
    questionField(name, schema, required.includes(name)),
  );
  return { mode: 'form', server, message, fields };
}

/** The spec's answer for the person's decision. */
export function elicitResult(question: Question, answer: ApprovalDecision): ElicitResult {
  if (answer.status === 'approved')
    return question.mode === 'form'
      ? { action: 'accept', content: (answer.response ?? {}) as ElicitResult['content'] & object }
      : { action: 'accept' };
  return answer.status === 'rejected' && answer.decidedBy === 'user' && !answer.dismissed
    ? { action: 'decline' }
    : { action: 'cancel' };
}

/** Asks the person and waits: an elicitation is an approval that carries its question. */
export async function askElicitation(
  server: string,
  enclave: Enclave,
  params: ElicitRequest['params'],
): Promise<ElicitResult> {
  const question = questionOf(server, params);
  const title =
    question.mode === 'url'
      ? `MCP server ${server} asks you to open a page on ${URL.canParse(question.url) ? new URL(question.url).host : question.url}`
      : `MCP server ${server} asks: ${question.message.slice(0, 200)}`;
  const answer = await enclave.askPerson({
    server,
    what: 'elicitation',
    title,
    detail: question.mode === 'url' ? `${question.message}\n\n${question.url}` : question.message,
    question,
  });
  return elicitResult(question, answer);
}

/**
 * A call the server refuses until the person has opened a page (-32042, URL elicitation required):
 * each page is put to the person as a URL question; when they consent to every one, the call is
 * made once more (the spec's retry); otherwise the refusal stands, saying why.
 */
export async function withUrlElicitations<T>(
  server: string,
  enclave: Enclave,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof UrlElicitationRequiredError)) throw err;
    for (const elicitation of err.elicitations) {
      const { action } = await askElicitation(server, enclave, elicitation);
      if (action !== 'accept')
        throw new CoworkError(
          'PERMISSION_DENIED',
          `MCP server "${server}" needs you to open ${elicitation.url} first; you ${action === 'decline' ? 'declined' : 'dismissed it'}.`,
        );
    }
    return call();
  }
}
