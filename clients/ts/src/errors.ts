import type { GraphQLFormattedError } from 'graphql';

/**
 * The `extensions.code` of Gongzhi's top-level errors (docs/ARCHITECTURE.md, "Errors"), and two of
 * the client's own: `NETWORK` (no HTTP answer at all) and `UNKNOWN` (an answer that is not a
 * GraphQL response, or an error without a code this client knows).
 */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'LIMIT_EXCEEDED'
  | 'GRAPHQL_PARSE_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'BAD_REQUEST'
  | 'METHOD_NOT_ALLOWED'
  | 'PERSISTED_QUERY_NOT_FOUND'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'INTERNAL'
  | 'NETWORK'
  | 'UNKNOWN';

const SERVER_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'LIMIT_EXCEEDED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'METHOD_NOT_ALLOWED',
  'PERSISTED_QUERY_NOT_FOUND',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'INTERNAL',
]);

export interface GongzhiErrorDetails {
  /** The HTTP status of the answer (0 when there was none). */
  status: number;
  /** Every error of the answer, as the server sent them. */
  errors: readonly GraphQLFormattedError[];
  /** Whatever data came with field errors (a failing non-null field nulls its nearest nullable parent). */
  data?: unknown;
  /** Seconds to wait before trying again (`Retry-After`), for RATE_LIMITED and UNAVAILABLE. */
  retryAfterSeconds?: number;
  /** The server's `x-request-id`, to quote when asking the district's operators. */
  requestId?: string;
  cause?: unknown;
}

/**
 * A request that did not give its data: a coded top-level error of the server (401, 403, 404,
 * 429, 503 ... or a field error answered 200), or no answer at all. `code` is the first error's.
 */
export class GongzhiError extends Error {
  override readonly name = 'GongzhiError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: readonly GraphQLFormattedError[];
  readonly data: unknown;
  readonly retryAfterSeconds: number | undefined;
  readonly requestId: string | undefined;
  /** The `path` of the first error that has one (field errors). */
  readonly path: readonly (string | number)[] | undefined;
  /** `extensions.field` of BAD_USER_INPUT: the argument that does not parse. */
  readonly field: string | undefined;
  /** `extensions.traceId` of UNAVAILABLE and INTERNAL. */
  readonly traceId: string | undefined;

  constructor(code: ErrorCode, message: string, details: GongzhiErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.status = details.status;
    this.errors = details.errors;
    this.data = details.data;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.requestId = details.requestId;
    const first = details.errors[0];
    this.path = details.errors.find((e) => e.path !== undefined)?.path;
    const extensions = first?.extensions ?? {};
    this.field = typeof extensions['field'] === 'string' ? extensions['field'] : undefined;
    this.traceId = typeof extensions['traceId'] === 'string' ? extensions['traceId'] : undefined;
  }

  /** Whether the server says the same request may succeed later (after `retryAfterSeconds`). */
  get retryable(): boolean {
    return this.code === 'RATE_LIMITED' || this.code === 'UNAVAILABLE';
  }
}

/** The code of one GraphQL error, `UNKNOWN` when it has none this client knows. */
export function codeOf(error: GraphQLFormattedError | undefined): ErrorCode {
  const code = error?.extensions?.['code'];
  return typeof code === 'string' && SERVER_CODES.has(code) ? (code as ErrorCode) : 'UNKNOWN';
}

/**
 * `Retry-After` in seconds: a number of seconds or an HTTP date (RFC 9110 §10.2.3); undefined
 * when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
