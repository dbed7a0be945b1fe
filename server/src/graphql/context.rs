//! The toolkit every domain's GraphQL files import: the request's context
//! (caller, scope, database), its loader, list and page helpers, and the
//! mutation payload macro. It imports no domain.

use std::hash::Hash;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, Loader};
use async_graphql::parser::types::OperationType;
use async_graphql::{Context, OutputType};

use super::loading::{DbLoader, ListKey, PollGate, RootCount, RootList, RootPage};
use super::relay::{Conn, TotalCount, connection};
use crate::auth::{DataKey, Principal};
use crate::db::joined::Carry;
use crate::db::{Db, Page, Scope};
use crate::error::{Error, UserError};

pub use super::relay::page;

pub type GqlResult<T> = async_graphql::Result<T>;

/// What every resolver may ask of the request: the caller, what they may
/// read, and the database.
pub struct RequestCtx {
    pub db: Db,
    pub principal: Principal,
    /// The caller's read scope, computed once per request.
    pub scope: Scope,
    pub data_key: DataKey,
    pub trace_id: String,
    /// Cuts loader batches where execution waits.
    pub gate: Arc<PollGate>,
}

pub fn req<'a>(ctx: &Context<'a>) -> &'a RequestCtx {
    ctx.data_unchecked::<RequestCtx>()
}

/// The request's one loader (see [`DbLoader`]).
pub fn loader<'a>(ctx: &Context<'a>) -> &'a Arc<DataLoader<DbLoader>> {
    ctx.data_unchecked::<Arc<DataLoader<DbLoader>>>()
}

/// One row by key: what a list statement carried for it (see
/// `db/joined.rs`), at once, or else through the request's loader.
pub async fn one<K>(ctx: &Context<'_>, key: K) -> GqlResult<Option<<DbLoader as Loader<K>>::Value>>
where
    K: Clone + Eq + Hash + Send + Sync + 'static,
    DbLoader: Loader<K, Error = async_graphql::Error>,
    <DbLoader as Loader<K>>::Value: Clone,
{
    let loader = loader(ctx);
    if let Some(carried) = loader.loader().carried_one::<K, <DbLoader as Loader<K>>::Value>(&key) {
        return Ok(carried);
    }
    loader.load_one(key).await
}

/// A query argument that failed to parse, as a top-level `BAD_USER_INPUT`
/// naming the argument (queries have no payload to carry user errors).
pub fn argument<T>(parsed: Result<T, UserError>) -> Result<T, Error> {
    parsed.map_err(UserError::into_argument_error)
}

/// An id in a mutation's input that is not an id of the right kind: a
/// top-level `BAD_USER_INPUT` naming `input.<field>` (the service is never
/// called with it).
pub fn input_id<T>(parsed: Result<T, UserError>) -> Result<T, Error> {
    parsed.map_err(|e| Error::BadInput { field: e.field.join("."), message: e.message })
}

/// A record that a foreign key guarantees; its absence is an internal error.
pub fn required<T>(found: Option<T>, what: &str) -> GqlResult<T> {
    found.ok_or_else(|| Error::internal(anyhow::anyhow!("{what} is missing")).into())
}

/// A nested list (`Area.children`, `Person.roles`...): the page from its
/// list loader, `totalCount` from its count loader, both batched across
/// every parent the query reaches.
pub async fn list<K>(
    ctx: &Context<'_>,
    parent: K::Parent,
    filter: K::Filter,
    page: Page,
) -> GqlResult<Conn<K::Node>>
where
    K: ListKey,
    K::Node: OutputType,
    DbLoader: Loader<K, Value = Vec<K::Node>, Error = async_graphql::Error>
        + Loader<K::Count, Value = i64, Error = async_graphql::Error>,
{
    let loader = loader(ctx);
    let carry = carry(ctx, &K::Node::type_name(), &page);
    let rows =
        loader.load_one(K::new(parent.clone(), filter.clone(), page, carry)).await?.unwrap_or_default();
    Ok(connection(&page, rows, K::cursor, |n| n, loaded_count(loader, K::count(parent, filter))))
}

/// What a list's statement carries (see `graphql/joins.rs`). Nothing in a
/// mutation: its fields run one after another around writes, and a row
/// carried before a write must not answer a field read after it.
fn carry(ctx: &Context<'_>, node_type: &str, page: &Page) -> Carry {
    match ctx.query_env.operation.node.ty {
        OperationType::Query => super::joins::carry(&ctx.look_ahead(), node_type, page),
        OperationType::Mutation | OperationType::Subscription => Carry::default(),
    }
}

/// A root list (`areas(...)`): its page and its count through the loader.
pub async fn root_list<F>(ctx: &Context<'_>, filter: F, page: Page) -> GqlResult<Conn<F::Node>>
where
    F: RootList,
    F::Node: OutputType,
{
    let loader = loader(ctx);
    // A root list's count is its own statement (no parent to window over).
    let carry = Carry { count: false, ..carry(ctx, &F::Node::type_name(), &page) };
    let rows = loader.load_one(RootPage(filter.clone(), page, carry)).await?.unwrap_or_default();
    Ok(connection(&page, rows, F::cursor, |n| n, loaded_count(loader, RootCount(filter))))
}

/// `totalCount` through a count loader: run only when a client selects it,
/// and the counts of many parents in one statement.
pub fn loaded_count<K>(loader: &Arc<DataLoader<DbLoader>>, key: K) -> TotalCount
where
    DbLoader: Loader<K, Value = i64, Error = async_graphql::Error>,
    K: Clone + Eq + Hash + Send + Sync + 'static,
{
    let loader = loader.clone();
    TotalCount::new(move || {
        let (loader, key) = (loader.clone(), key.clone());
        async move { Ok(loader.load_one(key).await?.unwrap_or(0)) }
    })
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
