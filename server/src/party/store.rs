//! SQL of party organizations, members, seats and pairings. Organizations
//! and pairings are public (their names are what anonymous callers may
//! see); members and seats are personal links and every read of them takes
//! a `Scope`.

use uuid::Uuid;

use super::model::*;
use crate::db::joined::JoinSql;
use crate::db::{Conn, Date, Page, Scope, SearchTerm, Timestamp, new_id};
use crate::error::Result;
use crate::ids::{AreaId, MemberId, OrgId, PairingId, PeriodId, PersonId, SeatId, UnitId};
use crate::{
    push_enum, push_name_contains, push_order, push_page, push_running, push_scope, push_subtree,
    push_union_per_path, select_count, select_counts, select_in, select_page, select_scoped_count,
    select_scoped_page, select_windowed,
};

/// `and <until> is still running on <today>` when `active_only`.
macro_rules! push_active {
    ($qb:expr, $until:expr, $active_only:expr, $today:expr) => {{
        if $active_only {
            push_running!($qb, $until, $today);
        }
    }};
}

macro_rules! org_columns {
    () => {
        "o.id, o.kind, o.name, o.parent_id, o.path, o.area_id, o.unit_id, o.area_path, o.secretary_id"
    };
}
const ORG_COLUMNS: &str = org_columns!();
const SELECT_ORGS: &str = concat!("select ", org_columns!(), " from party_org o where true");

crate::at_row!(PartyOrganization {
    id, kind: via String, name, parent_id, path, area_id, unit_id, area_path, secretary_id,
});

/// The join `o.id = <parent>.org_id`: the organization of a
/// row carried by a list statement (`db/joined.rs`). Organizations are public.
pub fn join_org_of(parent: &str, _scope: &Scope, sql: &mut JoinSql) {
    sql.left_join("party_org", "o").push("o.id = ").push(parent).push(".org_id");
}

pub async fn orgs_by_ids(conn: &mut Conn, ids: &[OrgId]) -> Result<Vec<PartyOrganization>> {
    select_in!(conn, PartyOrganization, SELECT_ORGS, "o.id", ids)
}

/// One organization by id, for the steps of a mutation.
pub async fn org(conn: &mut Conn, id: OrgId) -> Result<Option<PartyOrganization>> {
    Ok(orgs_by_ids(conn, &[id]).await?.pop())
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct OrgFilter {
    pub kind: Option<PartyOrgKind>,
    pub parent: Option<OrgId>,
    /// Organizations working at or below the area with this path.
    pub within: Option<String>,
    /// Organizations of this area itself.
    pub area: Option<AreaId>,
    /// Organizations of this unit.
    pub unit: Option<UnitId>,
    pub name_contains: Option<SearchTerm>,
}

macro_rules! push_org_filter {
    ($qb:expr, $f:expr) => {{
        let f: &OrgFilter = $f;
        if let Some(kind) = f.kind {
            $qb.push(" and o.kind = ");
            push_enum!($qb, kind);
        }
        if let Some(parent) = f.parent {
            $qb.push(" and o.parent_id = ").push_bind(parent);
        }
        if let Some(within) = &f.within {
            push_subtree!($qb, "o.area_path", within);
        }
        if let Some(area) = f.area {
            $qb.push(" and o.area_id = ").push_bind(area);
        }
        if let Some(unit) = f.unit {
            $qb.push(" and o.unit_id = ").push_bind(unit);
        }
        if let Some(name) = &f.name_contains {
            $qb.push(" and o.name like ").push_bind(name.like_pattern()).push(" escape '\\'");
        }
    }};
}

pub async fn list_orgs(conn: &mut Conn, filter: &OrgFilter, page: &Page) -> Result<Vec<PartyOrganization>> {
    select_page!(conn, PartyOrganization, SELECT_ORGS, "o.id", page, |qb| { push_org_filter!(qb, filter) })
}

pub async fn count_orgs(conn: &mut Conn, filter: &OrgFilter) -> Result<i64> {
    select_count!(conn, "select count(*) from party_org o where true", |qb| { push_org_filter!(qb, filter) })
}

/// The first page of sub-organizations of each parent, in one statement.
pub async fn child_orgs_of(
    conn: &mut Conn,
    parents: &[OrgId],
    page: &Page,
) -> Result<Vec<PartyOrganization>> {
    select_windowed!(conn, PartyOrganization, columns: ORG_COLUMNS, from: "from party_org o",
        parent: "o.parent_id", id: "o.id", parents: parents, page: page)
}

pub async fn count_child_orgs(conn: &mut Conn, parents: &[OrgId]) -> Result<Vec<(OrgId, i64)>> {
    select_counts!(conn, OrgId, "from party_org o", "o.parent_id", parents)
}

/// An organization found under one of several area paths.
#[derive(sqlx::FromRow)]
pub struct OrgWithin {
    pub parent_path: String,
    #[sqlx(flatten)]
    pub org: PartyOrganization,
}

/// The first page of the organizations working at or below each of
/// `paths` (of a kind, if given), in one statement.
pub async fn orgs_within_many(
    conn: &mut Conn,
    paths: &[String],
    kind: Option<PartyOrgKind>,
    page: &Page,
) -> Result<Vec<OrgWithin>> {
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    Ok(run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new("");
        push_union_per_path!(qb, paths, |path| {
            qb.push(ORG_COLUMNS).push(" from party_org o where true");
            push_org_filter!(qb, &OrgFilter { kind, within: Some(path.clone()), ..Default::default() });
            push_page!(qb, "o.id", page);
        });
        push_order!(qb, "parent_path", "id", page);
        qb.build_query_as::<OrgWithin>().fetch_all(c).await
    })?)
}

pub async fn count_orgs_within_many(
    conn: &mut Conn,
    paths: &[String],
    kind: Option<PartyOrgKind>,
) -> Result<Vec<(String, i64)>> {
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    Ok(run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new("");
        push_union_per_path!(qb, paths, |path| {
            qb.push("count(*) from party_org o where true");
            push_org_filter!(qb, &OrgFilter { kind, within: Some(path.clone()), ..Default::default() });
        });
        qb.build_query_as::<(String, i64)>().fetch_all(c).await
    })?)
}

// ---- party members (personal data: every read is scoped) ----

macro_rules! member_columns {
    () => {
        "m.id, m.person_id, m.org_id, m.org_path, m.org_area_path, m.area_path, m.status, m.category, \
         m.joined_on, m.reported_community_id, m.reported_on"
    };
}
const MEMBER_COLUMNS: &str = member_columns!();
const SELECT_MEMBERS: &str = concat!("select ", member_columns!(), " from party_member m where true");

/// A member is visible where they live, where their organization works, or to themselves.
macro_rules! push_member_scope {
    ($qb:expr, $scope:expr) => {
        push_scope!($qb, ["m.area_path", "m.org_area_path"], "m.person_id", $scope)
    };
}

crate::at_row!(PartyMember {
    id, person_id, org_id, org_path, org_area_path, area_path, status: via String, category: via String,
    joined_on, reported_community_id, reported_on,
});

/// The join `m.person_id = <parent>.id and <m in scope>`:
/// the member record of a person carried by a list statement, as
/// [`members_by_persons`] sees it.
pub fn join_member_of_person(parent: &str, scope: &Scope, sql: &mut JoinSql) {
    sql.left_join("party_member", "m").push("m.person_id = ").push(parent).push(".id");
    push_member_scope!(sql, scope);
}

pub async fn members_by_ids(conn: &mut Conn, scope: &Scope, ids: &[MemberId]) -> Result<Vec<PartyMember>> {
    select_in!(conn, PartyMember, SELECT_MEMBERS, "m.id", ids, |qb| { push_member_scope!(qb, scope) })
}

pub async fn members_by_persons(
    conn: &mut Conn,
    scope: &Scope,
    persons: &[PersonId],
) -> Result<Vec<PartyMember>> {
    select_in!(conn, PartyMember, SELECT_MEMBERS, "m.person_id", persons, |qb| {
        push_member_scope!(qb, scope)
    })
}

/// Filters of the `partyMembers` query.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct MemberFilter {
    /// Members of exactly this organization.
    pub org: Option<OrgId>,
    /// Members of the organization with this path or any below it.
    pub org_within: Option<String>,
    /// Living at or below the area with this path.
    pub within: Option<String>,
    pub category: Option<MemberCategory>,
    pub status: Option<MemberStatus>,
    /// Whether the member has reported in (报到) to a community.
    pub reported: Option<bool>,
    pub name_contains: Option<SearchTerm>,
}

/// `from party_member m [join person p]`: the person's name is read when a
/// name search needs LIKE (see `push_name_contains!`).
fn member_from(f: &MemberFilter) -> &'static str {
    if f.name_contains.as_ref().is_some_and(|t| !t.grams_decide()) {
        "from party_member m join person p on p.id = m.person_id"
    } else {
        "from party_member m"
    }
}

/// `and <the filter>`; the scope is the list's (see [`list_members`]).
macro_rules! push_member_filter {
    ($qb:expr, $f:expr) => {{
        let f: &MemberFilter = $f;
        if let Some(org) = f.org {
            $qb.push(" and m.org_id = ").push_bind(org);
        }
        if let Some(org_path) = &f.org_within {
            push_subtree!($qb, "m.org_path", org_path);
        }
        if let Some(within) = &f.within {
            push_subtree!($qb, "m.area_path", within);
        }
        if let Some(category) = f.category {
            $qb.push(" and m.category = ");
            push_enum!($qb, category);
        }
        if let Some(status) = f.status {
            $qb.push(" and m.status = ");
            push_enum!($qb, status);
        }
        match f.reported {
            Some(true) => {
                $qb.push(" and m.reported_community_id is not null");
            }
            Some(false) => {
                $qb.push(" and m.reported_community_id is null");
            }
            None => {}
        }
        if let Some(name) = &f.name_contains {
            push_name_contains!($qb, "p.name", "m.person_id", name, members);
        }
    }};
}

/// A page of the members visible to the caller (where they live, where
/// their organization works, or themselves): one branch per part of the
/// scope (see `select_scoped_page!`).
pub async fn list_members(
    conn: &mut Conn,
    scope: &Scope,
    filter: &MemberFilter,
    page: &Page,
) -> Result<Vec<PartyMember>> {
    select_scoped_page!(conn, PartyMember, columns: MEMBER_COLUMNS, from: member_from(filter), id: "m.id",
        scope: scope, paths: ["m.area_path", "m.org_area_path"], person: "m.person_id", page: page,
        |qb| { push_member_filter!(qb, filter) })
}

pub async fn count_members(conn: &mut Conn, scope: &Scope, filter: &MemberFilter) -> Result<i64> {
    select_scoped_count!(conn, from: member_from(filter), id: "m.id",
        scope: scope, paths: ["m.area_path", "m.org_area_path"], person: "m.person_id",
        |qb| { push_member_filter!(qb, filter) })
}

/// The first page of the direct members of each organization, in one statement.
pub async fn members_of_orgs(
    conn: &mut Conn,
    scope: &Scope,
    orgs: &[OrgId],
    page: &Page,
) -> Result<Vec<PartyMember>> {
    select_windowed!(conn, PartyMember, columns: MEMBER_COLUMNS, from: "from party_member m",
        parent: "m.org_id", id: "m.id", parents: orgs, page: page,
        |qb| { push_member_scope!(qb, scope) })
}

pub async fn count_members_of_orgs(
    conn: &mut Conn,
    scope: &Scope,
    orgs: &[OrgId],
) -> Result<Vec<(OrgId, i64)>> {
    select_counts!(conn, OrgId, "from party_member m", "m.org_id", orgs, |qb| {
        push_member_scope!(qb, scope)
    })
}

/// Members of an organization and of every organization below it: each
/// organization is joined to the members in its path range.
const UNDER_ORG: &str = "from party_org o join party_member m on m.org_path >= o.path \
     and m.org_path < (substr(o.path, 1, length(o.path) - 1) || '0')";

/// Members living at or below an area: each area is joined to the members in
/// its path range, so nested areas each get their own rows.
const WITHIN_AREA: &str = "from area a join party_member m on m.area_path >= a.path \
     and m.area_path < (substr(a.path, 1, length(a.path) - 1) || '0')";

/// A member of the organization `under_org` or of one below it.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct MemberUnder {
    #[sqlx(flatten)]
    pub member: PartyMember,
    pub under_org: OrgId,
}

/// The first page of the members of each organization and those below it, in one statement.
pub async fn members_under_orgs(
    conn: &mut Conn,
    scope: &Scope,
    orgs: &[OrgId],
    page: &Page,
) -> Result<Vec<MemberUnder>> {
    let columns = concat!(member_columns!(), ", o.id as under_org");
    select_windowed!(conn, MemberUnder, columns: columns, from: UNDER_ORG, parent: "o.id", id: "m.id",
        parents: orgs, page: page, |qb| { push_member_scope!(qb, scope) })
}

pub async fn count_members_under_orgs(
    conn: &mut Conn,
    scope: &Scope,
    orgs: &[OrgId],
) -> Result<Vec<(OrgId, i64)>> {
    select_counts!(conn, OrgId, UNDER_ORG, "o.id", orgs, |qb| { push_member_scope!(qb, scope) })
}

/// A member living at or below the area whose path is `within_path`.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct MemberWithin {
    #[sqlx(flatten)]
    pub member: PartyMember,
    pub within_path: String,
}

/// The first page of the members living at or below each area (given by
/// path), in one statement.
pub async fn members_within(
    conn: &mut Conn,
    scope: &Scope,
    area_paths: &[String],
    page: &Page,
) -> Result<Vec<MemberWithin>> {
    let columns = concat!(member_columns!(), ", a.path as within_path");
    select_windowed!(conn, MemberWithin, columns: columns, from: WITHIN_AREA, parent: "a.path", id: "m.id",
        parents: area_paths, page: page, |qb| { push_member_scope!(qb, scope) })
}

pub async fn count_members_within(
    conn: &mut Conn,
    scope: &Scope,
    area_paths: &[String],
) -> Result<Vec<(String, i64)>> {
    select_counts!(conn, String, WITHIN_AREA, "a.path", area_paths, |qb| { push_member_scope!(qb, scope) })
}

/// A member about to be admitted; paths copied from the organization and the person's home.
pub struct NewMember {
    pub person_id: PersonId,
    pub org_id: OrgId,
    pub org_path: String,
    pub org_area_path: String,
    pub area_path: String,
    pub status: MemberStatus,
    pub category: MemberCategory,
    pub joined_on: Date,
}

/// Insert; a person who is already a member fails with a unique violation
/// (see [`crate::db::on_unique`]).
pub async fn insert_member(conn: &mut Conn, m: &NewMember, at: Timestamp) -> Result<MemberId> {
    let id = MemberId(new_id());
    execute!(
        conn,
        "insert into party_member (id, person_id, org_id, org_path, org_area_path, area_path, status, \
         category, joined_on, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
        id,
        m.person_id,
        m.org_id,
        &m.org_path,
        &m.org_area_path,
        &m.area_path,
        m.status.as_str(),
        m.category.as_str(),
        m.joined_on,
        at
    )?;
    Ok(id)
}

pub async fn update_member_status(
    conn: &mut Conn,
    id: MemberId,
    status: MemberStatus,
    at: Timestamp,
) -> Result<()> {
    execute!(
        conn,
        "update party_member set status = $2, updated_at = $3 where id = $1",
        id,
        status.as_str(),
        at
    )?;
    Ok(())
}

/// Carry a person's new home path into their membership, which copies it
/// for scoping (a member is visible where they live).
pub async fn move_member_home(conn: &mut Conn, person: PersonId, path: &str, at: Timestamp) -> Result<()> {
    execute!(
        conn,
        "update party_member set area_path = $1, updated_at = $2 where person_id = $3",
        path,
        at,
        person
    )?;
    Ok(())
}

/// Move a member to another organization (the periods are written separately).
pub async fn update_member_org(
    conn: &mut Conn,
    id: MemberId,
    org: &PartyOrganization,
    at: Timestamp,
) -> Result<()> {
    execute!(
        conn,
        "update party_member set org_id = $2, org_path = $3, org_area_path = $4, updated_at = $5 where id = $1",
        id,
        org.id,
        &org.path,
        &org.area_path,
        at
    )?;
    Ok(())
}

pub async fn update_member_report_in(
    conn: &mut Conn,
    id: MemberId,
    community: AreaId,
    reported_on: Date,
    at: Timestamp,
) -> Result<()> {
    execute!(
        conn,
        "update party_member set reported_community_id = $2, reported_on = $3, updated_at = $4 where id = $1",
        id,
        community,
        reported_on,
        at
    )?;
    Ok(())
}

/// Record a change to a member in the audit trail (who, when, what).
pub async fn insert_member_audit(
    conn: &mut Conn,
    actor: &str,
    action: &str,
    member: MemberId,
    detail: &str,
    at: Timestamp,
) -> Result<()> {
    let record =
        crate::db::audit::NewRecord { actor, action, target: member.0, detail, client: None, purpose: None };
    crate::db::audit::record_all(conn, &[record], at).await
}

// ---- membership periods (read through the member's scope) ----

const PERIOD_COLUMNS: &str = "h.id, h.member_id, h.org_id, h.from_on, h.to_on, h.reason";
/// Periods with their member, whose scope they are read through.
const PERIODS_OF_MEMBERS: &str = "from member_org_period h join party_member m on m.id = h.member_id";

/// The first page of the organization history of each member, oldest first
/// (periods are written in time order, so id order is time order).
pub async fn periods_of(
    conn: &mut Conn,
    scope: &Scope,
    members: &[MemberId],
    page: &Page,
) -> Result<Vec<MembershipPeriod>> {
    select_windowed!(conn, MembershipPeriod, columns: PERIOD_COLUMNS, from: PERIODS_OF_MEMBERS,
        parent: "h.member_id", id: "h.id", parents: members, page: page,
        |qb| { push_member_scope!(qb, scope) })
}

pub async fn count_periods_of(
    conn: &mut Conn,
    scope: &Scope,
    members: &[MemberId],
) -> Result<Vec<(MemberId, i64)>> {
    select_counts!(conn, MemberId, PERIODS_OF_MEMBERS, "h.member_id", members, |qb| {
        push_member_scope!(qb, scope)
    })
}

/// The member's current period (the one not yet closed).
pub async fn open_period(conn: &mut Conn, member: MemberId) -> Result<Option<MembershipPeriod>> {
    Ok(run!(conn, |c| sqlx::query_as::<_, MembershipPeriod>(
        "select h.id, h.member_id, h.org_id, h.from_on, h.to_on, h.reason from member_org_period h \
         where h.member_id = $1 and h.to_on is null order by h.id desc limit 1"
    )
    .bind(member)
    .fetch_optional(c)
    .await)?)
}

pub async fn insert_period(
    conn: &mut Conn,
    member: MemberId,
    org: OrgId,
    from_on: Date,
    reason: Option<&str>,
    at: Timestamp,
) -> Result<PeriodId> {
    let id = PeriodId(new_id());
    execute!(
        conn,
        "insert into member_org_period (id, member_id, org_id, from_on, to_on, reason, created_at) \
         values ($1, $2, $3, $4, null, $5, $6)",
        id,
        member,
        org,
        from_on,
        reason,
        at
    )?;
    Ok(id)
}

pub async fn close_period(conn: &mut Conn, id: PeriodId, to_on: Date) -> Result<()> {
    execute!(conn, "update member_org_period set to_on = $2 where id = $1", id, to_on)?;
    Ok(())
}

// ---- committee seats (personal links: scoped by the committee's area) ----

macro_rules! seat_columns {
    () => {
        "s.id, s.committee_id, s.person_id, s.unit_id, s.position, s.term_from, s.term_to, s.area_path"
    };
}
const SEAT_COLUMNS: &str = seat_columns!();
const SELECT_SEATS: &str = concat!("select ", seat_columns!(), " from committee_seat s where true");

/// `and <in scope> [and <the term runs today>]`.
macro_rules! push_seat_filter {
    ($qb:expr, $scope:expr, $active_only:expr, $today:expr) => {{
        push_scope!($qb, ["s.area_path"], "s.person_id", $scope);
        push_active!($qb, "s.term_to", $active_only, $today);
    }};
}

pub async fn seats_by_ids(conn: &mut Conn, scope: &Scope, ids: &[SeatId]) -> Result<Vec<CommitteeSeat>> {
    select_in!(conn, CommitteeSeat, SELECT_SEATS, "s.id", ids, |qb| {
        push_scope!(qb, ["s.area_path"], "s.person_id", scope)
    })
}

/// The first page of seats of each committee, in one statement.
pub async fn seats_of(
    conn: &mut Conn,
    scope: &Scope,
    committees: &[OrgId],
    active_only: bool,
    today: Date,
    page: &Page,
) -> Result<Vec<CommitteeSeat>> {
    select_windowed!(conn, CommitteeSeat, columns: SEAT_COLUMNS, from: "from committee_seat s",
        parent: "s.committee_id", id: "s.id", parents: committees, page: page,
        |qb| { push_seat_filter!(qb, scope, active_only, today) })
}

pub async fn count_seats_of(
    conn: &mut Conn,
    scope: &Scope,
    committees: &[OrgId],
    active_only: bool,
    today: Date,
) -> Result<Vec<(OrgId, i64)>> {
    select_counts!(conn, OrgId, "from committee_seat s", "s.committee_id", committees, |qb| {
        push_seat_filter!(qb, scope, active_only, today)
    })
}

/// Whether the person holds a seat on the committee that is still running on `today`.
pub async fn has_active_seat(
    conn: &mut Conn,
    committee: OrgId,
    person: PersonId,
    today: Date,
) -> Result<bool> {
    Ok(run!(conn, |c| sqlx::query_scalar::<_, i64>(
        "select count(*) from committee_seat s where s.committee_id = $1 and s.person_id = $2 \
         and (s.term_to is null or s.term_to >= $3)"
    )
    .bind(committee)
    .bind(person)
    .bind(today)
    .fetch_one(c)
    .await)?
        > 0)
}

pub struct NewSeat {
    pub committee_id: OrgId,
    pub person_id: PersonId,
    pub unit_id: Option<UnitId>,
    pub position: String,
    pub term_from: Date,
    pub term_to: Option<Date>,
    pub area_path: String,
}

/// Insert; a second open-ended seat of the same person fails with a unique violation.
pub async fn insert_seat(conn: &mut Conn, s: &NewSeat, at: Timestamp) -> Result<SeatId> {
    let id = SeatId(new_id());
    execute!(
        conn,
        "insert into committee_seat (id, committee_id, person_id, unit_id, position, term_from, term_to, \
         area_path, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        id,
        s.committee_id,
        s.person_id,
        s.unit_id,
        &s.position,
        s.term_from,
        s.term_to,
        &s.area_path,
        at
    )?;
    Ok(id)
}

pub async fn end_seat(conn: &mut Conn, id: SeatId, term_to: Date) -> Result<()> {
    execute!(conn, "update committee_seat set term_to = $2 where id = $1", id, term_to)?;
    Ok(())
}

// ---- pairings (结对共建; public) ----

const PAIRING_COLUMNS: &str = "g.id, g.org_id, g.community_id, g.since, g.until";
const SELECT_PAIRINGS: &str =
    "select g.id, g.org_id, g.community_id, g.since, g.until from org_pairing g where true";

pub async fn pairings_by_ids(conn: &mut Conn, ids: &[PairingId]) -> Result<Vec<OrgPairing>> {
    select_in!(conn, OrgPairing, SELECT_PAIRINGS, "g.id", ids)
}

/// Filters of the `pairings` query.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PairingFilter {
    pub org: Option<OrgId>,
    pub community: Option<AreaId>,
    pub active_only: bool,
    pub today: Date,
}

macro_rules! push_pairing_filter {
    ($qb:expr, $f:expr) => {{
        let f: &PairingFilter = $f;
        if let Some(org) = f.org {
            $qb.push(" and g.org_id = ").push_bind(org);
        }
        if let Some(community) = f.community {
            $qb.push(" and g.community_id = ").push_bind(community);
        }
        push_active!($qb, "g.until", f.active_only, f.today);
    }};
}

pub async fn list_pairings(conn: &mut Conn, filter: &PairingFilter, page: &Page) -> Result<Vec<OrgPairing>> {
    select_page!(conn, OrgPairing, SELECT_PAIRINGS, "g.id", page, |qb| { push_pairing_filter!(qb, filter) })
}

pub async fn count_pairings(conn: &mut Conn, filter: &PairingFilter) -> Result<i64> {
    select_count!(conn, "select count(*) from org_pairing g where true", |qb| {
        push_pairing_filter!(qb, filter)
    })
}

/// Which side of a pairing a nested list hangs from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PairingSide {
    Organization,
    Community,
}

impl PairingSide {
    fn column(self) -> &'static str {
        match self {
            PairingSide::Organization => "g.org_id",
            PairingSide::Community => "g.community_id",
        }
    }
}

/// The first page of pairings of each organization or community, in one statement.
pub async fn pairings_of(
    conn: &mut Conn,
    side: PairingSide,
    parents: &[Uuid],
    active_only: bool,
    today: Date,
    page: &Page,
) -> Result<Vec<OrgPairing>> {
    select_windowed!(conn, OrgPairing, columns: PAIRING_COLUMNS, from: "from org_pairing g",
        parent: side.column(), id: "g.id", parents: parents, page: page,
        |qb| { push_active!(qb, "g.until", active_only, today) })
}

pub async fn count_pairings_of(
    conn: &mut Conn,
    side: PairingSide,
    parents: &[Uuid],
    active_only: bool,
    today: Date,
) -> Result<Vec<(Uuid, i64)>> {
    select_counts!(conn, Uuid, "from org_pairing g", side.column(), parents, |qb| {
        push_active!(qb, "g.until", active_only, today)
    })
}

/// Whether the organization and community have a pairing still running on `today`.
pub async fn has_active_pairing(conn: &mut Conn, org: OrgId, community: AreaId, today: Date) -> Result<bool> {
    Ok(run!(conn, |c| sqlx::query_scalar::<_, i64>(
        "select count(*) from org_pairing g where g.org_id = $1 and g.community_id = $2 \
         and (g.until is null or g.until >= $3)"
    )
    .bind(org)
    .bind(community)
    .bind(today)
    .fetch_one(c)
    .await)?
        > 0)
}

/// Insert; a second open-ended pairing of the same pair fails with a unique violation.
pub async fn insert_pairing(
    conn: &mut Conn,
    org: OrgId,
    community: AreaId,
    since: Date,
    at: Timestamp,
) -> Result<PairingId> {
    let id = PairingId(new_id());
    execute!(
        conn,
        "insert into org_pairing (id, org_id, community_id, since, until, created_at) \
         values ($1, $2, $3, $4, null, $5)",
        id,
        org,
        community,
        since,
        at
    )?;
    Ok(id)
}

pub async fn end_pairing(conn: &mut Conn, id: PairingId, until: Date) -> Result<()> {
    execute!(conn, "update org_pairing set until = $2 where id = $1", id, until)?;
    Ok(())
}
