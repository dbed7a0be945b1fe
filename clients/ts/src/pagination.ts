/**
 * Relay connections (`first/after`, `last/before`, `pageInfo`, `nodes` or `edges`): the shapes the
 * pagination helpers of the client read. Every list of Gongzhi is one; a page has at most 100 items.
 */

export interface PageInfoShape {
  readonly hasNextPage?: boolean;
  readonly endCursor?: string | null;
  readonly hasPreviousPage?: boolean;
  readonly startCursor?: string | null;
}

export interface ConnectionShape {
  readonly pageInfo: PageInfoShape;
  readonly nodes?: readonly unknown[] | null;
  readonly edges?: readonly ({ readonly node?: unknown } | null)[] | null;
}

/** The node type of a connection, from `nodes` or else from `edges { node }`. */
export type NodeOf<C> = C extends { readonly nodes: readonly (infer N)[] | null | undefined }
  ? N
  : C extends { readonly edges: readonly (infer E)[] | null | undefined }
    ? NonNullable<E> extends { readonly node: infer N }
      ? N
      : never
    : never;

/** The variables a paginated document must accept for a direction. */
export interface ForwardVariables {
  first?: number | null;
  after?: string | null;
}
export interface BackwardVariables {
  last?: number | null;
  before?: string | null;
}

export type Direction = 'forward' | 'backward';

export interface PaginateOptions {
  /** `forward` (first/after, the default) or `backward` (last/before: the last page first). */
  direction?: Direction;
  /** Items a page (`first` or `last`); the server's default when omitted, at most 100. */
  pageSize?: number;
  /** Stop after this many pages. */
  maxPages?: number;
  signal?: AbortSignal;
}

/** The items of a page: `nodes`, or the nodes of `edges`. */
export function nodesOf<C extends ConnectionShape>(connection: C): NodeOf<C>[] {
  if (connection.nodes != null) return [...connection.nodes] as NodeOf<C>[];
  if (connection.edges != null) {
    return connection.edges.flatMap((edge) => (edge == null ? [] : [edge.node])) as NodeOf<C>[];
  }
  throw new Error('the connection was selected without `nodes` or `edges`');
}

/** The cursor to continue from, or undefined when the connection ends in that direction. */
export function nextCursor(pageInfo: PageInfoShape, direction: Direction): string | undefined {
  const [more, cursor, fields] =
    direction === 'forward'
      ? [pageInfo.hasNextPage, pageInfo.endCursor, 'hasNextPage and endCursor']
      : [pageInfo.hasPreviousPage, pageInfo.startCursor, 'hasPreviousPage and startCursor'];
  if (more === undefined) {
    throw new Error(`paginating ${direction} needs pageInfo { ${fields} } in the document`);
  }
  if (!more) return undefined;
  if (cursor == null) throw new Error(`pageInfo says there is more but gives no cursor (${fields})`);
  return cursor;
}
