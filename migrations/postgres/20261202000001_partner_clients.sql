-- Partner clients: the systems of partner units (clinics, police, property
-- companies, paired institutions) that call Gongzhi with OAuth2 client
-- credentials. A client acts in one area, with scopes (what it may read or
-- write, per domain), purposes (which personal data it sees whole) and a
-- rate limit. Its secrets are argon2 hashes (PHC strings); a rotated secret
-- keeps working until `expires_at`.
-- Whole reads of personal data now also name the client and the purpose.
-- The SQLite file of the same version creates the same tables and columns.

create table partner_client (
    id uuid primary key,
    name text not null,
    unit_id uuid references unit (id),
    area_id uuid not null references area (id),
    area_path text collate "C" not null,
    scopes text not null,
    purposes text not null,
    rate_per_minute integer not null,
    created_by text not null,
    created_at timestamptz not null,
    last_used_at timestamptz
);
create index partner_client_area_idx on partner_client (area_path, id);

create table partner_secret (
    id uuid primary key,
    client_id uuid not null references partner_client (id),
    hash text not null,
    created_at timestamptz not null,
    expires_at timestamptz
);
create index partner_secret_client_idx on partner_secret (client_id, id);

alter table audit_log add column client_id uuid;
alter table audit_log add column purpose text;
create index audit_log_actor_idx on audit_log (actor, id);
create index audit_log_client_idx on audit_log (client_id, id);
