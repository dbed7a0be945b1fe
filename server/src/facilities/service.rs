//! Writes of facilities and reservations. Facilities are kept by the admins
//! of the point's area; anyone signed in with a person reserves, for
//! themself, and grid workers and admins for someone they may read. A
//! reservation of many weeks is all or nothing, and never overlaps a held
//! one: every write of a facility's reservations first locks the facility's
//! row. Each change of state is appended to the state timeline in the
//! transaction of the change.

use super::model::*;
use super::store::{self, FacilityFields, NewReservation};
use crate::auth::{Action, Principal};
use crate::db::timeline::{self, Actor};
use crate::db::{Conn, Date, Db, Scope, Timestamp, new_id, now, read_back};
use crate::error::{Error, InputErrors, Result, UserError};
use crate::ids::{FacilityId, PersonId, ReservationId, ServicePointId};
use crate::people::store as people_store;
use crate::services::model::periods_on;
use crate::services::store as services_store;

pub struct CreateFacility {
    pub point_id: ServicePointId,
    pub name: String,
    pub kind: FacilityKind,
    pub capacity: Option<i32>,
    pub requires_approval: bool,
}

/// A new facility at a point of the caller's area.
pub async fn create_facility(db: &Db, principal: &Principal, input: CreateFacility) -> Result<Facility> {
    let scope = principal.scope_for(Action::ManageServices)?;
    let mut errors = InputErrors::default();
    let name = errors.check(parse_text(&input.name, MAX_NAME_CHARS, "name"));
    let capacity = errors.check(parse_capacity(input.capacity, "capacity"));
    let mut tx = db.begin().await?;
    let point = services_store::point(&mut tx, input.point_id).await?;
    if let Some(p) = &point {
        Principal::check_in(&scope, &p.area_path, "the service point")?;
    }
    let point = errors.check(point.ok_or_else(|| UserError::not_found("pointId", "service point")));
    let (name, capacity, point) = errors.finish((name, capacity, point))?;
    let fields =
        FacilityFields { name, kind: input.kind, capacity, requires_approval: input.requires_approval };
    let id = store::insert_facility(&mut tx, point.id, &point.area_path, &fields, now()).await?;
    let facility = read_back(store::facility(&mut tx, id).await?, "facility")?;
    tx.commit().await?;
    Ok(facility)
}

pub struct UpdateFacility {
    pub id: FacilityId,
    pub name: Option<String>,
    pub kind: Option<FacilityKind>,
    /// `Some(None)` removes the capacity.
    pub capacity: Option<Option<i32>>,
    pub requires_approval: Option<bool>,
}

/// Change a facility of the caller's area; omitted fields stay as they
/// are. Whether it needs approval applies to reservations made from now on.
pub async fn update_facility(db: &Db, principal: &Principal, input: UpdateFacility) -> Result<Facility> {
    let scope = principal.scope_for(Action::ManageServices)?;
    let mut tx = db.begin().await?;
    let facility = facility_in_scope(&mut tx, &scope, input.id, "id").await?;
    let mut errors = InputErrors::default();
    let name = match &input.name {
        Some(n) => errors.check(parse_text(n, MAX_NAME_CHARS, "name")),
        None => Some(facility.name.clone()),
    };
    let capacity = match input.capacity {
        Some(c) => errors.check(parse_capacity(c, "capacity")),
        None => Some(facility.capacity),
    };
    let (name, capacity) = errors.finish((name, capacity))?;
    let fields = FacilityFields {
        name,
        kind: input.kind.unwrap_or(facility.kind),
        capacity,
        requires_approval: input.requires_approval.unwrap_or(facility.requires_approval),
    };
    store::update_facility(&mut tx, facility.id, &fields, now()).await?;
    let facility = read_back(store::facility(&mut tx, facility.id).await?, "facility")?;
    tx.commit().await?;
    Ok(facility)
}

pub struct Reserve {
    pub facility_id: FacilityId,
    /// Whom for; the caller's own person when `None`.
    pub person_id: Option<PersonId>,
    pub from: Timestamp,
    pub to: Timestamp,
    pub purpose: String,
    /// The same time weekly for this many weeks; one reservation when `None`.
    pub weeks: Option<i32>,
}

/// Reserve a facility, once or weekly: every occurrence or none. In one
/// transaction whose first statement locks the facility's row: the held
/// reservations overlapping any occurrence are read in one statement, and
/// the occurrences written in one. An occurrence on a day the point is
/// closed or outside its opening hours is `INVALID_STATE`, one overlapping
/// a held reservation `CONFLICT`, each one error listing the local dates.
pub async fn reserve(db: &Db, principal: &Principal, input: Reserve) -> Result<Vec<Reservation>> {
    if principal.is_anonymous() {
        return Err(Error::Unauthenticated("sign in to reserve".into()));
    }
    let at = now();
    let (from, to) = (whole_seconds(input.from), whole_seconds(input.to));
    let mut errors = InputErrors::default();
    let purpose = errors.check(parse_text(&input.purpose, MAX_PURPOSE_CHARS, "purpose"));
    check_times(from, to, input.weeks, at).into_iter().for_each(|e| errors.push(e));
    let weeks = input.weeks.unwrap_or(1).clamp(1, MAX_WEEKS);
    let when = if weeks > 1 { "recurrence" } else { "from" };
    let person = input.person_id.or(principal.person.map(PersonId));

    let mut tx = db.begin().await?;
    // First: the facility's row lock, held until the transaction ends.
    let locked = store::lock_facility(&mut tx, input.facility_id).await? > 0;
    let facility = if locked { store::facility(&mut tx, input.facility_id).await? } else { None };
    let facility = errors.check(facility.ok_or_else(|| UserError::not_found("facilityId", "facility")));
    let person = match person {
        None => errors.check(Err(UserError::bad_input(
            "personId",
            "you have no person record: say whom the reservation is for",
        ))),
        Some(id) => {
            let found = people_store::person(&mut tx, &principal.read_scope(), id).await?;
            errors.check(found.map(|p| p.id).ok_or_else(|| UserError::not_found("personId", "person")))
        }
    };
    let (purpose, facility, person) = errors.finish((purpose, facility, person))?;

    let occurrences = occurrences(from, to, weeks);
    let closed = closed_dates(&mut tx, facility.point_id, &occurrences).await?;
    let held = store::held_overlapping(&mut tx, facility.id, &occurrences).await?;
    let conflicts = conflicting_dates(&occurrences, &held);
    let mut refused = Vec::new();
    if !closed.is_empty() {
        refused.push(UserError::invalid_state(
            when,
            format!(
                "the point is closed or the time is outside its opening hours on {}",
                dates_text(&closed)
            ),
        ));
    }
    if !conflicts.is_empty() {
        refused.push(UserError::conflict(
            when,
            format!("the facility is already reserved at this time on {}", dates_text(&conflicts)),
        ));
    }
    if !refused.is_empty() {
        return Err(Error::User(refused));
    }

    let state =
        if facility.requires_approval { ReservationState::Requested } else { ReservationState::Approved };
    let rows: Vec<NewReservation> =
        occurrences.iter().map(|o| NewReservation { id: ReservationId(new_id()), occurrence: *o }).collect();
    let ids: Vec<ReservationId> = rows.iter().map(|r| r.id).collect();
    let series = new_id();
    store::insert_reservations(
        &mut tx,
        &facility,
        series,
        person,
        &purpose,
        state,
        &principal.subject,
        &rows,
        at,
    )
    .await?;
    let subjects: Vec<uuid::Uuid> = ids.iter().map(|id| id.0).collect();
    timeline::record_changes(&mut tx, &subjects, state.as_str(), at, &actor(principal)).await?;
    let mut made = store::reservations_by_ids(&mut tx, &ids).await?;
    made.sort_by_key(|r| r.starts_at);
    if made.len() != ids.len() {
        return Err(Error::internal(anyhow::anyhow!("the reservations just written were not read back")));
    }
    tx.commit().await?;
    Ok(made)
}

/// The local dates of the occurrences on which the point is closed (a
/// closure, a public holiday) or which lie outside its opening periods of
/// the day: three statements, whatever the number of occurrences.
async fn closed_dates(tx: &mut Conn, point: ServicePointId, occurrences: &[Occurrence]) -> Result<Vec<Date>> {
    let mut dates: Vec<Date> = occurrences.iter().map(Occurrence::date).collect();
    dates.dedup();
    let week = services_store::periods_of(tx, &[point]).await?;
    let calendar = services_store::calendar_days_on(tx, &dates).await?;
    let closures = services_store::closures_on(tx, &[point], &dates).await?;
    let mut closed: Vec<Date> = occurrences
        .iter()
        .filter(|o| {
            let date = o.date();
            let day = calendar.iter().find(|d| d.day == date).map(|d| d.kind);
            let shut = closures.iter().any(|c| c.on_date == date);
            !o.within(&periods_on(date, &week, day, shut))
        })
        .map(Occurrence::date)
        .collect();
    closed.dedup();
    Ok(closed)
}

/// Approve a requested reservation (the admins of the point's area).
pub async fn approve_reservation(db: &Db, principal: &Principal, id: ReservationId) -> Result<Reservation> {
    decide(db, principal, id, ReservationState::Approved, None).await
}

/// Reject a requested reservation, saying why (the admins of the point's area).
pub async fn reject_reservation(
    db: &Db,
    principal: &Principal,
    id: ReservationId,
    reason: &str,
) -> Result<Reservation> {
    principal.scope_for(Action::ManageServices)?;
    let reason = parse_text(reason, MAX_REASON_CHARS, "reason")?;
    decide(db, principal, id, ReservationState::Rejected, Some(reason)).await
}

async fn decide(
    db: &Db,
    principal: &Principal,
    id: ReservationId,
    to: ReservationState,
    note: Option<String>,
) -> Result<Reservation> {
    let scope = principal.scope_for(Action::ManageServices)?;
    let at = now();
    let mut tx = db.begin().await?;
    let found = reservation_of(&mut tx, id).await?;
    Principal::check_in(&scope, &found.area_path, "the reservation")?;
    let r = locked_again(&mut tx, &found).await?;
    if r.state != ReservationState::Requested {
        return Err(UserError::invalid_state(
            "reservationId",
            format!("only a requested reservation is approved or rejected; this one is {}", r.state.as_str()),
        )
        .into());
    }
    if r.starts_at <= at {
        return Err(UserError::invalid_state("reservationId", "the reservation has already started").into());
    }
    store::set_state(&mut tx, &[r.id], to, at).await?;
    timeline::record_change(&mut tx, r.id.0, to.as_str(), at, &actor(principal), note.as_deref()).await?;
    let r = read_back(store::reservation(&mut tx, r.id).await?, "reservation")?;
    tx.commit().await?;
    Ok(r)
}

/// Cancel a reservation before it starts, or with `whole_series` every
/// occurrence of its series still to come: by the person it is for, whoever
/// made it, or the admins of the point's area.
pub async fn cancel_reservation(
    db: &Db,
    principal: &Principal,
    id: ReservationId,
    whole_series: bool,
) -> Result<Reservation> {
    if principal.is_anonymous() {
        return Err(Error::Unauthenticated("sign in to cancel".into()));
    }
    let at = now();
    let mut tx = db.begin().await?;
    let found = reservation_of(&mut tx, id).await?;
    let admin = principal.scope_for(Action::ManageServices).is_ok_and(|s| s.covers_path(&found.area_path));
    let own = principal.person == Some(found.person_id.0) || principal.subject == found.reserved_by;
    if !(admin || own) {
        return Err(Error::forbidden("only the reserver or the point's admins cancel a reservation"));
    }
    let r = locked_again(&mut tx, &found).await?;
    let targets: Vec<ReservationId> = if whole_series {
        store::held_of_series_after(&mut tx, r.series_id, at).await?.into_iter().map(|r| r.id).collect()
    } else if !r.state.holds_time() {
        return Err(UserError::invalid_state(
            "reservationId",
            format!(
                "only a requested or approved reservation is cancelled; this one is {}",
                r.state.as_str()
            ),
        )
        .into());
    } else if r.starts_at <= at {
        return Err(UserError::invalid_state("reservationId", "the reservation has already started").into());
    } else {
        vec![r.id]
    };
    if targets.is_empty() {
        return Err(
            UserError::invalid_state("reservationId", "nothing of the series is left to cancel").into()
        );
    }
    store::set_state(&mut tx, &targets, ReservationState::Cancelled, at).await?;
    let subjects: Vec<uuid::Uuid> = targets.iter().map(|t| t.0).collect();
    timeline::record_changes(&mut tx, &subjects, ReservationState::Cancelled.as_str(), at, &actor(principal))
        .await?;
    let r = read_back(store::reservation(&mut tx, r.id).await?, "reservation")?;
    tx.commit().await?;
    Ok(r)
}

/// Who makes a change: the caller's subject and person.
fn actor(principal: &Principal) -> Actor {
    Actor { subject: principal.subject.clone(), person: principal.person }
}

/// The reservation, or `NOT_FOUND` on `reservationId`.
async fn reservation_of(tx: &mut Conn, id: ReservationId) -> Result<Reservation> {
    Ok(store::reservation(tx, id)
        .await?
        .ok_or_else(|| UserError::not_found("reservationId", "reservation"))?)
}

/// Lock the reservation's facility and read the reservation again under the lock.
async fn locked_again(tx: &mut Conn, r: &Reservation) -> Result<Reservation> {
    store::lock_facility(tx, r.facility_id).await?;
    read_back(store::reservation(tx, r.id).await?, "reservation")
}

/// The facility, or `NOT_FOUND` on `field` when it is missing; `FORBIDDEN`
/// when its point stands outside the caller's area.
async fn facility_in_scope(tx: &mut Conn, scope: &Scope, id: FacilityId, field: &str) -> Result<Facility> {
    let facility = store::facility(tx, id).await?.ok_or_else(|| UserError::not_found(field, "facility"))?;
    Principal::check_in(scope, &facility.area_path, "the facility")?;
    Ok(facility)
}
