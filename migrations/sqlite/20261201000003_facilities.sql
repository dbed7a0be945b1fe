-- Rooms and facilities (文体活动室: 乒乓球室, 舞蹈室, 会议室...) at service
-- points, and their reservations. A reservation holds its time while it is
-- REQUESTED or APPROVED; the occurrences of one weekly recurrence share a
-- `series_id`. Every change of a reservation's state is a row of
-- `state_change` (the shared timeline), written in the same transaction.
-- `facility.version` is bumped by every reservation write as its first
-- statement: the row lock that keeps two reservations of one facility from
-- overlapping under concurrency.
-- The PostgreSQL file of the same version creates the same tables and columns.

create table facility (
    id blob primary key,
    point_id blob not null references service_point (id),
    area_path text not null,
    name text not null,
    kind text not null,
    capacity integer,
    requires_approval integer not null,
    version integer not null default 0,
    created_at text not null,
    updated_at text not null
) without rowid;
create index facility_point_idx on facility (point_id, id);

create table reservation (
    id blob primary key,
    facility_id blob not null references facility (id),
    series_id blob not null,
    person_id blob not null references person (id),
    area_path text not null,
    starts_at text not null,
    ends_at text not null,
    purpose text not null,
    state text not null,
    reserved_by text not null,
    created_at text not null,
    updated_at text not null
) without rowid;
-- The held time of a facility: a range of starts.
create index reservation_facility_idx on reservation (facility_id, starts_at);
create index reservation_series_idx on reservation (series_id, starts_at);
create index reservation_person_idx on reservation (person_id, id);
