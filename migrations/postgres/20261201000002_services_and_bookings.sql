-- Services at points, their staff, and the booking engine.
--
-- `service`: what a point offers (a free health check, a consultation, a
-- home visit), its slot length and places, booking window, waitlist offers
-- and eligibility rules, kept as data and shown to callers.
-- `service_staff`: who staffs a point (SERVICE_STAFF): they check people
-- in and complete bookings there.
-- `bookable`: anything with a start, an end and a number of places (a
-- service's slot today; a lecture or an activity later), made on its first
-- booking. Its counters are the truth of capacity: every booking write
-- starts by updating this row, which takes its lock (PostgreSQL) or runs
-- under the one writer (SQLite), so arrivals are served in order and no
-- place is given twice.
-- `booking`: one person's place or place in line, with its arrival number.
-- The SQLite file of the same version creates the same tables and columns.

create table service (
    id uuid primary key,
    point_id uuid not null references service_point (id),
    area_path text collate "C" not null,
    name text not null,
    description text not null,
    mode text not null,
    duration_minutes integer not null,
    capacity integer not null,
    opens_days_ahead integer not null,
    cancel_hours_before integer not null,
    claim_minutes integer,
    min_age integer,
    max_age integer,
    special_groups text not null,
    residents_only boolean not null,
    party_members_only boolean not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create index service_point_idx on service (point_id, id);
create index service_area_idx on service (area_path, id);

create table service_staff (
    id uuid primary key,
    point_id uuid not null references service_point (id),
    person_id uuid not null references person (id),
    from_on date not null,
    to_on date,
    created_at timestamptz not null
);
create index service_staff_person_idx on service_staff (person_id, point_id);
create index service_staff_point_idx on service_staff (point_id, id);

create table bookable (
    id uuid primary key,
    kind text not null,
    owner_id uuid not null,
    place_id uuid,
    area_path text collate "C" not null,
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    capacity integer not null,
    claim_minutes integer,
    held integer not null,
    waiting integer not null,
    arrivals integer not null,
    created_at timestamptz not null
);
create unique index bookable_owner_start_uq on bookable (owner_id, starts_at);
-- Lines left when their bookable began: the background sweep's index.
create index bookable_waiting_idx on bookable (starts_at) where waiting > 0;

create table booking (
    id uuid primary key,
    bookable_id uuid not null references bookable (id),
    person_id uuid not null references person (id),
    person_path text collate "C" not null,
    area_path text collate "C" not null,
    state text not null,
    seq integer not null,
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    offer_expires_at timestamptz,
    requested_by text not null,
    idempotency_key text,
    outcome text,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create unique index booking_arrival_uq on booking (bookable_id, seq);
-- One live booking per person and bookable.
create unique index booking_person_live_uq on booking (bookable_id, person_id)
    where state in ('CONFIRMED', 'WAITLISTED', 'OFFERED', 'CHECKED_IN');
-- A retry with the same key from the same caller finds the first booking.
create unique index booking_idempotency_uq on booking (requested_by, idempotency_key)
    where idempotency_key is not null;
-- The line: a bookable's bookings by state, in arrival order.
create index booking_line_idx on booking (bookable_id, state, seq);
-- A person's bookings by start: their list and the overlap check.
create index booking_person_idx on booking (person_id, starts_at);
-- Scoped lists: the bookings of people living in an area, and those at
-- the points of an area (the bookable's `area_path`).
create index booking_path_idx on booking (person_path, id);
create index booking_area_idx on booking (area_path, starts_at);
-- Offers that run out: the background sweep's index.
create index booking_offer_idx on booking (offer_expires_at) where state = 'OFFERED';
