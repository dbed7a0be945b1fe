-- Foundation: areas, units, party organizations, people, party members, roles.
-- The SQLite file of the same version creates the same tables and columns.
-- `path` columns hold the position in a tree as '/seg/seg/'; collate "C" keeps
-- byte order so a prefix range scan ('/a/' <= path < '/a0') uses the index.

create table area (
    id uuid primary key,
    kind text not null,
    name text not null,
    code text not null,
    parent_id uuid references area (id),
    path text collate "C" not null unique,
    depth integer not null,
    created_at timestamptz not null
);
create index area_parent_idx on area (parent_id, id);
create index area_kind_idx on area (kind, id);

create table unit (
    id uuid primary key,
    kind text not null,
    name text not null,
    area_id uuid not null references area (id),
    area_path text collate "C" not null,
    created_at timestamptz not null
);
create index unit_area_idx on unit (area_path, id);

create table person (
    id uuid primary key,
    name text not null,
    gender text not null,
    birth_date date not null,
    id_card_cipher bytea not null,
    id_card_hash bytea not null unique,
    id_card_masked text not null,
    phone_cipher bytea,
    phone_hash bytea,
    phone_masked text,
    home_area_id uuid not null references area (id),
    area_path text collate "C" not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create index person_area_idx on person (area_path, id);
create index person_home_idx on person (home_area_id, id);
create index person_phone_idx on person (phone_hash);
create index person_birth_idx on person (birth_date);

create table party_org (
    id uuid primary key,
    kind text not null,
    name text not null,
    parent_id uuid references party_org (id),
    path text collate "C" not null unique,
    area_id uuid references area (id),
    unit_id uuid references unit (id),
    area_path text collate "C" not null,
    secretary_id uuid references person (id),
    created_at timestamptz not null
);
create index party_org_parent_idx on party_org (parent_id, id);
create index party_org_area_idx on party_org (area_id);

create table committee_seat (
    id uuid primary key,
    committee_id uuid not null references party_org (id),
    person_id uuid not null references person (id),
    unit_id uuid references unit (id),
    position text not null,
    term_from date not null,
    term_to date,
    area_path text collate "C" not null,
    created_at timestamptz not null
);
create index committee_seat_committee_idx on committee_seat (committee_id, id);
create unique index committee_seat_active_uq on committee_seat (committee_id, person_id) where term_to is null;

create table org_pairing (
    id uuid primary key,
    org_id uuid not null references party_org (id),
    community_id uuid not null references area (id),
    since date not null,
    until date,
    created_at timestamptz not null
);
create index org_pairing_org_idx on org_pairing (org_id, id);
create index org_pairing_community_idx on org_pairing (community_id, id);
create unique index org_pairing_active_uq on org_pairing (org_id, community_id) where until is null;

create table party_member (
    id uuid primary key,
    person_id uuid not null unique references person (id),
    org_id uuid not null references party_org (id),
    org_path text collate "C" not null,
    org_area_path text collate "C" not null,
    area_path text collate "C" not null,
    status text not null,
    category text not null,
    joined_on date not null,
    reported_community_id uuid references area (id),
    reported_on date,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create index party_member_org_idx on party_member (org_path, id);
create index party_member_area_idx on party_member (area_path, id);
create index party_member_org_area_idx on party_member (org_area_path, id);
create index party_member_reported_idx on party_member (reported_community_id, id);

-- Every organization a member has belonged to, oldest first; the open period is the current one.
create table member_org_period (
    id uuid primary key,
    member_id uuid not null references party_member (id),
    org_id uuid not null references party_org (id),
    from_on date not null,
    to_on date,
    reason text,
    created_at timestamptz not null
);
create index member_org_period_member_idx on member_org_period (member_id, id);

create table special_group_entry (
    id uuid primary key,
    person_id uuid not null references person (id),
    group_kind text not null,
    registered_on date not null,
    ended_on date,
    note text,
    area_path text collate "C" not null,
    created_at timestamptz not null
);
create index special_group_person_idx on special_group_entry (person_id, id);
create index special_group_kind_idx on special_group_entry (group_kind, area_path);
create unique index special_group_active_uq on special_group_entry (person_id, group_kind) where ended_on is null;

-- Building leaders (楼栋长) of buildings and grid workers (网格员) of grids.
create table role_assignment (
    id uuid primary key,
    role text not null,
    person_id uuid not null references person (id),
    area_id uuid not null references area (id),
    area_path text collate "C" not null,
    from_on date not null,
    to_on date,
    created_at timestamptz not null
);
create index role_assignment_area_idx on role_assignment (area_id, id);
create index role_assignment_person_idx on role_assignment (person_id, id);
create index role_assignment_role_idx on role_assignment (role, area_path, id);
create unique index role_assignment_active_uq on role_assignment (role, area_id, person_id) where to_on is null;
create unique index building_leader_one_uq on role_assignment (area_id) where role = 'BUILDING_LEADER' and to_on is null;

-- Members of each grid's governance group (网格治理微信群).
create table grid_group_member (
    id uuid primary key,
    grid_id uuid not null references area (id),
    person_id uuid not null references person (id),
    role text not null,
    unit_id uuid references unit (id),
    area_path text collate "C" not null,
    from_on date not null,
    to_on date,
    created_at timestamptz not null
);
create index grid_group_member_grid_idx on grid_group_member (grid_id, id);
create unique index grid_group_member_active_uq on grid_group_member (grid_id, person_id, role) where to_on is null;

-- Every read of whole personal data (ID-card number, phone).
create table audit_log (
    id uuid primary key,
    at timestamptz not null,
    actor text not null,
    action text not null,
    target_id uuid not null,
    detail text not null
);
create index audit_log_target_idx on audit_log (target_id, id);
