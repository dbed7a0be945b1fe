-- State timelines: one append-only row per change of state of a booking, a
-- reservation or a home-visit request (the subject), with the time and who
-- made it. Rows are never updated or deleted.
-- The PostgreSQL file of the same version creates the same table and columns.

create table state_change (
    id blob primary key,
    subject_id blob not null,
    state text not null,
    at text not null,
    actor_subject text not null,
    actor_person_id blob,
    note text
) without rowid;
create index state_change_subject_idx on state_change (subject_id, id);
