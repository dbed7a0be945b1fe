/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** 区域层级 — the level of an area in the district's tree */
export type AreaKind =
  /** 楼栋 — a residential building */
  | 'BUILDING'
  /** 社区 — urban community */
  | 'COMMUNITY'
  /** 区 — district */
  | 'DISTRICT'
  /** 网格 — a grid of the integrated grid system (综合网格) */
  | 'GRID'
  /** 街道 — street (urban sub-district) */
  | 'STREET'
  /** 镇 — town */
  | 'TOWN'
  /** 村 — village */
  | 'VILLAGE';

/** 新建服务阵地 — a new service point in an area of yours. */
export type CreateServicePointInput = {
  /** 1 to 200 characters. */
  address: string;
  /** The community or village (or an area below one) the point stands in. */
  areaId: string | number;
  kind: ServicePointKind;
  location: LatLngInput;
  /** 1 to 50 characters after trimming. */
  name: string;
  /** The point's public contact number: digits with + - ( ) and spaces, at most 30 characters. */
  phone?: string | null | undefined;
  /** The areas it serves, each in your area, at most 20; its own area when omitted or empty. */
  servedAreaIds?: Array<string | number>;
};

/** 坐标 — a WGS-84 position: latitude from -90 to 90, longitude from -180 to 180. */
export type LatLngInput = {
  latitude: number;
  longitude: number;
};

/** The roles of DESIGN.md. Authority of the admin roles flows down the area tree. */
export type Role =
  | 'ANALYST'
  | 'BRANCH_SECRETARY'
  | 'COMMUNITY_ADMIN'
  | 'DISTRICT_ADMIN'
  | 'GRID_WORKER'
  | 'PARTNER'
  | 'PARTY_MEMBER'
  | 'RESIDENT'
  /**
   * 服务人员 — staff of a service point (the points are data: who staffs
   * which is kept by `assignServiceStaff`); checks people in and completes
   * bookings there.
   */
  | 'SERVICE_STAFF'
  | 'STREET_ADMIN';

/** 服务阵地类型 — the kind of a service point */
export type ServicePointKind =
  /** 先锋书屋 — pioneer bookhouse */
  | 'BOOKHOUSE'
  /** 文体活动室 — culture and sports room */
  | 'CULTURAL_ROOM'
  /** 养老服务中心 — elderly-care service centre */
  | 'ELDERLY_CARE'
  /** 卫生服务站 — community health station */
  | 'HEALTH_STATION'
  /** 党群服务中心 — party-mass service centre */
  | 'PARTY_MASS_CENTRE'
  /** 新时代文明实践站 — new-era civilization practice station */
  | 'PRACTICE_STATION'
  /** 妇女之家 — women's home */
  | 'WOMENS_HOME'
  /** 职工阳光家园 / 幸福驿站 — workers' station */
  | 'WORKERS_STATION'
  /** 四点半课堂 — after-school room for pupils (the "half past four" class) */
  | 'YOUTH_ROOM';

/** The code of an expected failure, returned in a mutation's `userErrors`. */
export type UserErrorCode =
  /** 输入有误 — a value is malformed or out of range */
  | 'BAD_USER_INPUT'
  /** 名额已满 — no place is left and no waitlist was wanted */
  | 'CAPACITY'
  /** 重复 — the record would duplicate one that exists */
  | 'CONFLICT'
  /**
   * 不符合条件 — the person does not meet a rule of what they asked for
   * (an age, a special group, residence, party membership)
   */
  | 'INELIGIBLE'
  /** 状态不允许 — the record's current state does not allow the change */
  | 'INVALID_STATE'
  /** 不存在 — a referenced record does not exist or is not visible to the caller */
  | 'NOT_FOUND';

export type AreaTreeQueryVariables = Exact<{ [key: string]: never; }>;


export type AreaTreeQuery = { areas: { nodes: Array<{ id: string, name: string, kind: AreaKind, children: { totalCount: number, nodes: Array<{ id: string, name: string, kind: AreaKind, children: { totalCount: number, nodes: Array<{ id: string, name: string, kind: AreaKind }> } }> } }> } };

export type AreasPageQueryVariables = Exact<{
  kind: AreaKind;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type AreasPageQuery = { areas: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null, hasPreviousPage: boolean, startCursor: string | null }, nodes: Array<{ id: string, name: string, code: string }> } };

export type ServicePointsQueryVariables = Exact<{
  kind?: ServicePointKind | null | undefined;
  within?: string | number | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ServicePointsQuery = { servicePoints: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, name: string, kind: ServicePointKind, address: string } }> } };

export type CreateServicePointMutationVariables = Exact<{
  input: CreateServicePointInput;
}>;


export type CreateServicePointMutation = { createServicePoint: { point: { id: string, name: string, kind: ServicePointKind, address: string } | null, userErrors: Array<{ field: Array<string>, code: UserErrorCode, message: string }> } };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer: { subject: string, roles: Array<Role>, area: { name: string } | null } | null };

export type AuditLogCountQueryVariables = Exact<{ [key: string]: never; }>;


export type AuditLogCountQuery = { auditLog: { totalCount: number } };


export const AreaTreeDocument = {"__meta__":{"documentId":"sha256:aa1fe796c1174edae7071e7f5a8d371f677e2198ddb70009b8eb1df285ebdf4b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AreaTree"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"areas"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"EnumValue","value":"DISTRICT"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"children"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"children"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<AreaTreeQuery, AreaTreeQueryVariables>;
export const AreasPageDocument = {"__meta__":{"documentId":"sha256:6a8ce519a6a08e96740a0191e10fdbe49a81180e1b88e0f917db1fb8959d8773"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AreasPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"kind"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AreaKind"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"areas"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kind"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<AreasPageQuery, AreasPageQueryVariables>;
export const ServicePointsDocument = {"__meta__":{"documentId":"sha256:95a14758ca0b1e637d696f486effebc587b74776127dac37d69f81eb85f3e267"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ServicePoints"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"kind"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ServicePointKind"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"within"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"servicePoints"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kind"}}},{"kind":"Argument","name":{"kind":"Name","value":"within"},"value":{"kind":"Variable","name":{"kind":"Name","value":"within"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"address"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ServicePointsQuery, ServicePointsQueryVariables>;
export const CreateServicePointDocument = {"__meta__":{"documentId":"sha256:4be0318d1e9a9e0f08fc1ff0b642fa9d373fd959f9940304ff2df05c4e7a4015"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateServicePoint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateServicePointInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createServicePoint"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"point"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"address"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<CreateServicePointMutation, CreateServicePointMutationVariables>;
export const ViewerDocument = {"__meta__":{"documentId":"sha256:55abfcab939e0c3618d9bb3937020831e105770cff56c42602d1e485fea19648"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"roles"}},{"kind":"Field","name":{"kind":"Name","value":"area"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<ViewerQuery, ViewerQueryVariables>;
export const AuditLogCountDocument = {"__meta__":{"documentId":"sha256:81ae8948067c09238fcdf19d2478aab793382553567ca3b524b1808b964baa2e"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditLogCount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditLog"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}}]} as unknown as DocumentNode<AuditLogCountQuery, AuditLogCountQueryVariables>;