//! GraphQL objects of service points, and the fields this domain adds to
//! `Area`: its coordinates and its living circle ([`AreaServices`]).
//! `ServicePoint` is extensible: the domains above add their fields to it
//! through [`SERVICE_POINT_FIELDS`].

use async_graphql::{Context, ID, Object};

use super::loaders::{
    AreaCoordinates, ClosuresFrom, LivingCircleOf, Nearby, OpeningHours, ServedAreas, opening_on,
};
use super::model::*;
use crate::area::loaders::area;
use crate::area::model::Area;
use crate::db::{Date, MAX_PAGE};
use crate::graphql::context::{GqlResult, loader, one, required};
use crate::graphql::extend::Groups;
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
