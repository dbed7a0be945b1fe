//! SQL of home-visit requests. Every read takes the caller's `Scope`: a
//! request is seen by the admins of the person's home (its path, copied as
//! `person_path`), by the person and by the visitor.

use super::model::*;
use crate::db::{Conn, Page, Scope, ScopeBranch, Timestamp, new_id, scope_branches};
use crate::error::Result;
use crate::ids::{AreaId, HomeVisitId, PersonId, ServiceId};
use crate::{fetch_carrying, push_carry_close, push_carry_open, push_enum, push_page, select_in};

macro_rules! visit_columns {
    () => {
        "v.id, v.person_id, v.service_id, v.person_path, v.grid_id, v.grid_path, v.preferred_at, v.note, \
         v.state, v.assignee_id, v.visited_at, v.visit_notes, v.requested_by, v.created_at, v.updated_at"
    };
}
const VISIT_COLUMNS: &str = visit_columns!();
const SELECT_VISITS: &str = concat!("select ", visit_columns!(), " from home_visit_request v where true");

/// `and (<v's person lives in the scope> or <v is the caller's> or <the caller visits>)`.
macro_rules! push_visit_scope {
    ($qb:expr, $scope:expr) => {{
        let scope: &Scope = $scope;
        $qb.push(" and ((v.person_path >= ").push_bind(scope.lo().to_owned());
        $qb.push(" and v.person_path < ").push_bind(scope.hi().to_owned());
        $qb.push(") or v.person_id = ").push_bind(scope.person());
        $qb.push(" or v.assignee_id = ").push_bind(scope.person()).push(")");
    }};
}

/// Requests by id, as the caller may see them.
pub async fn requests_by_ids(
    conn: &mut Conn,
    scope: &Scope,
    ids: &[HomeVisitId],
) -> Result<Vec<HomeVisitRequest>> {
    select_in!(conn, HomeVisitRequest, SELECT_VISITS, "v.id", ids, |qb| { push_visit_scope!(qb, scope) })
}

/// One request by id whoever may see it, for the steps of a mutation, which
/// then decides what the caller may do with it.
pub async fn request(conn: &mut Conn, id: HomeVisitId) -> Result<Option<HomeVisitRequest>> {
    Ok(select_in!(conn, HomeVisitRequest, SELECT_VISITS, "v.id", &[id])?.pop())
}

/// Filters of the `homeVisitRequests` and `myHomeVisitRequests` queries.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct VisitFilter {
    /// Went to the grid with this path.
    pub grid_path: Option<String>,
    /// Assigned to this person.
    pub assignee: Option<PersonId>,
    /// Asked for this person.
    pub person: Option<PersonId>,
    pub state: Option<HomeVisitState>,
}

macro_rules! push_visit_filter {
    ($qb:expr, $f:expr) => {{
        let f: &VisitFilter = $f;
        if let Some(grid) = &f.grid_path {
            $qb.push(" and v.grid_path = ").push_bind(grid.clone());
        }
        if let Some(assignee) = f.assignee {
            $qb.push(" and v.assignee_id = ").push_bind(assignee);
        }
        if let Some(person) = f.person {
            $qb.push(" and v.person_id = ").push_bind(person);
        }
        if let Some(state) = f.state {
            $qb.push(" and v.state = ");
            push_enum!($qb, state);
        }
    }};
}

/// One branch of the scoped list: the scope's branches (see
/// [`Scope::branches`]), with the caller's own records read twice, as the
/// person (`person_id`) and as the visitor (`assignee_id`), each on its index.
#[derive(Clone, Copy)]
enum Branch {
    Whole,
    Path,
    Own(&'static str),
}

fn branches(scope: &Scope) -> Vec<Branch> {
    scope_branches(scope, 1)
        .into_iter()
        .flat_map(|b| match b {
            ScopeBranch::Whole => vec![Branch::Whole],
            ScopeBranch::Path(_) => vec![Branch::Path],
            ScopeBranch::Person => vec![Branch::Own("v.person_id"), Branch::Own("v.assignee_id")],
        })
        .collect()
}

macro_rules! push_branch {
    ($qb:expr, $branch:expr, $scope:expr) => {{
        let scope: &Scope = $scope;
        match $branch {
            // The range said the other way round keeps the planner on the
            // primary key's walk (see `push_scope_branch!`).
            Branch::Whole => {
                $qb.push(" and (not (v.person_path < ").push_bind(scope.lo().to_owned());
                $qb.push(" or v.person_path >= ").push_bind(scope.hi().to_owned());
                $qb.push(") or v.person_id = ").push_bind(scope.person());
                $qb.push(" or v.assignee_id = ").push_bind(scope.person()).push(")");
            }
            Branch::Path => {
                $qb.push(" and v.person_path >= ").push_bind(scope.lo().to_owned());
                $qb.push(" and v.person_path < ").push_bind(scope.hi().to_owned());
            }
            Branch::Own(column) => {
                $qb.push(" and ").push(column).push(" = ").push_bind(scope.person());
            }
        }
    }};
}

/// A page of the requests the caller may see, filtered: the `union` of one
/// branch per part of the scope, each ordered by id and limited (the shape
/// of `select_scoped_page!`, with two branches for the caller's own).
pub async fn list_requests(
    conn: &mut Conn,
    scope: &Scope,
    filter: &VisitFilter,
    page: &Page,
) -> Result<Vec<HomeVisitRequest>> {
    let branches = branches(scope);
    let carried = conn.carried();
    Ok(run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new("");
        push_carry_open!(qb, carried);
        qb.push("select * from (");
        for (i, branch) in branches.iter().enumerate() {
            if i > 0 {
                qb.push(" union ");
            }
            qb.push("select * from (select ")
                .push(VISIT_COLUMNS)
                .push(" from home_visit_request v where true");
            push_branch!(qb, *branch, scope);
            push_visit_filter!(qb, filter);
            push_page!(qb, "v.id", page);
            qb.push(") b").push(i.to_string());
        }
        let order = if page.backward { " desc" } else { " asc" };
        qb.push(") u order by id").push(order).push(" limit ").push_bind(page.fetch());
        let outer = format!("w.id{order}");
        push_carry_close!(qb, carried, outer);
        fetch_carrying!(c, qb, HomeVisitRequest, carried)
    })?)
}

/// How many requests [`list_requests`] lists: the `union` of each branch's ids.
pub async fn count_requests(conn: &mut Conn, scope: &Scope, filter: &VisitFilter) -> Result<i64> {
    let branches = branches(scope);
    Ok(run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new("select count(*) from (");
        for (i, branch) in branches.iter().enumerate() {
            if i > 0 {
                qb.push(" union ");
            }
            qb.push("select v.id from home_visit_request v where true");
            push_branch!(qb, *branch, scope);
            push_visit_filter!(qb, filter);
        }
        qb.push(") u");
        qb.build_query_scalar::<i64>().fetch_one(c).await
    })?)
}

/// A request about to be written.
pub struct NewHomeVisit {
    pub person_id: PersonId,
    pub service_id: ServiceId,
    pub person_path: String,
    pub grid_id: AreaId,
    pub grid_path: String,
    pub preferred_at: Timestamp,
    pub note: Option<String>,
    pub requested_by: String,
}

/// Insert, REQUESTED.
pub async fn insert_request(conn: &mut Conn, v: &NewHomeVisit, at: Timestamp) -> Result<HomeVisitId> {
    let id = HomeVisitId(new_id());
    execute!(
        conn,
        "insert into home_visit_request (id, person_id, service_id, person_path, grid_id, grid_path, \
         preferred_at, note, state, assignee_id, visited_at, visit_notes, requested_by, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, null, null, null, $10, $11, $11)",
        id,
        v.person_id,
        v.service_id,
        &v.person_path,
        v.grid_id,
        &v.grid_path,
        v.preferred_at,
        &v.note,
        HomeVisitState::Requested.as_str(),
        &v.requested_by,
        at
    )?;
    Ok(id)
}

/// What a change of state sets besides the state.
#[derive(Default)]
pub struct VisitChanges {
    pub assignee: Option<PersonId>,
    pub visited_at: Option<Timestamp>,
    pub visit_notes: Option<String>,
}

/// Move a request from `from` to `to`; 0 when it was no longer in `from`
/// (a concurrent change came first).
pub async fn set_state(
    conn: &mut Conn,
    id: HomeVisitId,
    from: HomeVisitState,
    to: HomeVisitState,
    changes: &VisitChanges,
    at: Timestamp,
) -> Result<u64> {
    Ok(run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new("update home_visit_request set state = ");
        qb.push_bind(to.as_str()).push(", updated_at = ").push_bind(at);
        if let Some(assignee) = changes.assignee {
            qb.push(", assignee_id = ").push_bind(assignee);
        }
        if let Some(visited_at) = changes.visited_at {
            qb.push(", visited_at = ").push_bind(visited_at);
        }
        if let Some(notes) = &changes.visit_notes {
            qb.push(", visit_notes = ").push_bind(notes.clone());
        }
        qb.push(" where id = ").push_bind(id).push(" and state = ");
        push_enum!(qb, from);
        qb.build().execute(c).await.map(|r| r.rows_affected())
    })?)
}

/// Carry a person's new home path into their requests, which copy it for
/// scoping (the grid a request went to stays the one it was made in).
pub async fn move_person_home(conn: &mut Conn, person: PersonId, path: &str, at: Timestamp) -> Result<()> {
    execute!(
        conn,
        "update home_visit_request set person_path = $1, updated_at = $2 where person_id = $3",
        path,
        at,
        person
    )?;
    Ok(())
}
