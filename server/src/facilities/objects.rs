//! GraphQL objects of facilities and reservations, and the field this
//! domain adds to `ServicePoint`: its facilities ([`PointFacilities`]).

use async_graphql::{Context, ID, Object};

use super::loaders::{FacilitiesAt, HeldBetween, facility};
use super::model::*;
use crate::auth::Action;
use crate::db::{Date, Timestamp};
use crate::field_group;
use crate::graphql::context::{GqlResult, argument, loader, req, required};
use crate::graphql::loading::TimelineOf;
use crate::people::loaders::person;
use crate::people::model::Person;
use crate::services::loaders::service_point;
use crate::services::model::ServicePoint;

/// 场地 — a room or facility of a service point that residents reserve:
/// 乒乓球室, 舞蹈室, 会议室 and the rest. Public; its reservations show
/// their times to everyone, who and why only to the reserver and the
/// point's admins.
#[Object]
impl Facility {
    pub async fn id(&self) -> ID {
        self.id.to_global()
    }
    async fn name(&self) -> &str {
        &self.name
    }
    async fn kind(&self) -> FacilityKind {
        self.kind
    }
    /// How many people it holds, when known.
    async fn capacity(&self) -> Option<i32> {
        self.capacity
    }
    /// Whether a reservation waits for the point's admins to approve it
    /// (REQUESTED) rather than being APPROVED at once.
    async fn requires_approval(&self) -> bool {
        self.requires_approval
    }
    /// The point the facility belongs to.
    async fn point(&self, ctx: &Context<'_>) -> GqlResult<ServicePoint> {
        required(service_point(ctx, self.point_id).await?, "the facility's point")
    }
    /// The held reservations (REQUESTED or APPROVED) overlapping `from` to
    /// `to` (at most 62 days apart), by start, at most 500: the facility's
    /// busy times, public.
    async fn reservations(
        &self,
        ctx: &Context<'_>,
        from: Timestamp,
        to: Timestamp,
    ) -> GqlResult<Vec<Reservation>> {
        argument(check_span(from, to))?;
        Ok(loader(ctx).load_one(HeldBetween(self.id, from, to)).await?.unwrap_or_default())
    }
}

/// Whether the caller sees who reserved and why: the person it is for,
/// whoever made it, and the admins of the point's area.
fn sees_details(ctx: &Context<'_>, r: &Reservation) -> bool {
    let principal = &req(ctx).principal;
    if principal.is_anonymous() {
        return false;
    }
    principal.person == Some(r.person_id.0)
        || principal.subject == r.reserved_by
        || principal.scope_for(Action::ManageServices).is_ok_and(|s| s.covers_path(&r.area_path))
}

/// 预约 — one reservation of a facility (one week of a weekly series). Its
/// time and state are public; its person, purpose and history are null
/// unless the caller made it, it is for them, or they are an admin of the
/// point's area.
#[Object]
impl Reservation {
    pub async fn id(&self) -> ID {
        self.id.to_global()
    }
    async fn facility(&self, ctx: &Context<'_>) -> GqlResult<Facility> {
        required(facility(ctx, self.facility_id).await?, "the reservation's facility")
    }
    async fn starts_at(&self) -> Timestamp {
        self.starts_at
    }
    async fn ends_at(&self) -> Timestamp {
        self.ends_at
    }
    /// The local date (Asia/Shanghai) it starts on.
    async fn date(&self) -> Date {
        local_date(self.starts_at)
    }
    async fn state(&self) -> ReservationState {
        self.state
    }
    /// Whom it is for, as the caller may see them.
    async fn person(&self, ctx: &Context<'_>) -> GqlResult<Option<Person>> {
        if !sees_details(ctx, self) {
            return Ok(None);
        }
        person(ctx, self.person_id).await
    }
    /// What it is for.
    async fn purpose(&self, ctx: &Context<'_>) -> Option<&str> {
        sees_details(ctx, self).then_some(self.purpose.as_str())
    }
    /// Every change of its state, oldest first: who made it, when, and why.
    async fn history(&self, ctx: &Context<'_>) -> GqlResult<Option<Vec<ReservationChange>>> {
        if !sees_details(ctx, self) {
            return Ok(None);
        }
        let changes = loader(ctx).load_one(TimelineOf(self.id.0)).await?.unwrap_or_default();
        Ok(Some(changes.into_iter().map(ReservationChange).collect()))
    }
}

crate::state_change_object!(
    /// 预约记录 — one change of a reservation's state: to what, when, by whom.
    ReservationChange,
    ReservationState
);

field_group!(
    /// The fields the facilities domain adds to `ServicePoint`.
    PointFacilities for ServicePoint
);

#[Object]
impl PointFacilities<'_> {
    /// 场地 — the point's rooms and facilities, in the order they were added.
    async fn facilities(&self, ctx: &Context<'_>) -> GqlResult<Vec<Facility>> {
        Ok(loader(ctx).load_one(FacilitiesAt(self.id)).await?.unwrap_or_default())
    }
}
