//! The engine's writes. Each runs inside its caller's transaction (the
//! owner's mutation: `services::bookings` for a service's slot, which books
//! a group of arrivals at once) and starts by taking the bookable's lock; then it settles what is due (offers
//! that ran out, a line left when the bookable began), decides, writes the
//! bookings, the bookable's counters and each change's line in the state
//! timeline. [`sweep`] settles every due bookable in the background, and
//! [`settle`] those a read is about to show.

use chrono::{Duration, SubsecRound};

use super::model::*;
use super::store;
use crate::db::timeline::{Actor, NewChange, record_all, record_change, record_changes};
use crate::db::{Clock, Conn, Db, Timestamp, new_id, read_back};
use crate::error::{Error, Result, UserError};
use crate::ids::{BookableId, BookingId, PersonId};

/// The kind of subject the timeline records for a booking.
pub const TIMELINE: &str = "booking";

/// A request for a place.
pub struct BookRequest<'a> {
    pub person: PersonId,
    /// The person's home path, for who may see the booking.
    pub person_path: &'a str,
    /// Who asks: the token's subject, whose idempotency keys these are.
    pub actor: &'a Actor,
    pub idempotency_key: Option<&'a str>,
    /// Join the line when no place is free (else `CAPACITY`).
    pub waitlist: bool,
    /// The input field that names the bookable, for errors.
    pub field: &'a str,
}

/// Book places of `what`, one per request, in the order given (a group of
/// arrivals, see [`crate::db::group`]), under one lock: CONFIRMED while
/// places are free and nobody is in line, else WAITLISTED (or `CAPACITY`
/// when no line is wanted). A retry with an idempotency key already used
/// returns the first booking. Each request gets its own answer; the
/// transaction fails only as a whole (the database failed), and then
/// nothing of any request is written.
pub async fn book(
    tx: &mut Conn,
    what: &NewBookable,
    requests: &[BookRequest<'_>],
    clock: &Clock,
) -> Result<Vec<Result<Booking>>> {
    let mut b = store::lock_or_make(tx, what, clock.now()).await?;
    // Stamped when the lock is held, so the order of `bookedAt` is the order of the line.
    let now = clock.now().trunc_subsecs(6);
    // Under the lock, so racing retries find the first.
    let keys: Vec<(&str, &str)> =
        requests.iter().filter_map(|r| Some((r.actor.subject.as_str(), r.idempotency_key?))).collect();
    let firsts = match keys.is_empty() {
        true => Vec::new(),
        false => store::bookings_by_keys(tx, &keys).await?,
    };
    let begun = now >= b.starts_at;
    let (live, overlapping): (Vec<Booking>, Vec<Booking>) = if begun {
        (Vec::new(), Vec::new())
    } else {
        settle_locked(tx, &mut b, now).await?;
        let persons: Vec<PersonId> = requests.iter().map(|r| r.person).collect();
        let in_the_way = store::in_the_way(tx, &persons, b.id, b.starts_at, b.ends_at).await?;
        in_the_way.into_iter().partition(|x| x.bookable_id == b.id)
    };
    let (mut made, mut made_by): (Vec<Booking>, Vec<&Actor>) = (Vec::new(), Vec::new());
    let mut answers = Vec::with_capacity(requests.len());
    for req in requests {
        let first = req.idempotency_key.and_then(|key| {
            firsts
                .iter()
                .chain(&made)
                .find(|f| f.requested_by == req.actor.subject && f.idempotency_key.as_deref() == Some(key))
        });
        if let Some(first) = first {
            answers.push(replay(first, what, req));
            continue;
        }
        if begun {
            answers.push(Err(UserError::invalid_state(req.field, "this has already begun").into()));
            continue;
        }
        answers.push(decide(&mut b, req, &live, &made, &overlapping).map(|state| {
            b.arrivals += 1;
            let booking = Booking {
                id: BookingId(new_id()),
                bookable_id: b.id,
                person_id: req.person,
                person_path: req.person_path.to_owned(),
                area_path: b.area_path.clone(),
                state,
                seq: b.arrivals,
                starts_at: b.starts_at,
                ends_at: b.ends_at,
                offer_expires_at: None,
                requested_by: req.actor.subject.clone(),
                idempotency_key: req.idempotency_key.map(str::to_owned),
                outcome: None,
                created_at: now,
            };
            made.push(booking.clone());
            made_by.push(req.actor);
            booking
        }));
    }
    if !made.is_empty() {
        store::insert_bookings(tx, &made).await?;
        let changes: Vec<NewChange> = made
            .iter()
            .zip(made_by)
            .map(|(m, actor)| NewChange { subject: m.id.0, state: m.state.as_str(), actor, note: None })
            .collect();
        record_all(tx, &changes, now).await?;
        store::set_counts(tx, &b).await?;
    }
    Ok(answers)
}

/// The state a new booking of `req` takes in `b` (counted there), or why
/// it is refused: the person holds a live booking here (made before, or by
/// a request earlier in the group) or an overlapping place elsewhere, or no
/// place is free and no line is wanted.
fn decide(
    b: &mut Bookable,
    req: &BookRequest<'_>,
    live: &[Booking],
    made: &[Booking],
    overlapping: &[Booking],
) -> Result<BookingState> {
    if let Some(held) = live.iter().chain(made).find(|l| l.person_id == req.person) {
        return Err(UserError::conflict(
            req.field,
            format!("the person already holds a booking here ({})", held.state.as_str()),
        )
        .into());
    }
    if let Some(other) = overlapping.iter().find(|o| o.person_id == req.person) {
        return Err(UserError::conflict(
            req.field,
            format!("the person holds an overlapping booking from {}", other.starts_at.to_rfc3339()),
        )
        .into());
    }
    if b.held < b.capacity {
        b.held += 1;
        Ok(BookingState::Confirmed)
    } else if req.waitlist {
        b.waiting += 1;
        Ok(BookingState::Waitlisted)
    } else {
        Err(UserError::capacity(
            req.field,
            format!("all {} places are taken and no waitlist was wanted", b.capacity),
        )
        .into())
    }
}

/// The first booking made with a key, when the retry asks for the same
/// thing; a key used for something else is a `CONFLICT`.
fn replay(first: &Booking, what: &NewBookable, req: &BookRequest<'_>) -> Result<Booking> {
    if first.person_id == req.person && first.starts_at == what.starts_at {
        Ok(first.clone())
    } else {
        Err(UserError::conflict("idempotencyKey", "this key was used for another booking").into())
    }
}

/// Settle a locked bookable at `now`: offers that ran out expire and their
/// places go to the next in line; when the bookable has begun, whoever is
/// still in line or holds an offer expires.
async fn settle_locked(tx: &mut Conn, b: &mut Bookable, now: Timestamp) -> Result<()> {
    if b.held == 0 && b.waiting == 0 {
        // No place is held, so none is offered, and nobody is in line.
        return Ok(());
    }
    let system = Actor::system();
    if now >= b.starts_at {
        let mut left = Vec::new();
        for state in [BookingState::Offered, BookingState::Waitlisted] {
            let line = store::in_line(tx, b.id, state, i64::MAX).await?;
            if state == BookingState::Offered {
                b.held -= line.len() as i32;
            } else {
                b.waiting -= line.len() as i32;
            }
            left.extend(line.into_iter().map(|x| x.id));
        }
        if left.is_empty() {
            return Ok(());
        }
        expire(tx, &left, now, &system).await?;
        return store::set_counts(tx, b).await;
    }
    let ran_out: Vec<BookingId> =
        store::expired_offers(tx, b.id, now).await?.into_iter().map(|x| x.id).collect();
    if !ran_out.is_empty() {
        b.held -= ran_out.len() as i32;
        expire(tx, &ran_out, now, &system).await?;
    }
    let promoted = promote(tx, b, now, &system).await?;
    if !ran_out.is_empty() || promoted > 0 {
        store::set_counts(tx, b).await?;
    }
    Ok(())
}

async fn expire(tx: &mut Conn, ids: &[BookingId], now: Timestamp, actor: &Actor) -> Result<()> {
    store::set_state(tx, ids, BookingState::Expired, None, None, now).await?;
    let subjects: Vec<uuid::Uuid> = ids.iter().map(|i| i.0).collect();
    record_changes(tx, &subjects, BookingState::Expired.as_str(), now, actor).await
}

/// Give free places to the first in line: an offer to claim within the
/// bookable's claim window (ending no later than its start), or a
/// confirmed place at once when it has none. The counters change in `b`;
/// the caller writes them. How many were promoted.
async fn promote(tx: &mut Conn, b: &mut Bookable, now: Timestamp, actor: &Actor) -> Result<i32> {
    let free = b.free();
    if free == 0 || b.waiting == 0 || now >= b.starts_at {
        return Ok(0);
    }
    // The first in line, passing over anyone who has since taken an
    // overlapping place elsewhere: their turn here expires. (A few more
    // than the free places are read, for those passed over.)
    let line = store::in_line(tx, b.id, BookingState::Waitlisted, i64::from(free) + PASS_OVER_MARGIN).await?;
    let persons: Vec<PersonId> = line.iter().map(|c| c.person_id).collect();
    let elsewhere: Vec<Booking> = store::in_the_way(tx, &persons, b.id, b.starts_at, b.ends_at)
        .await?
        .into_iter()
        .filter(|x| x.bookable_id != b.id)
        .collect();
    let (mut next, mut passed) = (Vec::new(), Vec::new());
    for c in line {
        if next.len() == free as usize {
            break;
        }
        if elsewhere.iter().any(|o| o.person_id == c.person_id) {
            passed.push(c.id);
        } else {
            next.push(c.id);
        }
    }
    if !passed.is_empty() {
        b.waiting -= passed.len() as i32;
        expire(tx, &passed, now, actor).await?;
    }
    let (state, until) = match b.claim_minutes {
        Some(m) => (BookingState::Offered, Some((now + Duration::minutes(i64::from(m))).min(b.starts_at))),
        None => (BookingState::Confirmed, None),
    };
    store::set_state(tx, &next, state, until, None, now).await?;
    let subjects: Vec<uuid::Uuid> = next.iter().map(|i| i.0).collect();
    record_changes(tx, &subjects, state.as_str(), now, actor).await?;
    let n = next.len() as i32;
    b.held += n;
    b.waiting -= n;
    Ok(n)
}

/// How many more of the line than the free places a promotion reads.
const PASS_OVER_MARGIN: i64 = 20;

/// What a change of a booking asks for.
pub enum Change<'a> {
    /// Cancel; after `deadline`, only when `late_allowed`.
    Cancel { deadline: Timestamp, late_allowed: bool },
    /// Claim an offered place.
    Claim,
    /// Arrived (from check-in's opening to the end).
    CheckIn,
    /// Did not come (a confirmed place): frees the place.
    NoShow,
    /// The service was given (from its start on), with what came of it.
    Complete { outcome: &'a str },
}

/// Apply a change to a booking under its bookable's lock, with the rules of
/// its state; `field` names the booking in errors. The booking as it is after.
pub async fn change(
    tx: &mut Conn,
    id: BookingId,
    change: Change<'_>,
    actor: &Actor,
    now: Timestamp,
    field: &str,
) -> Result<Booking> {
    let found = store::booking(tx, id).await?.ok_or_else(|| UserError::not_found(field, "booking"))?;
    let mut b = read_back(store::lock(tx, found.bookable_id).await?, "bookable")?;
    settle_locked(tx, &mut b, now).await?;
    let booking = read_back(store::booking(tx, id).await?, "booking")?;
    let invalid = |why: String| Error::from(UserError::invalid_state(field, why));
    let state = booking.state;
    let (to, outcome) = match change {
        Change::Cancel { deadline, late_allowed } => {
            if !matches!(state, BookingState::Confirmed | BookingState::Waitlisted | BookingState::Offered) {
                return Err(invalid(format!("a {} booking cannot be cancelled", state.as_str())));
            }
            if now > deadline && !late_allowed {
                return Err(invalid(format!("cancellation closed at {}", deadline.to_rfc3339())));
            }
            (BookingState::Cancelled, None)
        }
        Change::Claim => {
            if state != BookingState::Offered {
                return Err(invalid(format!(
                    "only an offered place can be claimed; this one is {}",
                    state.as_str()
                )));
            }
            (BookingState::Confirmed, None)
        }
        Change::CheckIn => {
            if state != BookingState::Confirmed {
                return Err(invalid(format!(
                    "only a confirmed booking checks in; this one is {}",
                    state.as_str()
                )));
            }
            let opens = booking.starts_at - Duration::minutes(CHECK_IN_OPENS_MINUTES);
            if now < opens || now >= booking.ends_at {
                return Err(invalid(format!(
                    "check-in runs from {} until {}",
                    opens.to_rfc3339(),
                    booking.ends_at.to_rfc3339()
                )));
            }
            (BookingState::CheckedIn, None)
        }
        Change::NoShow => {
            if state != BookingState::Confirmed {
                return Err(invalid(format!(
                    "only a confirmed booking can be a no-show; this one is {}",
                    state.as_str()
                )));
            }
            (BookingState::NoShow, None)
        }
        Change::Complete { outcome } => {
            if !matches!(state, BookingState::Confirmed | BookingState::CheckedIn) {
                return Err(invalid(format!("a {} booking cannot be completed", state.as_str())));
            }
            if now < booking.starts_at {
                return Err(invalid(format!("the service starts at {}", booking.starts_at.to_rfc3339())));
            }
            (BookingState::Completed, Some(outcome))
        }
    };
    if state.holds_place() && !to.holds_place() {
        b.held -= 1;
    }
    if state == BookingState::Waitlisted {
        b.waiting -= 1;
    }
    store::set_state(tx, &[id], to, None, outcome, now).await?;
    record_change(tx, id.0, to.as_str(), now, actor, outcome).await?;
    promote(tx, &mut b, now, &Actor::system()).await?;
    store::set_counts(tx, &b).await?;
    read_back(store::booking(tx, id).await?, "booking")
}

/// A new capacity or claim window for every future bookable of `owner`
/// (its owner's places changed): more places go to the line at once.
pub async fn resize(
    tx: &mut Conn,
    owner: uuid::Uuid,
    capacity: i32,
    claim_minutes: Option<i32>,
    now: Timestamp,
) -> Result<()> {
    for id in store::future_bookables_of(tx, owner, now).await? {
        let mut b = read_back(store::lock(tx, id).await?, "bookable")?;
        settle_locked(tx, &mut b, now).await?;
        b.capacity = capacity;
        b.claim_minutes = claim_minutes;
        promote(tx, &mut b, now, &Actor::system()).await?;
        store::set_counts(tx, &b).await?;
    }
    Ok(())
}

/// Settle these bookables if anything is due: one read when nothing is,
/// and a transaction per due bookable when something is. Reads call it
/// before they show counts, states or places in line. How many it settled.
pub async fn settle(db: &Db, ids: &[BookableId]) -> Result<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    let now = db.clock().now();
    let due = {
        let mut conn = db.conn().await?;
        store::due_among(&mut conn, ids, now).await?
    };
    settle_each(db, &due, now).await?;
    Ok(due.len())
}

/// Settle every bookable with something due, at most `limit` (the
/// background task's round). How many it settled.
pub async fn sweep(db: &Db, limit: i64) -> Result<usize> {
    let now = db.clock().now();
    let due = {
        let mut conn = db.conn().await?;
        store::due_bookables(&mut conn, now, limit).await?
    };
    settle_each(db, &due, now).await?;
    Ok(due.len())
}

async fn settle_each(db: &Db, due: &[BookableId], now: Timestamp) -> Result<()> {
    for id in due {
        let mut tx = db.begin().await?;
        if let Some(mut b) = store::lock(&mut tx, *id).await? {
            settle_locked(&mut tx, &mut b, now).await?;
        }
        tx.commit().await?;
    }
    Ok(())
}

/// Settle the bookables of a person's live bookings, if anything is due:
/// before their list is shown.
pub async fn settle_person(db: &Db, person: PersonId) -> Result<()> {
    let now = db.clock().now();
    let due = {
        let mut conn = db.conn().await?;
        store::due_of_person(&mut conn, person, now).await?
    };
    settle_each(db, &due, now).await
}

/// The [`PersonMoved`](crate::people::model::PersonMoved) hook: the admins
/// of where a person lives see their bookings, so the bookings move house
/// with them.
pub fn on_person_moved<'a>(
    tx: &'a mut Conn,
    moved: &'a crate::people::model::PersonMoved,
) -> futures::future::BoxFuture<'a, Result<()>> {
    Box::pin(store::move_person(tx, moved.person, &moved.home_path))
}
