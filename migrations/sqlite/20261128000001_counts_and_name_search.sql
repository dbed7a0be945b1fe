-- Counts and name search that do not grow with the data.
-- The PostgreSQL file of the same version creates the same tables, kept by
-- the same rules in PL/pgSQL.
--
-- `person_tally`: how many people live at each home path, kept by triggers
-- in the transaction of every insert, move and delete of a person. The count
-- of the people in an area is the sum of its paths' rows (one per building
-- or village), however many people live there.
--
-- `person_name_gram`: every substring of one, two and three characters of
-- each person's name, kept by triggers in the transaction that writes the
-- name. Names are Chinese, two to four characters, and searched by one or
-- two (a surname): a trigram index cannot serve those, this table serves
-- every length. A term is looked up by its first three characters (or all,
-- when shorter) and LIKE decides on the rows found, so the answer is
-- LIKE's exactly.

create table person_tally (
    area_path text primary key,
    residents integer not null
) without rowid;

insert into person_tally (area_path, residents)
select area_path, count(*) from person group by area_path;

create trigger person_tally_insert after insert on person
begin
    insert into person_tally (area_path, residents) values (new.area_path, 1)
    on conflict (area_path) do update set residents = residents + 1;
end;

create trigger person_tally_delete after delete on person
begin
    update person_tally set residents = residents - 1 where area_path = old.area_path;
end;

create trigger person_tally_move after update of area_path on person
when new.area_path <> old.area_path
begin
    update person_tally set residents = residents - 1 where area_path = old.area_path;
    insert into person_tally (area_path, residents) values (new.area_path, 1)
    on conflict (area_path) do update set residents = residents + 1;
end;

create table person_name_gram (
    gram text not null,
    person_id blob not null,
    primary key (gram, person_id)
) without rowid;
create index person_name_gram_person_idx on person_name_gram (person_id);

insert or ignore into person_name_gram (gram, person_id)
with recursive k(i) as (
    select 1 union all select i + 1 from k where i < (select max(length(name)) from person)
)
select substr(p.name, k.i, w.w), p.id
from person p
join k on k.i <= length(p.name)
join (select 1 as w union all select 2 union all select 3) w on k.i + w.w - 1 <= length(p.name);

create trigger person_name_gram_insert after insert on person
begin
    insert or ignore into person_name_gram (gram, person_id)
    select substr(new.name, k.i, w.w), new.id
    from (with recursive n(i) as (select 1 union all select i + 1 from n where i < length(new.name))
          select i from n) k
    join (select 1 as w union all select 2 union all select 3) w on k.i + w.w - 1 <= length(new.name);
end;

create trigger person_name_gram_rename after update of name on person
when new.name <> old.name
begin
    delete from person_name_gram where person_id = old.id;
    insert or ignore into person_name_gram (gram, person_id)
    select substr(new.name, k.i, w.w), new.id
    from (with recursive n(i) as (select 1 union all select i + 1 from n where i < length(new.name))
          select i from n) k
    join (select 1 as w union all select 2 union all select 3) w on k.i + w.w - 1 <= length(new.name);
end;

create trigger person_name_gram_delete after delete on person
begin
    delete from person_name_gram where person_id = old.id;
end;
