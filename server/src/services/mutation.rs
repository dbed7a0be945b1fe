//! The services domain's mutations, their inputs and payloads.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object};

use super::model::*;
use super::query::LatLngInput;
use super::service;
use crate::db::Date;
use crate::graphql::context::{GqlResult, input_id, req};
use crate::ids::{AreaId, ServicePointId};
use crate::payload;

/// 新建服务阵地 — a new service point in an area of yours.
#[derive(InputObject)]
pub struct CreateServicePointInput {
    /// 1 to 50 characters after trimming.
    pub name: String,
    pub kind: ServicePointKind,
    /// The community or village (or an area below one) the point stands in.
    pub area_id: ID,
    /// The areas it serves, each in your area, at most 20; its own area when omitted or empty.
    #[graphql(default)]
    pub served_area_ids: Vec<ID>,
    /// 1 to 200 characters.
    pub address: String,
    pub location: LatLngInput,
    /// The point's public contact number: digits with + - ( ) and spaces, at most 30 characters.
    pub phone: Option<String>,
}

/// 修改服务阵地 — change a point in your area; omitted fields stay as they are.
#[derive(InputObject)]
pub struct UpdateServicePointInput {
    pub id: ID,
    /// 1 to 50 characters after trimming.
    pub name: Option<String>,
    pub kind: Option<ServicePointKind>,
    /// 1 to 200 characters.
    pub address: Option<String>,
    pub location: Option<LatLngInput>,
    /// At most 30 characters; null or an empty string removes it.
    pub phone: MaybeUndefined<String>,
    /// Replaces the areas it serves (at most 20); empty means its own area.
    pub served_area_ids: Option<Vec<ID>>,
}

/// One weekly period of opening hours, in local time (Asia/Shanghai).
#[derive(InputObject)]
pub struct OpeningPeriodInput {
    /// 1 (Monday) to 7 (Sunday).
    pub weekday: i32,
    /// `HH:MM`, 00:00 to 24:00.
    pub starts: String,
    /// `HH:MM`, after `starts`.
    pub ends: String,
    #[graphql(default_with = "OpeningMode::OfficeHours")]
    pub mode: OpeningMode,
}

/// 设置开放时间 — replace a point's weekly opening hours.
#[derive(InputObject)]
pub struct SetOpeningHoursInput {
    pub point_id: ID,
    /// At most 50 periods; periods of one weekday may not overlap.
    pub periods: Vec<OpeningPeriodInput>,
}

/// 闭馆 — close a point on a date.
#[derive(InputObject)]
pub struct AddPointClosureInput {
    pub point_id: ID,
    pub date: Date,
    /// At most 200 characters.
    pub reason: Option<String>,
}

/// Open a point again on a date it was to be closed.
#[derive(InputObject)]
pub struct RemovePointClosureInput {
    pub point_id: ID,
    pub date: Date,
}

/// 节假日安排 — mark a date a public holiday or a make-up working day (调休).
#[derive(InputObject)]
pub struct SetCalendarDayInput {
    pub date: Date,
    pub kind: CalendarDayKind,
    /// The holiday it belongs to, e.g. 春节: 1 to 50 characters.
    pub name: String,
}

/// Make a date an ordinary day again.
#[derive(InputObject)]
pub struct RemoveCalendarDayInput {
    pub date: Date,
}

payload!(
    /// The result of a change to a service point, its hours or closures.
    ServicePointPayload { point: ServicePoint }
);
payload!(
    /// The result of a change to the calendar.
    CalendarDayPayload { day: CalendarDay }
);

fn area_ids(ids: &[ID], field: &str) -> GqlResult<Vec<AreaId>> {
    ids.iter()
        .enumerate()
        .map(|(i, id)| Ok(input_id(AreaId::from_global(id, &format!("{field}.{i}")))?))
        .collect()
}

#[derive(Default)]
pub struct ServicesMutation;

#[Object]
impl ServicesMutation {
    /// 新建服务阵地 — create a service point in an area of yours.
    async fn create_service_point(
        &self,
        ctx: &Context<'_>,
        input: CreateServicePointInput,
    ) -> GqlResult<ServicePointPayload> {
        let rctx = req(ctx);
        let input = service::CreateServicePoint {
            name: input.name,
            kind: input.kind,
            area_id: input_id(AreaId::from_global(&input.area_id, "areaId"))?,
            served_area_ids: area_ids(&input.served_area_ids, "servedAreaIds")?,
            address: input.address,
            location: (input.location.latitude, input.location.longitude),
            phone: input.phone,
        };
        ServicePointPayload::from_result(
            service::create_service_point(&rctx.db, &rctx.principal, input).await,
        )
    }

    /// 修改服务阵地 — change a service point in your area.
    async fn update_service_point(
        &self,
        ctx: &Context<'_>,
        input: UpdateServicePointInput,
    ) -> GqlResult<ServicePointPayload> {
        let rctx = req(ctx);
        let input = service::UpdateServicePoint {
            id: input_id(ServicePointId::from_global(&input.id, "id"))?,
            name: input.name,
            kind: input.kind,
            address: input.address,
            location: input.location.map(|l| (l.latitude, l.longitude)),
            phone: match input.phone {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(p) => Some(Some(p)),
            },
            served_area_ids: input.served_area_ids.map(|ids| area_ids(&ids, "servedAreaIds")).transpose()?,
        };
        ServicePointPayload::from_result(
            service::update_service_point(&rctx.db, &rctx.principal, input).await,
        )
    }

    /// 设置开放时间 — replace the weekly opening hours of a point in your area.
    async fn set_opening_hours(
        &self,
        ctx: &Context<'_>,
        input: SetOpeningHoursInput,
    ) -> GqlResult<ServicePointPayload> {
        let rctx = req(ctx);
        let input = service::SetOpeningHours {
            point_id: input_id(ServicePointId::from_global(&input.point_id, "pointId"))?,
            periods: input.periods.into_iter().map(|p| (p.weekday, p.starts, p.ends, p.mode)).collect(),
        };
        ServicePointPayload::from_result(service::set_opening_hours(&rctx.db, &rctx.principal, input).await)
    }

    /// 闭馆 — close a point in your area on a date.
    async fn add_point_closure(
        &self,
        ctx: &Context<'_>,
        input: AddPointClosureInput,
    ) -> GqlResult<ServicePointPayload> {
        let rctx = req(ctx);
        let input = service::AddPointClosure {
            point_id: input_id(ServicePointId::from_global(&input.point_id, "pointId"))?,
            on: input.date,
            reason: input.reason,
        };
        ServicePointPayload::from_result(service::add_point_closure(&rctx.db, &rctx.principal, input).await)
    }

    /// Open a point in your area again on a date it was to be closed.
    async fn remove_point_closure(
        &self,
        ctx: &Context<'_>,
        input: RemovePointClosureInput,
    ) -> GqlResult<ServicePointPayload> {
        let rctx = req(ctx);
        let input = service::RemovePointClosure {
            point_id: input_id(ServicePointId::from_global(&input.point_id, "pointId"))?,
            on: input.date,
        };
        ServicePointPayload::from_result(
            service::remove_point_closure(&rctx.db, &rctx.principal, input).await,
        )
    }

    /// 节假日安排 — mark a date a public holiday or a make-up working day
    /// (district admins: the calendar is national).
    async fn set_calendar_day(
        &self,
        ctx: &Context<'_>,
        input: SetCalendarDayInput,
    ) -> GqlResult<CalendarDayPayload> {
        let rctx = req(ctx);
        let input = service::SetCalendarDay { day: input.date, kind: input.kind, name: input.name };
        CalendarDayPayload::from_result(service::set_calendar_day(&rctx.db, &rctx.principal, input).await)
    }

    /// Make a date an ordinary day again (district admins).
    async fn remove_calendar_day(
        &self,
        ctx: &Context<'_>,
        input: RemoveCalendarDayInput,
    ) -> GqlResult<CalendarDayPayload> {
        let rctx = req(ctx);
        CalendarDayPayload::from_result(
            service::remove_calendar_day(&rctx.db, &rctx.principal, input.date).await,
        )
    }
}
