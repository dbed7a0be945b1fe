//! The facilities domain's mutations, their inputs and payloads.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object};

use super::model::*;
use super::service;
use crate::db::Timestamp;
use crate::graphql::context::{GqlResult, input_id, req};
use crate::ids::{FacilityId, PersonId, ReservationId, ServicePointId};
use crate::payload;

/// 新建场地 — a new room or facility at a point in your area.
#[derive(InputObject)]
pub struct CreateFacilityInput {
    pub point_id: ID,
    /// 1 to 50 characters after trimming.
    pub name: String,
    pub kind: FacilityKind,
    /// How many people it holds: 1 to 10,000.
    pub capacity: Option<i32>,
    /// Whether reservations wait for an admin's approval.
    #[graphql(default)]
    pub requires_approval: bool,
}

/// 修改场地 — change a facility in your area; omitted fields stay as they are.
#[derive(InputObject)]
pub struct UpdateFacilityInput {
    pub id: ID,
    /// 1 to 50 characters after trimming.
    pub name: Option<String>,
    pub kind: Option<FacilityKind>,
    /// 1 to 10,000; null removes it.
    pub capacity: MaybeUndefined<i32>,
    /// Applies to reservations made from now on.
    pub requires_approval: Option<bool>,
}

/// 每周重复 — the same time every week.
#[derive(InputObject)]
pub struct RecurrenceInput {
    /// How many weeks, 1 to 26, the first included.
    pub weeks: i32,
}

/// 预约场地 — reserve a facility once, or weekly.
#[derive(InputObject)]
pub struct ReserveInput {
    pub facility_id: ID,
    /// Whom for (grid workers and admins, for someone they may see); yourself when omitted.
    pub person_id: Option<ID>,
    /// The start: not in the past.
    pub from: Timestamp,
    /// The end: after `from`, at most 12 hours later, within one opening period of the point.
    pub to: Timestamp,
    /// 1 to 200 characters.
    pub purpose: String,
    /// The same time weekly; one reservation when omitted.
    pub recurrence: Option<RecurrenceInput>,
}

/// Approve a requested reservation.
#[derive(InputObject)]
pub struct ApproveReservationInput {
    pub reservation_id: ID,
}

/// Reject a requested reservation.
#[derive(InputObject)]
pub struct RejectReservationInput {
    pub reservation_id: ID,
    /// Why: 1 to 200 characters.
    pub reason: String,
}

/// Cancel a reservation before it starts.
#[derive(InputObject)]
pub struct CancelReservationInput {
    pub reservation_id: ID,
    /// Every occurrence of its series still to come, not only this one.
    #[graphql(default)]
    pub whole_series: bool,
}

payload!(
    /// The result of a change to a facility.
    FacilityPayload { facility: Facility }
);
payload!(
    /// The reservations made, one per week, by start.
    ReservePayload { reservations: Vec<Reservation> }
);
payload!(
    /// The reservation after a change of its state.
    ReservationPayload { reservation: Reservation }
);

#[derive(Default)]
pub struct FacilitiesMutation;

#[Object]
impl FacilitiesMutation {
    /// 新建场地 — add a room or facility to a point in your area.
    async fn create_facility(
        &self,
        ctx: &Context<'_>,
        input: CreateFacilityInput,
    ) -> GqlResult<FacilityPayload> {
        let rctx = req(ctx);
        let input = service::CreateFacility {
            point_id: input_id(ServicePointId::from_global(&input.point_id, "pointId"))?,
            name: input.name,
            kind: input.kind,
            capacity: input.capacity,
            requires_approval: input.requires_approval,
        };
        FacilityPayload::from_result(service::create_facility(&rctx.db, &rctx.principal, input).await)
    }

    /// 修改场地 — change a facility of a point in your area.
    async fn update_facility(
        &self,
        ctx: &Context<'_>,
        input: UpdateFacilityInput,
    ) -> GqlResult<FacilityPayload> {
        let rctx = req(ctx);
        let input = service::UpdateFacility {
            id: input_id(FacilityId::from_global(&input.id, "id"))?,
            name: input.name,
            kind: input.kind,
            capacity: match input.capacity {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(c) => Some(Some(c)),
            },
            requires_approval: input.requires_approval,
        };
        FacilityPayload::from_result(service::update_facility(&rctx.db, &rctx.principal, input).await)
    }

    /// 预约场地 — reserve a facility, once or the same time weekly: every
    /// week or none. A week that overlaps a held reservation is `CONFLICT`,
    /// one on a day the point is closed or outside its opening hours
    /// `INVALID_STATE`; either error lists the dates.
    async fn reserve(&self, ctx: &Context<'_>, input: ReserveInput) -> GqlResult<ReservePayload> {
        let rctx = req(ctx);
        let input = service::Reserve {
            facility_id: input_id(FacilityId::from_global(&input.facility_id, "facilityId"))?,
            person_id: input
                .person_id
                .map(|p| input_id(PersonId::from_global(&p, "personId")))
                .transpose()?,
            from: input.from,
            to: input.to,
            purpose: input.purpose,
            weeks: input.recurrence.map(|r| r.weeks),
        };
        ReservePayload::from_result(service::reserve(&rctx.db, &rctx.principal, input).await)
    }

    /// 批准预约 — approve a requested reservation of a point in your area.
    async fn approve_reservation(
        &self,
        ctx: &Context<'_>,
        input: ApproveReservationInput,
    ) -> GqlResult<ReservationPayload> {
        let rctx = req(ctx);
        let id = input_id(ReservationId::from_global(&input.reservation_id, "reservationId"))?;
        ReservationPayload::from_result(service::approve_reservation(&rctx.db, &rctx.principal, id).await)
    }

    /// 驳回预约 — reject a requested reservation of a point in your area, saying why.
    async fn reject_reservation(
        &self,
        ctx: &Context<'_>,
        input: RejectReservationInput,
    ) -> GqlResult<ReservationPayload> {
        let rctx = req(ctx);
        let id = input_id(ReservationId::from_global(&input.reservation_id, "reservationId"))?;
        ReservationPayload::from_result(
            service::reject_reservation(&rctx.db, &rctx.principal, id, &input.reason).await,
        )
    }

    /// 取消预约 — cancel a reservation before it starts (yours, or one of a
    /// point in your area), or every occurrence of its series still to come.
    async fn cancel_reservation(
        &self,
        ctx: &Context<'_>,
        input: CancelReservationInput,
    ) -> GqlResult<ReservationPayload> {
        let rctx = req(ctx);
        let id = input_id(ReservationId::from_global(&input.reservation_id, "reservationId"))?;
        ReservationPayload::from_result(
            service::cancel_reservation(&rctx.db, &rctx.principal, id, input.whole_series).await,
        )
    }
}
