-- Subjects of the district's identity providers linked to the person they
-- are: a token of (issuer, subject) is that person's. A link is written the
-- first time a provider's token proves the person by the keyed hash of
-- their ID-card number, so a plain ID number never travels in a claim.
create table identity_link (
    issuer text not null,
    subject text not null,
    person_id uuid not null references person (id),
    created_at timestamptz not null
);
alter table identity_link add primary key (issuer, subject);
create index identity_link_person_idx on identity_link (person_id);
