//! The home-visit domain's mutations, their inputs and payloads.

use async_graphql::{Context, ID, InputObject, Object};

use super::model::*;
use super::service::{self, RequestHomeVisit};
use crate::db::Timestamp;
use crate::graphql::context::{GqlResult, input_id, req};
use crate::ids::{HomeVisitId, PersonId, ServiceId};
use crate::payload;

/// 申请上门服务 — ask for a HOME_VISIT service at home.
#[derive(InputObject)]
pub struct RequestHomeVisitInput {
    /// A service whose mode is HOME_VISIT.
    pub service_id: ID,
    /// The resident to visit: omitted, the caller themself; another
    /// resident only by the grid workers and admins of their home.
    pub person_id: Option<ID>,
    /// When the visit is wanted; in the future.
    pub preferred_at: Timestamp,
    /// What the visit is for: at most 500 characters; blank for none.
    pub note: String,
}

/// 派单 — name who visits.
#[derive(InputObject)]
pub struct AssignHomeVisitInput {
    pub id: ID,
    /// The grid worker or volunteer who visits.
    pub assignee_id: ID,
}

/// 上门登记 — record the visit.
#[derive(InputObject)]
pub struct RecordHomeVisitInput {
    pub id: ID,
    /// When the visit took place: not in the future, not before the request.
    pub visited_at: Timestamp,
    /// What was done: at most 500 characters.
    pub notes: String,
}

/// 办结 — close a visited request.
#[derive(InputObject)]
pub struct CloseHomeVisitInput {
    pub id: ID,
}

/// 取消 — cancel a request before its visit.
#[derive(InputObject)]
pub struct CancelHomeVisitInput {
    pub id: ID,
    /// At most 200 characters.
    pub reason: Option<String>,
}

payload!(
    /// The result of a home-visit mutation.
    HomeVisitPayload { request: HomeVisitRequest }
);

#[derive(Default)]
pub struct HomeVisitsMutation;

#[Object]
impl HomeVisitsMutation {
    /// 申请上门服务 — a resident for themself, or a grid worker or admin for
    /// a resident of their area; the request goes to the person's grid.
    async fn request_home_visit(
        &self,
        ctx: &Context<'_>,
        input: RequestHomeVisitInput,
    ) -> GqlResult<HomeVisitPayload> {
        let rctx = req(ctx);
        let service_id = input_id(ServiceId::from_global(&input.service_id, "serviceId"))?;
        let person_id =
            input.person_id.map(|p| input_id(PersonId::from_global(&p, "personId"))).transpose()?;
        let result = service::request_home_visit(
            &rctx.db,
            &rctx.principal,
            RequestHomeVisit { service_id, person_id, preferred_at: input.preferred_at, note: input.note },
        )
        .await;
        HomeVisitPayload::from_result(result)
    }

    /// 派单 — assign a REQUESTED home visit to a grid worker or volunteer
    /// (the grid workers and admins of the person's home).
    async fn assign_home_visit(
        &self,
        ctx: &Context<'_>,
        input: AssignHomeVisitInput,
    ) -> GqlResult<HomeVisitPayload> {
        let rctx = req(ctx);
        let id = input_id(HomeVisitId::from_global(&input.id, "id"))?;
        let assignee = input_id(PersonId::from_global(&input.assignee_id, "assigneeId"))?;
        HomeVisitPayload::from_result(
            service::assign_home_visit(&rctx.db, &rctx.principal, id, assignee).await,
        )
    }

    /// 上门登记 — record an ASSIGNED visit as done (the visitor, or the grid
    /// workers and admins of the person's home).
    async fn record_home_visit(
        &self,
        ctx: &Context<'_>,
        input: RecordHomeVisitInput,
    ) -> GqlResult<HomeVisitPayload> {
        let rctx = req(ctx);
        let id = input_id(HomeVisitId::from_global(&input.id, "id"))?;
        let result =
            service::record_home_visit(&rctx.db, &rctx.principal, id, input.visited_at, input.notes).await;
        HomeVisitPayload::from_result(result)
    }

    /// 办结 — close a VISITED request (the grid workers and admins of the person's home).
    async fn close_home_visit(
        &self,
        ctx: &Context<'_>,
        input: CloseHomeVisitInput,
    ) -> GqlResult<HomeVisitPayload> {
        let rctx = req(ctx);
        let id = input_id(HomeVisitId::from_global(&input.id, "id"))?;
        HomeVisitPayload::from_result(service::close_home_visit(&rctx.db, &rctx.principal, id).await)
    }

    /// 取消 — cancel a REQUESTED or ASSIGNED request (the person, or the grid
    /// workers and admins of their home).
    async fn cancel_home_visit(
        &self,
        ctx: &Context<'_>,
        input: CancelHomeVisitInput,
    ) -> GqlResult<HomeVisitPayload> {
        let rctx = req(ctx);
        let id = input_id(HomeVisitId::from_global(&input.id, "id"))?;
        HomeVisitPayload::from_result(
            service::cancel_home_visit(&rctx.db, &rctx.principal, id, input.reason).await,
        )
    }
}
