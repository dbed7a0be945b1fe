//! Helpers for loaders that return the first page of many parents' lists.

use std::collections::HashMap;
use std::hash::Hash;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context as TaskContext, Poll, Wake, Waker};

use async_graphql::dataloader::{DataLoader, Loader};
use futures::future::BoxFuture;

use super::relay::{Page, TotalCount};

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

/// `totalCount` through a count loader: the counts of many parents in one
/// statement, and only when a client selects the field.
pub fn loaded_count<L, K>(loader: &Arc<DataLoader<L>>, key: K) -> TotalCount
where
    L: Loader<K, Value = i64, Error = async_graphql::Error>,
    K: Clone + Eq + Hash + Send + Sync + 'static,
{
    let loader = loader.clone();
    TotalCount::new(move || {
        let (loader, key) = (loader.clone(), key.clone());
        async move { Ok(loader.load_one(key).await?.unwrap_or(0)) }
    })
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
            tokio::spawn(crate::telemetry::TRACE_ID.scope(trace_id.clone(), async move {
                gate.hold(epoch).await;
                batch.await;
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
