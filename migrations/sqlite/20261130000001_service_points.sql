-- Service points and the 15-minute living circle (15分钟生活圈): the points
-- (党群服务中心, 养老服务中心...), the areas each serves, weekly opening
-- periods with their mode (office hours, 错时, 延时), closures on given
-- dates, the national holiday calendar (法定节假日 and 调休 make-up working
-- days), and coordinates (WGS-84) of areas: buildings have them, so walking
-- distances can be reckoned from where people live.
-- The PostgreSQL file of the same version creates the same tables and columns;
-- here coordinates are `real` (an 8-byte float, as double precision there).

alter table area add column latitude real;
alter table area add column longitude real;

create table service_point (
    id blob primary key,
    name text not null,
    kind text not null,
    area_id blob not null references area (id),
    area_path text not null,
    address text not null,
    latitude real not null,
    longitude real not null,
    phone text,
    created_at text not null,
    updated_at text not null
) without rowid;
-- Scope and `within`: a range of paths, in id order.
create index service_point_area_idx on service_point (area_path, id);
create index service_point_kind_idx on service_point (kind, id);
-- The bounding box of a walking radius: a range of latitudes.
create index service_point_latitude_idx on service_point (latitude, longitude);

-- The areas a point serves (its own area and often its neighbours).
create table service_point_area (
    point_id blob not null references service_point (id),
    area_id blob not null references area (id),
    area_path text not null
);
create unique index service_point_area_key on service_point_area (point_id, area_id);
create index service_point_area_path_idx on service_point_area (area_path, point_id);

-- A weekly opening period: ISO weekday (1 Monday .. 7 Sunday) and local
-- Asia/Shanghai times as 'HH:MM', which sort as the times do.
create table opening_period (
    id blob primary key,
    point_id blob not null references service_point (id),
    weekday integer not null,
    starts text not null,
    ends text not null,
    mode text not null
) without rowid;
create index opening_period_point_idx on opening_period (point_id, weekday, starts);

-- A date on which a point is closed.
create table point_closure (
    point_id blob not null references service_point (id),
    on_date text not null,
    reason text,
    created_at text not null
);
create unique index point_closure_key on point_closure (point_id, on_date);

-- 法定节假日 (HOLIDAY) and 调休 make-up working days (WORKDAY): national,
-- kept by the district's admins.
create table calendar_day (
    day text primary key,
    kind text not null,
    name text not null,
    updated_at text not null
) without rowid;
