import * as z from 'zod/mini';

/**
 * Stable error codes. Every error that crosses a module or process boundary carries one of
 * these, so clients can branch on the code and never on message text.
 */
export const ErrorCode = z.enum([
  'INVALID_ARGUMENTS',
  'INVALID_REQUEST',
  'PARSE_ERROR',
  'METHOD_NOT_FOUND',
  'FRAME_TOO_LARGE',
  'PAYLOAD_TOO_LARGE',
  'UNAUTHENTICATED',
  'PERMISSION_DENIED',
  'PERMISSION_ESCALATION_REQUIRED',
  /** The request needs answers only the person has (an MCP config's `inputs`); `details` names them. */
  'INPUT_REQUIRED',
  'SANDBOX_VIOLATION',
  'SANDBOX_UNAVAILABLE',
  'TIMEOUT',
  'CANCELLED',
  'RESOURCE_NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'PROVIDER_ERROR',
  /** A tool's answer does not match the output schema it declared. */
  'INVALID_OUTPUT',
  'ALREADY_RUNNING',
  /** Cowork's database failed its check at start, or is missing while its other data is there. */
  'DATA_DAMAGED',
  'UNAVAILABLE',
  /** A program a server's launcher needs (uvx, pipx, bun, docker…) is not installed here. */
  'RUNTIME_MISSING',
  'DISK_FULL',
  /** A run used all the model turns it was allowed (`maxTurns`, `cowork run --max-turns`) without finishing. */
  'MAX_TURNS',
  /** A file Cowork cannot convert or preview (details.format names what it was taken for). */
  'UNSUPPORTED_FORMAT',
  /** A document protected by a password (an encrypted PDF or Office file): never guessed at. */
  'DOCUMENT_ENCRYPTED',
  /** A document that is damaged or not what its name says (details.reason). */
  'DOCUMENT_INVALID',
  /** A workforce plan that cannot run: duplicate ids, a missing dependency, a cycle (details.tasks). */
  'INVALID_PLAN',
  /** A document over a cap: bytes, inflated size (a zip bomb), XML entities, memory (details.reason). */
  'DOCUMENT_TOO_LARGE',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorInfo = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.optional(z.record(z.string(), z.unknown())),
});
export type ErrorInfo = z.infer<typeof ErrorInfo>;

/** What a failed zod parse reports (zod's own issue type, without depending on a zod flavour). */
interface ParseIssues {
  readonly issues: readonly ParseIssue[];
}
interface ParseIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** The issues of a failed parse as data (at most `max`): each one's dotted path and message. */
export function issueList(error: ParseIssues, max: number): { path: string; message: string }[] {
  return error.issues.slice(0, max).map((i) => ({ path: dottedPath(i), message: i.message }));
}

/** One issue as a line, `path: message`; `whole` names the value itself when the path is empty. */
export function issueLine(issue: ParseIssue, whole: string): string {
  return `${dottedPath(issue) || whole}: ${issue.message}`;
}

/** The issues (at most `max`) as one line, for a person or a model to read. */
export function issuesText(error: ParseIssues, whole: string, max = Number.POSITIVE_INFINITY): string {
  return error.issues
    .slice(0, max)
    .map((i) => issueLine(i, whole))
    .join('; ');
}

function dottedPath(issue: ParseIssue): string {
  return issue.path.map(String).join('.');
}
