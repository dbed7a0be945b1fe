-- Home-visit requests (上门服务): a resident asks for a HOME_VISIT service
-- at home, at a preferred time; the request goes to the grid the person
-- lives in, whose grid worker (or an admin above) assigns a grid worker or
-- a volunteer, who visits and records the visit; then it is closed. It can
-- be cancelled until it is visited. Every change of state is a row of the
-- shared timeline (`state_change`), written in the transaction of the change.
--
-- `person_path` is the person's home path, copied for scoping (the admins
-- of the home see the request); `grid_path` is the path of the grid it went
-- to (the open requests of a grid); `assignee_id` who visits (the requests
-- of a worker).
-- The PostgreSQL file of the same version creates the same table and columns.

create table home_visit_request (
    id blob primary key,
    person_id blob not null references person (id),
    service_id blob not null references service (id),
    person_path text not null,
    grid_id blob not null references area (id),
    grid_path text not null,
    preferred_at text not null,
    note text,
    state text not null,
    assignee_id blob references person (id),
    visited_at text,
    visit_notes text,
    requested_by text not null,
    created_at text not null,
    updated_at text not null
) without rowid;
-- Open requests per grid, by state.
create index home_visit_grid_idx on home_visit_request (grid_path, state, id);
-- A worker's requests, by state.
create index home_visit_assignee_idx on home_visit_request (assignee_id, state, id);
-- A person's own requests.
create index home_visit_person_idx on home_visit_request (person_id, id);
-- Scoped lists: the requests of the people living in an area.
create index home_visit_path_idx on home_visit_request (person_path, id);
