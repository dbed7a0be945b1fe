//! The area tree's root fields.

use async_graphql::{Context, ID, Object};

use super::loaders::within_arg;
use super::model::{Area, AreaKind, Unit, UnitKind};
use super::store::{AreaFilter, UnitFilter};
use crate::db::SearchTerm;
use crate::graphql::context::{GqlResult, argument, page, root_list};
use crate::graphql::relay::Conn;
use crate::ids::AreaId;

#[derive(Default)]
pub struct AreaQuery;

#[Object]
impl AreaQuery {
    /// Areas, filtered by kind, parent, an ancestor (`within`) and name.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn areas(
        &self,
        ctx: &Context<'_>,
        kind: Option<AreaKind>,
        parent_id: Option<ID>,
        within: Option<ID>,
        #[graphql(desc = "Part of the name, at most 50 characters.")] name_contains: Option<String>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<Area>> {
        let page = page(first, after, last, before)?;
        let parent = parent_id.map(|p| argument(AreaId::from_global(&p, "parentId"))).transpose()?;
        let name_contains =
            name_contains.map(|n| argument(SearchTerm::parse(&n, "nameContains"))).transpose()?;
        let within = within_arg(ctx, within, "within").await?;
        root_list(ctx, AreaFilter { kind, parent, within, name_contains }, page).await
    }

    /// Resident units (驻区单位), optionally of a kind and within an area.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn units(
        &self,
        ctx: &Context<'_>,
        kind: Option<UnitKind>,
        within: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<Unit>> {
        let page = page(first, after, last, before)?;
        let within = within_arg(ctx, within, "within").await?;
        root_list(ctx, UnitFilter { kind, within }, page).await
    }
}
