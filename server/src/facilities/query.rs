//! The facilities domain's root fields.

use async_graphql::{Context, Object};

use super::loaders::ReservationsOf;
use super::model::Reservation;
use crate::error::Error;
use crate::graphql::context::{GqlResult, page, req, root_list};
use crate::graphql::relay::Conn;
use crate::ids::PersonId;

#[derive(Default)]
pub struct FacilitiesQuery;

#[Object]
impl FacilitiesQuery {
    /// 我的预约 — the reservations made for you, in the order they were
    /// made; empty for a caller without a person record.
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn my_reservations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<Reservation>> {
        let principal = &req(ctx).principal;
        if principal.is_anonymous() {
            return Err(Error::Unauthenticated("sign in to see your reservations".into()).into());
        }
        let page = page(first, after, last, before)?;
        // Nobody's: the nil person has no reservations.
        let person = PersonId(principal.person.unwrap_or_default());
        root_list(ctx, ReservationsOf(person), page).await
    }
}
