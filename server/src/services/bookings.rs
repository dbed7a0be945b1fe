//! Booking a service's slot, and changing a booking: who may, and the
//! rules of the slot (the point's hours after the calendar and closures,
//! the booking window, eligibility). The places themselves are the booking
//! engine's (`booking::service`).
//!
//! Bookings of one slot that arrive together are grouped
//! ([`crate::db::group`]): the slot, its service and the callers' people are
//! read once for the group, and the group is booked in one transaction under
//! the slot's lock, in order of arrival. A burst for one slot then costs a
//! few statements a group instead of a dozen a booking, and the lock is
//! held once per group.

use std::sync::LazyLock;

use super::model::*;
use super::store;
use crate::auth::{Action, Principal, Role};
use crate::booking;
use crate::booking::model::{Booking, MAX_IDEMPOTENCY_KEY_CHARS, MAX_OUTCOME_CHARS, NewBookable};
use crate::booking::service::{BookRequest, Change};
use crate::db::group::Groups;
use crate::db::timeline::Actor;
use crate::db::{Conn, Date, Db, Scope, Timestamp, read_back};
use crate::error::{Error, InputErrors, Result, UserError};
use crate::ids::{BookingId, PersonId, ServiceId};
use crate::people::model::Person;
use crate::people::store as people_store;

/// A request to book a slot.
pub struct Book {
    pub slot: (ServiceId, Timestamp),
    /// For someone else (a grid worker or an admin booking for a resident);
    /// the caller's own person when `None`.
    pub person: Option<PersonId>,
    pub idempotency_key: Option<String>,
    pub waitlist: bool,
}

fn actor_of(principal: &Principal) -> Actor {
    Actor { subject: principal.subject.clone(), person: principal.person }
}

/// Why a date has no slots: the calendar's holiday or the point's closure.
fn closed_because(calendar: Option<&CalendarDay>, closure: Option<&PointClosure>) -> String {
    match (closure, calendar) {
        (Some(c), _) => format!("the point is closed ({})", c.reason.as_deref().unwrap_or("closure")),
        (None, Some(d)) if d.kind == CalendarDayKind::Holiday => format!("a public holiday ({})", d.name),
        _ => "the point keeps no hours for this service that day".to_owned(),
    }
}

/// 预约 — book a slot of a service for oneself or for a resident of the
/// caller's area: CONFIRMED while places are free, else WAITLISTED in
/// order of arrival (or `CAPACITY` when no waitlist is wanted). The call
/// joins the group of its slot (see the module).
pub async fn book(db: &Db, principal: &Principal, input: Book) -> Result<Booking> {
    if principal.is_anonymous() {
        return Err(Error::Unauthenticated("sign in to book".into()));
    }
    let mut errors = InputErrors::default();
    let key = match input.idempotency_key.as_deref() {
        Some(k) => errors.check(parse_text(k, MAX_IDEMPOTENCY_KEY_CHARS, "idempotencyKey")),
        None => None,
    };
    let person = input.person.or(principal.person.map(PersonId));
    if person.is_none() {
        errors.push(UserError::bad_input("personId", "name the person the place is for"));
    }
    let arrival = Arrival {
        actor: actor_of(principal),
        scope: principal.read_scope(),
        person,
        key,
        waitlist: input.waitlist,
        errors,
    };
    let (service, starts_at) = input.slot;
    let group_db = db.clone();
    ARRIVALS
        .submit((db.instance(), service, starts_at), arrival, move |(_, service, starts_at), group| {
            let db = group_db.clone();
            async move { book_group(&db, service, starts_at, group).await }
        })
        .await
        .map_err(|_| Error::internal(anyhow::anyhow!("the bookings of this slot failed")))?
}

/// One call of `book`, waiting in its slot's group.
struct Arrival {
    actor: Actor,
    /// Whose people the caller may book for.
    scope: Scope,
    person: Option<PersonId>,
    key: Option<String>,
    waitlist: bool,
    /// What was wrong with the input before the group ran.
    errors: InputErrors,
}

/// A slot of a database: its service and start, and the database's [`Db::instance`].
type SlotKey = (u64, ServiceId, Timestamp);

/// The groups of arrivals, by slot.
static ARRIVALS: LazyLock<Groups<SlotKey, Arrival, Result<Booking>>> = LazyLock::new(Groups::default);

/// Answer a group: each arrival its booking or its errors; a failure of
/// the database is every arrival's.
async fn book_group(
    db: &Db,
    service: ServiceId,
    starts_at: Timestamp,
    group: Vec<Arrival>,
) -> Vec<Result<Booking>> {
    let n = group.len();
    match book_slot(db, service, starts_at, group).await {
        Ok(answers) => answers,
        Err(e) => (0..n).map(|_| Err(e.for_another())).collect(),
    }
}

async fn book_slot(
    db: &Db,
    service_id: ServiceId,
    starts_at: Timestamp,
    mut group: Vec<Arrival>,
) -> Result<Vec<Result<Booking>>> {
    let now = db.clock().now();
    let mut conn = db.conn().await?;
    let service = store::service(&mut conn, service_id).await?;
    // The people, as each caller may see them: a statement per scope (a
    // group usually has one caller's).
    let mut people: Vec<Option<Person>> = vec![None; group.len()];
    let mut scopes: Vec<&Scope> = Vec::new();
    for a in &group {
        if !scopes.contains(&&a.scope) {
            scopes.push(&a.scope);
        }
    }
    for scope in scopes {
        let ids: Vec<PersonId> =
            group.iter().filter(|a| a.scope == *scope).filter_map(|a| a.person).collect();
        let found = people_store::persons_by_ids(&mut conn, scope, &ids).await?;
        for (a, p) in group.iter().zip(people.iter_mut()) {
            if a.scope == *scope {
                *p = a.person.and_then(|id| found.iter().find(|f| f.id == id).cloned());
            }
        }
    }
    // Every bad field of each input at once; then the slot's rules.
    let mut answers: Vec<Option<Result<Booking>>> = Vec::with_capacity(group.len());
    let mut ready = Vec::new();
    for (i, (a, person)) in group.iter_mut().zip(people).enumerate() {
        let mut errors = std::mem::take(&mut a.errors);
        if service.is_none() {
            errors.push(UserError::not_found("slot", "service"));
        }
        if a.person.is_some() && person.is_none() {
            errors.push(UserError::not_found("personId", "person"));
        }
        match errors.finish(person) {
            Ok(person) => {
                ready.push((i, person));
                answers.push(None);
            }
            Err(e) => answers.push(Some(Err(e))),
        }
    }
    let Some(service) = service.filter(|_| !ready.is_empty()) else {
        return Ok(answers.into_iter().flatten().collect());
    };
    let slot = match slot_of(&mut conn, &service, starts_at, now).await? {
        Ok(slot) => slot,
        Err(e) => {
            for (i, _) in &ready {
                answers[*i] = Some(Err(e.clone().into()));
            }
            return Ok(answers.into_iter().flatten().collect());
        }
    };
    let date = local_date(starts_at);
    let persons: Vec<&Person> = ready.iter().map(|(_, p)| p).collect();
    let applicants = store::applicants(&mut conn, &service, &persons, date).await?;
    let served = store::served_paths_for(&mut conn, &service).await?;
    drop(conn);
    let mut eligible = Vec::new();
    for ((i, person), applicant) in ready.iter().zip(&applicants) {
        let failed = service.failed_rules(applicant, date, &served);
        if failed.is_empty() {
            eligible.push((*i, person));
        } else {
            let rules: Vec<String> = failed.iter().map(Rule::describe).collect();
            answers[*i] =
                Some(Err(UserError::ineligible("personId", format!("fails: {}", rules.join("; "))).into()));
        }
    }
    if !eligible.is_empty() {
        let what = NewBookable {
            kind: SERVICE_SLOT,
            owner_id: service.id.0,
            place_id: Some(service.point_id.0),
            area_path: service.area_path.clone(),
            starts_at: slot.starts_at,
            ends_at: slot.ends_at,
            capacity: service.capacity,
            claim_minutes: service.claim_minutes,
        };
        let requests: Vec<BookRequest> = eligible
            .iter()
            .map(|(i, person)| {
                let a = &group[*i];
                BookRequest {
                    person: person.id,
                    person_path: &person.area_path,
                    actor: &a.actor,
                    idempotency_key: a.key.as_deref(),
                    waitlist: a.waitlist,
                    field: "slot",
                }
            })
            .collect();
        let mut tx = db.begin().await?;
        let booked = booking::service::book(&mut tx, &what, &requests, db.clock()).await?;
        tx.commit().await?;
        for ((i, _), answer) in eligible.iter().zip(booked) {
            answers[*i] = Some(answer);
        }
    }
    Ok(answers.into_iter().flatten().collect())
}

/// The slot of `service` starting at `starts_at`, if it is one the point
/// keeps that day and is open for booking at `now`; else the user error
/// that says why not.
async fn slot_of(
    conn: &mut Conn,
    service: &Service,
    starts_at: Timestamp,
    now: Timestamp,
) -> Result<std::result::Result<Slot, UserError>> {
    let date = local_date(starts_at);
    let week = store::periods_of(conn, &[service.point_id]).await?;
    let calendar = store::calendar_day(conn, date).await?;
    let closure = store::closures_on(conn, &[service.point_id], &[date]).await?.pop();
    let periods = periods_on(date, &week, calendar.as_ref().map(|c| c.kind), closure.is_some());
    let slots = slots_on(service, date, &periods);
    let Some(slot) = slots.iter().find(|s| s.starts_at == starts_at).copied() else {
        return Ok(Err(match slots.is_empty() {
            true => UserError::invalid_state(
                "slot",
                format!("no slots on {}: {}", date.0, closed_because(calendar.as_ref(), closure.as_ref())),
            ),
            false => UserError::not_found("slot", "slot"),
        }));
    };
    if slot.starts_at <= now {
        return Ok(Err(UserError::invalid_state("slot", "this slot has already begun")));
    }
    let opens = Date(date.0 - chrono::Duration::days(i64::from(service.opens_days_ahead)));
    if local_date(now) < opens {
        return Ok(Err(UserError::invalid_state(
            "slot",
            format!("booking for this slot opens on {}", opens.0),
        )));
    }
    Ok(Ok(slot))
}

/// What a caller asks of a booking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BookingAction {
    Cancel,
    Claim,
    CheckIn,
    NoShow,
    Complete,
}

/// Cancel, claim, check in, mark a no-show or complete a booking, with the
/// rules of its state and of who may:
/// - the person, and the grid workers and admins of where they live, cancel
///   (until the service's cancellation deadline) and claim offers;
/// - the admins of the point's area cancel at any time before the start;
/// - the point's staff (SERVICE_STAFF) and its admins check in, mark
///   no-shows and complete.
///
/// A booking the caller may not see is `NOT_FOUND`.
pub async fn change_booking(
    db: &Db,
    principal: &Principal,
    id: BookingId,
    action: BookingAction,
    outcome: Option<String>,
) -> Result<Booking> {
    if principal.is_anonymous() {
        return Err(Error::Unauthenticated("sign in to change a booking".into()));
    }
    let outcome = match (action, outcome.as_deref()) {
        (BookingAction::Complete, Some(o)) => Some(parse_text(o, MAX_OUTCOME_CHARS, "outcome")?),
        (BookingAction::Complete, None) => {
            return Err(UserError::bad_input("outcome", "say what came of the service").into());
        }
        _ => None,
    };
    let mut conn = db.conn().await?;
    let found =
        booking::store::booking(&mut conn, id).await?.ok_or_else(|| UserError::not_found("id", "booking"))?;
    let bookable = booking::store::bookables_by_ids(&mut conn, &[found.bookable_id]).await?.pop();
    let bookable = read_back(bookable, "bookable")?;
    let service = read_back(store::service(&mut conn, ServiceId(bookable.owner_id)).await?, "service")?;
    let own = principal.person == Some(found.person_id.0);
    let for_them =
        own || principal.read_scope().covers_path(&found.person_path) && !principal.read_scope().is_nothing();
    let manages =
        principal.scope_for(Action::ManageServices).is_ok_and(|s| s.covers_path(&bookable.area_path));
    let staffs = match principal.person {
        Some(me) if principal.has_role(Role::ServiceStaff) => {
            store::is_staff(&mut conn, PersonId(me), service.point_id, local_date(db.clock().now())).await?
        }
        _ => false,
    };
    drop(conn);
    if !(for_them || manages || staffs) {
        return Err(UserError::not_found("id", "booking").into());
    }
    let allowed = match action {
        BookingAction::Cancel | BookingAction::Claim => for_them || manages,
        BookingAction::CheckIn | BookingAction::NoShow | BookingAction::Complete => manages || staffs,
    };
    if !allowed {
        return Err(Error::forbidden("this change is for the point's staff and admins"));
    }
    let change = match action {
        BookingAction::Cancel => Change::Cancel {
            deadline: found.starts_at - chrono::Duration::hours(i64::from(service.cancel_hours_before)),
            late_allowed: manages,
        },
        BookingAction::Claim => Change::Claim,
        BookingAction::CheckIn => Change::CheckIn,
        BookingAction::NoShow => Change::NoShow,
        BookingAction::Complete => Change::Complete { outcome: outcome.as_deref().unwrap_or_default() },
    };
    let now = db.clock().now();
    let mut tx = db.begin().await?;
    let booking = booking::service::change(&mut tx, id, change, &actor_of(principal), now, "id").await?;
    tx.commit().await?;
    Ok(booking)
}
