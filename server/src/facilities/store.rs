//! SQL of facilities and their reservations. Facilities are public, like
//! points; a reservation's person and purpose are kept from callers by the
//! objects, and every write of a facility's reservations first locks the
//! facility's row ([`lock_facility`]).

use chrono::Duration;
use uuid::Uuid;

use super::model::*;
use crate::db::{Conn, Page, Timestamp, new_id};
use crate::error::Result;
use crate::ids::{FacilityId, PersonId, ReservationId, ServicePointId};
use crate::{push_enum, push_in, select_count, select_in, select_page};

const SELECT_FACILITIES: &str = "select f.id, f.point_id, f.area_path, f.name, f.kind, f.capacity, \
                                 f.requires_approval from facility f where true";

pub async fn facilities_by_ids(conn: &mut Conn, ids: &[FacilityId]) -> Result<Vec<Facility>> {
    select_in!(conn, Facility, SELECT_FACILITIES, "f.id", ids)
}

/// One facility by id, for the steps of a mutation.
pub async fn facility(conn: &mut Conn, id: FacilityId) -> Result<Option<Facility>> {
    Ok(facilities_by_ids(conn, &[id]).await?.pop())
}

/// The facilities of each point, in creation order.
pub async fn facilities_of_points(conn: &mut Conn, points: &[ServicePointId]) -> Result<Vec<Facility>> {
    select_in!(conn, Facility, SELECT_FACILITIES, "f.point_id", points, |qb| {
        qb.push(" order by f.point_id, f.id");
    })
}

/// The fields of a facility a write sets.
pub struct FacilityFields {
    pub name: String,
    pub kind: FacilityKind,
    pub capacity: Option<i32>,
    pub requires_approval: bool,
}

pub async fn insert_facility(
    conn: &mut Conn,
    point: ServicePointId,
    area_path: &str,
    f: &FacilityFields,
    at: Timestamp,
) -> Result<FacilityId> {
    let id = FacilityId(new_id());
    execute!(
        conn,
        "insert into facility (id, point_id, area_path, name, kind, capacity, requires_approval, version, \
         created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, 0, $8, $8)",
        id,
        point,
        area_path,
        f.name.as_str(),
        f.kind.as_str(),
        f.capacity,
        f.requires_approval,
        at,
    )?;
    Ok(id)
}

pub async fn update_facility(
    conn: &mut Conn,
    id: FacilityId,
    f: &FacilityFields,
    at: Timestamp,
) -> Result<u64> {
    execute!(
        conn,
        "update facility set name = $2, kind = $3, capacity = $4, requires_approval = $5, updated_at = $6 \
         where id = $1",
        id,
        f.name.as_str(),
        f.kind.as_str(),
        f.capacity,
        f.requires_approval,
        at,
    )
}

/// Lock a facility's row for the rest of the transaction (PostgreSQL's row
/// lock; on SQLite the transaction already holds the one writer's lock):
/// the first statement of every write of its reservations, so that no two
/// transactions read its held times and write between them. 0 when there
/// is no such facility.
pub async fn lock_facility(conn: &mut Conn, id: FacilityId) -> Result<u64> {
    execute!(conn, "update facility set version = version + 1 where id = $1", id)
}

/// `and r.state in (<held states>)`.
macro_rules! push_held {
    ($qb:expr) => {{
        $qb.push(" and r.state in (");
        push_enum!($qb, ReservationState::Requested);
        $qb.push(", ");
        push_enum!($qb, ReservationState::Approved);
        $qb.push(")");
    }};
}

/// The held reservations of a facility overlapping any of `occurrences`,
/// as `(starts_at, ends_at)`, in one statement: a range of the facility's
/// starts (no reservation is longer than [`MAX_HOURS`]), then the overlaps.
pub async fn held_overlapping(
    conn: &mut Conn,
    facility: FacilityId,
    occurrences: &[Occurrence],
) -> Result<Vec<(Timestamp, Timestamp)>> {
    let (Some(first), Some(last)) =
        (occurrences.iter().map(|o| o.starts_at).min(), occurrences.iter().map(|o| o.ends_at).max())
    else {
        return Ok(Vec::new());
    };
    Ok(run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new(
            "select r.starts_at, r.ends_at from reservation r where r.facility_id = ",
        );
        qb.push_bind(facility);
        push_held!(qb);
        qb.push(" and r.starts_at > ").push_bind(first - Duration::hours(MAX_HOURS));
        qb.push(" and r.starts_at < ").push_bind(last);
        qb.push(" and (false");
        for o in occurrences {
            qb.push(" or (r.starts_at < ").push_bind(o.ends_at);
            qb.push(" and r.ends_at > ").push_bind(o.starts_at).push(")");
        }
        qb.push(") order by r.starts_at");
        qb.build_query_as::<(Timestamp, Timestamp)>().fetch_all(c).await
    })?)
}

/// A reservation to write.
pub struct NewReservation {
    pub id: ReservationId,
    pub occurrence: Occurrence,
}

/// The series' reservations, in one statement.
#[allow(clippy::too_many_arguments)]
pub async fn insert_reservations(
    conn: &mut Conn,
    facility: &Facility,
    series: Uuid,
    person: PersonId,
    purpose: &str,
    state: ReservationState,
    reserved_by: &str,
    rows: &[NewReservation],
    at: Timestamp,
) -> Result<()> {
    run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new(
            "insert into reservation (id, facility_id, series_id, person_id, area_path, starts_at, ends_at, \
             purpose, state, reserved_by, created_at, updated_at) ",
        );
        qb.push_values(rows, |mut b, r| {
            b.push_bind(r.id)
                .push_bind(facility.id)
                .push_bind(series)
                .push_bind(person)
                .push_bind(facility.area_path.as_str())
                .push_bind(r.occurrence.starts_at)
                .push_bind(r.occurrence.ends_at)
                .push_bind(purpose)
                .push_bind(state.as_str())
                .push_bind(reserved_by)
                .push_bind(at)
                .push_bind(at);
        });
        qb.build().execute(c).await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

const SELECT_RESERVATIONS: &str = "select r.id, r.facility_id, r.series_id, r.person_id, r.area_path, \
                                   r.starts_at, r.ends_at, r.purpose, r.state, r.reserved_by \
                                   from reservation r where true";

pub async fn reservations_by_ids(conn: &mut Conn, ids: &[ReservationId]) -> Result<Vec<Reservation>> {
    select_in!(conn, Reservation, SELECT_RESERVATIONS, "r.id", ids)
}

/// One reservation by id, for the steps of a mutation.
pub async fn reservation(conn: &mut Conn, id: ReservationId) -> Result<Option<Reservation>> {
    Ok(reservations_by_ids(conn, &[id]).await?.pop())
}

/// The reservations of a series that hold time and start after `after`, by start.
pub async fn held_of_series_after(
    conn: &mut Conn,
    series: Uuid,
    after: Timestamp,
) -> Result<Vec<Reservation>> {
    Ok(run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new(SELECT_RESERVATIONS);
        qb.push(" and r.series_id = ").push_bind(series);
        push_held!(qb);
        qb.push(" and r.starts_at > ").push_bind(after).push(" order by r.starts_at");
        qb.build_query_as::<Reservation>().fetch_all(c).await
    })?)
}

/// Set the state of these reservations.
pub async fn set_state(
    conn: &mut Conn,
    ids: &[ReservationId],
    state: ReservationState,
    at: Timestamp,
) -> Result<u64> {
    if ids.is_empty() {
        return Ok(0);
    }
    Ok(run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new("update reservation set state = ");
        qb.push_bind(state.as_str()).push(", updated_at = ").push_bind(at).push(" where true");
        push_in!(qb, "id", ids);
        qb.build().execute(c).await.map(|r| r.rows_affected())
    })?)
}

/// The held reservations of each facility overlapping `[from, to)`, by
/// start, at most `limit` a facility, in one statement.
pub async fn held_between(
    conn: &mut Conn,
    facilities: &[FacilityId],
    from: Timestamp,
    to: Timestamp,
    limit: i64,
) -> Result<Vec<Reservation>> {
    Ok(run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new(
            "select * from (select r.id, r.facility_id, r.series_id, r.person_id, r.area_path, r.starts_at, \
             r.ends_at, r.purpose, r.state, r.reserved_by, \
             row_number() over (partition by r.facility_id order by r.starts_at, r.id) as rn \
             from reservation r where true",
        );
        push_in!(qb, "r.facility_id", facilities);
        push_held!(qb);
        qb.push(" and r.starts_at > ").push_bind(from - Duration::hours(MAX_HOURS));
        qb.push(" and r.starts_at < ").push_bind(to).push(" and r.ends_at > ").push_bind(from);
        qb.push(") w where rn <= ").push_bind(limit).push(" order by w.facility_id, w.starts_at, w.id");
        qb.build_query_as::<Reservation>().fetch_all(c).await
    })?)
}

/// A page of one person's reservations, in the order they were made.
pub async fn reservations_of_person(
    conn: &mut Conn,
    person: PersonId,
    page: &Page,
) -> Result<Vec<Reservation>> {
    select_page!(conn, Reservation, SELECT_RESERVATIONS, "r.id", page, |qb| {
        qb.push(" and r.person_id = ").push_bind(person);
    })
}

pub async fn count_reservations_of_person(conn: &mut Conn, person: PersonId) -> Result<i64> {
    select_count!(conn, "select count(*) from reservation r where true", |qb| {
        qb.push(" and r.person_id = ").push_bind(person);
    })
}
