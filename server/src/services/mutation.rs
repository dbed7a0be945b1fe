//! The services domain's mutations, their inputs and payloads.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object};

use super::bookings::{self, BookingAction};
use super::model::*;
use super::query::LatLngInput;
use super::service;
use crate::booking::model::Booking;
use crate::db::Date;
use crate::graphql::context::{GqlResult, input_id, req};
use crate::ids::{AreaId, BookingId, PersonId, ServiceId, ServicePointId};
use crate::payload;
use crate::people::model::SpecialGroup;

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

/// 资格条件 — who may book a service; every rule given must be met.
#[derive(InputObject, Default)]
pub struct EligibilityInput {
    /// At least this old (0 to 150) on the slot's date: 60 for a free health check (免费体检).
    pub min_age: Option<i32>,
    /// At most this old (0 to 150).
    pub max_age: Option<i32>,
    /// In one of these groups of the special-group register.
    #[graphql(default)]
    pub special_groups: Vec<SpecialGroup>,
    /// Living in an area the point serves.
    #[graphql(default)]
    pub residents_only: bool,
    /// Party members only.
    #[graphql(default)]
    pub party_members_only: bool,
}

impl From<EligibilityInput> for service::Eligibility {
    fn from(e: EligibilityInput) -> Self {
        service::Eligibility {
            min_age: e.min_age,
            max_age: e.max_age,
            special_groups: e.special_groups,
            residents_only: e.residents_only,
            party_members_only: e.party_members_only,
        }
    }
}

/// 新增服务项目 — a service at a point of yours.
#[derive(InputObject)]
pub struct CreateServiceInput {
    pub point_id: ID,
    /// 1 to 50 characters.
    pub name: String,
    /// At most 1,000 characters.
    #[graphql(default)]
    pub description: String,
    pub mode: ServiceMode,
    /// Minutes per slot, 5 to 480.
    pub duration_minutes: i32,
    /// Places per slot, 1 to 1,000.
    pub capacity: i32,
    /// Booking opens this many days before a slot's date (0 to 366).
    #[graphql(default = 14)]
    pub opens_days_ahead: i32,
    /// Cancellation closes this many hours before a slot's start (0 to 168).
    #[graphql(default = 2)]
    pub cancel_hours_before: i32,
    /// How long (5 to 4,320 minutes) a freed place waits for the first in
    /// line to claim it; omit or null to confirm them at once (auto-confirm).
    pub claim_minutes: Option<i32>,
    #[graphql(default)]
    pub eligibility: EligibilityInput,
}

/// 修改服务项目 — change a service of yours; omitted fields stay. Its mode
/// and slot length stay as created.
#[derive(InputObject)]
pub struct UpdateServiceInput {
    pub id: ID,
    pub name: Option<String>,
    pub description: Option<String>,
    /// A new capacity applies to future slots; added places go to the line at once.
    pub capacity: Option<i32>,
    pub opens_days_ahead: Option<i32>,
    pub cancel_hours_before: Option<i32>,
    /// Null switches to auto-confirm.
    pub claim_minutes: MaybeUndefined<i32>,
    /// Replaces every rule.
    pub eligibility: Option<EligibilityInput>,
}

/// 服务人员 — make a person staff of a point of yours.
#[derive(InputObject)]
pub struct AssignServiceStaffInput {
    pub point_id: ID,
    pub person_id: ID,
}

/// 预约 — book a slot.
#[derive(InputObject)]
pub struct BookInput {
    /// A slot's id, from `availability`.
    pub slot: ID,
    /// Whom the place is for: a resident of your area (grid workers and
    /// admins book for elderly residents); yourself when omitted.
    pub person_id: Option<ID>,
    /// A key of yours (1 to 100 characters): a retry with the same key
    /// returns the first booking and books nothing twice.
    pub idempotency_key: Option<String>,
    /// Join the waitlist when the slot is full (default); false answers CAPACITY instead.
    #[graphql(default = true)]
    pub waitlist: bool,
}

/// A booking to change.
#[derive(InputObject)]
pub struct BookingRefInput {
    pub id: ID,
}

/// 完成服务 — a booking served, with what came of it.
#[derive(InputObject)]
pub struct CompleteBookingInput {
    pub id: ID,
    /// 1 to 1,000 characters: a health check's result, a note.
    pub outcome: String,
}

payload!(
    /// The result of a change to a service.
    ServicePayload { service: Service }
);
payload!(
    /// The result of booking, or of a change to a booking.
    BookingPayload { booking: Booking }
);

fn eligibility_of(input: Option<EligibilityInput>) -> service::Eligibility {
    input.unwrap_or_default().into()
}

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

    /// 新增服务项目 — add a service to a point in your area.
    async fn create_service(
        &self,
        ctx: &Context<'_>,
        input: CreateServiceInput,
    ) -> GqlResult<ServicePayload> {
        let rctx = req(ctx);
        let point = input_id(ServicePointId::from_global(&input.point_id, "pointId"))?;
        let fields = service::ServiceInput {
            name: input.name,
            description: input.description,
            mode: input.mode,
            duration_minutes: input.duration_minutes,
            capacity: input.capacity,
            opens_days_ahead: input.opens_days_ahead,
            cancel_hours_before: input.cancel_hours_before,
            claim_minutes: input.claim_minutes,
            eligibility: eligibility_of(Some(input.eligibility)),
        };
        ServicePayload::from_result(service::create_service(&rctx.db, &rctx.principal, point, fields).await)
    }

    /// 修改服务项目 — change a service in your area.
    async fn update_service(
        &self,
        ctx: &Context<'_>,
        input: UpdateServiceInput,
    ) -> GqlResult<ServicePayload> {
        let rctx = req(ctx);
        let update = service::UpdateService {
            id: input_id(ServiceId::from_global(&input.id, "id"))?,
            name: input.name,
            description: input.description,
            capacity: input.capacity,
            opens_days_ahead: input.opens_days_ahead,
            cancel_hours_before: input.cancel_hours_before,
            claim_minutes: match input.claim_minutes {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(m) => Some(Some(m)),
            },
            eligibility: input.eligibility.map(|e| eligibility_of(Some(e))),
        };
        ServicePayload::from_result(service::update_service(&rctx.db, &rctx.principal, update).await)
    }

    /// 服务人员 — make a person staff (SERVICE_STAFF) of a point in your area.
    async fn assign_service_staff(
        &self,
        ctx: &Context<'_>,
        input: AssignServiceStaffInput,
    ) -> GqlResult<ServicePointPayload> {
        let rctx = req(ctx);
        let point = input_id(ServicePointId::from_global(&input.point_id, "pointId"))?;
        let person = input_id(PersonId::from_global(&input.person_id, "personId"))?;
        ServicePointPayload::from_result(
            service::assign_service_staff(&rctx.db, &rctx.principal, point, person).await,
        )
    }

    /// 预约 — book a slot for yourself or a resident of your area: CONFIRMED
    /// while places are free, else WAITLISTED in order of arrival. Errors:
    /// INELIGIBLE (with the failed rules), CAPACITY, CONFLICT (already in
    /// this slot, or an overlapping booking), INVALID_STATE (a past or
    /// closed slot, a window not yet open).
    async fn book(&self, ctx: &Context<'_>, input: BookInput) -> GqlResult<BookingPayload> {
        let rctx = req(ctx);
        let slot = input_id(parse_slot_id(&input.slot, "slot"))?;
        let person =
            input.person_id.map(|id| input_id(PersonId::from_global(&id, "personId"))).transpose()?;
        let book =
            bookings::Book { slot, person, idempotency_key: input.idempotency_key, waitlist: input.waitlist };
        BookingPayload::from_result(bookings::book(&rctx.db, &rctx.principal, book).await)
    }

    /// 取消预约 — cancel a booking (until the service's deadline; the point's
    /// admins at any time before it starts). The place goes to the first in line.
    async fn cancel_booking(&self, ctx: &Context<'_>, input: BookingRefInput) -> GqlResult<BookingPayload> {
        change(ctx, &input.id, BookingAction::Cancel, None).await
    }

    /// 确认递补 — claim a place offered from the waitlist, before the offer runs out.
    async fn claim_offer(&self, ctx: &Context<'_>, input: BookingRefInput) -> GqlResult<BookingPayload> {
        change(ctx, &input.id, BookingAction::Claim, None).await
    }

    /// 签到 — check a person in (the point's staff and admins), from two
    /// hours before the start until the end.
    async fn check_in(&self, ctx: &Context<'_>, input: BookingRefInput) -> GqlResult<BookingPayload> {
        change(ctx, &input.id, BookingAction::CheckIn, None).await
    }

    /// 爽约 — mark a confirmed booking a no-show (the point's staff and
    /// admins); before the start, the place goes to the first in line.
    async fn mark_no_show(&self, ctx: &Context<'_>, input: BookingRefInput) -> GqlResult<BookingPayload> {
        change(ctx, &input.id, BookingAction::NoShow, None).await
    }

    /// 完成服务 — complete a booking with its outcome (the point's staff and
    /// admins), from its start.
    async fn complete_booking(
        &self,
        ctx: &Context<'_>,
        input: CompleteBookingInput,
    ) -> GqlResult<BookingPayload> {
        change(ctx, &input.id, BookingAction::Complete, Some(input.outcome)).await
    }
}

async fn change(
    ctx: &Context<'_>,
    id: &ID,
    action: BookingAction,
    outcome: Option<String>,
) -> GqlResult<BookingPayload> {
    let rctx = req(ctx);
    let id = input_id(BookingId::from_global(id, "id"))?;
    BookingPayload::from_result(
        bookings::change_booking(&rctx.db, &rctx.principal, id, action, outcome).await,
    )
}
