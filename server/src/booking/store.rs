//! SQL of the booking engine. Every write of a bookable's bookings runs in
//! a transaction that first takes the bookable's row ([`lock_or_make`],
//! [`lock`]): PostgreSQL holds that row's lock until the transaction ends,
//! and SQLite runs one writer at a time, so the counters read after it are
//! the truth until commit. Reads of bookings take the caller's `Scope`.

use super::model::*;
use crate::db::{Conn, Page, Scope, Timestamp, new_id};
use crate::error::Result;
use crate::ids::{BookableId, BookingId, PersonId};
use crate::{push_enum, push_in, push_scope, select_count, select_in, select_page};

const BOOKABLE_COLUMNS: &str = "id, kind, owner_id, place_id, area_path, starts_at, ends_at, capacity, \
                                claim_minutes, held, waiting, arrivals";

const SELECT_BOOKINGS: &str = "select b.id, b.bookable_id, b.person_id, b.person_path, b.area_path, b.state, \
                               b.seq, b.starts_at, b.ends_at, b.offer_expires_at, b.requested_by, \
                               b.idempotency_key, b.outcome, b.created_at from booking b where true";

/// Take the lock of the bookable `nb` describes, making it on its first
/// booking: one statement, an upsert that changes nothing of a row that
/// exists (two first bookings at once make one row, and the second waits
/// for the first's lock like any other).
pub async fn lock_or_make(conn: &mut Conn, nb: &NewBookable, at: Timestamp) -> Result<Bookable> {
    let sql = format!(
        "insert into bookable (id, kind, owner_id, place_id, area_path, starts_at, ends_at, capacity, \
         claim_minutes, held, waiting, arrivals, created_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, 0, 0, $10) \
         on conflict (owner_id, starts_at) do update set arrivals = bookable.arrivals \
         returning {BOOKABLE_COLUMNS}"
    );
    Ok(run!(conn, |c| sqlx::query_as::<_, Bookable>(sqlx::AssertSqlSafe(sql.clone()))
        .bind(BookableId(new_id()))
        .bind(nb.kind)
        .bind(nb.owner_id)
        .bind(nb.place_id)
        .bind(nb.area_path.as_str())
        .bind(nb.starts_at)
        .bind(nb.ends_at)
        .bind(nb.capacity)
        .bind(nb.claim_minutes)
        .bind(at)
        .fetch_one(c)
        .await)?)
}

/// Take the bookable's lock, changing nothing: the first statement of any
/// other write to its bookings.
pub async fn lock(conn: &mut Conn, id: BookableId) -> Result<Option<Bookable>> {
    let sql = format!("update bookable set arrivals = arrivals where id = $1 returning {BOOKABLE_COLUMNS}");
    Ok(run!(conn, |c| sqlx::query_as::<_, Bookable>(sqlx::AssertSqlSafe(sql.clone()))
        .bind(id)
        .fetch_optional(c)
        .await)?)
}

/// Write the counters the engine worked out under the lock.
pub async fn set_counts(conn: &mut Conn, b: &Bookable) -> Result<()> {
    execute!(
        conn,
        "update bookable set held = $2, waiting = $3, arrivals = $4, capacity = $5, claim_minutes = $6 \
         where id = $1",
        b.id,
        b.held,
        b.waiting,
        b.arrivals,
        b.capacity,
        b.claim_minutes,
    )?;
    Ok(())
}

/// The bookables of `owners` starting in `[from, to)`, by start.
pub async fn bookables_between(
    conn: &mut Conn,
    owners: &[uuid::Uuid],
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<Bookable>> {
    let select = format!("select {BOOKABLE_COLUMNS} from bookable k where true");
    select_in!(conn, Bookable, select.as_str(), "k.owner_id", owners, |qb| {
        qb.push(" and k.starts_at >= ").push_bind(from).push(" and k.starts_at < ").push_bind(to);
        qb.push(" order by k.starts_at");
    })
}

pub async fn bookables_by_ids(conn: &mut Conn, ids: &[BookableId]) -> Result<Vec<Bookable>> {
    let select = format!("select {BOOKABLE_COLUMNS} from bookable k where true");
    select_in!(conn, Bookable, select.as_str(), "k.id", ids)
}

/// The future bookables of an owner, for a change of its capacity or offers.
pub async fn future_bookables_of(
    conn: &mut Conn,
    owner: uuid::Uuid,
    now: Timestamp,
) -> Result<Vec<BookableId>> {
    Ok(run!(conn, |c| sqlx::query_as::<_, (BookableId,)>(
        "select k.id from bookable k where k.owner_id = $1 and k.starts_at > $2 order by k.starts_at"
    )
    .bind(owner)
    .bind(now)
    .fetch_all(c)
    .await)?
    .into_iter()
    .map(|(id,)| id)
    .collect())
}

/// Bookables with something due at `now`: an offer that ran out, or a line
/// left when the bookable began. At most `limit`.
pub async fn due_bookables(conn: &mut Conn, now: Timestamp, limit: i64) -> Result<Vec<BookableId>> {
    let mut ids: Vec<BookableId> = run!(conn, |c| {
        sqlx::query_as::<_, (BookableId,)>(
        "select distinct b.bookable_id from booking b where b.state = 'OFFERED' and b.offer_expires_at <= $1 \
         limit $2"
    )
    .bind(now)
    .bind(limit)
    .fetch_all(c)
    .await
    })?
    .into_iter()
    .map(|(id,)| id)
    .collect();
    let started: Vec<(BookableId,)> = run!(conn, |c| sqlx::query_as(
        "select k.id from bookable k where k.waiting > 0 and k.starts_at <= $1 limit $2"
    )
    .bind(now)
    .bind(limit)
    .fetch_all(c)
    .await)?;
    ids.extend(started.into_iter().map(|(id,)| id));
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// Of these bookables, those with something due at `now` (see [`due_bookables`]).
pub async fn due_among(conn: &mut Conn, ids: &[BookableId], now: Timestamp) -> Result<Vec<BookableId>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new("select k.id from bookable k where true");
        push_in!(qb, "k.id", ids);
        qb.push(" and ((k.waiting > 0 and k.starts_at <= ").push_bind(now);
        qb.push(") or exists (select 1 from booking b where b.bookable_id = k.id and b.state = ");
        push_enum!(qb, BookingState::Offered);
        qb.push(" and b.offer_expires_at <= ").push_bind(now).push("))");
        qb.build_query_as::<(BookableId,)>().fetch_all(c).await
    })?
    .into_iter()
    .map(|(id,)| id)
    .collect())
}

// ---- bookings ----

/// Bookings by id, with no scope: for the steps of a write, which checks
/// the caller's right itself.
pub async fn bookings_by_ids_unscoped(conn: &mut Conn, ids: &[BookingId]) -> Result<Vec<Booking>> {
    select_in!(conn, Booking, SELECT_BOOKINGS, "b.id", ids)
}

pub async fn booking(conn: &mut Conn, id: BookingId) -> Result<Option<Booking>> {
    Ok(bookings_by_ids_unscoped(conn, &[id]).await?.pop())
}

/// Bookings by id, as the caller may see them: their own, those of people
/// living in their area, and those at the points of their area.
pub async fn bookings_by_ids(conn: &mut Conn, scope: &Scope, ids: &[BookingId]) -> Result<Vec<Booking>> {
    select_in!(conn, Booking, SELECT_BOOKINGS, "b.id", ids, |qb| {
        push_scope!(qb, ["b.person_path", "b.area_path"], "b.person_id", scope);
    })
}

/// The bookings these callers made with these idempotency keys, as
/// `(requested_by, key)` pairs: one statement on the keys' unique index.
pub async fn bookings_by_keys(conn: &mut Conn, keys: &[(&str, &str)]) -> Result<Vec<Booking>> {
    let callers: Vec<&str> = keys.iter().map(|k| k.0).collect();
    let found: Vec<Booking> = select_in!(conn, Booking, SELECT_BOOKINGS, "b.requested_by", &callers, |qb| {
        push_in!(qb, "b.idempotency_key", keys.iter().map(|k| k.1));
    })?;
    Ok(found
        .into_iter()
        .filter(|b| keys.iter().any(|k| b.requested_by == k.0 && b.idempotency_key.as_deref() == Some(k.1)))
        .collect())
}

/// What stands in the way of these people booking `bookable` (from
/// `starts` to `ends`): their live bookings of it, and their bookings
/// holding a place in another bookable that overlaps it. One statement.
pub async fn in_the_way(
    conn: &mut Conn,
    persons: &[PersonId],
    bookable: BookableId,
    starts: Timestamp,
    ends: Timestamp,
) -> Result<Vec<Booking>> {
    select_in!(conn, Booking, SELECT_BOOKINGS, "b.person_id", persons, |qb| {
        qb.push(" and ((b.bookable_id = ").push_bind(bookable);
        qb.push(
            " and b.state in ('CONFIRMED', 'WAITLISTED', 'OFFERED', 'CHECKED_IN')) or (b.bookable_id <> ",
        );
        qb.push_bind(bookable).push(" and b.starts_at < ").push_bind(ends).push(" and b.ends_at > ");
        qb.push_bind(starts).push(" and b.state in ('CONFIRMED', 'OFFERED', 'CHECKED_IN')))");
    })
}

/// The bookable's bookings in `state`, in arrival order, at most `limit`.
pub async fn in_line(
    conn: &mut Conn,
    bookable: BookableId,
    state: BookingState,
    limit: i64,
) -> Result<Vec<Booking>> {
    Ok(run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new(SELECT_BOOKINGS);
        qb.push(" and b.bookable_id = ").push_bind(bookable).push(" and b.state = ");
        push_enum!(qb, state);
        qb.push(" order by b.seq limit ").push_bind(limit);
        qb.build_query_as::<Booking>().fetch_all(c).await
    })?)
}

/// The bookable's offers that ran out by `now`.
pub async fn expired_offers(conn: &mut Conn, bookable: BookableId, now: Timestamp) -> Result<Vec<Booking>> {
    Ok(run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new(SELECT_BOOKINGS);
        qb.push(" and b.bookable_id = ").push_bind(bookable).push(" and b.state = ");
        push_enum!(qb, BookingState::Offered);
        qb.push(" and b.offer_expires_at <= ").push_bind(now).push(" order by b.seq");
        qb.build_query_as::<Booking>().fetch_all(c).await
    })?)
}

/// Write new bookings, as the engine made them under the lock, in one
/// statement.
pub async fn insert_bookings(conn: &mut Conn, bookings: &[Booking]) -> Result<()> {
    if bookings.is_empty() {
        return Ok(());
    }
    run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new(
            "insert into booking (id, bookable_id, person_id, person_path, area_path, state, seq, starts_at, \
             ends_at, offer_expires_at, requested_by, idempotency_key, outcome, created_at, updated_at) ",
        );
        qb.push_values(bookings, |mut r, b| {
            r.push_bind(b.id)
                .push_bind(b.bookable_id)
                .push_bind(b.person_id)
                .push_bind(b.person_path.as_str())
                .push_bind(b.area_path.as_str())
                .push_bind(b.state.as_str())
                .push_bind(b.seq)
                .push_bind(b.starts_at)
                .push_bind(b.ends_at)
                .push_bind(b.offer_expires_at)
                .push_bind(b.requested_by.as_str())
                .push_bind(b.idempotency_key.as_deref())
                .push_bind(b.outcome.as_deref())
                .push_bind(b.created_at)
                .push_bind(b.created_at);
        });
        qb.build().execute(c).await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Move bookings to `state`, with the offer's end (offers) and the outcome
/// (completions) given.
pub async fn set_state(
    conn: &mut Conn,
    ids: &[BookingId],
    state: BookingState,
    offer_expires_at: Option<Timestamp>,
    outcome: Option<&str>,
    at: Timestamp,
) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new("update booking set state = ");
        qb.push_bind(state.as_str()).push(", offer_expires_at = ").push_bind(offer_expires_at);
        if let Some(outcome) = outcome {
            qb.push(", outcome = ").push_bind(outcome);
        }
        qb.push(", updated_at = ").push_bind(at).push(" where true");
        push_in!(qb, "id", ids);
        qb.build().execute(c).await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// The place in line of each waitlisted booking: 1 for the first.
pub async fn waitlist_positions(conn: &mut Conn, ids: &[BookingId]) -> Result<Vec<(BookingId, i64)>> {
    Ok(run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new(
            "select b.id, (select count(*) from booking w where w.bookable_id = b.bookable_id and w.state = ",
        );
        push_enum!(qb, BookingState::Waitlisted);
        qb.push(" and w.seq <= b.seq) from booking b where b.state = ");
        push_enum!(qb, BookingState::Waitlisted);
        push_in!(qb, "b.id", ids);
        qb.build_query_as::<(BookingId, i64)>().fetch_all(c).await
    })?)
}

/// Filters of a list of bookings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct BookingFilter {
    /// One person's bookings.
    pub person: Option<PersonId>,
    pub state: Option<BookingState>,
    /// Bookings of these bookable owners (the services of a point).
    pub place: Option<uuid::Uuid>,
}

macro_rules! push_booking_filter {
    ($qb:expr, $f:expr, $scope:expr) => {{
        let f: &BookingFilter = $f;
        push_scope!($qb, ["b.person_path", "b.area_path"], "b.person_id", $scope);
        if let Some(person) = f.person {
            $qb.push(" and b.person_id = ").push_bind(person);
        }
        if let Some(state) = f.state {
            $qb.push(" and b.state = ");
            push_enum!($qb, state);
        }
        if let Some(place) = f.place {
            $qb.push(" and exists (select 1 from bookable k where k.id = b.bookable_id and k.place_id = ");
            $qb.push_bind(place).push(")");
        }
    }};
}

pub async fn list_bookings(
    conn: &mut Conn,
    scope: &Scope,
    filter: &BookingFilter,
    page: &Page,
) -> Result<Vec<Booking>> {
    select_page!(conn, Booking, SELECT_BOOKINGS, "b.id", page, |qb| {
        push_booking_filter!(qb, filter, scope)
    })
}

pub async fn count_bookings(conn: &mut Conn, scope: &Scope, filter: &BookingFilter) -> Result<i64> {
    select_count!(conn, "select count(*) from booking b where true", |qb| {
        push_booking_filter!(qb, filter, scope)
    })
}

/// Carry a person's move to their bookings' scope path.
pub async fn move_person(conn: &mut Conn, person: PersonId, path: &str) -> Result<()> {
    execute!(conn, "update booking set person_path = $2 where person_id = $1", person, path)?;
    Ok(())
}

/// The bookables of a person's bookings with something due at `now`.
pub async fn due_of_person(conn: &mut Conn, person: PersonId, now: Timestamp) -> Result<Vec<BookableId>> {
    Ok(run!(conn, |c| sqlx::query_as::<_, (BookableId,)>(
        "select distinct b.bookable_id from booking b where b.person_id = $1 \
         and ((b.state = 'OFFERED' and (b.offer_expires_at <= $2 or b.starts_at <= $2)) \
         or (b.state = 'WAITLISTED' and b.starts_at <= $2))"
    )
    .bind(person)
    .bind(now)
    .fetch_all(c)
    .await)?
    .into_iter()
    .map(|(id,)| id)
    .collect())
}
