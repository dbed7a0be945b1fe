//! Helpers for loaders that return the first page of many parents' lists.

use std::collections::HashMap;
use std::hash::Hash;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::task::{Context as TaskContext, Poll, Wake, Waker};

use futures::future::BoxFuture;

use super::relay::Page;

/// A loader key: one parent's list, one page of it.
pub trait PagedKey: Clone + Eq + Hash {
    type Parent: Clone + Eq + Hash;
    fn parent(&self) -> Self::Parent;
    fn page(&self) -> Page;
}

/// Keys grouped by page, so each group is one windowed statement.
pub fn by_page<K: PagedKey>(keys: &[K]) -> HashMap<Page, Vec<K::Parent>> {
    let mut groups: HashMap<Page, Vec<K::Parent>> = HashMap::new();
    for k in keys {
        groups.entry(k.page()).or_default().push(k.parent());
    }
    groups
}

/// Spread rows of one page group back to the keys that asked for them;
/// every asking key gets an entry, empty when the parent has no rows.
pub fn spread<K, R>(
    out: &mut HashMap<K, Vec<R>>,
    page: Page,
    parents: &[K::Parent],
    rows: Vec<R>,
    parent_of: impl Fn(&R) -> K::Parent,
    make_key: impl Fn(K::Parent, Page) -> K,
) where
    K: PagedKey,
{
    for p in parents {
        out.entry(make_key(p.clone(), page)).or_default();
    }
    for r in rows {
        out.entry(make_key(parent_of(&r), page)).or_default().push(r);
    }
}

/// Declare a paged loader key `$name(parent, page)`.
#[macro_export]
macro_rules! paged_key {
    ($(#[$m:meta])* $name:ident($parent:ty)) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub struct $name(pub $parent, pub $crate::graphql::relay::Page);
        impl $crate::graphql::loading::PagedKey for $name {
            type Parent = $parent;
            fn parent(&self) -> $parent {
                self.0
            }
            fn page(&self) -> $crate::graphql::relay::Page {
                self.1
            }
        }
    };
}

/// Batches are cut where the request's execution waits, not after a timer.
///
/// async-graphql's DataLoader spawns a task on the first key of a batch and
/// takes the pending keys when that task runs; on a multi-threaded runtime
/// the task can run while the request is still resolving siblings, so a list
/// of 150 items could be split into two batches on one run and not the next.
/// The gate holds each batch until the request's future has returned
/// `Pending` without having asked to be polled again (a `join_all` over many
/// items yields part-way by waking itself; that is not waiting). Then every
/// key the request can reach without a result is in the batch, the number of
/// statements depends only on the shape of the query, and no batch waits on
/// a clock.
#[derive(Default)]
pub struct PollGate {
    idle_polls: AtomicU64,
    notify: tokio::sync::Notify,
}

impl PollGate {
    fn idle_polls(&self) -> u64 {
        self.idle_polls.load(Ordering::Acquire)
    }

    fn advance(&self) {
        self.idle_polls.fetch_add(1, Ordering::AcqRel);
        self.notify.notify_waiters();
    }

    /// Wait until the request has waited once since `seen` was read.
    pub async fn wait_past(&self, seen: u64) {
        loop {
            let notified = self.notify.notified();
            if self.idle_polls() > seen {
                return;
            }
            notified.await;
        }
    }

    /// A spawner for `DataLoader::new` whose batches start when the request waits.
    pub fn spawner(
        self: &Arc<Self>,
        trace_id: String,
    ) -> impl Fn(BoxFuture<'static, ()>) -> tokio::task::JoinHandle<()> + Send + Sync + 'static {
        let gate = self.clone();
        move |batch| {
            let gate = gate.clone();
            let seen = gate.idle_polls();
            tokio::spawn(crate::telemetry::TRACE_ID.scope(trace_id.clone(), async move {
                gate.wait_past(seen).await;
                batch.await
            }))
        }
    }
}

/// Forwards wakes, noting whether one came during the poll.
struct NotingWaker {
    woken: AtomicBool,
    inner: Waker,
}

impl Wake for NotingWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }
    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::Release);
        self.inner.wake_by_ref();
    }
}

/// A request's execution, telling its gate each time it waits.
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
        let noting = Arc::new(NotingWaker { woken: AtomicBool::new(false), inner: cx.waker().clone() });
        let waker = Waker::from(noting.clone());
        let out = self.inner.as_mut().poll(&mut TaskContext::from_waker(&waker));
        if out.is_pending() && !noting.woken.load(Ordering::Acquire) {
            self.gate.advance();
        }
        out
    }
}
