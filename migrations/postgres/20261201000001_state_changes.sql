-- State timelines: one append-only row per change of state of a booking, a
-- reservation or a home-visit request (the subject), with the time and who
-- made it. Rows are never updated or deleted.
-- The SQLite file of the same version creates the same table and columns.

create table state_change (
    id uuid primary key,
    subject_id uuid not null,
    state text not null,
    at timestamptz not null,
    actor_subject text not null,
    actor_person_id uuid,
    note text
);
create index state_change_subject_idx on state_change (subject_id, id);
