-- Name search among party members reads the members' grams only.
--
-- `person_name_gram.is_member` says whether the person is a party member,
-- kept by triggers on `party_member` in the transaction of the member's
-- insert, and by the name trigger when a member is renamed. A partial index
-- holds the members' grams: a search for a surname among 30,000 members
-- reads the members who bear it, not every resident who does.

alter table person_name_gram add column is_member integer not null default 0;

update person_name_gram set is_member = 1
where exists (select 1 from party_member m where m.person_id = person_name_gram.person_id);

create index person_name_gram_member_idx on person_name_gram (gram, person_id) where is_member;

drop trigger person_name_gram_rename;

create trigger person_name_gram_rename after update of name on person
when new.name <> old.name
begin
    delete from person_name_gram where person_id = old.id;
    insert or ignore into person_name_gram (gram, person_id, is_member)
    select substr(new.name, k.i, w.w), new.id,
        exists (select 1 from party_member m where m.person_id = new.id)
    from (with recursive n(i) as (select 1 union all select i + 1 from n where i < length(new.name))
          select i from n) k
    join (select 1 as w union all select 2 union all select 3) w on k.i + w.w - 1 <= length(new.name);
end;

create trigger party_member_name_gram_insert after insert on party_member
begin
    update person_name_gram set is_member = 1 where person_id = new.person_id;
end;

create trigger party_member_name_gram_delete after delete on party_member
begin
    update person_name_gram set is_member = 0 where person_id = old.person_id;
end;

create trigger party_member_name_gram_move after update of person_id on party_member
when new.person_id <> old.person_id
begin
    update person_name_gram set is_member = 0 where person_id = old.person_id;
    update person_name_gram set is_member = 1 where person_id = new.person_id;
end;
