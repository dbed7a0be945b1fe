//! Home-visit workflows: each finds the request, decides what the caller
//! may do with it, validates the whole input (every bad field at once),
//! writes the change and its row of the timeline in one transaction, and
//! reads the request back.
//!
//! Who may do what: a resident asks for themself; the grid workers and
//! admins whose area holds the person's home ask on their behalf, assign,
//! close and cancel; the visitor records the visit (so may those admins);
//! the person may cancel. A caller who may not is `FORBIDDEN`.

use super::model::*;
use super::store::{self, NewHomeVisit, VisitChanges};
use crate::area::model::{Area, AreaKind};
use crate::area::store as area_store;
use crate::auth::{Action, Principal};
use crate::db::timeline::{Actor, record_change};
use crate::db::{Conn, Date, Db, Scope, Timestamp, read_back};
use crate::error::{Error, InputErrors, Result, UserError};
use crate::ids::{HomeVisitId, PersonId, ServiceId};
use crate::people::model::{Note, Person, PersonMoved};
use crate::people::store::{self as people_store, NewServing};
use crate::services::model::ServiceMode;
use crate::services::store as services_store;

/// Who makes a change, for the timeline.
fn actor_of(principal: &Principal) -> Actor {
    Actor { subject: principal.subject.clone(), person: principal.person }
}

fn signed_in(principal: &Principal) -> Result<()> {
    if principal.is_anonymous() {
        return Err(Error::Unauthenticated("sign in to ask for or change a home visit".into()));
    }
    Ok(())
}

/// The area of the person's home where grid workers and admins manage their
/// visits, when the caller is one of them.
fn manages(principal: &Principal, person_path: &str) -> bool {
    principal.scope_for(Action::ManagePeople).is_ok_and(|s| s.covers_path(person_path))
}

/// The grid a home lies in: the GRID area above it (a village without
/// grids is its own).
async fn grid_of(tx: &mut Conn, home_path: &str) -> Result<Area> {
    let areas = area_store::areas_by_paths(tx, &paths_down_to(home_path)).await?;
    let grid = areas.iter().filter(|a| a.kind == AreaKind::Grid).max_by_key(|a| a.depth).cloned();
    let grid = grid.or_else(|| areas.into_iter().find(|a| a.path == home_path));
    read_back(grid, "home's grid")
}

pub struct RequestHomeVisit {
    pub service_id: ServiceId,
    /// The caller themself when not given.
    pub person_id: Option<PersonId>,
    pub preferred_at: Timestamp,
    pub note: String,
}

/// 申请上门服务: a resident for themself, or a grid worker or admin for a
/// resident whose home is in their area. The service must be a HOME_VISIT
/// one (else `INVALID_STATE` on `serviceId`); the preferred time lies ahead.
/// The request goes to the grid the person lives in.
pub async fn request_home_visit(
    db: &Db,
    principal: &Principal,
    input: RequestHomeVisit,
) -> Result<HomeVisitRequest> {
    signed_in(principal)?;
    let me = principal.person.map(PersonId);
    let for_self = input.person_id.is_none() || input.person_id == me;
    // On someone's behalf: only with the right to manage people somewhere.
    let write_scope = if for_self { None } else { Some(principal.scope_for(Action::ManagePeople)?) };
    let now = db.clock().now();
    let mut errors = InputErrors::default();
    let note = errors.check(Note::parse(&input.note, "note"));
    let preferred_at = errors.check(check_preferred_at(input.preferred_at, now, "preferredAt"));
    let mut tx = db.begin().await?;
    let service = match services_store::service(&mut tx, input.service_id).await? {
        None => Err(UserError::not_found("serviceId", "service")),
        Some(s) if s.mode != ServiceMode::HomeVisit => Err(UserError::invalid_state(
            "serviceId",
            format!("a home visit is asked of a HOME_VISIT service, not an {} one", s.mode.as_str()),
        )),
        Some(s) => Ok(s),
    };
    let service = errors.check(service);
    let person = match input.person_id.or(me) {
        None => Err(UserError::bad_input("personId", "name the person to visit; your token names no person")),
        Some(id) => people_store::person(&mut tx, &principal.read_scope(), id)
            .await?
            .ok_or_else(|| UserError::not_found("personId", "person")),
    };
    let person = errors.check(person);
    let (note, preferred_at, service, person) = errors.finish((note, preferred_at, service, person))?;
    if let Some(scope) = &write_scope {
        Principal::check_in(scope, &person.area_path, "the person's home")?;
    }
    let grid = grid_of(&mut tx, &person.area_path).await?;
    let new = NewHomeVisit {
        person_id: person.id,
        service_id: service.id,
        person_path: person.area_path.clone(),
        grid_id: grid.id,
        grid_path: grid.path,
        preferred_at,
        note: note.map(|n| n.as_str().to_owned()),
        requested_by: principal.subject.clone(),
    };
    let id = store::insert_request(&mut tx, &new, now).await?;
    record_change(&mut tx, id.0, HomeVisitState::Requested.as_str(), now, &actor_of(principal), None).await?;
    let visit =
        read_back(store::requests_by_ids(&mut tx, &principal.read_scope(), &[id]).await?.pop(), "request")?;
    tx.commit().await?;
    Ok(visit)
}

/// The request a write is about, or `NOT_FOUND` on `id`: also when the
/// caller may not see it (not the person, not the visitor, not of their
/// area), so a change never tells a stranger that a request exists.
async fn found(tx: &mut Conn, principal: &Principal, id: HomeVisitId) -> Result<HomeVisitRequest> {
    let visit = store::request(tx, id).await?;
    let sees = |v: &HomeVisitRequest| {
        principal.person == Some(v.person_id.0)
            || v.assignee_id.is_some_and(|a| principal.person == Some(a.0))
            || (!principal.read_scope().is_nothing() && principal.read_scope().covers_path(&v.person_path))
    };
    Ok(visit.filter(sees).ok_or_else(|| UserError::not_found("id", "home-visit request"))?)
}

/// Move the request on by `step` (already allowed from `visit.state`),
/// append the timeline row, and read it back as the caller sees it.
async fn change(
    tx: &mut Conn,
    principal: &Principal,
    visit: &HomeVisitRequest,
    to: HomeVisitState,
    changes: &VisitChanges,
    note: Option<&str>,
    now: Timestamp,
) -> Result<HomeVisitRequest> {
    if store::set_state(tx, visit.id, visit.state, to, changes, now).await? == 0 {
        return Err(UserError::invalid_state("id", "the request changed meanwhile; read it again").into());
    }
    record_change(tx, visit.id.0, to.as_str(), now, &actor_of(principal), note).await?;
    read_back(store::requests_by_ids(tx, &principal.read_scope(), &[visit.id]).await?.pop(), "request")
}

fn forbidden(what: &str) -> Error {
    Error::forbidden(format!("{what} is for the grid workers and admins of the person's home"))
}

/// 派单: name the grid worker or volunteer who visits. The visitor serves at
/// the person's home while the visit runs (`HOME_VISITOR`).
pub async fn assign_home_visit(
    db: &Db,
    principal: &Principal,
    id: HomeVisitId,
    assignee_id: PersonId,
) -> Result<HomeVisitRequest> {
    signed_in(principal)?;
    let now = db.clock().now();
    let mut tx = db.begin().await?;
    let visit = found(&mut tx, principal, id).await?;
    if !manages(principal, &visit.person_path) {
        return Err(forbidden("assigning a home visit"));
    }
    let mut errors = InputErrors::default();
    let to = errors.check(visit.state.after(HomeVisitStep::Assign, "id"));
    let assignee = visible_person(&mut tx, &principal.read_scope(), assignee_id, "assigneeId").await?;
    let assignee = errors.check(assignee);
    let (to, assignee) = errors.finish((to, assignee))?;
    let changes = VisitChanges { assignee: Some(assignee.id), ..Default::default() };
    let visit = change(&mut tx, principal, &visit, to, &changes, None, now).await?;
    let serving = NewServing {
        person_id: assignee.id,
        kind: HOME_VISITOR,
        source_id: visit.id.0,
        area_path: visit.person_path.clone(),
        from_on: Date::today(),
        to_on: None,
    };
    people_store::start_serving(&mut tx, &serving, now).await?;
    tx.commit().await?;
    Ok(visit)
}

async fn visible_person(
    tx: &mut Conn,
    scope: &Scope,
    id: PersonId,
    field: &str,
) -> Result<std::result::Result<Person, UserError>> {
    Ok(people_store::person(tx, scope, id).await?.ok_or_else(|| UserError::not_found(field, "person")))
}

/// 上门登记: the visit took place at `visited_at`, with what was done. By
/// the visitor, or the grid workers and admins of the person's home.
pub async fn record_home_visit(
    db: &Db,
    principal: &Principal,
    id: HomeVisitId,
    visited_at: Timestamp,
    notes: String,
) -> Result<HomeVisitRequest> {
    signed_in(principal)?;
    let now = db.clock().now();
    let mut tx = db.begin().await?;
    let visit = found(&mut tx, principal, id).await?;
    let visits = visit.assignee_id.is_some() && visit.assignee_id.map(|a| a.0) == principal.person;
    if !(visits || manages(principal, &visit.person_path)) {
        return Err(Error::forbidden(
            "recording a visit is for the visitor and the grid workers and admins of the person's home",
        ));
    }
    let mut errors = InputErrors::default();
    let to = errors.check(visit.state.after(HomeVisitStep::Record, "id"));
    let visited_at = errors.check(check_visited_at(visited_at, visit.created_at, now, "visitedAt"));
    let notes = errors.check(Note::parse(&notes, "notes"));
    let (to, visited_at, notes) = errors.finish((to, visited_at, notes))?;
    let changes = VisitChanges {
        visited_at: Some(visited_at),
        visit_notes: notes.map(|n| n.as_str().to_owned()),
        ..Default::default()
    };
    let visit = change(&mut tx, principal, &visit, to, &changes, None, now).await?;
    tx.commit().await?;
    Ok(visit)
}

/// 办结: close a visited request; the visitor stops serving at the home.
pub async fn close_home_visit(db: &Db, principal: &Principal, id: HomeVisitId) -> Result<HomeVisitRequest> {
    signed_in(principal)?;
    let now = db.clock().now();
    let mut tx = db.begin().await?;
    let visit = found(&mut tx, principal, id).await?;
    if !manages(principal, &visit.person_path) {
        return Err(forbidden("closing a home visit"));
    }
    let to = visit.state.after(HomeVisitStep::Close, "id")?;
    let visit = change(&mut tx, principal, &visit, to, &VisitChanges::default(), None, now).await?;
    let today = Date::today();
    people_store::end_serving(&mut tx, visit.id.0, today, today).await?;
    tx.commit().await?;
    Ok(visit)
}

/// 取消: cancel a request before its visit, by the person or the grid
/// workers and admins of their home; a visitor named stops serving there.
pub async fn cancel_home_visit(
    db: &Db,
    principal: &Principal,
    id: HomeVisitId,
    reason: Option<String>,
) -> Result<HomeVisitRequest> {
    signed_in(principal)?;
    let now = db.clock().now();
    let mut tx = db.begin().await?;
    let visit = found(&mut tx, principal, id).await?;
    let own = principal.person == Some(visit.person_id.0);
    if !(own || manages(principal, &visit.person_path)) {
        return Err(Error::forbidden(
            "cancelling a home visit is for the person and the grid workers and admins of their home",
        ));
    }
    let mut errors = InputErrors::default();
    let to = errors.check(visit.state.after(HomeVisitStep::Cancel, "id"));
    let reason = reason.as_deref().map(|r| errors.check(parse_reason(r, "reason")));
    let to = errors.finish(to)?;
    let reason = reason.flatten().flatten();
    let visit =
        change(&mut tx, principal, &visit, to, &VisitChanges::default(), reason.as_deref(), now).await?;
    let today = Date::today();
    people_store::end_serving(&mut tx, visit.id.0, today, today).await?;
    tx.commit().await?;
    Ok(visit)
}

/// When a person moves house, their requests move with them (their path is
/// copied for scoping); installed in `people::service::PERSON_MOVED`.
pub fn on_person_moved<'a>(
    tx: &'a mut Conn,
    moved: &'a PersonMoved,
) -> futures::future::BoxFuture<'a, Result<()>> {
    Box::pin(store::move_person_home(tx, moved.person, &moved.home_path, moved.at))
}
