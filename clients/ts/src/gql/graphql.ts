/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/**
 * What a partner client's token may read or write, one domain each
 * (OAuth2 scopes, written `people:read` in a token).
 */
export type ApiScope =
  /** 党员信息（读） — `party:read`: party organizations and members. */
  | 'PARTY_READ'
  /** 人员信息（读） — `people:read`: people in the client's area, masked but for its purposes. */
  | 'PEOPLE_READ'
  /** 服务预约（办理） — `services:book`: book, cancel and complete bookings in the client's area. */
  | 'SERVICES_BOOK'
  /** 服务预约（读） — `services:read`: bookings in the client's area. */
  | 'SERVICES_READ';

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

/** 区域角色 — a role a person holds in an area */
export type AreaRole =
  /** 楼栋长 — building leader of a building (党员楼栋长 when a party member) */
  | 'BUILDING_LEADER'
  /** 网格员 — grid worker of a grid */
  | 'GRID_WORKER';

/** 审计筛选 — what part of the audit trail to read; every field narrows it. */
export type AuditLogFilter = {
  /** `read_personal_data`, `change_member_status`, `create_partner_client`, `rotate_partner_secret`. */
  action?: string | null | undefined;
  /** A token's subject (`client:<clientId>` for a partner client). */
  actor?: string | null | undefined;
  /** Reads by this partner client (its `clientId`). */
  clientId?: string | null | undefined;
  /** From this time on. */
  from?: string | null | undefined;
  /** Records about this person. */
  personId?: string | number | null | undefined;
  purpose?: Purpose | null | undefined;
  /** Before this time. */
  to?: string | null | undefined;
};

/** 预约 — book a slot. */
export type BookInput = {
  /**
   * A key of yours (1 to 100 characters): a retry with the same key
   * returns the first booking and books nothing twice.
   */
  idempotencyKey?: string | null | undefined;
  /**
   * Whom the place is for: a resident of your area (grid workers and
   * admins book for elderly residents); yourself when omitted.
   */
  personId?: string | number | null | undefined;
  /** A slot's id, from `availability`. */
  slot: string | number;
  /** Join the waitlist when the slot is full (default); false answers CAPACITY instead. */
  waitlist?: boolean;
};

/** 预约状态 — the state of a booking */
export type BookingState =
  /** 已取消 — cancelled */
  | 'CANCELLED'
  /** 已签到 — arrived and checked in */
  | 'CHECKED_IN'
  /** 已完成 — the service was given */
  | 'COMPLETED'
  /** 已确认 — holds a place */
  | 'CONFIRMED'
  /** 已过期 — an offer not claimed in time, or a place in line when the slot began */
  | 'EXPIRED'
  /** 爽约 — did not come */
  | 'NO_SHOW'
  /** 候补递补待确认 — a place freed and is offered until `offerExpiresAt` */
  | 'OFFERED'
  /** 候补中 — in line for a place, in order of arrival */
  | 'WAITLISTED';

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

/** 性别 — gender, as recorded on the ID card */
export type Gender =
  /** 女 — female */
  | 'FEMALE'
  /** 男 — male */
  | 'MALE';

/** 坐标 — a WGS-84 position: latitude from -90 to 90, longitude from -180 to 180. */
export type LatLngInput = {
  latitude: number;
  longitude: number;
};

/** 党员类别 — the category that decides how a member is educated and served (分类教育) */
export type MemberCategory =
  /** 年老体弱党员 — elderly or infirm */
  | 'ELDERLY_INFIRM'
  /** 流动党员 — flowing (working away from home) */
  | 'FLOWING'
  /** 在职党员 — in service at a workplace */
  | 'IN_SERVICE'
  /** 离退休党员 — retired */
  | 'RETIRED'
  /** 青年毕业生党员 — young graduate */
  | 'YOUNG_GRADUATE';

/** 党员身份 — probationary or full member */
export type MemberStatus =
  /** 正式党员 — full member */
  | 'FULL'
  /** 预备党员 — probationary member */
  | 'PROBATIONARY';

/**
 * 用途 — why a partner client reads personal data (PIPL's purpose
 * limitation): each purpose unmasks only the fields it needs.
 */
export type Purpose =
  /** 免费体检 — a health check: the ID-card number (for the medical record) and the phone. */
  | 'HEALTH_CHECK'
  /** 居家养老上门服务 — care at home: the phone, to arrange the visit. */
  | 'HOME_CARE';

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

/** 资格条件 — the kind of an eligibility rule of a service */
export type RuleKind =
  /** 年龄上限 — at most this old on the day of the slot */
  | 'MAX_AGE'
  /** 年龄下限 — at least this old on the day of the slot */
  | 'MIN_AGE'
  /** 仅限党员 — a party member */
  | 'PARTY_MEMBER'
  /** 服务范围内居民 — living in an area the point serves */
  | 'RESIDENT'
  /** 特殊群体 — in one of these groups of the special-group register */
  | 'SPECIAL_GROUP';

/**
 * 服务方式 — how a service is given, and so which of the point's
 * periods its slots fall in
 */
export type ServiceMode =
  /** 预约服务 — by appointment, in any period the point keeps */
  | 'APPOINTMENT'
  /** 延时服务 — in the point's extended-hours periods */
  | 'EXTENDED_HOURS'
  /** 上门服务 — at the person's home, requested for a preferred time */
  | 'HOME_VISIT'
  /** 错时服务 — in the point's off-peak periods (evenings, weekends) */
  | 'OFF_PEAK'
  /** 现场服务 — on site, in the point's office hours */
  | 'ON_SITE';

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

export type ConsoleViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleViewerQuery = { viewer: { subject: string, roles: Array<Role>, area: { id: string, name: string, kind: AreaKind } | null } | null };

export type ConsoleRootsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleRootsQuery = { areas: { nodes: Array<{ id: string, name: string, kind: AreaKind, code: string }> } };

export type ConsoleAreaQueryVariables = Exact<{
  id: string | number;
}>;


export type ConsoleAreaQuery = { node:
    | { __typename: 'Area', id: string, name: string, kind: AreaKind, code: string, ancestors: Array<{ id: string, name: string, kind: AreaKind }>, children: { totalCount: number, nodes: Array<{ id: string, name: string, kind: AreaKind, code: string }> }, buildingLeader: { id: string, fromOn: string, person: { id: string, name: string } | null } | null, gridWorkers: { totalCount: number, nodes: Array<{ id: string, fromOn: string, person: { id: string, name: string } | null }> } }
    | { __typename: 'Booking' }
    | { __typename: 'CommitteeSeat' }
    | { __typename: 'Facility' }
    | { __typename: 'GridGroupMember' }
    | { __typename: 'HomeVisitRequest' }
    | { __typename: 'OrgPairing' }
    | { __typename: 'PartyMember' }
    | { __typename: 'PartyOrganization' }
    | { __typename: 'Person' }
    | { __typename: 'Reservation' }
    | { __typename: 'RoleAssignment' }
    | { __typename: 'Service' }
    | { __typename: 'ServicePoint' }
    | { __typename: 'SpecialGroupEntry' }
    | { __typename: 'Unit' }
   | null };

export type ConsoleResidentsQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ConsoleResidentsQuery = { node:
    | { __typename: 'Area', id: string, residents: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, name: string, gender: Gender, age: number, idCardNumber: string, phone: string | null, homeArea: { name: string } | null, roles: { nodes: Array<{ role: AreaRole, area: { name: string } | null }> }, partyMember: { status: MemberStatus } | null }> }, partyMembers: { totalCount: number, nodes: Array<{ id: string, status: MemberStatus, category: MemberCategory, reported: boolean, person: { id: string, name: string } | null, organization: { name: string } }> } }
    | { __typename: 'Booking' }
    | { __typename: 'CommitteeSeat' }
    | { __typename: 'Facility' }
    | { __typename: 'GridGroupMember' }
    | { __typename: 'HomeVisitRequest' }
    | { __typename: 'OrgPairing' }
    | { __typename: 'PartyMember' }
    | { __typename: 'PartyOrganization' }
    | { __typename: 'Person' }
    | { __typename: 'Reservation' }
    | { __typename: 'RoleAssignment' }
    | { __typename: 'Service' }
    | { __typename: 'ServicePoint' }
    | { __typename: 'SpecialGroupEntry' }
    | { __typename: 'Unit' }
   | null };

export type ConsoleRevealPersonQueryVariables = Exact<{
  id: string | number;
}>;


export type ConsoleRevealPersonQuery = { node:
    | { __typename: 'Area' }
    | { __typename: 'Booking' }
    | { __typename: 'CommitteeSeat' }
    | { __typename: 'Facility' }
    | { __typename: 'GridGroupMember' }
    | { __typename: 'HomeVisitRequest' }
    | { __typename: 'OrgPairing' }
    | { __typename: 'PartyMember' }
    | { __typename: 'PartyOrganization' }
    | { __typename: 'Person', id: string, name: string, idCardNumber: string, phone: string | null }
    | { __typename: 'Reservation' }
    | { __typename: 'RoleAssignment' }
    | { __typename: 'Service' }
    | { __typename: 'ServicePoint' }
    | { __typename: 'SpecialGroupEntry' }
    | { __typename: 'Unit' }
   | null };

export type ConsolePointsQueryVariables = Exact<{
  kind?: ServicePointKind | null | undefined;
  within?: string | number | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ConsolePointsQuery = { servicePoints: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, name: string, kind: ServicePointKind, address: string, area: { id: string, name: string }, services: Array<{ id: string, name: string, capacity: number }> }> } };

export type ConsoleCoverageQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ConsoleCoverageQuery = { areas: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, name: string, livingCircle: { walkingMinutes: number, buildings: number, kinds: Array<{ kind: ServicePointKind, coveredBuildings: number, share: number | null, uncoveredBuildings: Array<{ id: string, name: string }> }> } | null }> } };

export type ConsoleServiceQueryVariables = Exact<{
  id: string | number;
  from: string;
  to: string;
}>;


export type ConsoleServiceQuery = { node:
    | { __typename: 'Area' }
    | { __typename: 'Booking' }
    | { __typename: 'CommitteeSeat' }
    | { __typename: 'Facility' }
    | { __typename: 'GridGroupMember' }
    | { __typename: 'HomeVisitRequest' }
    | { __typename: 'OrgPairing' }
    | { __typename: 'PartyMember' }
    | { __typename: 'PartyOrganization' }
    | { __typename: 'Person' }
    | { __typename: 'Reservation' }
    | { __typename: 'RoleAssignment' }
    | { __typename: 'Service', id: string, name: string, description: string, mode: ServiceMode, capacity: number, claimMinutes: number | null, cancelHoursBefore: number, opensDaysAhead: number, point: { id: string, name: string, address: string }, rules: Array<{ kind: RuleKind, description: string }>, availability: Array<{ id: string, startsAt: string, endsAt: string, capacity: number, booked: number, waitlisted: number, free: number }> }
    | { __typename: 'ServicePoint' }
    | { __typename: 'SpecialGroupEntry' }
    | { __typename: 'Unit' }
   | null };

export type ConsolePointBookingsQueryVariables = Exact<{
  point: string | number;
  state?: BookingState | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type ConsolePointBookingsQuery = { bookings: { totalCount: number, pageInfo: { hasPreviousPage: boolean, startCursor: string | null }, nodes: Array<{ id: string, state: BookingState, slotId: string | null, startsAt: string, waitlistPosition: number | null, offerExpiresAt: string | null, bookedAt: string, person: { id: string, name: string, age: number } | null }> } };

export type ConsolePeopleQueryVariables = Exact<{
  nameContains?: string | null | undefined;
  first?: number | null | undefined;
}>;


export type ConsolePeopleQuery = { people: { totalCount: number, nodes: Array<{ id: string, name: string, gender: Gender, age: number, homeArea: { name: string } | null }> } };

export type ConsoleEligibilityQueryVariables = Exact<{
  service: string | number;
  person: string | number;
  on?: string | null | undefined;
}>;


export type ConsoleEligibilityQuery = { node:
    | { __typename: 'Area' }
    | { __typename: 'Booking' }
    | { __typename: 'CommitteeSeat' }
    | { __typename: 'Facility' }
    | { __typename: 'GridGroupMember' }
    | { __typename: 'HomeVisitRequest' }
    | { __typename: 'OrgPairing' }
    | { __typename: 'PartyMember' }
    | { __typename: 'PartyOrganization' }
    | { __typename: 'Person' }
    | { __typename: 'Reservation' }
    | { __typename: 'RoleAssignment' }
    | { __typename: 'Service', id: string, eligibility: { eligible: boolean, failedRules: Array<{ kind: RuleKind, description: string }> } | null }
    | { __typename: 'ServicePoint' }
    | { __typename: 'SpecialGroupEntry' }
    | { __typename: 'Unit' }
   | null };

export type ConsoleBookMutationVariables = Exact<{
  input: BookInput;
}>;


export type ConsoleBookMutation = { book: { booking: { id: string, state: BookingState, waitlistPosition: number | null } | null, userErrors: Array<{ field: Array<string>, code: UserErrorCode, message: string }> } };

export type ConsoleCancelBookingMutationVariables = Exact<{
  id: string | number;
}>;


export type ConsoleCancelBookingMutation = { cancelBooking: { booking: { id: string, state: BookingState } | null, userErrors: Array<{ field: Array<string>, code: UserErrorCode, message: string }> } };

export type ConsoleClaimOfferMutationVariables = Exact<{
  id: string | number;
}>;


export type ConsoleClaimOfferMutation = { claimOffer: { booking: { id: string, state: BookingState } | null, userErrors: Array<{ field: Array<string>, code: UserErrorCode, message: string }> } };

export type ConsolePartnersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ConsolePartnersQuery = { partnerClients: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, clientId: string, name: string, scopes: Array<ApiScope>, purposes: Array<Purpose>, ratePerMinute: number, trustedDocumentsOnly: boolean, createdAt: string, lastUsedAt: string | null, unit: { name: string } | null, area: { name: string } | null }> } };

export type ConsoleAuditLogQueryVariables = Exact<{
  filter: AuditLogFilter;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type ConsoleAuditLogQuery = { auditLog: { totalCount: number, pageInfo: { hasPreviousPage: boolean, startCursor: string | null }, nodes: Array<{ at: string, actor: string, action: string, subjectId: string, detail: string, clientId: string | null, purpose: string | null }> } };

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
export const ConsoleViewerDocument = {"__meta__":{"documentId":"sha256:616a76dc2f04e307354b7b3e9fa91b656981cccc1c94c85c1cd6f37de3616384"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleViewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"roles"}},{"kind":"Field","name":{"kind":"Name","value":"area"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleViewerQuery, ConsoleViewerQueryVariables>;
export const ConsoleRootsDocument = {"__meta__":{"documentId":"sha256:b86ce041f5cf0d9fa11f4b3577b37cee887f7c4aa18b2814cbc9d9f80d388870"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleRoots"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"areas"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"EnumValue","value":"DISTRICT"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleRootsQuery, ConsoleRootsQueryVariables>;
export const ConsoleAreaDocument = {"__meta__":{"documentId":"sha256:80ec6f4aa3543b36e9ff1d22daa3a8aa113c34fc69177dd92025d6d32150f4dd"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleArea"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Area"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"ancestors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}},{"kind":"Field","name":{"kind":"Name","value":"children"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"buildingLeader"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fromOn"}},{"kind":"Field","name":{"kind":"Name","value":"person"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"gridWorkers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fromOn"}},{"kind":"Field","name":{"kind":"Name","value":"person"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleAreaQuery, ConsoleAreaQueryVariables>;
export const ConsoleResidentsDocument = {"__meta__":{"documentId":"sha256:9d97bf44dee15e526b90ab005d3ebef5441bfff7b455310ee145942527c88672"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleResidents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Area"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"residents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"gender"}},{"kind":"Field","name":{"kind":"Name","value":"age"}},{"kind":"Field","name":{"kind":"Name","value":"idCardNumber"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"homeArea"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"roles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"area"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"partyMember"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"partyMembers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"reported"}},{"kind":"Field","name":{"kind":"Name","value":"person"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleResidentsQuery, ConsoleResidentsQueryVariables>;
export const ConsoleRevealPersonDocument = {"__meta__":{"documentId":"sha256:a7377f197ac129b7bd949d92d819c8e1a60af3fc5b746faf8fbda3028ae86928"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleRevealPerson"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Person"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"idCardNumber"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleRevealPersonQuery, ConsoleRevealPersonQueryVariables>;
export const ConsolePointsDocument = {"__meta__":{"documentId":"sha256:014fad45198c036168ea8f8a207a44efb656794e299764d985aa83a421875422"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsolePoints"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"kind"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ServicePointKind"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"within"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"servicePoints"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kind"}}},{"kind":"Argument","name":{"kind":"Name","value":"within"},"value":{"kind":"Variable","name":{"kind":"Name","value":"within"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"area"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"services"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"capacity"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsolePointsQuery, ConsolePointsQueryVariables>;
export const ConsoleCoverageDocument = {"__meta__":{"documentId":"sha256:9a71103797c4313b6587192c84bb6608cbc60dba74c61f77c7e0e542300db365"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleCoverage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"areas"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"EnumValue","value":"COMMUNITY"}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"livingCircle"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"walkingMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"buildings"}},{"kind":"Field","name":{"kind":"Name","value":"kinds"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"coveredBuildings"}},{"kind":"Field","name":{"kind":"Name","value":"share"}},{"kind":"Field","name":{"kind":"Name","value":"uncoveredBuildings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleCoverageQuery, ConsoleCoverageQueryVariables>;
export const ConsoleServiceDocument = {"__meta__":{"documentId":"sha256:6ac3bbe0e63725b5e474a2b8b2c0484cfc9e5cbb47433527fd2142f6f03023cc"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleService"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"from"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Date"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"to"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Date"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Service"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"capacity"}},{"kind":"Field","name":{"kind":"Name","value":"claimMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"cancelHoursBefore"}},{"kind":"Field","name":{"kind":"Name","value":"opensDaysAhead"}},{"kind":"Field","name":{"kind":"Name","value":"point"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"address"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rules"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}},{"kind":"Field","name":{"kind":"Name","value":"availability"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"from"},"value":{"kind":"Variable","name":{"kind":"Name","value":"from"}}},{"kind":"Argument","name":{"kind":"Name","value":"to"},"value":{"kind":"Variable","name":{"kind":"Name","value":"to"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"startsAt"}},{"kind":"Field","name":{"kind":"Name","value":"endsAt"}},{"kind":"Field","name":{"kind":"Name","value":"capacity"}},{"kind":"Field","name":{"kind":"Name","value":"booked"}},{"kind":"Field","name":{"kind":"Name","value":"waitlisted"}},{"kind":"Field","name":{"kind":"Name","value":"free"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleServiceQuery, ConsoleServiceQueryVariables>;
export const ConsolePointBookingsDocument = {"__meta__":{"documentId":"sha256:d2120489d63fb08b26c82ce6ddbe485fa020ce1113d3d2ec2e228f8bf9bdaa3f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsolePointBookings"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"point"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"state"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"BookingState"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bookings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"pointId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"point"}}},{"kind":"Argument","name":{"kind":"Name","value":"state"},"value":{"kind":"Variable","name":{"kind":"Name","value":"state"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"slotId"}},{"kind":"Field","name":{"kind":"Name","value":"startsAt"}},{"kind":"Field","name":{"kind":"Name","value":"waitlistPosition"}},{"kind":"Field","name":{"kind":"Name","value":"offerExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"bookedAt"}},{"kind":"Field","name":{"kind":"Name","value":"person"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"age"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsolePointBookingsQuery, ConsolePointBookingsQueryVariables>;
export const ConsolePeopleDocument = {"__meta__":{"documentId":"sha256:29107f1ae91f6687e636a03285769d8cf2ec420b45411ee70078c60d12ae32e8"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsolePeople"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"nameContains"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"people"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"nameContains"},"value":{"kind":"Variable","name":{"kind":"Name","value":"nameContains"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"gender"}},{"kind":"Field","name":{"kind":"Name","value":"age"}},{"kind":"Field","name":{"kind":"Name","value":"homeArea"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsolePeopleQuery, ConsolePeopleQueryVariables>;
export const ConsoleEligibilityDocument = {"__meta__":{"documentId":"sha256:657d56d29f483083e9c7ab42f5e3e47a1e877355be384022aec57cca0b9d79b3"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleEligibility"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"service"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"person"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"on"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Date"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"service"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Service"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"eligibility"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"personId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"person"}}},{"kind":"Argument","name":{"kind":"Name","value":"on"},"value":{"kind":"Variable","name":{"kind":"Name","value":"on"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"eligible"}},{"kind":"Field","name":{"kind":"Name","value":"failedRules"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleEligibilityQuery, ConsoleEligibilityQueryVariables>;
export const ConsoleBookDocument = {"__meta__":{"documentId":"sha256:feddf52b053dd311f28dbf27532595cb586b53eaf8e36b90c840f3c80f93ab26"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleBook"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"BookInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"book"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"booking"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"waitlistPosition"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleBookMutation, ConsoleBookMutationVariables>;
export const ConsoleCancelBookingDocument = {"__meta__":{"documentId":"sha256:700ee0b7978acfd4f6a4550b4eca83846581bcb315fdde81957d513b0142bc58"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleCancelBooking"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelBooking"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"booking"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleCancelBookingMutation, ConsoleCancelBookingMutationVariables>;
export const ConsoleClaimOfferDocument = {"__meta__":{"documentId":"sha256:a046e263083c740cac13f8d5a5a7abd291b0a46012f1918432146ae56d479990"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleClaimOffer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"claimOffer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"booking"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleClaimOfferMutation, ConsoleClaimOfferMutationVariables>;
export const ConsolePartnersDocument = {"__meta__":{"documentId":"sha256:4b506ef099647e885877044b901a7254e0ac35212a727207d55dc82d511a6cda"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsolePartners"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"partnerClients"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"unit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"area"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"purposes"}},{"kind":"Field","name":{"kind":"Name","value":"ratePerMinute"}},{"kind":"Field","name":{"kind":"Name","value":"trustedDocumentsOnly"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}}]}}]}}]}}]} as unknown as DocumentNode<ConsolePartnersQuery, ConsolePartnersQueryVariables>;
export const ConsoleAuditLogDocument = {"__meta__":{"documentId":"sha256:e6491ad0602347158d1228535d9219943606c282611d794454db5c891c8ef83c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleAuditLog"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AuditLogFilter"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditLog"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"subjectId"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"purpose"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleAuditLogQuery, ConsoleAuditLogQueryVariables>;
export const ServicePointsDocument = {"__meta__":{"documentId":"sha256:95a14758ca0b1e637d696f486effebc587b74776127dac37d69f81eb85f3e267"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ServicePoints"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"kind"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ServicePointKind"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"within"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"servicePoints"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"kind"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kind"}}},{"kind":"Argument","name":{"kind":"Name","value":"within"},"value":{"kind":"Variable","name":{"kind":"Name","value":"within"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"address"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ServicePointsQuery, ServicePointsQueryVariables>;
export const CreateServicePointDocument = {"__meta__":{"documentId":"sha256:4be0318d1e9a9e0f08fc1ff0b642fa9d373fd959f9940304ff2df05c4e7a4015"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateServicePoint"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateServicePointInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createServicePoint"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"point"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"address"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<CreateServicePointMutation, CreateServicePointMutationVariables>;
export const ViewerDocument = {"__meta__":{"documentId":"sha256:55abfcab939e0c3618d9bb3937020831e105770cff56c42602d1e485fea19648"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"roles"}},{"kind":"Field","name":{"kind":"Name","value":"area"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<ViewerQuery, ViewerQueryVariables>;
export const AuditLogCountDocument = {"__meta__":{"documentId":"sha256:81ae8948067c09238fcdf19d2478aab793382553567ca3b524b1808b964baa2e"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditLogCount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditLog"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}}]} as unknown as DocumentNode<AuditLogCountQuery, AuditLogCountQueryVariables>;