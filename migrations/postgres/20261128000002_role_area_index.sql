-- The running assignment of a role in an area (a building's leader, a grid's
-- workers) is found by area and role together. With only (area_id, id) and
-- (role, area_path, id), SQLite's planner, which has no statistics, took the
-- role index and read every building leader of the district for each
-- building of a page.
create index role_assignment_area_role_idx on role_assignment (area_id, role, id);
