//! Loader keys of service points, their hours, closures and the calendar,
//! the coordinates of areas and the living circle of communities; and the
//! walking-distance search of the `nearbyServicePoints` root.

use std::collections::HashMap;

use async_graphql::Context;
use async_graphql::dataloader::Loader;

use super::model::*;
use super::store::{self, PointFilter};
use crate::booking;
use crate::db::Date;
use crate::graphql::context::{GqlResult, loader, one, req};
use crate::graphql::loading::{DbLoader, Loaded};
use crate::ids::{AreaId, PersonId, ServiceId, ServicePointId};
use crate::{load_by_key, root_list};

load_by_key!(ServicePointId => ServicePoint, |conn, _scope, ids| store::points_by_ids(conn, ids), key: |p| p.id);

/// The closure of a point on a date, if it is closed then.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ClosureOn(pub ServicePointId, pub Date);

load_by_key!(
    ClosureOn => PointClosure,
    |conn, _scope, keys| store::closures_on(
        conn,
        &keys.iter().map(|k| k.0).collect::<Vec<_>>(),
        &keys.iter().map(|k| k.1).collect::<Vec<_>>(),
    ),
    key: |c| ClosureOn(c.point_id, c.on_date),
);

/// What the calendar says of a date, if anything.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CalendarOn(pub Date);

load_by_key!(
    CalendarOn => CalendarDay,
    |conn, _scope, keys| store::calendar_days_on(conn, &keys.iter().map(|k| k.0).collect::<Vec<_>>()),
    key: |d| CalendarOn(d.day),
);

/// The coordinates of an area.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AreaCoordinates(pub AreaId);

load_by_key!(
    AreaCoordinates => AreaLocation,
    |conn, _scope, keys| store::locations_of(conn, &keys.iter().map(|k| k.0).collect::<Vec<_>>()),
    key: |a| AreaCoordinates(a.id),
);

/// The areas a point serves.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ServedAreas(pub ServicePointId);

impl Loader<ServedAreas> for DbLoader {
    type Value = Vec<AreaId>;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[ServedAreas]) -> Loaded<ServedAreas, Vec<AreaId>> {
        let mut conn = self.db.conn().await?;
        let points: Vec<ServicePointId> = keys.iter().map(|k| k.0).collect();
        let mut out: HashMap<ServedAreas, Vec<AreaId>> =
            keys.iter().map(|k| (k.clone(), Vec::new())).collect();
        for (point, area) in store::served_areas_of(&mut conn, &points).await? {
            out.entry(ServedAreas(point)).or_default().push(area);
        }
        Ok(out)
    }
}

/// A point's weekly opening periods.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OpeningHours(pub ServicePointId);

impl Loader<OpeningHours> for DbLoader {
    type Value = Vec<OpeningPeriod>;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[OpeningHours]) -> Loaded<OpeningHours, Vec<OpeningPeriod>> {
        let mut conn = self.db.conn().await?;
        let points: Vec<ServicePointId> = keys.iter().map(|k| k.0).collect();
        let mut out: HashMap<OpeningHours, Vec<OpeningPeriod>> =
            keys.iter().map(|k| (k.clone(), Vec::new())).collect();
        for period in store::periods_of(&mut conn, &points).await? {
            out.entry(OpeningHours(period.point_id)).or_default().push(period);
        }
        Ok(out)
    }
}

/// A point's closures on or after a date.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ClosuresFrom(pub ServicePointId, pub Date);

impl Loader<ClosuresFrom> for DbLoader {
    type Value = Vec<PointClosure>;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[ClosuresFrom]) -> Loaded<ClosuresFrom, Vec<PointClosure>> {
        let mut conn = self.db.conn().await?;
        let points: Vec<ServicePointId> = keys.iter().map(|k| k.0).collect();
        let from = keys.iter().map(|k| k.1).min().unwrap_or(Date::today());
        let mut out: HashMap<ClosuresFrom, Vec<PointClosure>> =
            keys.iter().map(|k| (k.clone(), Vec::new())).collect();
        for closure in store::closures_from(&mut conn, &points, from).await? {
            for (key, list) in out.iter_mut() {
                if key.0 == closure.point_id && closure.on_date >= key.1 {
                    list.push(closure.clone());
                }
            }
        }
        Ok(out)
    }
}

/// The living circle of the community or village at this path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LivingCircleOf(pub String);

/// Two statements for every community of a batch: their buildings, then
/// the points in the box around them all widened by the walk.
impl Loader<LivingCircleOf> for DbLoader {
    type Value = LivingCircle;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[LivingCircleOf]) -> Loaded<LivingCircleOf, LivingCircle> {
        let mut conn = self.db.conn().await?;
        let paths: Vec<String> = keys.iter().map(|k| k.0.clone()).collect();
        let buildings = store::buildings_within(&mut conn, &paths).await?;
        let reach = reach_metres(LIVING_CIRCLE_MINUTES);
        let area = BoundingBox::around(
            buildings.iter().map(|b| LatLng { latitude: b.latitude, longitude: b.longitude }),
            reach,
        );
        let points = match area {
            Some(b) => store::points_in_box(&mut conn, &b, &PointFilter::default()).await?,
            None => Vec::new(),
        };
        Ok(keys
            .iter()
            .map(|k| {
                let mine: Vec<PlacedBuilding> =
                    buildings.iter().filter(|b| b.area.path.starts_with(&k.0)).cloned().collect();
                (k.clone(), living_circle(&mine, &points, LIVING_CIRCLE_MINUTES))
            })
            .collect())
    }
}

root_list!(PointFilter => ServicePoint, cursor: |p| p.id.0,
    page: |conn, _scope, filter, page| store::list_points(conn, filter, page),
    count: |conn, _scope, filter| store::count_points(conn, filter),
);

/// A point through the request's loader.
pub async fn service_point(ctx: &Context<'_>, id: ServicePointId) -> GqlResult<Option<ServicePoint>> {
    one(ctx, id).await
}

/// A point found near a position.
#[derive(Clone, Debug)]
pub struct Nearby {
    pub point: ServicePoint,
    /// The great-circle distance.
    pub metres: f64,
    pub minutes: f64,
}

/// The points within a walk of `minutes` from `near`, nearest first, at
/// most `limit`: one statement for the box around the walk, exact
/// distances here.
pub async fn nearby(
    ctx: &Context<'_>,
    near: LatLng,
    minutes: u32,
    filter: PointFilter,
    limit: usize,
) -> GqlResult<Vec<Nearby>> {
    let Some(area) = BoundingBox::around([near], reach_metres(minutes)) else {
        return Ok(Vec::new());
    };
    let mut conn = req(ctx).db.conn().await?;
    let points = store::points_in_box(&mut conn, &area, &filter).await?;
    let mut found: Vec<Nearby> = points
        .into_iter()
        .map(|point| {
            let metres = distance_metres(near, point.position());
            Nearby { point, metres, minutes: walking_minutes(metres) }
        })
        .filter(|n| n.minutes <= f64::from(minutes))
        .collect();
    found.sort_by(|a, b| a.metres.total_cmp(&b.metres).then(a.point.id.cmp(&b.point.id)));
    found.truncate(limit);
    Ok(found)
}

/// The calendar's days of a year, in date order.
pub async fn calendar(ctx: &Context<'_>, from: Date, to: Date) -> GqlResult<Vec<CalendarDay>> {
    let mut conn = req(ctx).db.conn().await?;
    Ok(store::calendar_between(&mut conn, from, to).await?)
}

/// The periods a point keeps on `date`, after the calendar and its closures.
pub async fn opening_on(
    ctx: &Context<'_>,
    point: ServicePointId,
    date: Date,
) -> GqlResult<Vec<OpeningPeriod>> {
    let l = loader(ctx);
    let (week, calendar, closure) = futures::try_join!(
        l.load_one(OpeningHours(point)),
        l.load_one(CalendarOn(date)),
        l.load_one(ClosureOn(point, date)),
    )?;
    let week = week.unwrap_or_default();
    Ok(periods_on(date, &week, calendar.map(|c| c.kind), closure.is_some()).into_iter().cloned().collect())
}

// ---- services, slots, eligibility ----

load_by_key!(ServiceId => Service, |conn, _scope, ids| store::services_by_ids(conn, ids), key: |s| s.id);

/// The services a point offers.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ServicesOf(pub ServicePointId);

impl Loader<ServicesOf> for DbLoader {
    type Value = Vec<Service>;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[ServicesOf]) -> Loaded<ServicesOf, Vec<Service>> {
        let mut conn = self.db.conn().await?;
        let points: Vec<ServicePointId> = keys.iter().map(|k| k.0).collect();
        let mut out: HashMap<ServicesOf, Vec<Service>> =
            keys.iter().map(|k| (k.clone(), Vec::new())).collect();
        for s in store::services_of_points(&mut conn, &points).await? {
            out.entry(ServicesOf(s.point_id)).or_default().push(s);
        }
        Ok(out)
    }
}

/// A slot with its places: capacity, taken, in line.
#[derive(Clone, Debug)]
pub struct SlotView {
    pub slot: Slot,
    pub capacity: i32,
    pub booked: i32,
    pub waitlisted: i32,
}

/// The slots of a service from one local date to another, inclusive.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SlotsOf(pub ServiceId, pub Date, pub Date);

/// The slots of every service of a batch with their places: the points'
/// hours after the calendar and their closures, cut by each service's
/// duration, and the counts of the slots booked so far (settled first
/// when an offer ran out). Six statements a batch, whatever its size and
/// range.
impl Loader<SlotsOf> for DbLoader {
    type Value = Vec<SlotView>;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[SlotsOf]) -> Loaded<SlotsOf, Vec<SlotView>> {
        let (Some(from), Some(to)) = (keys.iter().map(|k| k.1).min(), keys.iter().map(|k| k.2).max()) else {
            return Ok(HashMap::new());
        };
        let ids: Vec<ServiceId> = keys.iter().map(|k| k.0).collect();
        let owners: Vec<uuid::Uuid> = ids.iter().map(|i| i.0).collect();
        let days: Vec<Date> = from.0.iter_days().take_while(|d| *d <= to.0).map(Date).collect();
        let (start, end) = (local_instant(from, 0), local_instant(to, 24 * 60));
        let mut conn = self.db.conn().await?;
        let services = store::services_by_ids(&mut conn, &ids).await?;
        let points: Vec<ServicePointId> = services.iter().map(|s| s.point_id).collect();
        let week = store::periods_of(&mut conn, &points).await?;
        let calendar = store::calendar_between(&mut conn, from, to).await?;
        let closures = store::closures_on(&mut conn, &points, &days).await?;
        let mut bookables = booking::store::bookables_between(&mut conn, &owners, start, end).await?;
        drop(conn);
        let due: Vec<_> = bookables.iter().map(|b| b.id).collect();
        if booking::service::settle(&self.db, &due).await? > 0 {
            let mut conn = self.db.conn().await?;
            bookables = booking::store::bookables_between(&mut conn, &owners, start, end).await?;
        }
        let counts: HashMap<_, _> = bookables.iter().map(|b| ((b.owner_id, b.starts_at), b)).collect();
        let mut out = HashMap::new();
        for key in keys {
            let Some(service) = services.iter().find(|s| s.id == key.0) else { continue };
            let hours: Vec<OpeningPeriod> =
                week.iter().filter(|p| p.point_id == service.point_id).cloned().collect();
            let mut slots = Vec::new();
            for day in from.0.iter_days().take_while(|d| *d <= key.2.0).filter(|d| *d >= key.1.0).map(Date) {
                let kind = calendar.iter().find(|c| c.day == day).map(|c| c.kind);
                let closed = closures.iter().any(|c| c.point_id == service.point_id && c.on_date == day);
                for slot in slots_on(service, day, &periods_on(day, &hours, kind, closed)) {
                    let b = counts.get(&(service.id.0, slot.starts_at));
                    slots.push(SlotView {
                        slot,
                        capacity: b.map_or(service.capacity, |b| b.capacity),
                        booked: b.map_or(0, |b| b.held),
                        waitlisted: b.map_or(0, |b| b.waiting),
                    });
                }
            }
            out.insert(key.clone(), slots);
        }
        Ok(out)
    }
}

/// The slots of a service from `from` to `to` with their places, through
/// the request's loader.
pub async fn availability(
    ctx: &Context<'_>,
    service: &Service,
    from: Date,
    to: Date,
) -> GqlResult<Vec<SlotView>> {
    Ok(loader(ctx).load_one(SlotsOf(service.id, from, to)).await?.unwrap_or_default())
}

/// The rules a person fails for a service on `on`, when the caller may see
/// the person; `None` when they may not.
pub async fn failed_rules(
    ctx: &Context<'_>,
    service: &Service,
    person: PersonId,
    on: Date,
) -> GqlResult<Option<Vec<Rule>>> {
    let Some(p) = crate::people::loaders::person(ctx, person).await? else {
        return Ok(None);
    };
    let mut conn = req(ctx).db.conn().await?;
    // One applicant for each person given.
    let applicant = store::applicants(&mut conn, service, &[&p], on).await?.swap_remove(0);
    let served = store::served_paths_for(&mut conn, service).await?;
    Ok(Some(service.failed_rules(&applicant, on, &served)))
}
