//! The home-visit domain's root fields.

use async_graphql::{Context, ID, Object};

use super::model::*;
use super::store::VisitFilter;
use crate::area::loaders::area;
use crate::area::model::AreaKind;
use crate::graphql::context::{GqlResult, argument, page, req, root_list};
use crate::graphql::relay::Conn;
use crate::ids::{AreaId, PersonId};

#[derive(Default)]
pub struct HomeVisitsQuery;

#[Object]
impl HomeVisitsQuery {
    /// 上门服务申请 — the home-visit requests the caller may see (of the
    /// people living in their area, their own, and those they visit),
    /// newest last: per grid (`gridId`, a GRID area), per visitor
    /// (`assigneeId`), by state. The open requests of a grid are
    /// `homeVisitRequests(gridId: ..., state: REQUESTED)`.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn home_visit_requests(
        &self,
        ctx: &Context<'_>,
        grid_id: Option<ID>,
        assignee_id: Option<ID>,
        state: Option<HomeVisitState>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<HomeVisitRequest>> {
        let page = page(first, after, last, before)?;
        let grid_path = match grid_id {
            None => None,
            Some(id) => {
                let id = argument(AreaId::from_global(&id, "gridId"))?;
                match area(ctx, id).await? {
                    Some(a) if a.kind == AreaKind::Grid => Some(a.path),
                    Some(_) => {
                        return Err(crate::Error::bad_input("gridId", "this area is not a grid").into());
                    }
                    None => return Err(crate::Error::bad_input("gridId", "no area has this id").into()),
                }
            }
        };
        let assignee =
            assignee_id.map(|id| argument(PersonId::from_global(&id, "assigneeId"))).transpose()?;
        root_list(ctx, VisitFilter { grid_path, assignee, person: None, state }, page).await
    }

    /// The caller's own home-visit requests (as the person to be visited);
    /// empty for a token that names no person.
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn my_home_visit_requests(
        &self,
        ctx: &Context<'_>,
        state: Option<HomeVisitState>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<HomeVisitRequest>> {
        let page = page(first, after, last, before)?;
        // A token without a person asks for the nil person's: nobody's.
        let me = PersonId(req(ctx).principal.person.unwrap_or_default());
        root_list(ctx, VisitFilter { grid_path: None, assignee: None, person: Some(me), state }, page).await
    }
}
