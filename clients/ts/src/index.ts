// The hand-written runtime of the client; src/gql/ is generated (`npm run codegen`).
export { createClient, GongzhiClient } from './client';
export type {
  ClientOptions,
  DocumentMode,
  PageVariables,
  RequestOptions,
  RetryInfo,
  RetryOptions,
  VariablesArgs,
} from './client';
export { browserLogin, hasBrowserLogin, loginUrl } from './auth';
export type { BrowserLoginOptions, OnUnauthenticated, TokenSource } from './auth';
export { codeOf, GongzhiError, parseRetryAfter } from './errors';
export type { ErrorCode, GongzhiErrorDetails } from './errors';
export { errorsAt, toResult } from './results';
export type { MutationResult, PayloadShape, RootPayload, Success, UserErrorShape } from './results';
export { nextCursor, nodesOf } from './pagination';
export type { ConnectionShape, Direction, NodeOf, PageInfoShape, PaginateOptions } from './pagination';

// The typed documents (generated): the operations of src/operations/*.graphql as `…Document`
// with their types, the schema's enums and inputs, and the preset's `graphql()` for inline ones.
export { graphql } from './gql';
export * from './gql/graphql';
