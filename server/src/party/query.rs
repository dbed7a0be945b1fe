//! The party domain's root fields.

use async_graphql::{Context, ID, Object};

use super::loaders::organization_arg;
use super::model::*;
use super::store::{MemberFilter, OrgFilter, PairingFilter};
use crate::area::loaders::within_arg;
use crate::db::{Date, SearchTerm};
use crate::graphql::context::{GqlResult, argument, page, root_list};
use crate::graphql::relay::Conn;
use crate::ids::{AreaId, OrgId};

#[derive(Default)]
pub struct PartyQuery;

#[Object]
impl PartyQuery {
    /// Party organizations, filtered by kind, parent, area and name.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn party_organizations(
        &self,
        ctx: &Context<'_>,
        kind: Option<PartyOrgKind>,
        parent_id: Option<ID>,
        within: Option<ID>,
        #[graphql(desc = "Part of the name, at most 50 characters.")] name_contains: Option<String>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<PartyOrganization>> {
        let page = page(first, after, last, before)?;
        let parent = parent_id.map(|p| argument(OrgId::from_global(&p, "parentId"))).transpose()?;
        let within = within_arg(ctx, within, "within").await?;
        let name_contains =
            name_contains.map(|n| argument(SearchTerm::parse(&n, "nameContains"))).transpose()?;
        let filter = OrgFilter { kind, parent, within, name_contains, ..Default::default() };
        root_list(ctx, filter, page).await
    }

    /// 党员 — party members you may see: of an organization (and those below
    /// it unless `includeSubOrganizations` is false), living within an area,
    /// of a category or status, reported in or not, by name.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn party_members(
        &self,
        ctx: &Context<'_>,
        organization_id: Option<ID>,
        #[graphql(default = true)] include_sub_organizations: bool,
        within: Option<ID>,
        category: Option<MemberCategory>,
        status: Option<MemberStatus>,
        reported: Option<bool>,
        #[graphql(desc = "Part of the member's name, at most 50 characters.")] name_contains: Option<String>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<PartyMember>> {
        let page = page(first, after, last, before)?;
        let (org, org_within) = match organization_id {
            Some(id) => {
                let o = organization_arg(ctx, &id, "organizationId").await?;
                if include_sub_organizations { (None, Some(o.path)) } else { (Some(o.id), None) }
            }
            None => (None, None),
        };
        let within = within_arg(ctx, within, "within").await?;
        let name_contains =
            name_contains.map(|n| argument(SearchTerm::parse(&n, "nameContains"))).transpose()?;
        let filter = MemberFilter { org, org_within, within, category, status, reported, name_contains };
        root_list(ctx, filter, page).await
    }

    /// 结对共建 — pairings of an organization and/or a community; the running
    /// ones unless `activeOnly` is false.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn pairings(
        &self,
        ctx: &Context<'_>,
        organization_id: Option<ID>,
        community_id: Option<ID>,
        #[graphql(default = true)] active_only: bool,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<OrgPairing>> {
        let page = page(first, after, last, before)?;
        let org = organization_id.map(|o| argument(OrgId::from_global(&o, "organizationId"))).transpose()?;
        let community = community_id.map(|c| argument(AreaId::from_global(&c, "communityId"))).transpose()?;
        let filter = PairingFilter { org, community, active_only, today: Date::today() };
        root_list(ctx, filter, page).await
    }
}
