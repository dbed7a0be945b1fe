-- Who serves where: a person serving in an area (grid worker, building
-- leader, governance-group member, member of a party organization, committee
-- member, and whoever later domains appoint), from a day until a day. The
-- admins of the area and of the areas above it see the person while the
-- service runs (until `to_on`, inclusive), wherever the person lives. Each
-- domain writes a row in the transaction that appoints someone; `source_id`
-- is the record that did (ending it ends the row). Person visibility reads
-- only this table and the residents' home paths.
-- The PostgreSQL file of the same version creates the same table.

create table serving (
    id blob primary key,
    person_id blob not null references person (id),
    kind text not null,
    source_id blob not null,
    area_path text not null,
    from_on text not null,
    to_on text,
    created_at text not null
) without rowid;
create index serving_person_idx on serving (person_id, area_path);
create index serving_source_idx on serving (source_id);

-- Today's appointments, each under its own record's id.
insert into serving (id, person_id, kind, source_id, area_path, from_on, to_on, created_at)
select id, person_id, role, id, area_path, from_on, to_on, created_at from role_assignment;
insert into serving (id, person_id, kind, source_id, area_path, from_on, to_on, created_at)
select id, person_id, 'GRID_GROUP_MEMBER', id, area_path, from_on, to_on, created_at from grid_group_member;
insert into serving (id, person_id, kind, source_id, area_path, from_on, to_on, created_at)
select id, person_id, 'COMMITTEE_SEAT', id, area_path, term_from, term_to, created_at from committee_seat;
insert into serving (id, person_id, kind, source_id, area_path, from_on, to_on, created_at)
select id, person_id, 'PARTY_MEMBER', id, org_area_path, joined_on, null, created_at from party_member;
