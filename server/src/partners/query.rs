//! The partners domain's root fields.

use async_graphql::{Context, Object};

use super::loaders::AllClients;
use super::model::PartnerClient;
use crate::auth::Action;
use crate::graphql::context::{GqlResult, page, req, root_list};
use crate::graphql::relay::Conn;

#[derive(Default)]
pub struct PartnersQuery;

#[Object]
impl PartnersQuery {
    /// 合作单位接入 — every partner client, in the order they were
    /// registered, with when each was last used. For the district's admins.
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn partner_clients(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<PartnerClient>> {
        req(ctx).principal.scope_for(Action::ManagePartners)?;
        let page = page(first, after, last, before)?;
        root_list(ctx, AllClients, page).await
    }
}
