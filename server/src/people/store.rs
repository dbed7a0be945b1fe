//! SQL of people. Every read takes the caller's `Scope`.

use uuid::Uuid;

use super::model::*;
use crate::auth::Purpose;
use crate::db::audit;
use crate::db::joined::JoinSql;
use crate::db::{Conn, Date, Page, Scope, SearchTerm, Timestamp, new_id};
use crate::error::Result;
use crate::ids::{AreaId, GridGroupMemberId, PersonId, RoleAssignmentId, SpecialGroupEntryId, UnitId};
use crate::{
    push_enum, push_name_contains, push_order, push_page, push_running, push_scope, push_subtree,
    push_union_per_path, select_counts, select_in, select_scoped_count, select_scoped_page, select_windowed,
};

macro_rules! person_columns {
    () => {
        "p.id, p.name, p.gender, p.birth_date, p.id_card_cipher, p.id_card_masked, p.phone_cipher, \
         p.phone_masked, p.home_area_id, p.area_path"
    };
}
const PERSON_COLUMNS: &str = person_columns!();
const SELECT_PERSONS: &str = concat!("select ", person_columns!(), " from person p where true");

/// `and (<p lives in the scope> or <p is the caller> or <p serves in the scope>)`:
/// besides the residents of an area, its admins see the people who serve in
/// it, wherever they live, while their service runs: grid workers, building
/// leaders, members of its party organizations, governance-group and
/// committee members, and whoever later domains appoint. They are all rows
/// of one table, `serving`, which each domain writes in the transaction that
/// appoints someone (see [`start_serving`]).
macro_rules! push_person_scope {
    ($qb:expr, $scope:expr) => {{
        let scope: &Scope = $scope;
        let (lo, hi) = (scope.lo().to_owned(), scope.hi().to_owned());
        $qb.push(" and ((p.area_path >= ")
            .push_bind(lo.clone())
            .push(" and p.area_path < ")
            .push_bind(hi.clone());
        $qb.push(") or p.id = ").push_bind(scope.person());
        $qb.push(" or exists (select 1 from serving s where s.person_id = p.id and s.area_path >= ");
        $qb.push_bind(lo).push(" and s.area_path < ").push_bind(hi);
        push_running!($qb, "s.to_on", Date::today());
        $qb.push("))");
    }};
}

crate::at_row!(Person {
    id, name, gender: via String, birth_date, id_card_cipher, id_card_masked, phone_cipher, phone_masked,
    home_area_id, area_path,
});

/// The join `p.id = <parent>.person_id and <p in scope>` (see
/// [`JoinSql::left_join`]): the
/// person of a row carried by a list statement (`db/joined.rs`), seen as
/// [`persons_by_ids`] sees them.
pub fn join_person_of(parent: &str, scope: &Scope, sql: &mut JoinSql) {
    sql.left_join("person", "p").push("p.id = ").push(parent).push(".person_id");
    push_person_scope!(sql, scope);
}

/// People by id, as the caller may see them (see `push_person_scope!`).
pub async fn persons_by_ids(conn: &mut Conn, scope: &Scope, ids: &[PersonId]) -> Result<Vec<Person>> {
    select_in!(conn, Person, SELECT_PERSONS, "p.id", ids, |qb| { push_person_scope!(qb, scope) })
}

/// One person, as the caller may see them.
pub async fn person(conn: &mut Conn, scope: &Scope, id: PersonId) -> Result<Option<Person>> {
    Ok(persons_by_ids(conn, scope, &[id]).await?.pop())
}

/// Filters of the `people` query.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct PersonFilter {
    /// Living at or below the area with this path.
    pub within: Option<String>,
    /// Currently registered in this special group.
    pub special_group: Option<SpecialGroup>,
    /// Born on or after (oldest age bound).
    pub born_from: Option<Date>,
    /// Born on or before (youngest age bound).
    pub born_to: Option<Date>,
    pub name_contains: Option<SearchTerm>,
    /// The keyed hash of an ID-card number: finds a person without decrypting anyone.
    pub id_card_hash: Option<Vec<u8>>,
    /// The keyed hash of a mobile number.
    pub phone_hash: Option<Vec<u8>>,
}

/// `and <the filter>`; the scope is the list's (see [`list_persons`]).
macro_rules! push_person_filter {
    ($qb:expr, $f:expr) => {{
        let f: &PersonFilter = $f;
        if let Some(within) = &f.within {
            push_subtree!($qb, "p.area_path", within);
        }
        if let Some(group) = f.special_group {
            $qb.push(" and exists (select 1 from special_group_entry s where s.person_id = p.id and s.group_kind = ");
            push_enum!($qb, group);
            push_running!($qb, "s.ended_on", Date::today());
            $qb.push(")");
        }
        if let Some(from) = f.born_from {
            $qb.push(" and p.birth_date >= ").push_bind(from);
        }
        if let Some(to) = f.born_to {
            $qb.push(" and p.birth_date <= ").push_bind(to);
        }
        if let Some(name) = &f.name_contains {
            push_name_contains!($qb, "p.name", "p.id", name);
        }
        if let Some(hash) = &f.id_card_hash {
            $qb.push(" and p.id_card_hash = ").push_bind(hash.clone());
        }
        if let Some(hash) = &f.phone_hash {
            $qb.push(" and p.phone_hash = ").push_bind(hash.clone());
        }
    }};
}

/// A page of the people living in the scope's area, or the caller: one
/// branch per part of the scope (see `select_scoped_page!`).
pub async fn list_persons(
    conn: &mut Conn,
    scope: &Scope,
    filter: &PersonFilter,
    page: &Page,
) -> Result<Vec<Person>> {
    select_scoped_page!(conn, Person, columns: PERSON_COLUMNS, from: "from person p", id: "p.id",
        scope: scope, paths: ["p.area_path"], person: "p.id", page: page,
        |qb| { push_person_filter!(qb, filter) })
}

/// How many people [`list_persons`] lists. Without filters but `within`, the
/// residents are summed from `person_tally` (kept per home path by triggers,
/// in the transaction of every write), plus the caller when they live
/// outside the area: one row per home path read, however many people.
pub async fn count_persons(conn: &mut Conn, scope: &Scope, filter: &PersonFilter) -> Result<i64> {
    let PersonFilter { within, special_group, born_from, born_to, name_contains, id_card_hash, phone_hash } =
        filter;
    let only_within = special_group.is_none()
        && born_from.is_none()
        && born_to.is_none()
        && name_contains.is_none()
        && id_card_hash.is_none()
        && phone_hash.is_none();
    if !only_within {
        return select_scoped_count!(conn, from: "from person p", id: "p.id",
            scope: scope, paths: ["p.area_path"], person: "p.id",
            |qb| { push_person_filter!(qb, filter) });
    }
    Ok(run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new(
            "select cast(coalesce((select sum(t.residents) from person_tally t where t.area_path >= ",
        );
        qb.push_bind(scope.lo().to_owned()).push(" and t.area_path < ").push_bind(scope.hi().to_owned());
        if let Some(within) = within {
            push_subtree!(qb, "t.area_path", within);
        }
        qb.push("), 0) as bigint) + (select count(*) from person p where p.id = ").push_bind(scope.person());
        qb.push(" and not (p.area_path >= ").push_bind(scope.lo().to_owned());
        qb.push(" and p.area_path < ").push_bind(scope.hi().to_owned()).push(")");
        if let Some(within) = within {
            push_subtree!(qb, "p.area_path", within);
        }
        qb.push(")");
        qb.build_query_scalar::<i64>().fetch_one(c).await
    })?)
}

/// A person about to be written: personal data already sealed.
pub struct NewPerson {
    pub name: String,
    pub gender: Gender,
    pub birth_date: Date,
    pub id_card_cipher: Vec<u8>,
    pub id_card_hash: Vec<u8>,
    pub id_card_masked: String,
    pub phone_cipher: Option<Vec<u8>>,
    pub phone_hash: Option<Vec<u8>>,
    pub phone_masked: Option<String>,
    pub home_area_id: AreaId,
    pub area_path: String,
}

/// The person with this ID-card number's keyed hash, whoever may see them:
/// for signing in, not for reading records.
pub async fn person_by_id_card_hash(conn: &mut Conn, hash: &[u8]) -> Result<Option<PersonId>> {
    Ok(run!(conn, |c| sqlx::query_scalar::<_, PersonId>("select id from person where id_card_hash = $1")
        .bind(hash)
        .fetch_optional(c)
        .await)?)
}

/// Insert; a duplicate ID-card number fails with a unique violation (see
/// [`crate::db::on_unique`]).
pub async fn insert_person(conn: &mut Conn, p: &NewPerson, at: Timestamp) -> Result<PersonId> {
    let id = PersonId(new_id());
    execute!(
        conn,
        "insert into person (id, name, gender, birth_date, id_card_cipher, id_card_hash, id_card_masked, \
         phone_cipher, phone_hash, phone_masked, home_area_id, area_path, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)",
        id,
        &p.name,
        p.gender.as_str(),
        p.birth_date,
        &p.id_card_cipher,
        &p.id_card_hash,
        &p.id_card_masked,
        &p.phone_cipher,
        &p.phone_hash,
        &p.phone_masked,
        p.home_area_id,
        &p.area_path,
        at
    )?;
    Ok(id)
}

/// One whole read of a person's personal data.
pub struct AuditRow {
    pub person: PersonId,
    /// `id_card_number` or `phone`.
    pub field: &'static str,
    /// The partner client that read it and its purpose.
    pub by: Option<(uuid::Uuid, Purpose)>,
}

/// Record that `actor` read each field whole.
pub async fn insert_audit(conn: &mut Conn, actor: &str, reads: &[AuditRow], at: Timestamp) -> Result<()> {
    let records: Vec<audit::NewRecord> = reads
        .iter()
        .map(|r| audit::NewRecord {
            actor,
            action: audit::READ_PERSONAL_DATA,
            target: r.person.0,
            detail: r.field,
            client: r.by.map(|b| b.0),
            purpose: r.by.map(|b| b.1.as_str()),
        })
        .collect();
    audit::record_all(conn, &records, at).await
}

/// How many whole reads of a person's data were audited (for the audit trail and tests).
pub async fn count_audit(conn: &mut Conn, person: PersonId) -> Result<i64> {
    Ok(run!(conn, |c| sqlx::query_scalar::<_, i64>("select count(*) from audit_log where target_id = $1")
        .bind(person)
        .fetch_one(c)
        .await)?)
}

/// A phone sealed for storage.
pub struct SealedPhone {
    pub cipher: Vec<u8>,
    pub hash: Vec<u8>,
    pub masked: String,
}

/// The fields `updatePerson` changes; `None` leaves a field as it is.
#[derive(Default)]
pub struct PersonChanges {
    pub name: Option<String>,
    /// `Some(None)` removes the phone.
    pub phone: Option<Option<SealedPhone>>,
    /// The new home and its path.
    pub home: Option<(AreaId, String)>,
}

pub async fn update_person(conn: &mut Conn, id: PersonId, ch: &PersonChanges, at: Timestamp) -> Result<u64> {
    Ok(run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new("update person set updated_at = ");
        qb.push_bind(at);
        if let Some(name) = &ch.name {
            qb.push(", name = ").push_bind(name.clone());
        }
        if let Some(phone) = &ch.phone {
            qb.push(", phone_cipher = ").push_bind(phone.as_ref().map(|p| p.cipher.clone()));
            qb.push(", phone_hash = ").push_bind(phone.as_ref().map(|p| p.hash.clone()));
            qb.push(", phone_masked = ").push_bind(phone.as_ref().map(|p| p.masked.clone()));
        }
        if let Some((area, path)) = &ch.home {
            qb.push(", home_area_id = ").push_bind(*area);
            qb.push(", area_path = ").push_bind(path.clone());
        }
        qb.push(" where id = ").push_bind(id);
        qb.build().execute(c).await.map(|r| r.rows_affected())
    })?)
}

/// Carry a person's new home path into their special-group entries, which
/// copy it for scoping. (Domains above copy it too; they move theirs in
/// hooks on [`PersonMoved`].)
pub async fn move_register_entries(conn: &mut Conn, id: PersonId, path: &str) -> Result<()> {
    execute!(conn, "update special_group_entry set area_path = $1 where person_id = $2", path, id)?;
    Ok(())
}

// ---- the special-group register (特殊群体台账) ----

const ENTRY_COLUMNS: &str = "s.id, s.person_id, s.group_kind, s.registered_on, s.ended_on, s.note";
const SELECT_ENTRIES: &str = "select s.id, s.person_id, s.group_kind, s.registered_on, s.ended_on, s.note from special_group_entry s where true";

pub async fn special_group_entries_by_ids(
    conn: &mut Conn,
    scope: &Scope,
    ids: &[SpecialGroupEntryId],
) -> Result<Vec<SpecialGroupEntry>> {
    select_in!(conn, SpecialGroupEntry, SELECT_ENTRIES, "s.id", ids, |qb| {
        push_scope!(qb, ["s.area_path"], "s.person_id", scope)
    })
}

pub struct NewSpecialGroupEntry {
    pub person_id: PersonId,
    pub group: SpecialGroup,
    pub registered_on: Date,
    pub note: Option<String>,
    /// The person's home path, copied for scoping.
    pub area_path: String,
}

/// Insert; a second open-ended entry of the same group for the person fails
/// with a unique violation (`special_group_active_uq`).
pub async fn insert_special_group_entry(
    conn: &mut Conn,
    e: &NewSpecialGroupEntry,
    at: Timestamp,
) -> Result<SpecialGroupEntryId> {
    let id = SpecialGroupEntryId(new_id());
    execute!(
        conn,
        "insert into special_group_entry (id, person_id, group_kind, registered_on, ended_on, note, area_path, \
         created_at) values ($1, $2, $3, $4, null, $5, $6, $7)",
        id,
        e.person_id,
        e.group.as_str(),
        e.registered_on,
        &e.note,
        &e.area_path,
        at
    )?;
    Ok(id)
}

/// End an entry still open today; 0 when it had already ended.
pub async fn end_special_group_entry(
    conn: &mut Conn,
    id: SpecialGroupEntryId,
    on: Date,
    today: Date,
) -> Result<u64> {
    execute!(
        conn,
        "update special_group_entry set ended_on = $1 where id = $2 and (ended_on is null or ended_on >= $3)",
        on,
        id,
        today
    )
}

/// Whether the person has an entry of `group` open today.
pub async fn has_open_entry(
    conn: &mut Conn,
    person: PersonId,
    group: SpecialGroup,
    today: Date,
) -> Result<bool> {
    Ok(run!(conn, |c| sqlx::query_scalar::<_, i64>(
        "select count(*) from special_group_entry s where s.person_id = $1 and s.group_kind = $2 \
         and (s.ended_on is null or s.ended_on >= $3)"
    )
    .bind(person)
    .bind(group.as_str())
    .bind(today)
    .fetch_one(c)
    .await)?
        > 0)
}

macro_rules! push_entry_filter {
    ($qb:expr, $scope:expr, $include_ended:expr) => {{
        if !$include_ended {
            push_running!($qb, "s.ended_on", Date::today());
        }
        push_scope!($qb, ["s.area_path"], "s.person_id", $scope);
    }};
}

/// The first page of entries of each person, in one statement.
pub async fn special_groups_of(
    conn: &mut Conn,
    scope: &Scope,
    persons: &[PersonId],
    include_ended: bool,
    page: &Page,
) -> Result<Vec<SpecialGroupEntry>> {
    select_windowed!(conn, SpecialGroupEntry, columns: ENTRY_COLUMNS, from: "from special_group_entry s",
        parent: "s.person_id", id: "s.id", parents: persons, page: page,
        |qb| { push_entry_filter!(qb, scope, include_ended) })
}

pub async fn count_special_groups_of(
    conn: &mut Conn,
    scope: &Scope,
    persons: &[PersonId],
    include_ended: bool,
) -> Result<Vec<(PersonId, i64)>> {
    select_counts!(conn, PersonId, "from special_group_entry s", "s.person_id", persons, |qb| {
        push_entry_filter!(qb, scope, include_ended)
    })
}

// ---- roles in areas: building leaders (楼栋长), grid workers (网格员) ----

const ROLE_COLUMNS: &str = "r.id, r.role, r.person_id, r.area_id, r.from_on, r.to_on";
const SELECT_ROLES: &str =
    "select r.id, r.role, r.person_id, r.area_id, r.from_on, r.to_on from role_assignment r where true";

pub async fn role_assignments_by_ids(
    conn: &mut Conn,
    scope: &Scope,
    ids: &[RoleAssignmentId],
) -> Result<Vec<RoleAssignment>> {
    select_in!(conn, RoleAssignment, SELECT_ROLES, "r.id", ids, |qb| {
        push_scope!(qb, ["r.area_path"], "r.person_id", scope)
    })
}

pub struct NewRoleAssignment {
    pub role: AreaRole,
    pub person_id: PersonId,
    pub area_id: AreaId,
    /// The area's path, copied for scoping.
    pub area_path: String,
    pub from_on: Date,
}

/// Insert; a second open-ended leader of a building (`building_leader_one_uq`)
/// or the same person twice open-ended in one role and area
/// (`role_assignment_active_uq`) fails with a unique violation.
pub async fn insert_role_assignment(
    conn: &mut Conn,
    a: &NewRoleAssignment,
    at: Timestamp,
) -> Result<RoleAssignmentId> {
    let id = RoleAssignmentId(new_id());
    execute!(
        conn,
        "insert into role_assignment (id, role, person_id, area_id, area_path, from_on, to_on, created_at) \
         values ($1, $2, $3, $4, $5, $6, null, $7)",
        id,
        a.role.as_str(),
        a.person_id,
        a.area_id,
        &a.area_path,
        a.from_on,
        at
    )?;
    Ok(id)
}

/// End an assignment still running today; 0 when it had already ended.
pub async fn end_role_assignment(
    conn: &mut Conn,
    id: RoleAssignmentId,
    on: Date,
    today: Date,
) -> Result<u64> {
    execute!(
        conn,
        "update role_assignment set to_on = $1 where id = $2 and (to_on is null or to_on >= $3)",
        on,
        id,
        today
    )
}

/// Whether an assignment of `role` in `area` (of `person`, if given) runs today.
pub async fn has_running_role(
    conn: &mut Conn,
    role: AreaRole,
    area: AreaId,
    person: Option<PersonId>,
    today: Date,
) -> Result<bool> {
    Ok(run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new("select count(*) from role_assignment r where r.role = ");
        push_enum!(qb, role);
        qb.push(" and r.area_id = ").push_bind(area);
        if let Some(person) = person {
            qb.push(" and r.person_id = ").push_bind(person);
        }
        push_running!(qb, "r.to_on", today);
        qb.build_query_scalar::<i64>().fetch_one(c).await
    })? > 0)
}

/// Filters of the `gridWorkers` and `buildingLeaders` queries.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RoleFilter {
    pub role: AreaRole,
    /// Held in areas at or below the area with this path.
    pub within: Option<String>,
    pub active_only: bool,
}

/// `and <the filter>`; the scope is the list's (see [`list_role_assignments`]).
macro_rules! push_role_filter {
    ($qb:expr, $f:expr) => {{
        let f: &RoleFilter = $f;
        $qb.push(" and r.role = ");
        push_enum!($qb, f.role);
        if let Some(within) = &f.within {
            push_subtree!($qb, "r.area_path", within);
        }
        if f.active_only {
            push_running!($qb, "r.to_on", Date::today());
        }
    }};
}

/// A page of the roles held in the scope's area, or by the caller: one
/// branch per part of the scope (see `select_scoped_page!`).
pub async fn list_role_assignments(
    conn: &mut Conn,
    scope: &Scope,
    filter: &RoleFilter,
    page: &Page,
) -> Result<Vec<RoleAssignment>> {
    select_scoped_page!(conn, RoleAssignment, columns: ROLE_COLUMNS, from: "from role_assignment r",
        id: "r.id", scope: scope, paths: ["r.area_path"], person: "r.person_id", page: page,
        |qb| { push_role_filter!(qb, filter) })
}

pub async fn count_role_assignments(conn: &mut Conn, scope: &Scope, filter: &RoleFilter) -> Result<i64> {
    select_scoped_count!(conn, from: "from role_assignment r", id: "r.id",
        scope: scope, paths: ["r.area_path"], person: "r.person_id",
        |qb| { push_role_filter!(qb, filter) })
}

/// `and <the role runs today, when only active ones are asked for> and <in scope>`.
macro_rules! push_role_scope {
    ($qb:expr, $scope:expr, $active_only:expr) => {{
        if $active_only {
            push_running!($qb, "r.to_on", Date::today());
        }
        push_scope!($qb, ["r.area_path"], "r.person_id", $scope);
    }};
}

crate::at_row!(RoleAssignment { id, role: via String, person_id, area_id, from_on, to_on });

/// The join `r.area_id = <parent>.id and r.role = 'BUILDING_LEADER' and
/// <running> and <in scope>`: the one running leader of
/// a building carried by a list statement, as [`active_roles_in`] sees it.
pub fn join_building_leader(parent: &str, scope: &Scope, sql: &mut JoinSql) {
    sql.left_join("role_assignment", "r").push("r.area_id = ").push(parent).push(".id");
    sql.push(" and r.role = ");
    push_enum!(sql, AreaRole::BuildingLeader);
    push_role_scope!(sql, scope, true);
}

/// The first page of the roles of each person, in one statement.
pub async fn roles_of_persons(
    conn: &mut Conn,
    scope: &Scope,
    persons: &[PersonId],
    active_only: bool,
    page: &Page,
) -> Result<Vec<RoleAssignment>> {
    select_windowed!(conn, RoleAssignment, columns: ROLE_COLUMNS, from: "from role_assignment r",
        parent: "r.person_id", id: "r.id", parents: persons, page: page,
        |qb| { push_role_scope!(qb, scope, active_only) })
}

pub async fn count_roles_of_persons(
    conn: &mut Conn,
    scope: &Scope,
    persons: &[PersonId],
    active_only: bool,
) -> Result<Vec<(PersonId, i64)>> {
    select_counts!(conn, PersonId, "from role_assignment r", "r.person_id", persons, |qb| {
        push_role_scope!(qb, scope, active_only)
    })
}

/// The active assignments of `role` in each area, all of them: for roles
/// with at most one holder per area (building leaders).
pub async fn active_roles_in(
    conn: &mut Conn,
    scope: &Scope,
    role: AreaRole,
    areas: &[AreaId],
) -> Result<Vec<RoleAssignment>> {
    select_in!(conn, RoleAssignment, SELECT_ROLES, "r.area_id", areas, |qb| {
        qb.push(" and r.role = ");
        push_enum!(qb, role);
        push_role_scope!(qb, scope, true)
    })
}

/// The first page of active assignments of `role` in each area, in one statement.
pub async fn active_roles_page_in(
    conn: &mut Conn,
    scope: &Scope,
    role: AreaRole,
    areas: &[AreaId],
    page: &Page,
) -> Result<Vec<RoleAssignment>> {
    select_windowed!(conn, RoleAssignment, columns: ROLE_COLUMNS, from: "from role_assignment r",
    parent: "r.area_id", id: "r.id", parents: areas, page: page,
    |qb| {
        qb.push(" and r.role = ");
        push_enum!(qb, role);
        push_role_scope!(qb, scope, true)
    })
}

pub async fn count_active_roles_in(
    conn: &mut Conn,
    scope: &Scope,
    role: AreaRole,
    areas: &[AreaId],
) -> Result<Vec<(AreaId, i64)>> {
    select_counts!(conn, AreaId, "from role_assignment r", "r.area_id", areas, |qb| {
        qb.push(" and r.role = ");
        push_enum!(qb, role);
        push_role_scope!(qb, scope, true)
    })
}

// ---- grid governance groups (网格治理微信群) ----

const MEMBER_COLUMNS: &str = "g.id, g.grid_id, g.person_id, g.role, g.unit_id, g.from_on, g.to_on";
const SELECT_MEMBERS: &str = "select g.id, g.grid_id, g.person_id, g.role, g.unit_id, g.from_on, g.to_on from grid_group_member g where true";

/// `and <the membership runs today> and <in scope>`.
macro_rules! push_running_member {
    ($qb:expr, $scope:expr) => {{
        push_running!($qb, "g.to_on", Date::today());
        push_scope!($qb, ["g.area_path"], "g.person_id", $scope);
    }};
}

pub async fn grid_group_members_by_ids(
    conn: &mut Conn,
    scope: &Scope,
    ids: &[GridGroupMemberId],
) -> Result<Vec<GridGroupMember>> {
    select_in!(conn, GridGroupMember, SELECT_MEMBERS, "g.id", ids, |qb| {
        push_scope!(qb, ["g.area_path"], "g.person_id", scope)
    })
}

pub struct NewGridGroupMember {
    pub grid_id: AreaId,
    /// The grid's path, copied for scoping.
    pub area_path: String,
    pub person_id: PersonId,
    pub role: GridGroupRole,
    pub unit_id: Option<UnitId>,
    pub from_on: Date,
}

/// Insert; the same person open-ended twice in one role of a grid's group
/// (`grid_group_member_active_uq`) fails with a unique violation.
pub async fn insert_grid_group_member(
    conn: &mut Conn,
    m: &NewGridGroupMember,
    at: Timestamp,
) -> Result<GridGroupMemberId> {
    let id = GridGroupMemberId(new_id());
    execute!(
        conn,
        "insert into grid_group_member (id, grid_id, person_id, role, unit_id, area_path, from_on, to_on, \
         created_at) values ($1, $2, $3, $4, $5, $6, $7, null, $8)",
        id,
        m.grid_id,
        m.person_id,
        m.role.as_str(),
        m.unit_id,
        &m.area_path,
        m.from_on,
        at
    )?;
    Ok(id)
}

/// End a membership still running today; 0 when it had already ended.
pub async fn end_grid_group_member(
    conn: &mut Conn,
    id: GridGroupMemberId,
    on: Date,
    today: Date,
) -> Result<u64> {
    execute!(
        conn,
        "update grid_group_member set to_on = $1 where id = $2 and (to_on is null or to_on >= $3)",
        on,
        id,
        today
    )
}

/// Whether the person is in the grid's group in `role` today.
pub async fn has_running_group_membership(
    conn: &mut Conn,
    grid: AreaId,
    person: PersonId,
    role: GridGroupRole,
    today: Date,
) -> Result<bool> {
    Ok(run!(conn, |c| sqlx::query_scalar::<_, i64>(
        "select count(*) from grid_group_member g where g.grid_id = $1 and g.person_id = $2 and g.role = $3 \
         and (g.to_on is null or g.to_on >= $4)"
    )
    .bind(grid)
    .bind(person)
    .bind(role.as_str())
    .bind(today)
    .fetch_one(c)
    .await)?
        > 0)
}

/// The first page of the active members of each grid's group, in one statement.
pub async fn active_group_members_of(
    conn: &mut Conn,
    scope: &Scope,
    grids: &[AreaId],
    page: &Page,
) -> Result<Vec<GridGroupMember>> {
    select_windowed!(conn, GridGroupMember, columns: MEMBER_COLUMNS, from: "from grid_group_member g",
        parent: "g.grid_id", id: "g.id", parents: grids, page: page,
        |qb| { push_running_member!(qb, scope) })
}

pub async fn count_active_group_members_of(
    conn: &mut Conn,
    scope: &Scope,
    grids: &[AreaId],
) -> Result<Vec<(AreaId, i64)>> {
    select_counts!(conn, AreaId, "from grid_group_member g", "g.grid_id", grids, |qb| {
        push_running_member!(qb, scope)
    })
}

// ---- residents of many areas at once ----

/// A person found under one of several area paths.
#[derive(sqlx::FromRow)]
pub struct PersonWithin {
    /// The area path the person was looked up under.
    pub parent_path: String,
    #[sqlx(flatten)]
    pub person: Person,
}

/// The first page of people living at or below each of `paths`, in one
/// statement (one range scan of the person_area index per path).
pub async fn persons_within_many(
    conn: &mut Conn,
    scope: &Scope,
    paths: &[String],
    page: &Page,
) -> Result<Vec<PersonWithin>> {
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    Ok(run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new("");
        push_union_per_path!(qb, paths, |path| {
            qb.push(PERSON_COLUMNS).push(" from person p where true");
            push_subtree!(qb, "p.area_path", path);
            push_scope!(qb, ["p.area_path"], "p.id", scope);
            push_page!(qb, "p.id", page);
        });
        push_order!(qb, "parent_path", "id", page);
        qb.build_query_as::<PersonWithin>().fetch_all(c).await
    })?)
}

pub async fn count_persons_within_many(
    conn: &mut Conn,
    scope: &Scope,
    paths: &[String],
) -> Result<Vec<(String, i64)>> {
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    Ok(run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new("");
        push_union_per_path!(qb, paths, |path| {
            qb.push("count(*) from person p where true");
            push_subtree!(qb, "p.area_path", path);
            push_scope!(qb, ["p.area_path"], "p.id", scope);
        });
        qb.build_query_as::<(String, i64)>().fetch_all(c).await
    })?)
}

// ---- who serves where ----

/// Someone starting to serve in an area (see `push_person_scope!`).
pub struct NewServing {
    pub person_id: PersonId,
    pub kind: ServingKind,
    /// The record that appointed them (seat, assignment, membership...):
    /// ending it ends this.
    pub source_id: Uuid,
    pub area_path: String,
    pub from_on: Date,
    pub to_on: Option<Date>,
}

/// Record that a person serves in an area, in the transaction that appoints them.
pub async fn start_serving(conn: &mut Conn, s: &NewServing, at: Timestamp) -> Result<()> {
    execute!(
        conn,
        "insert into serving (id, person_id, kind, source_id, area_path, from_on, to_on, created_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
        new_id(),
        s.person_id,
        s.kind.as_str(),
        s.source_id,
        &s.area_path,
        s.from_on,
        s.to_on,
        at
    )?;
    Ok(())
}

/// The service that `source` appointed ends on `on` (the record ended, or
/// the person moved on from it).
pub async fn end_serving(conn: &mut Conn, source: Uuid, on: Date, today: Date) -> Result<()> {
    execute!(
        conn,
        "update serving set to_on = $1 where source_id = $2 and (to_on is null or to_on >= $3)",
        on,
        source,
        today
    )?;
    Ok(())
}
