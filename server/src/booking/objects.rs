//! GraphQL objects of the booking engine: `Booking`, which the domains
//! that own bookables extend (a service's booking knows its service), and
//! the changes of its state.

use async_graphql::{Context, ID, Object};

use super::loaders::PlaceInLine;
use super::model::*;
use crate::db::Timestamp;
use crate::graphql::context::{GqlResult, loader};
use crate::graphql::extend::Groups;
use crate::graphql::loading::TimelineOf;
use crate::people::loaders::person;
use crate::people::model::Person;
use crate::{extensible_object, field_group};

/// The fields domains owning bookables add to `Booking`, installed by `graphql/schema.rs`.
pub static BOOKING_FIELDS: Groups<Booking> = Groups::new();

field_group!(
    /// 预约 — one person's place, or place in line, at something bookable
    /// (a service's slot). Visible to the person, to the admins and grid
    /// workers whose area they live in, and to the admins of the area the
    /// bookable belongs to; the person's data follows the people rules.
    BookingFields for Booking
);

extensible_object!(Booking, "Booking", core: BookingFields, groups: BOOKING_FIELDS);

#[Object]
impl BookingFields<'_> {
    async fn id(&self) -> ID {
        self.id.to_global()
    }
    async fn state(&self) -> BookingState {
        self.state
    }
    /// Who the place is for, when the caller may see them.
    async fn person(&self, ctx: &Context<'_>) -> GqlResult<Option<Person>> {
        person(ctx, self.person_id).await
    }
    async fn starts_at(&self) -> Timestamp {
        self.starts_at
    }
    async fn ends_at(&self) -> Timestamp {
        self.ends_at
    }
    /// 候补序号 — the place in line of a WAITLISTED booking (1 is next);
    /// null in any other state.
    async fn waitlist_position(&self, ctx: &Context<'_>) -> GqlResult<Option<i64>> {
        if self.state != BookingState::Waitlisted {
            return Ok(None);
        }
        loader(ctx).load_one(PlaceInLine(self.id)).await
    }
    /// Until when an OFFERED place waits to be claimed (`claimOffer`).
    async fn offer_expires_at(&self) -> Option<Timestamp> {
        self.offer_expires_at.filter(|_| self.state == BookingState::Offered)
    }
    /// What came of it, noted on completion (a health check's result).
    async fn outcome(&self) -> Option<&str> {
        self.outcome.as_deref()
    }
    async fn booked_at(&self) -> Timestamp {
        self.created_at
    }
    /// Every change of state, oldest first: the state, when, and who.
    async fn history(&self, ctx: &Context<'_>) -> GqlResult<Vec<BookingChange>> {
        let changes = loader(ctx).load_one(TimelineOf(self.id.0)).await?.unwrap_or_default();
        Ok(changes.into_iter().map(BookingChange).collect())
    }
}

crate::state_change_object!(
    /// 预约记录 — one change of a booking's state.
    BookingChange,
    BookingState
);
