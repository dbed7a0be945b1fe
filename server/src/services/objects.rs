//! GraphQL objects of service points, and the fields this domain adds to
//! `Area`: its coordinates and its living circle ([`AreaServices`]).
//! `ServicePoint` is extensible: the domains above add their fields to it
//! through [`SERVICE_POINT_FIELDS`].

use async_graphql::{Context, ID, Object};

use super::loaders::{
    AreaCoordinates, ClosuresFrom, LivingCircleOf, Nearby, OpeningHours, ServedAreas, ServicesOf, SlotView,
    availability, failed_rules, opening_on,
};
use super::model::*;
use crate::area::loaders::area;
use crate::area::model::Area;
use crate::booking::model::Booking;
use crate::db::{Date, MAX_PAGE, Timestamp};
use crate::graphql::context::{GqlResult, argument, loader, one, required};
use crate::graphql::extend::Groups;
use crate::ids::{PersonId, ServiceId};
use crate::people::model::SpecialGroup;
use crate::{extensible_object, field_group};

/// The fields higher domains add to `ServicePoint`, installed by `graphql/schema.rs`.
pub static SERVICE_POINT_FIELDS: Groups<ServicePoint> = Groups::new();

field_group!(
    /// The fields of `ServicePoint` its own domain declares.
    ServicePointFields for ServicePoint
);

extensible_object!(ServicePoint, "ServicePoint", core: ServicePointFields, groups: SERVICE_POINT_FIELDS);

/// 服务阵地 — a service point of the 15-minute living circle (15分钟生活圈):
/// 党群服务中心, 养老服务中心, 卫生服务站 and the rest. Public.
#[Object]
impl ServicePointFields<'_> {
    async fn id(&self) -> ID {
        self.id.to_global()
    }
    async fn name(&self) -> &str {
        &self.name
    }
    async fn kind(&self) -> ServicePointKind {
        self.kind
    }
    /// The area the point stands in.
    async fn area(&self, ctx: &Context<'_>) -> GqlResult<Area> {
        required(area(ctx, self.area_id).await?, "the point's area")
    }
    /// The areas the point serves (at most 20), in path order.
    async fn served_areas(&self, ctx: &Context<'_>) -> GqlResult<Vec<Area>> {
        let ids = loader(ctx).load_one(ServedAreas(self.id)).await?.unwrap_or_default();
        let mut found = loader(ctx).load_many(ids.iter().copied()).await?;
        Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
    }
    async fn address(&self) -> &str {
        &self.address
    }
    /// Where the point stands (WGS-84).
    async fn location(&self) -> LatLng {
        self.position()
    }
    /// The point's public contact number.
    async fn phone(&self) -> Option<&str> {
        self.phone.as_deref()
    }
    /// 开放时间 — the weekly periods, by weekday and start, each with its mode
    /// (office hours, 错时 off-peak, 延时 extended).
    async fn opening_hours(&self, ctx: &Context<'_>) -> GqlResult<Vec<OpeningPeriod>> {
        Ok(loader(ctx).load_one(OpeningHours(self.id)).await?.unwrap_or_default())
    }
    /// 闭馆日 — the dates the point is closed, from today (Asia/Shanghai) on,
    /// by date, at most 100.
    async fn closures(&self, ctx: &Context<'_>) -> GqlResult<Vec<PointClosure>> {
        let mut closures =
            loader(ctx).load_one(ClosuresFrom(self.id, local_today())).await?.unwrap_or_default();
        closures.truncate(MAX_PAGE as usize);
        Ok(closures)
    }
    /// The periods the point keeps open on a date: none on a public holiday
    /// (法定节假日) or a closure; on a make-up working day (调休上班日) that
    /// falls on a weekend, Monday's periods; else the date's weekday's.
    async fn opening_on(&self, ctx: &Context<'_>, date: Date) -> GqlResult<Vec<OpeningPeriod>> {
        opening_on(ctx, self.id, date).await
    }
    /// 服务项目 — the services the point offers, in the order they were added.
    async fn services(&self, ctx: &Context<'_>) -> GqlResult<Vec<Service>> {
        Ok(loader(ctx).load_one(ServicesOf(self.id)).await?.unwrap_or_default())
    }
}

/// 开放时段 — one weekly period of a point's opening hours, in local time
/// (Asia/Shanghai).
#[Object]
impl OpeningPeriod {
    /// ISO weekday: 1 is Monday, 7 Sunday.
    async fn weekday(&self) -> i32 {
        self.weekday
    }
    /// `HH:MM`.
    async fn starts(&self) -> &str {
        &self.starts
    }
    /// `HH:MM`, after `starts`.
    async fn ends(&self) -> &str {
        &self.ends
    }
    async fn mode(&self) -> OpeningMode {
        self.mode
    }
}

/// 闭馆 — a date on which a point is closed.
#[Object]
impl PointClosure {
    async fn date(&self) -> Date {
        self.on_date
    }
    async fn reason(&self) -> Option<&str> {
        self.reason.as_deref()
    }
}

/// 节假日安排 — a day of the national calendar: a public holiday or a
/// make-up working day (调休).
#[Object]
impl CalendarDay {
    async fn date(&self) -> Date {
        self.day
    }
    async fn kind(&self) -> CalendarDayKind {
        self.kind
    }
    /// The holiday it belongs to, e.g. 春节.
    async fn name(&self) -> &str {
        &self.name
    }
}

/// 坐标 — a WGS-84 position.
#[Object]
impl LatLng {
    async fn latitude(&self) -> f64 {
        self.latitude
    }
    async fn longitude(&self) -> f64 {
        self.longitude
    }
}

/// A service point within walking time of a position.
#[Object(name = "NearbyServicePoint")]
impl Nearby {
    async fn point(&self) -> &ServicePoint {
        &self.point
    }
    /// The straight-line (great-circle) distance, in whole metres.
    async fn distance_meters(&self) -> i32 {
        self.metres.round() as i32
    }
    /// The walk, in whole minutes rounded up: the distance times the detour
    /// factor 1.3, at 80 metres a minute.
    async fn walking_minutes(&self) -> i32 {
        self.minutes.ceil() as i32
    }
}

/// 15分钟生活圈 — how well a community's buildings are served: for every
/// kind of point, the buildings with one within a 15-minute walk, and those
/// without (the planner's gap map). Buildings without coordinates are left out.
#[Object]
impl LivingCircle {
    /// The walk reckoned with: 15 minutes.
    async fn walking_minutes(&self) -> i32 {
        self.minutes as i32
    }
    /// The community's buildings with coordinates.
    async fn buildings(&self) -> i32 {
        self.buildings as i32
    }
    /// One entry per kind of point, in the order of `ServicePointKind`.
    async fn kinds(&self) -> &[KindCoverage] {
        &self.kinds
    }
}

/// How one kind of point covers a community's buildings.
#[Object]
impl KindCoverage {
    async fn kind(&self) -> ServicePointKind {
        self.kind
    }
    /// Buildings with a point of this kind within the walk.
    async fn covered_buildings(&self) -> i32 {
        self.covered as i32
    }
    /// The covered share of the buildings, 0 to 1; null when the community
    /// has no buildings with coordinates.
    async fn share(&self) -> Option<f64> {
        (self.buildings > 0).then(|| self.covered as f64 / self.buildings as f64)
    }
    /// The buildings without a point of this kind within the walk, in path order.
    async fn uncovered_buildings(&self) -> &[Area] {
        &self.uncovered
    }
}

field_group!(
    /// The fields the services domain adds to `Area`.
    AreaServices for Area
);

#[Object]
impl AreaServices<'_> {
    /// Where the area is (WGS-84): buildings, communities and villages have
    /// coordinates; null when none are recorded.
    async fn location(&self, ctx: &Context<'_>) -> GqlResult<Option<LatLng>> {
        let found = one(ctx, AreaCoordinates(self.0.id)).await?;
        Ok(found.and_then(|a| Some(LatLng { latitude: a.latitude?, longitude: a.longitude? })))
    }
    /// 15分钟生活圈 — for a community or village, how its buildings are
    /// served by each kind of point within a 15-minute walk; null for other
    /// kinds of area.
    async fn living_circle(&self, ctx: &Context<'_>) -> GqlResult<Option<LivingCircle>> {
        if !self.0.kind.is_community() {
            return Ok(None);
        }
        Ok(loader(ctx).load_one(LivingCircleOf(self.0.path.clone())).await?)
    }
}

/// 服务项目 — a service a point offers: its slots' length and places, its
/// booking window and who may book it. Public.
#[Object]
impl Service {
    pub async fn id(&self) -> ID {
        self.id.to_global()
    }
    async fn name(&self) -> &str {
        &self.name
    }
    async fn description(&self) -> &str {
        &self.description
    }
    async fn mode(&self) -> ServiceMode {
        self.mode
    }
    async fn point(&self, ctx: &Context<'_>) -> GqlResult<ServicePoint> {
        required(one(ctx, self.point_id).await?, "the service's point")
    }
    /// Minutes per slot.
    async fn duration_minutes(&self) -> i32 {
        self.duration_minutes
    }
    /// Places per slot.
    async fn capacity(&self) -> i32 {
        self.capacity
    }
    /// Booking opens this many days before a slot's date.
    async fn opens_days_ahead(&self) -> i32 {
        self.opens_days_ahead
    }
    /// A booking may be cancelled until this many hours before its start.
    async fn cancel_hours_before(&self) -> i32 {
        self.cancel_hours_before
    }
    /// How long a place offered to the first in line waits to be claimed;
    /// null when the first in line is confirmed at once.
    async fn claim_minutes(&self) -> Option<i32> {
        self.claim_minutes
    }
    /// 资格条件 — the rules a person must meet to book, every one of them.
    async fn rules(&self) -> Vec<EligibilityRule> {
        self.eligibility_rules().into_iter().map(EligibilityRule).collect()
    }
    /// Whether a person may book this service on a date (today when
    /// omitted), and the rules they fail. Null when you may not see the person.
    async fn eligibility(
        &self,
        ctx: &Context<'_>,
        person_id: ID,
        on: Option<Date>,
    ) -> GqlResult<Option<Eligibility>> {
        let person = argument(PersonId::from_global(&person_id, "personId"))?;
        let on = on.unwrap_or_else(local_today);
        let failed = failed_rules(ctx, self, person, on).await?;
        Ok(failed.map(|f| Eligibility {
            eligible: f.is_empty(),
            failed_rules: f.into_iter().map(EligibilityRule).collect(),
        }))
    }
    /// 可预约时段 — the slots from `from` to `to` (local dates, at most 62
    /// days), each with its places. A closed day (a public holiday, a
    /// closure) has none.
    async fn availability(&self, ctx: &Context<'_>, from: Date, to: Date) -> GqlResult<Vec<ServiceSlot>> {
        check_days(from, to)?;
        Ok(availability(ctx, self, from, to).await?.into_iter().map(ServiceSlot).collect())
    }
}

/// `from` to `to`, inclusive, at most [`MAX_AVAILABILITY_DAYS`].
pub fn check_days(from: Date, to: Date) -> Result<(), crate::Error> {
    let days = (to.0 - from.0).num_days() + 1;
    if days < 1 {
        return Err(crate::Error::bad_input("to", "must not precede `from`"));
    }
    if days > MAX_AVAILABILITY_DAYS {
        return Err(crate::Error::bad_input("to", format!("at most {MAX_AVAILABILITY_DAYS} days at once")));
    }
    Ok(())
}

/// 资格条件 — one rule a person must meet to book a service.
pub struct EligibilityRule(pub Rule);

#[Object]
impl EligibilityRule {
    async fn kind(&self) -> RuleKind {
        self.0.kind
    }
    /// The age of MIN_AGE and MAX_AGE.
    async fn age(&self) -> Option<i32> {
        self.0.age
    }
    /// The groups of SPECIAL_GROUP, any one of which qualifies.
    async fn groups(&self) -> Vec<SpecialGroup> {
        self.0.groups.clone()
    }
    /// The rule in words, Chinese then English.
    async fn description(&self) -> String {
        self.0.describe()
    }
}

/// Whether a person may book a service, and the rules they fail.
#[derive(async_graphql::SimpleObject)]
pub struct Eligibility {
    pub eligible: bool,
    pub failed_rules: Vec<EligibilityRule>,
}

/// 预约时段 — one slot of a service, with its places. Counts are public;
/// who booked is not.
pub struct ServiceSlot(pub SlotView);

#[Object]
impl ServiceSlot {
    /// Give it to `book`.
    async fn id(&self) -> ID {
        slot_global_id(self.0.slot.service, self.0.slot.starts_at)
    }
    async fn starts_at(&self) -> Timestamp {
        self.0.slot.starts_at
    }
    async fn ends_at(&self) -> Timestamp {
        self.0.slot.ends_at
    }
    async fn capacity(&self) -> i32 {
        self.0.capacity
    }
    /// Places taken: confirmed, offered, checked in or completed.
    async fn booked(&self) -> i32 {
        self.0.booked
    }
    /// People in line.
    async fn waitlisted(&self) -> i32 {
        self.0.waitlisted
    }
    /// Places free now.
    async fn free(&self) -> i32 {
        (self.0.capacity - self.0.booked).max(0)
    }
}

field_group!(
    /// What a booking of a service's slot adds to `Booking`: the service.
    BookingService for Booking
);

#[Object]
impl BookingService<'_> {
    /// The service booked (null for a booking of something else).
    async fn service(&self, ctx: &Context<'_>) -> GqlResult<Option<Service>> {
        let Some(bookable) = one(ctx, self.bookable_id).await? else {
            return Ok(None);
        };
        if bookable.kind != SERVICE_SLOT {
            return Ok(None);
        }
        one(ctx, ServiceId(bookable.owner_id)).await
    }
    /// The slot booked, as `availability` lists it.
    async fn slot_id(&self, ctx: &Context<'_>) -> GqlResult<Option<ID>> {
        let Some(bookable) = one(ctx, self.bookable_id).await? else {
            return Ok(None);
        };
        Ok((bookable.kind == SERVICE_SLOT)
            .then(|| slot_global_id(ServiceId(bookable.owner_id), bookable.starts_at)))
    }
}
