-- Foundation: areas, units, party organizations, people, party members, roles.
-- The SQLite file of the same version creates the same tables and columns.
-- `path` columns hold the position in a tree as '/seg/seg/'; a prefix range
-- scan ('/a/' <= path < '/a0') uses the index (SQLite compares text bytewise).
-- Tables are WITHOUT ROWID: their key is a uuid, so a lookup by id is one
-- b-tree search instead of an index search plus a rowid search.

create table area (
    id blob primary key,
    kind text not null,
    name text not null,
    code text not null,
    parent_id blob references area (id),
    path text not null unique,
    depth integer not null,
    created_at text not null
) without rowid;
create index area_parent_idx on area (parent_id, id);
create index area_kind_idx on area (kind, id);

create table unit (
    id blob primary key,
    kind text not null,
    name text not null,
    area_id blob not null references area (id),
    area_path text not null,
    created_at text not null
) without rowid;
create index unit_area_idx on unit (area_path, id);

create table person (
    id blob primary key,
    name text not null,
    gender text not null,
    birth_date text not null,
    id_card_cipher blob not null,
    id_card_hash blob not null unique,
    id_card_masked text not null,
    phone_cipher blob,
    phone_hash blob,
    phone_masked text,
    home_area_id blob not null references area (id),
    area_path text not null,
    created_at text not null,
    updated_at text not null
) without rowid;
create index person_area_idx on person (area_path, id);
create index person_home_idx on person (home_area_id, id);
create index person_phone_idx on person (phone_hash);
create index person_birth_idx on person (birth_date);

create table party_org (
    id blob primary key,
    kind text not null,
    name text not null,
    parent_id blob references party_org (id),
    path text not null unique,
    area_id blob references area (id),
    unit_id blob references unit (id),
    area_path text not null,
    secretary_id blob references person (id),
    created_at text not null
) without rowid;
create index party_org_parent_idx on party_org (parent_id, id);
create index party_org_area_idx on party_org (area_id);

create table committee_seat (
    id blob primary key,
    committee_id blob not null references party_org (id),
    person_id blob not null references person (id),
    unit_id blob references unit (id),
    position text not null,
    term_from text not null,
    term_to text,
    area_path text not null,
    created_at text not null
) without rowid;
create index committee_seat_committee_idx on committee_seat (committee_id, id);
create unique index committee_seat_active_uq on committee_seat (committee_id, person_id) where term_to is null;

create table org_pairing (
    id blob primary key,
    org_id blob not null references party_org (id),
    community_id blob not null references area (id),
    since text not null,
    until text,
    created_at text not null
) without rowid;
create index org_pairing_org_idx on org_pairing (org_id, id);
create index org_pairing_community_idx on org_pairing (community_id, id);
create unique index org_pairing_active_uq on org_pairing (org_id, community_id) where until is null;

create table party_member (
    id blob primary key,
    person_id blob not null unique references person (id),
    org_id blob not null references party_org (id),
    org_path text not null,
    org_area_path text not null,
    area_path text not null,
    status text not null,
    category text not null,
    joined_on text not null,
    reported_community_id blob references area (id),
    reported_on text,
    created_at text not null,
    updated_at text not null
) without rowid;
create index party_member_org_idx on party_member (org_path, id);
create index party_member_area_idx on party_member (area_path, id);
create index party_member_org_area_idx on party_member (org_area_path, id);
create index party_member_reported_idx on party_member (reported_community_id, id);

-- Every organization a member has belonged to, oldest first; the open period is the current one.
create table member_org_period (
    id blob primary key,
    member_id blob not null references party_member (id),
    org_id blob not null references party_org (id),
    from_on text not null,
    to_on text,
    reason text,
    created_at text not null
) without rowid;
create index member_org_period_member_idx on member_org_period (member_id, id);

create table special_group_entry (
    id blob primary key,
    person_id blob not null references person (id),
    group_kind text not null,
    registered_on text not null,
    ended_on text,
    note text,
    area_path text not null,
    created_at text not null
) without rowid;
create index special_group_person_idx on special_group_entry (person_id, id);
create index special_group_kind_idx on special_group_entry (group_kind, area_path);
create unique index special_group_active_uq on special_group_entry (person_id, group_kind) where ended_on is null;

-- Building leaders (楼栋长) of buildings and grid workers (网格员) of grids.
create table role_assignment (
    id blob primary key,
    role text not null,
    person_id blob not null references person (id),
    area_id blob not null references area (id),
    area_path text not null,
    from_on text not null,
    to_on text,
    created_at text not null
) without rowid;
create index role_assignment_area_idx on role_assignment (area_id, id);
create index role_assignment_person_idx on role_assignment (person_id, id);
create index role_assignment_role_idx on role_assignment (role, area_path, id);
create unique index role_assignment_active_uq on role_assignment (role, area_id, person_id) where to_on is null;
create unique index building_leader_one_uq on role_assignment (area_id) where role = 'BUILDING_LEADER' and to_on is null;

-- Members of each grid's governance group (网格治理微信群).
create table grid_group_member (
    id blob primary key,
    grid_id blob not null references area (id),
    person_id blob not null references person (id),
    role text not null,
    unit_id blob references unit (id),
    area_path text not null,
    from_on text not null,
    to_on text,
    created_at text not null
) without rowid;
create index grid_group_member_grid_idx on grid_group_member (grid_id, id);
create unique index grid_group_member_active_uq on grid_group_member (grid_id, person_id, role) where to_on is null;

-- Every read of whole personal data (ID-card number, phone).
create table audit_log (
    id blob primary key,
    at text not null,
    actor text not null,
    action text not null,
    target_id blob not null,
    detail text not null
) without rowid;
create index audit_log_target_idx on audit_log (target_id, id);
