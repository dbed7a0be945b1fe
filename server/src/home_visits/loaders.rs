//! Loader keys of home visits, and the functions other domains call. Every
//! read here is filtered by the caller's scope.

use async_graphql::Context;

use super::model::HomeVisitRequest;
use super::store::{self, VisitFilter};
use crate::graphql::context::{GqlResult, one};
use crate::ids::HomeVisitId;
use crate::{load_by_key, root_list};

load_by_key!(
    HomeVisitId => HomeVisitRequest,
    |conn, scope, ids| store::requests_by_ids(conn, scope, ids),
    key: |v| v.id,
);

root_list!(VisitFilter => HomeVisitRequest, cursor: |v| v.id.0,
    page: |conn, scope, filter, page| store::list_requests(conn, scope, filter, page),
    count: |conn, scope, filter| store::count_requests(conn, scope, filter),
);

/// A home-visit request visible to the caller, or `None` (missing and out
/// of scope look the same).
pub async fn home_visit(ctx: &Context<'_>, id: HomeVisitId) -> GqlResult<Option<HomeVisitRequest>> {
    one(ctx, id).await
}
