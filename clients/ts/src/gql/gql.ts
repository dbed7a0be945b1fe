/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query AreaTree {\n  areas(kind: DISTRICT) {\n    nodes {\n      id\n      name\n      kind\n      children {\n        totalCount\n        nodes {\n          id\n          name\n          kind\n          children(first: 50) {\n            totalCount\n            nodes {\n              id\n              name\n              kind\n            }\n          }\n        }\n      }\n    }\n  }\n}\n\nquery AreasPage($kind: AreaKind!, $first: Int, $after: String, $last: Int, $before: String) {\n  areas(kind: $kind, first: $first, after: $after, last: $last, before: $before) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n      hasPreviousPage\n      startCursor\n    }\n    nodes {\n      id\n      name\n      code\n    }\n  }\n}": typeof types.AreaTreeDocument,
    "query ServicePoints($kind: ServicePointKind, $within: ID, $first: Int, $after: String) {\n  servicePoints(kind: $kind, within: $within, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        name\n        kind\n        address\n      }\n    }\n  }\n}\n\nmutation CreateServicePoint($input: CreateServicePointInput!) {\n  createServicePoint(input: $input) {\n    point {\n      id\n      name\n      kind\n      address\n    }\n    userErrors {\n      field\n      code\n      message\n    }\n  }\n}": typeof types.ServicePointsDocument,
    "query Viewer {\n  viewer {\n    subject\n    roles\n    area {\n      name\n    }\n  }\n}\n\nquery AuditLogCount {\n  auditLog {\n    totalCount\n  }\n}": typeof types.ViewerDocument,
};
const documents: Documents = {
    "query AreaTree {\n  areas(kind: DISTRICT) {\n    nodes {\n      id\n      name\n      kind\n      children {\n        totalCount\n        nodes {\n          id\n          name\n          kind\n          children(first: 50) {\n            totalCount\n            nodes {\n              id\n              name\n              kind\n            }\n          }\n        }\n      }\n    }\n  }\n}\n\nquery AreasPage($kind: AreaKind!, $first: Int, $after: String, $last: Int, $before: String) {\n  areas(kind: $kind, first: $first, after: $after, last: $last, before: $before) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n      hasPreviousPage\n      startCursor\n    }\n    nodes {\n      id\n      name\n      code\n    }\n  }\n}": types.AreaTreeDocument,
    "query ServicePoints($kind: ServicePointKind, $within: ID, $first: Int, $after: String) {\n  servicePoints(kind: $kind, within: $within, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        name\n        kind\n        address\n      }\n    }\n  }\n}\n\nmutation CreateServicePoint($input: CreateServicePointInput!) {\n  createServicePoint(input: $input) {\n    point {\n      id\n      name\n      kind\n      address\n    }\n    userErrors {\n      field\n      code\n      message\n    }\n  }\n}": types.ServicePointsDocument,
    "query Viewer {\n  viewer {\n    subject\n    roles\n    area {\n      name\n    }\n  }\n}\n\nquery AuditLogCount {\n  auditLog {\n    totalCount\n  }\n}": types.ViewerDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AreaTree {\n  areas(kind: DISTRICT) {\n    nodes {\n      id\n      name\n      kind\n      children {\n        totalCount\n        nodes {\n          id\n          name\n          kind\n          children(first: 50) {\n            totalCount\n            nodes {\n              id\n              name\n              kind\n            }\n          }\n        }\n      }\n    }\n  }\n}\n\nquery AreasPage($kind: AreaKind!, $first: Int, $after: String, $last: Int, $before: String) {\n  areas(kind: $kind, first: $first, after: $after, last: $last, before: $before) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n      hasPreviousPage\n      startCursor\n    }\n    nodes {\n      id\n      name\n      code\n    }\n  }\n}"): (typeof documents)["query AreaTree {\n  areas(kind: DISTRICT) {\n    nodes {\n      id\n      name\n      kind\n      children {\n        totalCount\n        nodes {\n          id\n          name\n          kind\n          children(first: 50) {\n            totalCount\n            nodes {\n              id\n              name\n              kind\n            }\n          }\n        }\n      }\n    }\n  }\n}\n\nquery AreasPage($kind: AreaKind!, $first: Int, $after: String, $last: Int, $before: String) {\n  areas(kind: $kind, first: $first, after: $after, last: $last, before: $before) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n      hasPreviousPage\n      startCursor\n    }\n    nodes {\n      id\n      name\n      code\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ServicePoints($kind: ServicePointKind, $within: ID, $first: Int, $after: String) {\n  servicePoints(kind: $kind, within: $within, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        name\n        kind\n        address\n      }\n    }\n  }\n}\n\nmutation CreateServicePoint($input: CreateServicePointInput!) {\n  createServicePoint(input: $input) {\n    point {\n      id\n      name\n      kind\n      address\n    }\n    userErrors {\n      field\n      code\n      message\n    }\n  }\n}"): (typeof documents)["query ServicePoints($kind: ServicePointKind, $within: ID, $first: Int, $after: String) {\n  servicePoints(kind: $kind, within: $within, first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        name\n        kind\n        address\n      }\n    }\n  }\n}\n\nmutation CreateServicePoint($input: CreateServicePointInput!) {\n  createServicePoint(input: $input) {\n    point {\n      id\n      name\n      kind\n      address\n    }\n    userErrors {\n      field\n      code\n      message\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Viewer {\n  viewer {\n    subject\n    roles\n    area {\n      name\n    }\n  }\n}\n\nquery AuditLogCount {\n  auditLog {\n    totalCount\n  }\n}"): (typeof documents)["query Viewer {\n  viewer {\n    subject\n    roles\n    area {\n      name\n    }\n  }\n}\n\nquery AuditLogCount {\n  auditLog {\n    totalCount\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;