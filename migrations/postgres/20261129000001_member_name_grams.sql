-- Name search among party members reads the members' grams only.
-- The SQLite file of the same version does the same with SQLite triggers.
--
-- `person_name_gram.is_member` says whether the person is a party member,
-- kept by a trigger on `party_member` in the transaction of the member's
-- insert, and by the name trigger when a member is renamed. A partial index
-- holds the members' grams: a search for a surname among 30,000 members
-- reads the members who bear it, not every resident who does.

alter table person_name_gram add column is_member boolean not null default false;

update person_name_gram n set is_member = true
where exists (select 1 from party_member m where m.person_id = n.person_id);

create index person_name_gram_member_idx on person_name_gram (gram, person_id) where is_member;

create or replace function person_name_grams() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and new.name = old.name then
        return null;
    end if;
    if tg_op in ('DELETE', 'UPDATE') then
        delete from person_name_gram where person_id = old.id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        insert into person_name_gram (gram, person_id, is_member)
        select distinct substr(new.name, i, w), new.id,
            exists (select 1 from party_member m where m.person_id = new.id)
        from generate_series(1, length(new.name)) i, generate_series(1, 3) w
        where i + w - 1 <= length(new.name)
        on conflict do nothing;
    end if;
    return null;
end;
$$;

create function party_member_name_grams() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and new.person_id = old.person_id then
        return null;
    end if;
    if tg_op in ('DELETE', 'UPDATE') then
        update person_name_gram set is_member = false where person_id = old.person_id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        update person_name_gram set is_member = true where person_id = new.person_id;
    end if;
    return null;
end;
$$;

create trigger party_member_name_grams after insert or delete or update of person_id on party_member
for each row execute function party_member_name_grams();
