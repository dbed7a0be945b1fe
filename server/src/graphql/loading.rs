//! The one per-request loader every relation goes through, the macros that
//! declare its keys, and the gate that cuts its batches.
//!
//! Each domain implements `Loader<K>` on [`DbLoader`] for its keys in its
//! `loaders.rs`, through three shapes:
//! - [`load_by_key!`](crate::load_by_key): rows by id (or by another key),
//!   one statement per batch;
//! - [`list_loader!`](crate::list_loader): the first page of many parents'
//!   lists and their counts, one statement per batch each;
//! - [`RootList`]: a root list (`areas(...)`) and its count.
//!
//! Nothing registers loaders by hand: one `DataLoader<DbLoader>` per request
//! answers every key type, and its batches for different key types are kept
//! apart by the key's type.

use std::collections::HashMap;
use std::hash::Hash;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context as TaskContext, Poll, Wake, Waker};

use async_graphql::dataloader::Loader;
use futures::future::BoxFuture;
use uuid::Uuid;

use crate::db::joined::{Carry, Prefetch};
use crate::db::{Carried, Conn, Db, Page, Scope};

/// The per-request loader: the database, the caller's read scope (every
/// personal read is filtered by it), and who reads (for the audit trail).
pub struct DbLoader {
    pub db: Db,
    pub scope: Scope,
    pub actor: String,
    /// The to-one rows list statements carried, where by-key loaders look
    /// first (see `db/joined.rs`).
    pub prefetch: Arc<std::sync::Mutex<Prefetch>>,
}

impl DbLoader {
    pub fn new(db: Db, scope: Scope, actor: String) -> DbLoader {
        DbLoader { db, scope, actor, prefetch: Default::default() }
    }

    /// What a statement carrying `carry` needs to know.
    pub fn carried(&self, carry: &Carry) -> Option<Carried> {
        (!carry.is_nothing()).then(|| Carried {
            plan: carry.plan.clone(),
            scope: self.scope.clone(),
            into: self.prefetch.clone(),
            counts: carry.count.then(Default::default),
        })
    }

    /// Keep the counts a list statement carried: `count(parent)` for every
    /// parent of the batch, 0 for those without rows.
    pub fn keep_counts<P, C>(
        &self,
        carried: &Option<Carried>,
        parents: &[P],
        row_parents: &[P],
        count: impl Fn(P) -> C,
    ) where
        P: Clone + Eq + Hash,
        C: Eq + Hash + Send + Sync + 'static,
    {
        let Some(counts) = carried.as_ref().and_then(|c| c.counts.as_ref()) else { return };
        let counts = counts.lock().unwrap_or_else(|e| e.into_inner());
        if !counts.counted || counts.per_row.len() != row_parents.len() {
            return;
        }
        let mut by_parent: HashMap<P, i64> = parents.iter().map(|p| (p.clone(), 0)).collect();
        for (parent, n) in row_parents.iter().zip(&counts.per_row) {
            by_parent.insert(parent.clone(), *n);
        }
        let mut prefetch = self.prefetch.lock().unwrap_or_else(|e| e.into_inner());
        for (parent, n) in by_parent {
            prefetch.insert::<C, i64>(count(parent), Some(n));
        }
    }

    /// What a statement carried for `key`: `Some(value or None)`, or `None`
    /// when nothing was carried for it.
    pub fn carried_one<K, V>(&self, key: &K) -> Option<Option<V>>
    where
        K: Eq + Hash + Send + Sync + 'static,
        V: Clone + Send + Sync + 'static,
    {
        let prefetch = self.prefetch.lock().unwrap_or_else(|e| e.into_inner());
        if prefetch.is_empty() { None } else { prefetch.get::<K, V>(key) }
    }

    /// The carried values of `keys`, and the keys that were not carried.
    pub fn prefetched<K, V>(&self, keys: &[K]) -> (HashMap<K, V>, Vec<K>)
    where
        K: Clone + Eq + Hash + Send + Sync + 'static,
        V: Clone + Send + Sync + 'static,
    {
        let prefetch = self.prefetch.lock().unwrap_or_else(|e| e.into_inner());
        let (mut found, mut missing) = (HashMap::new(), Vec::new());
        if prefetch.is_empty() {
            return (found, keys.to_vec());
        }
        for key in keys {
            match prefetch.get::<K, V>(key) {
                Some(Some(value)) => {
                    found.insert(key.clone(), value);
                }
                Some(None) => {}
                None => missing.push(key.clone()),
            }
        }
        (found, missing)
    }
}

/// What a loader batch returns.
pub type Loaded<K, V> = Result<HashMap<K, V>, async_graphql::Error>;

/// A key of one parent's list, one page of it, with the list's filter (the
/// flags of the field, `()` for none). Declared by [`list_loader!`](crate::list_loader).
pub trait ListKey: Clone + Eq + Hash + Send + Sync + 'static {
    type Parent: Clone + Eq + Hash + Send + Sync + 'static;
    type Filter: Clone + Eq + Hash + Send + Sync + 'static;
    type Node: Clone + Send + Sync + 'static;
    /// The key of the same list's `totalCount`.
    type Count: Clone + Eq + Hash + Send + Sync + 'static;
    fn new(parent: Self::Parent, filter: Self::Filter, page: Page, carry: Carry) -> Self;
    fn count(parent: Self::Parent, filter: Self::Filter) -> Self::Count;
    /// A node's keyset position, its cursor.
    fn cursor(node: &Self::Node) -> Uuid;
}

/// Parents grouped by what one statement can serve: the same filter and page.
pub fn group_by<P: Clone, G: Clone + Eq + Hash>(
    keys: impl IntoIterator<Item = (P, G)>,
) -> HashMap<G, Vec<P>> {
    let mut groups: HashMap<G, Vec<P>> = HashMap::new();
    for (parent, group) in keys {
        groups.entry(group).or_default().push(parent);
    }
    groups
}

/// Rows by key, one statement per batch: `load_by_key!(AreaId => Area,
/// |conn, scope, keys| store::areas_by_ids(conn, keys), key: |a| a.id)`.
/// The store function gets the batch's keys that no list statement carried
/// (none at all: no statement); `key` says which key a row answers.
#[macro_export]
macro_rules! load_by_key {
    ($key:ty => $value:ty, |$conn:ident, $scope:ident, $keys:ident| $fetch:expr, key: |$row:ident| $key_of:expr $(,)?) => {
        impl ::async_graphql::dataloader::Loader<$key> for $crate::graphql::loading::DbLoader {
            type Value = $value;
            type Error = ::async_graphql::Error;
            async fn load(&self, keys: &[$key]) -> $crate::graphql::loading::Loaded<$key, $value> {
                let (mut out, missing) = self.prefetched::<$key, $value>(keys);
                if missing.is_empty() {
                    return Ok(out);
                }
                let mut conn = self.db.conn().await?;
                let ($conn, $scope, $keys) = (&mut conn, &self.scope, &missing[..]);
                let rows: Vec<$value> = $fetch.await?;
                out.extend(rows.into_iter().map(|$row| ($key_of, $row)));
                Ok(out)
            }
        }
    };
}

/// A relation that is a list: its key `$key(parent, filter, page)`, its
/// count key `$count(parent, filter)`, and both loaders. `page` fetches the
/// first page of every parent of a batch in one statement (a window or a
/// `union all`) and `split` says which parent a row belongs to; `count`
/// returns `(parent, n)` for the parents that have rows. Every parent asked
/// for gets an answer, empty or 0.
#[macro_export]
macro_rules! list_loader {
    (
        $(#[$m:meta])*
        $key:ident, $count:ident: ($parent:ty, $filter:ty) => $node:ty,
        cursor: |$n:ident| $cursor:expr,
        page: |$conn:ident, $scope:ident, $parents:ident, $f:ident, $page:ident| $fetch:expr,
        split: |$row:ident| $split:expr,
        count: |$cconn:ident, $cscope:ident, $cparents:ident, $cf:ident| $count_fetch:expr $(,)?
    ) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub struct $key(pub $parent, pub $filter, pub $crate::db::Page, pub $crate::db::joined::Carry);

        /// How many items the list of the same name holds in all.
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub struct $count(pub $parent, pub $filter);

        impl $crate::graphql::loading::ListKey for $key {
            type Parent = $parent;
            type Filter = $filter;
            type Node = $node;
            type Count = $count;
            fn new(parent: $parent, filter: $filter, page: $crate::db::Page, carry: $crate::db::joined::Carry) -> Self {
                $key(parent, filter, page, carry)
            }
            fn count(parent: $parent, filter: $filter) -> $count {
                $count(parent, filter)
            }
            fn cursor($n: &$node) -> ::uuid::Uuid {
                $cursor
            }
        }

        impl ::async_graphql::dataloader::Loader<$key> for $crate::graphql::loading::DbLoader {
            type Value = Vec<$node>;
            type Error = ::async_graphql::Error;
            async fn load(&self, keys: &[$key]) -> $crate::graphql::loading::Loaded<$key, Vec<$node>> {
                let mut conn = self.db.conn().await?;
                let mut out: ::std::collections::HashMap<$key, Vec<$node>> = ::std::collections::HashMap::new();
                let groups = $crate::graphql::loading::group_by(
                    keys.iter().map(|k| (k.0.clone(), (k.1.clone(), k.2, k.3.clone()))),
                );
                for ((filter, page, carry), parents) in groups {
                    for p in &parents {
                        out.entry($key(p.clone(), filter.clone(), page, carry.clone())).or_default();
                    }
                    let carried = self.carried(&carry);
                    conn.carry(carried.clone());
                    let ($conn, $scope, $parents, $f, $page) = (&mut conn, &self.scope, &parents[..], &filter, &page);
                    let rows = $fetch.await;
                    conn.carry(None);
                    let mut row_parents = Vec::new();
                    for $row in rows? {
                        let (parent, node): ($parent, $node) = $split;
                        row_parents.push(parent.clone());
                        out.entry($key(parent, filter.clone(), page, carry.clone())).or_default().push(node);
                    }
                    self.keep_counts(&carried, &parents, &row_parents, |p| $count(p, filter.clone()));
                }
                Ok(out)
            }
        }

        impl ::async_graphql::dataloader::Loader<$count> for $crate::graphql::loading::DbLoader {
            type Value = i64;
            type Error = ::async_graphql::Error;
            async fn load(&self, keys: &[$count]) -> $crate::graphql::loading::Loaded<$count, i64> {
                let (carried, missing) = self.prefetched::<$count, i64>(keys);
                let mut out: ::std::collections::HashMap<$count, i64> =
                    missing.iter().map(|k| (k.clone(), 0)).collect();
                out.extend(carried);
                if missing.is_empty() {
                    return Ok(out);
                }
                let mut conn = self.db.conn().await?;
                let groups = $crate::graphql::loading::group_by(missing.iter().map(|k| (k.0.clone(), k.1.clone())));
                for (filter, parents) in groups {
                    let ($cconn, $cscope, $cparents, $cf) = (&mut conn, &self.scope, &parents[..], &filter);
                    let counted: Vec<($parent, i64)> = $count_fetch.await?;
                    for (parent, n) in counted {
                        out.insert($count(parent, filter.clone()), n);
                    }
                }
                Ok(out)
            }
        }
    };
}

/// The filter of a root list (`areas(kind: ...)`, `people(...)`): how to
/// read one page of it and how to count it. Both go through the request's
/// loader like every other list.
pub trait RootList: Clone + Eq + Hash + Send + Sync + 'static {
    type Node: Clone + Send + Sync + 'static;
    fn page<'a>(
        &'a self,
        conn: &'a mut Conn,
        scope: &'a Scope,
        page: &'a Page,
    ) -> impl Future<Output = crate::Result<Vec<Self::Node>>> + Send + 'a;
    fn count<'a>(
        &'a self,
        conn: &'a mut Conn,
        scope: &'a Scope,
    ) -> impl Future<Output = crate::Result<i64>> + Send + 'a;
    fn cursor(node: &Self::Node) -> Uuid;
}

/// Declare how a root list's filter reads a page and counts, from its store:
/// `root_list!(AreaFilter => Area, cursor: |a| a.id.0,
/// page: |conn, _scope, filter, page| store::list_areas(conn, filter, page),
/// count: |conn, _scope, filter| store::count_areas(conn, filter))`.
#[macro_export]
macro_rules! root_list {
    (
        $filter:ty => $node:ty,
        cursor: |$n:ident| $cursor:expr,
        page: |$conn:ident, $scope:ident, $f:ident, $page:ident| $fetch:expr,
        count: |$cconn:ident, $cscope:ident, $cf:ident| $count:expr $(,)?
    ) => {
        impl $crate::graphql::loading::RootList for $filter {
            type Node = $node;
            fn page<'a>(
                &'a self,
                $conn: &'a mut $crate::db::Conn,
                $scope: &'a $crate::db::Scope,
                $page: &'a $crate::db::Page,
            ) -> impl Future<Output = $crate::Result<Vec<$node>>> + Send + 'a {
                let $f = self;
                $fetch
            }
            fn count<'a>(
                &'a self,
                $cconn: &'a mut $crate::db::Conn,
                $cscope: &'a $crate::db::Scope,
            ) -> impl Future<Output = $crate::Result<i64>> + Send + 'a {
                let $cf = self;
                $count
            }
            fn cursor($n: &$node) -> ::uuid::Uuid {
                $cursor
            }
        }
    };
}

/// One page of a root list, and the hops it carries.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RootPage<F>(pub F, pub Page, pub Carry);

/// The count of a root list.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RootCount<F>(pub F);

impl<F: RootList> Loader<RootPage<F>> for DbLoader {
    type Value = Vec<F::Node>;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[RootPage<F>]) -> Loaded<RootPage<F>, Vec<F::Node>> {
        let mut conn = self.db.conn().await?;
        let mut out = HashMap::new();
        for key in keys {
            conn.carry(self.carried(&key.2));
            let rows = key.0.page(&mut conn, &self.scope, &key.1).await;
            conn.carry(None);
            out.insert(key.clone(), rows?);
        }
        Ok(out)
    }
}

impl<F: RootList> Loader<RootCount<F>> for DbLoader {
    type Value = i64;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[RootCount<F>]) -> Loaded<RootCount<F>, i64> {
        let mut conn = self.db.conn().await?;
        let mut out = HashMap::new();
        for key in keys {
            out.insert(key.clone(), key.0.count(&mut conn, &self.scope).await?);
        }
        Ok(out)
    }
}

/// Loader batches are released in waves, when the request can go no further
/// without them, never after a timer.
///
/// async-graphql's DataLoader spawns a task on the first key of a batch and
/// takes the pending keys when that task runs. On a multi-threaded runtime
/// that task can run while the request is still resolving siblings, or while
/// the results of the previous batch are still being handed out, so a list of
/// 150 items could be split into two batches on one run and not on the next.
/// The gate holds every batch until (a) the request's future has returned
/// `Pending` without having been woken meanwhile (a `join_all` over many
/// items yields part-way by waking itself: that is not waiting) and (b) no
/// batch is still delivering results. Then it releases all held batches at
/// once. The statements a query costs depend only on its shape, and no batch
/// waits on a clock.
#[derive(Default)]
pub struct PollGate {
    state: std::sync::Mutex<GateState>,
    /// Wakes of the request, from any waker it handed out.
    wakes: AtomicU64,
    released: tokio::sync::Notify,
}

#[derive(Default)]
struct GateState {
    /// Bumped at each release; a batch held at epoch `e` runs once it passes `e`.
    epoch: u64,
    held: usize,
    running: usize,
    /// Woken when the last running batch ends, so the request looks again.
    request: Option<Waker>,
}

impl PollGate {
    fn state(&self) -> std::sync::MutexGuard<'_, GateState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The request is waiting: release the held batches unless one is still running.
    fn request_waits(&self) {
        let mut st = self.state();
        if st.running == 0 && st.held > 0 {
            st.epoch += 1;
            st.running = st.held;
            st.held = 0;
            drop(st);
            self.released.notify_waiters();
        }
    }

    async fn hold(&self, epoch: u64) {
        loop {
            let released = self.released.notified();
            if self.state().epoch > epoch {
                return;
            }
            released.await;
        }
    }

    fn batch_done(&self) {
        let mut st = self.state();
        st.running -= 1;
        let waker = if st.running == 0 { st.request.clone() } else { None };
        drop(st);
        if let Some(w) = waker {
            w.wake();
        }
    }

    /// A spawner for `DataLoader::new` whose batches wait for the gate.
    pub fn spawner(
        self: &Arc<Self>,
        trace_id: String,
    ) -> impl Fn(BoxFuture<'static, ()>) -> tokio::task::JoinHandle<()> + Send + Sync + 'static {
        let gate = self.clone();
        move |batch| {
            let gate = gate.clone();
            let epoch = {
                let mut st = gate.state();
                st.held += 1;
                st.epoch
            };
            // One span per batch (one statement), under the request's span
            // (the batch is spawned while the request is polled in it).
            let span = tracing::info_span!("loader_batch", wave = epoch);
            tokio::spawn(crate::telemetry::TRACE_ID.scope(trace_id.clone(), async move {
                gate.hold(epoch).await;
                tracing::Instrument::instrument(batch, span).await;
                gate.batch_done();
            }))
        }
    }
}

/// Counts the request's wakes, then passes them on.
struct CountingWaker {
    gate: Arc<PollGate>,
    inner: Waker,
}

impl Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }
    fn wake_by_ref(self: &Arc<Self>) {
        self.gate.wakes.fetch_add(1, Ordering::AcqRel);
        self.inner.wake_by_ref();
    }
}

/// A request's execution, telling its gate when it waits.
pub struct Gated<F> {
    inner: Pin<Box<F>>,
    gate: Arc<PollGate>,
}

impl<F: Future> Gated<F> {
    pub fn new(inner: F, gate: Arc<PollGate>) -> Self {
        Gated { inner: Box::pin(inner), gate }
    }
}

impl<F: Future> Future for Gated<F> {
    type Output = F::Output;
    fn poll(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<F::Output> {
        let gate = self.gate.clone();
        gate.state().request = Some(cx.waker().clone());
        let wakes_before = gate.wakes.load(Ordering::Acquire);
        let waker = Waker::from(Arc::new(CountingWaker { gate: gate.clone(), inner: cx.waker().clone() }));
        let out = self.inner.as_mut().poll(&mut TaskContext::from_waker(&waker));
        if out.is_pending() && gate.wakes.load(Ordering::Acquire) == wakes_before {
            gate.request_waits();
        }
        out
    }
}

/// The state timeline of a record (a booking, a reservation, a home-visit
/// request), oldest first: one statement per batch (see `db::timeline`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TimelineOf(pub uuid::Uuid);

impl Loader<TimelineOf> for DbLoader {
    type Value = Vec<crate::db::timeline::StateChange>;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[TimelineOf]) -> Loaded<TimelineOf, Self::Value> {
        let mut conn = self.db.conn().await?;
        let subjects: Vec<uuid::Uuid> = keys.iter().map(|k| k.0).collect();
        let mut out: HashMap<TimelineOf, Self::Value> =
            keys.iter().map(|k| (k.clone(), Vec::new())).collect();
        for change in crate::db::timeline::changes_of(&mut conn, &subjects).await? {
            out.entry(TimelineOf(change.subject_id)).or_default().push(change);
        }
        Ok(out)
    }
}
