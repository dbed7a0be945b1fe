//! The services domain's root fields.

use async_graphql::{Context, ID, InputObject, Object};

use super::loaders::{Nearby, availability, calendar, nearby};
use super::model::*;
use super::objects::{ServiceSlot, check_days};
use super::store::PointFilter;
use crate::area::loaders::within_arg;
use crate::db::{Date, MAX_PAGE};
use crate::error::Error;
use crate::graphql::context::{GqlResult, argument, one, page, root_list};
use crate::graphql::relay::Conn;
use crate::ids::ServiceId;

/// 坐标 — a WGS-84 position: latitude from -90 to 90, longitude from -180 to 180.
#[derive(InputObject)]
pub struct LatLngInput {
    pub latitude: f64,
    pub longitude: f64,
}

impl LatLngInput {
    /// The position, or `BAD_USER_INPUT` naming `<field>.latitude` (or
    /// `.longitude`), its message saying everything that is wrong.
    pub fn parse(&self, field: &str) -> Result<LatLng, Error> {
        LatLng::parse(self.latitude, self.longitude, field).map_err(|errors| {
            let message = errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("; ");
            let field = errors.first().map(|e| e.field[1..].join(".")).unwrap_or_default();
            Error::BadInput { field, message }
        })
    }
}

/// The longest walk `nearbyServicePoints` looks for, in minutes.
pub const MAX_WALKING_MINUTES: i32 = 60;

#[derive(Default)]
pub struct ServicesQuery;

#[Object]
impl ServicesQuery {
    /// 服务阵地 — service points, of a kind and standing within an area, in
    /// the order they were created. Public.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn service_points(
        &self,
        ctx: &Context<'_>,
        kind: Option<ServicePointKind>,
        within: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<ServicePoint>> {
        let page = page(first, after, last, before)?;
        let within = within_arg(ctx, within, "within").await?;
        root_list(ctx, PointFilter { kind, within }, page).await
    }

    /// 15分钟生活圈 — the service points within a walk of `withinMinutes`
    /// (1 to 60) from a position, nearest first, at most `first` (1 to 100).
    /// A walk is the great-circle distance times 1.3 (streets are not straight
    /// lines) at 80 metres a minute (4.8 km/h). Not a connection: distance
    /// order has no keyset. Public.
    #[graphql(complexity = "first.unwrap_or(20).clamp(1, 100) as usize * child_complexity")]
    async fn nearby_service_points(
        &self,
        ctx: &Context<'_>,
        near: LatLngInput,
        #[graphql(default = 15)] within_minutes: i32,
        kind: Option<ServicePointKind>,
        within: Option<ID>,
        first: Option<i32>,
    ) -> GqlResult<Vec<Nearby>> {
        let at = near.parse("near")?;
        if !(1..=MAX_WALKING_MINUTES).contains(&within_minutes) {
            return Err(Error::bad_input(
                "withinMinutes",
                format!("a walk of 1 to {MAX_WALKING_MINUTES} minutes"),
            )
            .into());
        }
        let first = first.unwrap_or(20);
        if !(1..=MAX_PAGE as i32).contains(&first) {
            return Err(Error::bad_input("first", format!("`first` must be between 1 and {MAX_PAGE}")).into());
        }
        let within = within_arg(ctx, within, "within").await?;
        nearby(ctx, at, within_minutes as u32, PointFilter { kind, within }, first as usize).await
    }

    /// 可预约时段 — the slots of a service from `from` to `to` (local dates,
    /// at most 62 days), each with its capacity, booked, waitlisted and
    /// free places. A closed day has none. Public.
    async fn availability(
        &self,
        ctx: &Context<'_>,
        service_id: ID,
        from: Date,
        to: Date,
    ) -> GqlResult<Vec<ServiceSlot>> {
        let id = argument(ServiceId::from_global(&service_id, "serviceId"))?;
        check_days(from, to)?;
        let Some(service) = one(ctx, id).await? else {
            return Err(Error::bad_input("serviceId", "no such service").into());
        };
        Ok(availability(ctx, &service, from, to).await?.into_iter().map(ServiceSlot).collect())
    }

    /// 节假日安排 — the public holidays and make-up working days (调休) of a
    /// year, by date. Public.
    async fn calendar(&self, ctx: &Context<'_>, year: i32) -> GqlResult<Vec<CalendarDay>> {
        let (from, to) = argument(check_year(year, "year"))?;
        calendar(ctx, Date(from), Date(to)).await
    }
}
