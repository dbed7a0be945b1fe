//! Schema assembly: one root per domain merged into `Query` and `Mutation`,
//! the per-request context, and the loaders every relation field goes through.

pub mod http;
pub mod limits;
pub mod loading;
pub mod node;
pub mod relay;

use std::sync::Arc;

use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, EmptySubscription, MergedObject, Schema};

use crate::app::AppState;
use crate::auth::{DataKey, Principal};
use crate::config::Limits;
use crate::db::{Db, Scope};
use crate::{org, people};

#[derive(MergedObject, Default)]
pub struct Query(node::NodeQuery, org::graphql::OrgQuery, people::graphql::PeopleQuery);

#[derive(MergedObject, Default)]
pub struct Mutation(org::graphql::OrgMutation, people::graphql::PeopleMutation);

pub type AppSchema = Schema<Query, Mutation, EmptySubscription>;

/// The schema the server runs and `schema.graphql` is written from.
pub fn schema(limits: &Limits) -> AppSchema {
    let builder = Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .extension(limits::RequestLimits(limits.clone()))
        .extension(async_graphql::extensions::Tracing);
    // exec-spec: "Did you mean …?" only when configured. (Introspection is
    // decided per request, by `limits::RequestLimits`.)
    let builder = if limits.graphql_suggestions { builder } else { builder.disable_suggestions() };
    // end exec-spec
    builder.finish()
}

/// The SDL, as `gongzhi schema` prints it and `schema.graphql` holds it.
pub fn sdl() -> String {
    schema(&Limits::default()).sdl()
}

/// What every resolver may ask of the request: the caller, what they may
/// read, and the database.
pub struct RequestCtx {
    pub db: Db,
    pub principal: Principal,
    /// The caller's read scope, computed once per request.
    pub scope: Scope,
    pub data_key: DataKey,
    pub trace_id: String,
    /// Cuts loader batches where execution yields.
    pub gate: Arc<loading::PollGate>,
}

pub fn req<'a>(ctx: &Context<'a>) -> &'a RequestCtx {
    ctx.data_unchecked::<RequestCtx>()
}

/// The request's loader of type `L` (one per domain, created per request so
/// its cache and scope are the caller's).
pub fn loader<'a, L: Send + Sync + 'static>(ctx: &Context<'a>) -> &'a Arc<DataLoader<L>> {
    ctx.data_unchecked::<Arc<DataLoader<L>>>()
}

/// A per-request loader whose batches run with the request's trace id.
/// Batches start when the request's execution yields (see [`loading::PollGate`]).
pub fn new_loader<L: Send + Sync + 'static>(loader: L, rctx: &RequestCtx) -> Arc<DataLoader<L>> {
    Arc::new(
        DataLoader::new(loader, rctx.gate.spawner(rctx.trace_id.clone())).delay(std::time::Duration::ZERO),
    )
}

pub(crate) fn request_data(
    request: async_graphql::Request,
    app: &AppState,
    principal: Principal,
    trace_id: String,
    gate: Arc<loading::PollGate>,
) -> async_graphql::Request {
    let rctx = RequestCtx {
        db: app.db.clone(),
        scope: principal.read_scope(),
        principal,
        data_key: app.data_key.clone(),
        trace_id,
        gate,
    };
    let request = org::graphql::add_loaders(request, &rctx);
    let request = people::graphql::add_loaders(request, &rctx);
    request.data(rctx)
}

/// A mutation payload: the changed object (null when the mutation failed)
/// and the expected failures, each naming its input field.
#[macro_export]
macro_rules! payload {
    ($(#[$m:meta])* $name:ident { $field:ident: $ty:ty }) => {
        $(#[$m])*
        #[derive(async_graphql::SimpleObject)]
        pub struct $name {
            pub $field: Option<$ty>,
            /// Expected failures (bad input, conflicts, invalid state); empty on success.
            pub user_errors: Vec<$crate::error::UserError>,
        }
        impl $name {
            /// User errors go into the payload; anything else is a top-level error.
            pub fn from_result(result: $crate::Result<$ty>) -> async_graphql::Result<Self> {
                match result {
                    Ok(v) => Ok(Self { $field: Some(v), user_errors: Vec::new() }),
                    Err($crate::Error::User(errors)) => Ok(Self { $field: None, user_errors: errors }),
                    Err(e) => Err(e.into()),
                }
            }
        }
    };
}
