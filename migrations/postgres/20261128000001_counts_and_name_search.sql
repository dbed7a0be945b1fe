-- Counts and name search that do not grow with the data.
-- The SQLite file of the same version creates the same tables, kept by the
-- same rules in SQLite triggers.
--
-- `person_tally`: how many people live at each home path, kept by a trigger
-- in the transaction of every insert, move and delete of a person. The count
-- of the people in an area is the sum of its paths' rows (one per building
-- or village), however many people live there.
--
-- `person_name_gram`: every substring of one, two and three characters of
-- each person's name, kept by a trigger in the transaction that writes the
-- name. Names are Chinese, two to four characters, and searched by one or
-- two (a surname): a trigram index (pg_trgm) cannot serve those, this table
-- serves every length. A term is looked up by its first three characters
-- (or all, when shorter) and LIKE decides on the rows found, so the answer
-- is LIKE's exactly.

create table person_tally (
    area_path text collate "C" primary key,
    residents bigint not null
);

insert into person_tally (area_path, residents)
select area_path, count(*) from person group by area_path;

create function person_tally_change() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and new.area_path = old.area_path then
        return null;
    end if;
    if tg_op in ('DELETE', 'UPDATE') then
        update person_tally set residents = residents - 1 where area_path = old.area_path;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        insert into person_tally (area_path, residents) values (new.area_path, 1)
        on conflict (area_path) do update set residents = person_tally.residents + 1;
    end if;
    return null;
end;
$$;

create trigger person_tally_change after insert or delete or update of area_path on person
for each row execute function person_tally_change();

create table person_name_gram (
    gram text not null,
    person_id uuid not null
);
alter table person_name_gram add primary key (gram, person_id);
create index person_name_gram_person_idx on person_name_gram (person_id);

insert into person_name_gram (gram, person_id)
select distinct substr(p.name, i, w), p.id
from person p, generate_series(1, length(p.name)) i, generate_series(1, 3) w
where i + w - 1 <= length(p.name);

create function person_name_grams() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and new.name = old.name then
        return null;
    end if;
    if tg_op in ('DELETE', 'UPDATE') then
        delete from person_name_gram where person_id = old.id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        insert into person_name_gram (gram, person_id)
        select distinct substr(new.name, i, w), new.id
        from generate_series(1, length(new.name)) i, generate_series(1, 3) w
        where i + w - 1 <= length(new.name)
        on conflict do nothing;
    end if;
    return null;
end;
$$;

create trigger person_name_grams after insert or delete or update of name on person
for each row execute function person_name_grams();
