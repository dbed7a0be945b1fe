import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type GraphQLFormattedError, type OperationDefinitionNode } from 'graphql';

import type { OnUnauthenticated, TokenSource } from './auth';
import { codeOf, GongzhiError, parseRetryAfter, type ErrorCode } from './errors';
import {
  nextCursor,
  nodesOf,
  type BackwardVariables,
  type ConnectionShape,
  type ForwardVariables,
  type NodeOf,
  type PaginateOptions,
} from './pagination';
import { toResult, type MutationResult, type PayloadShape, type RootPayload } from './results';

/**
 * How a document is sent: `text` (the default), `id` (`documentId` only: for partner clients held
 * to their trusted documents), or `id-then-text` (the id, and the text when the server answers
 * PERSISTED_QUERY_NOT_FOUND). Ids come from the generated documents (`__meta__.documentId`), the
 * same as the keys of `src/gql/persisted-documents.json`.
 */
export type DocumentMode = 'text' | 'id' | 'id-then-text';

export interface RetryInfo {
  code: ErrorCode;
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  error: GongzhiError;
}

export interface RetryOptions {
  /** Retries of one request after RATE_LIMITED or UNAVAILABLE (default 3; 0: none). */
  maxRetries?: number;
  /** The longest wait accepted; a longer `Retry-After` is thrown at once (default 30 s). */
  maxDelayMs?: number;
  /** The wait when the answer has no `Retry-After` (default 1 s). */
  defaultDelayMs?: number;
  /** Told before each wait. */
  onRetry?: (info: RetryInfo) => void;
  /** How to wait (a timer by default). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface ClientOptions {
  /** The GraphQL endpoint, e.g. `https://gongzhi.example/graphql` (or `/graphql` in a browser). */
  url: string;
  /** The bearer token, or a callback that gives it (see `TokenSource`). */
  token?: TokenSource;
  /** The re-login after UNAUTHENTICATED: your token provider's, or `browserLogin(...)`. */
  onUnauthenticated?: OnUnauthenticated;
  retry?: RetryOptions;
  /** `text` by default. */
  documentMode?: DocumentMode;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
  /** Cookies for the console's session: `same-origin` by default. */
  credentials?: RequestCredentials;
  fetch?: typeof fetch;
}

export interface RequestOptions {
  documentMode?: DocumentMode;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Variables may be left out when the document has no required ones. */
export type VariablesArgs<V> = {} extends V
  ? [variables?: V, options?: RequestOptions]
  : [variables: V, options?: RequestOptions];

/** The variables a page helper takes: the document's, without the ones it sets itself. */
export type PageVariables<V> = Omit<V, 'first' | 'after' | 'last' | 'before'>;

interface GraphQLResponse {
  data?: unknown;
  errors?: GraphQLFormattedError[];
}

const sleepFor = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', abort, { once: true });
  });

/** The id the client preset embeds in a document (`persistedDocuments.hashPropertyName`). */
function documentIdOf(document: TypedDocumentNode<unknown, never>): string | undefined {
  const meta = (document as { __meta__?: { documentId?: unknown } }).__meta__;
  return typeof meta?.documentId === 'string' ? meta.documentId : undefined;
}

function operationOf(document: TypedDocumentNode<unknown, never>): OperationDefinitionNode {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  const [operation] = operations;
  if (operation === undefined || operations.length > 1) {
    throw new Error('a document for the client holds exactly one operation');
  }
  return operation;
}

/**
 * A client of one Gongzhi server. `request` gives a document's typed data or throws a
 * `GongzhiError`; `mutate` gives a mutation's payload as a typed result; `pages` and `nodes` walk
 * a connection.
 */
export class GongzhiClient {
  private readonly options: ClientOptions;
  private readonly fetchImpl: typeof fetch;
  private readonly texts = new WeakMap<object, string>();

  constructor(options: ClientOptions) {
    this.options = options;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** The document's data; any error of the answer is thrown as a `GongzhiError`. */
  async request<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    ...[variables, options]: VariablesArgs<TVariables>
  ): Promise<TData> {
    const retry = this.options.retry ?? {};
    const maxRetries = retry.maxRetries ?? 3;
    const maxDelayMs = retry.maxDelayMs ?? 30_000;
    const sleep = retry.sleep ?? sleepFor;
    let mode = options?.documentMode ?? this.options.documentMode ?? 'text';
    let retries = 0;
    let reloggedIn = false;
    for (;;) {
      const { errors = [], ...answer } = await this.send(
        document as TypedDocumentNode<unknown, never>,
        variables,
        mode,
        options,
      );
      const [first] = errors;
      if (first === undefined) {
        if (answer.data === undefined || answer.data === null) {
          throw new GongzhiError('UNKNOWN', `no data and no errors (HTTP ${answer.status})`, { ...answer, errors });
        }
        return answer.data as TData;
      }
      const code = codeOf(first);
      const error = new GongzhiError(code, first.message, { ...answer, errors });
      if (code === 'UNAUTHENTICATED' && !reloggedIn && this.options.onUnauthenticated !== undefined) {
        reloggedIn = true;
        if ((await this.options.onUnauthenticated(error)) !== false) continue;
        throw error;
      }
      if (error.retryable && retries < maxRetries) {
        const delayMs =
          error.retryAfterSeconds === undefined ? (retry.defaultDelayMs ?? 1000) : error.retryAfterSeconds * 1000;
        if (delayMs <= maxDelayMs) {
          retries += 1;
          retry.onRetry?.({ code, attempt: retries, delayMs, error });
          await sleep(delayMs, options?.signal);
          continue;
        }
      }
      if (code === 'PERSISTED_QUERY_NOT_FOUND' && mode === 'id-then-text') {
        mode = 'text';
        continue;
      }
      throw error;
    }
  }

  /**
   * A mutation with one root field: its payload as `{ ok: true, payload }`, or
   * `{ ok: false, userErrors }` (typed by the document, codes included). Top-level errors throw.
   */
  async mutate<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    ...args: VariablesArgs<TVariables>
  ): Promise<RootPayload<TData> extends PayloadShape ? MutationResult<RootPayload<TData>> : never> {
    const operation = operationOf(document as TypedDocumentNode<unknown, never>);
    const roots = operation.selectionSet.selections.filter(
      (s) => !(s.kind === 'Field' && s.name.value === '__typename'),
    );
    if (operation.operation !== 'mutation' || roots.length !== 1) {
      throw new Error('mutate takes a mutation with one root field; use request and toResult for others');
    }
    const data = (await this.request(document, ...args)) as Record<string, unknown>;
    const [payload] = Object.entries(data)
      .filter(([key]) => key !== '__typename')
      .map(([, value]) => value);
    if (typeof payload !== 'object' || payload === null || !Array.isArray((payload as PayloadShape).userErrors)) {
      throw new Error('the mutation was selected without `userErrors`');
    }
    return toResult(payload as PayloadShape) as never;
  }

  /**
   * The pages of a connection, one request each: forwards with `first/after` (the document takes
   * `$first` and `$after` and selects `pageInfo { hasNextPage endCursor }`), or backwards with
   * `last/before` (`$last`, `$before`, `pageInfo { hasPreviousPage startCursor }`).
   */
  async *pages<TData, TVariables extends ForwardVariables | BackwardVariables, C extends ConnectionShape>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: PageVariables<TVariables>,
    select: (data: TData) => C,
    options: PaginateOptions & RequestOptions = {},
  ): AsyncGenerator<C, void, undefined> {
    const direction = options.direction ?? 'forward';
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; options.maxPages === undefined || page < options.maxPages; page++) {
      const paging =
        direction === 'forward'
          ? { first: options.pageSize, after: cursor }
          : { last: options.pageSize, before: cursor };
      const data = await this.request(
        document,
        ...([{ ...variables, ...paging } as TVariables, options] as VariablesArgs<TVariables>),
      );
      const connection = select(data);
      yield connection;
      cursor = nextCursor(connection.pageInfo, direction);
      if (cursor === undefined) return;
      if (seen.has(cursor)) throw new Error(`the connection gave the cursor ${cursor} twice`);
      seen.add(cursor);
    }
  }

  /** The nodes of a connection, page after page (see `pages`); backwards gives the last page first. */
  async *nodes<TData, TVariables extends ForwardVariables | BackwardVariables, C extends ConnectionShape>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: PageVariables<TVariables>,
    select: (data: TData) => C,
    options: PaginateOptions & RequestOptions = {},
  ): AsyncGenerator<NodeOf<C>, void, undefined> {
    for await (const page of this.pages(document, variables, select, options)) {
      yield* nodesOf(page);
    }
  }

  private textOf(document: TypedDocumentNode<unknown, never>): string {
    let text = this.texts.get(document);
    if (text === undefined) {
      text = print(document);
      this.texts.set(document, text);
    }
    return text;
  }

  private async send(
    document: TypedDocumentNode<unknown, never>,
    variables: unknown,
    mode: DocumentMode,
    options: RequestOptions | undefined,
  ): Promise<GraphQLResponse & { status: number; retryAfterSeconds?: number; requestId?: string }> {
    const operation = operationOf(document);
    const body: Record<string, unknown> = {};
    if (mode === 'text') {
      body['query'] = this.textOf(document);
    } else {
      const id = documentIdOf(document);
      if (id === undefined) {
        throw new Error('the document has no id: generate it with the persisted documents of codegen.ts');
      }
      body['documentId'] = id;
    }
    if (operation.name !== undefined) body['operationName'] = operation.name.value;
    if (variables !== undefined) body['variables'] = variables;

    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...this.options.headers,
      ...options?.headers,
    };
    const source = this.options.token;
    const token = typeof source === 'function' ? await source() : source;
    if (token) headers['authorization'] = `Bearer ${token}`;

    let response: Response;
    try {
      response = await this.fetchImpl(this.options.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        credentials: this.options.credentials ?? 'same-origin',
        signal: options?.signal ?? null,
      });
    } catch (cause) {
      if (options?.signal?.aborted) throw cause;
      throw new GongzhiError('NETWORK', `no answer from ${this.options.url}`, { status: 0, errors: [], cause });
    }
    const status = response.status;
    const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
    const requestId = response.headers.get('x-request-id') ?? undefined;
    const meta = {
      status,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      ...(requestId === undefined ? {} : { requestId }),
    };
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || !('data' in parsed || 'errors' in parsed)) {
      throw new GongzhiError('UNKNOWN', `HTTP ${status}: not a GraphQL response: ${text.slice(0, 200)}`, {
        ...meta,
        errors: [],
      });
    }
    return { ...(parsed as GraphQLResponse), ...meta };
  }
}

export function createClient(options: ClientOptions): GongzhiClient {
  return new GongzhiClient(options);
}
