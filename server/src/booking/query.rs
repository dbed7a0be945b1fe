//! The booking engine's root fields: the caller's own bookings, and the
//! bookings in the caller's area.

use async_graphql::{Context, ID, Object};

use super::model::*;
use super::service::settle_person;
use super::store::BookingFilter;
use crate::error::Error;
use crate::graphql::context::{GqlResult, input_id, page, req, root_list};
use crate::graphql::relay::Conn;
use crate::ids::{PersonId, ServicePointId};

#[derive(Default)]
pub struct BookingQuery;

#[Object]
impl BookingQuery {
    /// 我的预约 — the caller's own bookings, in the order they were made.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn my_bookings(
        &self,
        ctx: &Context<'_>,
        state: Option<BookingState>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<Booking>> {
        let page = page(first, after, last, before)?;
        let rctx = req(ctx);
        let Some(me) = rctx.principal.person.map(PersonId) else {
            return Err(Error::Unauthenticated("sign in as a person to see your bookings".into()).into());
        };
        settle_person(&rctx.db, me).await?;
        root_list(ctx, BookingFilter { person: Some(me), state, place: None }, page).await
    }

    /// 预约 — the bookings the caller may see (their own, those of people
    /// living in their area, those at the points of their area), of a
    /// person, in a state, at a service point; in the order they were made.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn bookings(
        &self,
        ctx: &Context<'_>,
        person_id: Option<ID>,
        state: Option<BookingState>,
        point_id: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<Booking>> {
        let page = page(first, after, last, before)?;
        let person = person_id.map(|id| input_id(PersonId::from_global(&id, "personId"))).transpose()?;
        let place = point_id.map(|id| input_id(ServicePointId::from_global(&id, "pointId"))).transpose()?;
        root_list(ctx, BookingFilter { person, state, place: place.map(|p| p.0) }, page).await
    }
}
