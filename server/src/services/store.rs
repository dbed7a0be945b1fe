//! SQL of service points, their hours and closures, the holiday calendar
//! and the coordinates of areas. Points are public, like areas: their reads
//! take no scope.

use super::model::*;
use crate::area::model::AreaKind;
use crate::db::{Conn, Date, Page, Timestamp, new_id};
use crate::error::Result;
use crate::ids::{AreaId, PersonId, ServiceId, ServicePointId, ServiceStaffId};
use crate::people::model::{Person, SpecialGroup};
use crate::{push_enum, push_in, push_subtree, select_count, select_in, select_page};

const SELECT_POINTS: &str = "select p.id, p.name, p.kind, p.area_id, p.area_path, p.address, p.latitude, \
                             p.longitude, p.phone from service_point p where true";

pub async fn points_by_ids(conn: &mut Conn, ids: &[ServicePointId]) -> Result<Vec<ServicePoint>> {
    select_in!(conn, ServicePoint, SELECT_POINTS, "p.id", ids)
}

/// One point by id, for the steps of a mutation.
pub async fn point(conn: &mut Conn, id: ServicePointId) -> Result<Option<ServicePoint>> {
    Ok(points_by_ids(conn, &[id]).await?.pop())
}

/// Filters of the `servicePoints` query.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct PointFilter {
    pub kind: Option<ServicePointKind>,
    /// Points standing at or below the area with this path.
    pub within: Option<String>,
}

macro_rules! push_point_filter {
    ($qb:expr, $f:expr) => {{
        let f: &PointFilter = $f;
        if let Some(kind) = f.kind {
            $qb.push(" and p.kind = ");
            push_enum!($qb, kind);
        }
        if let Some(within) = &f.within {
            push_subtree!($qb, "p.area_path", within);
        }
    }};
}

pub async fn list_points(conn: &mut Conn, filter: &PointFilter, page: &Page) -> Result<Vec<ServicePoint>> {
    select_page!(conn, ServicePoint, SELECT_POINTS, "p.id", page, |qb| { push_point_filter!(qb, filter) })
}

pub async fn count_points(conn: &mut Conn, filter: &PointFilter) -> Result<i64> {
    select_count!(conn, "select count(*) from service_point p where true", |qb| {
        push_point_filter!(qb, filter)
    })
}

/// The points inside a latitude/longitude box (of a kind, if given): the
/// prefilter of a walking radius, exact distances are the caller's.
pub async fn points_in_box(
    conn: &mut Conn,
    b: &BoundingBox,
    filter: &PointFilter,
) -> Result<Vec<ServicePoint>> {
    Ok(run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new(SELECT_POINTS);
        qb.push(" and p.latitude >= ").push_bind(b.south).push(" and p.latitude <= ").push_bind(b.north);
        qb.push(" and p.longitude >= ").push_bind(b.west).push(" and p.longitude <= ").push_bind(b.east);
        push_point_filter!(qb, filter);
        qb.build_query_as::<ServicePoint>().fetch_all(c).await
    })?)
}

/// The areas each point serves, as `(point, area)`, in path order per point.
pub async fn served_areas_of(
    conn: &mut Conn,
    points: &[ServicePointId],
) -> Result<Vec<(ServicePointId, AreaId)>> {
    Ok(run!(conn, |c| {
        let mut qb =
            sqlx::QueryBuilder::new("select s.point_id, s.area_id from service_point_area s where true");
        push_in!(qb, "s.point_id", points);
        qb.push(" order by s.point_id, s.area_path");
        qb.build_query_as::<(ServicePointId, AreaId)>().fetch_all(c).await
    })?)
}

const SELECT_PERIODS: &str =
    "select o.point_id, o.weekday, o.starts, o.ends, o.mode from opening_period o where true";

/// The weekly periods of each point, by weekday and start.
pub async fn periods_of(conn: &mut Conn, points: &[ServicePointId]) -> Result<Vec<OpeningPeriod>> {
    select_in!(conn, OpeningPeriod, SELECT_PERIODS, "o.point_id", points, |qb| {
        qb.push(" order by o.point_id, o.weekday, o.starts");
    })
}

const SELECT_CLOSURES: &str = "select k.point_id, k.on_date, k.reason from point_closure k where true";

/// The closures of each point on or after `from`, by date.
pub async fn closures_from(
    conn: &mut Conn,
    points: &[ServicePointId],
    from: Date,
) -> Result<Vec<PointClosure>> {
    select_in!(conn, PointClosure, SELECT_CLOSURES, "k.point_id", points, |qb| {
        qb.push(" and k.on_date >= ").push_bind(from).push(" order by k.point_id, k.on_date");
    })
}

/// The closures of these points on these dates (every pair of the two lists).
pub async fn closures_on(
    conn: &mut Conn,
    points: &[ServicePointId],
    dates: &[Date],
) -> Result<Vec<PointClosure>> {
    select_in!(conn, PointClosure, SELECT_CLOSURES, "k.point_id", points, |qb| {
        push_in!(qb, "k.on_date", dates);
    })
}

const SELECT_DAYS: &str = "select d.day, d.kind, d.name from calendar_day d where true";

pub async fn calendar_days_on(conn: &mut Conn, days: &[Date]) -> Result<Vec<CalendarDay>> {
    select_in!(conn, CalendarDay, SELECT_DAYS, "d.day", days)
}

/// The calendar's days from `from` to `to`, inclusive, in date order.
pub async fn calendar_between(conn: &mut Conn, from: Date, to: Date) -> Result<Vec<CalendarDay>> {
    Ok(run!(conn, |c| sqlx::query_as::<_, CalendarDay>(
        "select d.day, d.kind, d.name from calendar_day d where d.day >= $1 and d.day <= $2 order by d.day"
    )
    .bind(from)
    .bind(to)
    .fetch_all(c)
    .await)?)
}

pub async fn calendar_day(conn: &mut Conn, day: Date) -> Result<Option<CalendarDay>> {
    Ok(calendar_days_on(conn, &[day]).await?.pop())
}

/// The coordinates of these areas.
pub async fn locations_of(conn: &mut Conn, areas: &[AreaId]) -> Result<Vec<AreaLocation>> {
    select_in!(
        conn,
        AreaLocation,
        "select a.id, a.latitude, a.longitude from area a where true",
        "a.id",
        areas
    )
}

/// The buildings with coordinates at or below any of `paths`, in one statement.
pub async fn buildings_within(conn: &mut Conn, paths: &[String]) -> Result<Vec<PlacedBuilding>> {
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    Ok(run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new(
            "select a.id, a.kind, a.name, a.code, a.parent_id, a.path, a.depth, a.latitude, a.longitude \
             from area a where a.kind = ",
        );
        push_enum!(qb, AreaKind::Building);
        qb.push(" and a.latitude is not null and a.longitude is not null");
        qb.push(" and (false");
        for path in paths {
            let (lo, hi) = crate::db::prefix_range(path);
            qb.push(" or (a.path >= ").push_bind(lo).push(" and a.path < ").push_bind(hi).push(")");
        }
        qb.push(") order by a.path");
        qb.build_query_as::<PlacedBuilding>().fetch_all(c).await
    })?)
}

// ---- writes ----

/// The fields of a point a write sets.
pub struct PointFields {
    pub name: String,
    pub kind: ServicePointKind,
    pub address: String,
    pub location: LatLng,
    pub phone: Option<String>,
}

pub async fn insert_point(
    conn: &mut Conn,
    area_id: AreaId,
    area_path: &str,
    f: &PointFields,
    at: Timestamp,
) -> Result<ServicePointId> {
    let id = ServicePointId(new_id());
    execute!(
        conn,
        "insert into service_point (id, name, kind, area_id, area_path, address, latitude, longitude, phone, \
         created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
        id,
        f.name.as_str(),
        f.kind.as_str(),
        area_id,
        area_path,
        f.address.as_str(),
        f.location.latitude,
        f.location.longitude,
        f.phone.as_deref(),
        at,
    )?;
    Ok(id)
}

pub async fn update_point(
    conn: &mut Conn,
    id: ServicePointId,
    f: &PointFields,
    at: Timestamp,
) -> Result<u64> {
    execute!(
        conn,
        "update service_point set name = $2, kind = $3, address = $4, latitude = $5, longitude = $6, \
         phone = $7, updated_at = $8 where id = $1",
        id,
        f.name.as_str(),
        f.kind.as_str(),
        f.address.as_str(),
        f.location.latitude,
        f.location.longitude,
        f.phone.as_deref(),
        at,
    )
}

/// Replace the areas a point serves with `areas` (id and path each).
pub async fn replace_served_areas(
    conn: &mut Conn,
    point: ServicePointId,
    areas: &[(AreaId, String)],
) -> Result<()> {
    execute!(conn, "delete from service_point_area where point_id = $1", point)?;
    if areas.is_empty() {
        return Ok(());
    }
    run!(conn, |c| {
        let mut qb =
            sqlx::QueryBuilder::new("insert into service_point_area (point_id, area_id, area_path) ");
        qb.push_values(areas, |mut b, (area, path)| {
            b.push_bind(point).push_bind(*area).push_bind(path.as_str());
        });
        qb.build().execute(c).await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Replace a point's weekly periods with `week`.
pub async fn replace_periods(conn: &mut Conn, point: ServicePointId, week: &[WeeklyPeriod]) -> Result<()> {
    execute!(conn, "delete from opening_period where point_id = $1", point)?;
    if week.is_empty() {
        return Ok(());
    }
    run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new(
            "insert into opening_period (id, point_id, weekday, starts, ends, mode) ",
        );
        qb.push_values(week, |mut b, p| {
            b.push_bind(new_id())
                .push_bind(point)
                .push_bind(p.weekday)
                .push_bind(p.starts.text())
                .push_bind(p.ends.text())
                .push_bind(p.mode.as_str());
        });
        qb.build().execute(c).await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

pub async fn insert_closure(
    conn: &mut Conn,
    point: ServicePointId,
    on: Date,
    reason: Option<&str>,
    at: Timestamp,
) -> Result<u64> {
    execute!(
        conn,
        "insert into point_closure (point_id, on_date, reason, created_at) values ($1, $2, $3, $4)",
        point,
        on,
        reason,
        at,
    )
}

pub async fn delete_closure(conn: &mut Conn, point: ServicePointId, on: Date) -> Result<u64> {
    execute!(conn, "delete from point_closure where point_id = $1 and on_date = $2", point, on)
}

/// Set a day of the calendar, replacing what it said before.
pub async fn upsert_calendar_day(
    conn: &mut Conn,
    day: Date,
    kind: CalendarDayKind,
    name: &str,
    at: Timestamp,
) -> Result<u64> {
    execute!(
        conn,
        "insert into calendar_day (day, kind, name, updated_at) values ($1, $2, $3, $4) \
         on conflict (day) do update set kind = excluded.kind, name = excluded.name, updated_at = excluded.updated_at",
        day,
        kind.as_str(),
        name,
        at,
    )
}

pub async fn delete_calendar_day(conn: &mut Conn, day: Date) -> Result<u64> {
    execute!(conn, "delete from calendar_day where day = $1", day)
}

// ---- services ----

const SELECT_SERVICES: &str = "select s.id, s.point_id, s.area_path, s.name, s.description, s.mode, \
                               s.duration_minutes, s.capacity, s.opens_days_ahead, s.cancel_hours_before, \
                               s.claim_minutes, s.min_age, s.max_age, s.special_groups, s.residents_only, \
                               s.party_members_only from service s where true";

pub async fn services_by_ids(conn: &mut Conn, ids: &[ServiceId]) -> Result<Vec<Service>> {
    select_in!(conn, Service, SELECT_SERVICES, "s.id", ids)
}

/// One service by id, for the steps of a mutation.
pub async fn service(conn: &mut Conn, id: ServiceId) -> Result<Option<Service>> {
    Ok(services_by_ids(conn, &[id]).await?.pop())
}

/// The services of each point, in creation order (at most 100 a point).
pub async fn services_of_points(conn: &mut Conn, points: &[ServicePointId]) -> Result<Vec<Service>> {
    select_in!(conn, Service, SELECT_SERVICES, "s.point_id", points, |qb| {
        qb.push(" order by s.point_id, s.id");
    })
}

/// The fields of a service a write sets.
pub struct ServiceFields {
    pub name: String,
    pub description: String,
    pub mode: ServiceMode,
    pub duration_minutes: i32,
    pub capacity: i32,
    pub opens_days_ahead: i32,
    pub cancel_hours_before: i32,
    pub claim_minutes: Option<i32>,
    pub min_age: Option<i32>,
    pub max_age: Option<i32>,
    pub special_groups: String,
    pub residents_only: bool,
    pub party_members_only: bool,
}

/// Write a service: a new one (`id` not yet used), or new fields for one
/// that exists, whose point, area and creation time stay. One statement
/// for both, so the fields are bound in one place.
pub async fn save_service(
    conn: &mut Conn,
    id: ServiceId,
    point: (ServicePointId, &str),
    f: &ServiceFields,
    at: Timestamp,
) -> Result<()> {
    execute!(
        conn,
        "insert into service (id, point_id, area_path, name, description, mode, duration_minutes, capacity, \
         opens_days_ahead, cancel_hours_before, claim_minutes, min_age, max_age, special_groups, residents_only, \
         party_members_only, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) \
         on conflict (id) do update set name = excluded.name, description = excluded.description, \
         mode = excluded.mode, duration_minutes = excluded.duration_minutes, capacity = excluded.capacity, \
         opens_days_ahead = excluded.opens_days_ahead, cancel_hours_before = excluded.cancel_hours_before, \
         claim_minutes = excluded.claim_minutes, min_age = excluded.min_age, max_age = excluded.max_age, \
         special_groups = excluded.special_groups, residents_only = excluded.residents_only, \
         party_members_only = excluded.party_members_only, updated_at = excluded.updated_at",
        id,
        point.0,
        point.1,
        f.name.as_str(),
        f.description.as_str(),
        f.mode.as_str(),
        f.duration_minutes,
        f.capacity,
        f.opens_days_ahead,
        f.cancel_hours_before,
        f.claim_minutes,
        f.min_age,
        f.max_age,
        f.special_groups.as_str(),
        f.residents_only,
        f.party_members_only,
        at,
    )?;
    Ok(())
}

// ---- staff ----

/// Whether `person` staffs `point` on `on`.
pub async fn is_staff(conn: &mut Conn, person: PersonId, point: ServicePointId, on: Date) -> Result<bool> {
    let found: Option<(i32,)> = run!(conn, |c| sqlx::query_as(
        "select 1 from service_staff t where t.person_id = $1 and t.point_id = $2 and t.from_on <= $3 \
         and (t.to_on is null or t.to_on >= $3) limit 1"
    )
    .bind(person)
    .bind(point)
    .bind(on)
    .fetch_optional(c)
    .await)?;
    Ok(found.is_some())
}

pub async fn insert_staff(
    conn: &mut Conn,
    point: ServicePointId,
    person: PersonId,
    from_on: Date,
    at: Timestamp,
) -> Result<ServiceStaffId> {
    let id = ServiceStaffId(new_id());
    execute!(
        conn,
        "insert into service_staff (id, point_id, person_id, from_on, to_on, created_at) \
         values ($1, $2, $3, $4, null, $5)",
        id,
        point,
        person,
        from_on,
        at,
    )?;
    Ok(id)
}

// ---- who may book ----

/// What the rules of `service` read of these people on `on`, in their
/// order: their open special groups and whether each is a party member,
/// each a statement for all of them, and only when a rule asks.
pub async fn applicants(
    conn: &mut Conn,
    service: &Service,
    persons: &[&Person],
    on: Date,
) -> Result<Vec<Applicant>> {
    let ids: Vec<PersonId> = persons.iter().map(|p| p.id).collect();
    let groups: Vec<(PersonId, String)> = match service.groups().is_empty() {
        true => Vec::new(),
        false => select_in!(
            conn,
            (PersonId, String),
            "select s.person_id, s.group_kind from special_group_entry s where true",
            "s.person_id",
            &ids,
            |qb| {
                qb.push(" and (s.ended_on is null or s.ended_on >= ").push_bind(on).push(")");
            }
        )?,
    };
    let members: Vec<(PersonId,)> = match service.party_members_only {
        false => Vec::new(),
        true => select_in!(
            conn,
            (PersonId,),
            "select distinct m.person_id from party_member m where true",
            "m.person_id",
            &ids
        )?,
    };
    Ok(persons
        .iter()
        .map(|p| Applicant {
            birth_date: p.birth_date.0,
            home_path: p.area_path.clone(),
            open_groups: groups
                .iter()
                .filter(|(id, _)| *id == p.id)
                .filter_map(|(_, g)| SpecialGroup::try_from(g.clone()).ok())
                .collect(),
            party_member: members.iter().any(|(id,)| *id == p.id),
        })
        .collect())
}

/// The paths of the areas that `service`'s point serves, when a rule asks
/// (residents only); else none are read.
pub async fn served_paths_for(conn: &mut Conn, service: &Service) -> Result<Vec<String>> {
    if !service.residents_only {
        return Ok(Vec::new());
    }
    let rows: Vec<(String,)> =
        run!(conn, |c| sqlx::query_as("select s.area_path from service_point_area s where s.point_id = $1")
            .bind(service.point_id)
            .fetch_all(c)
            .await)?;
    Ok(rows.into_iter().map(|(p,)| p).collect())
}
