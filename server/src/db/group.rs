//! Group commit: writes that wait for the same row share one transaction.
//!
//! A burst of bookings for one slot all need that slot's lock. Taken one
//! transaction at a time, the lock is held through every statement and the
//! commit of each booking in turn, and the rest wait. Instead, arrivals for
//! one key queue here: the first starts a worker, which takes everything
//! queued so far as one group, runs it (one transaction for the group), answers
//! each caller, and takes the next group, until the queue is empty. Nobody waits
//! for a timer: a lone arrival is a group of one and runs at once; under load a
//! group holds those that arrived while the one before it ran, in the order they
//! arrived.
//!
//! The worker is a task of its own, so a caller that goes away (a closed
//! connection) stops neither its group nor the groups after it. Should the
//! worker fail, every caller still waiting hears of it ([`Dropped`]) and the
//! key starts afresh with the next arrival.

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::oneshot;

/// The most arrivals one group takes; the rest wait for the next.
pub const MAX_GROUP: usize = 100;

type Queue<R, T> = Vec<(R, oneshot::Sender<T>)>;

/// Queues of arrivals by key (see the module).
pub struct Groups<K, R, T> {
    queues: Arc<Mutex<HashMap<K, Queue<R, T>>>>,
}

/// The worker of a group ended without answering (it panicked).
#[derive(Debug)]
pub struct Dropped;

impl<K, R, T> Default for Groups<K, R, T> {
    fn default() -> Self {
        Groups { queues: Arc::new(Mutex::new(HashMap::new())) }
    }
}

fn locked<K, R, T>(queues: &Mutex<HashMap<K, Queue<R, T>>>) -> MutexGuard<'_, HashMap<K, Queue<R, T>>> {
    // A worker that panicked left nothing half-changed behind the lock.
    queues.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl<K, R, T> Groups<K, R, T>
where
    K: Eq + Hash + Clone + Send + Sync + 'static,
    R: Send + 'static,
    T: Send + 'static,
{
    /// Queue `request` under `key` and wait for its answer. `run` answers a
    /// group, one answer per request in order; the worker started by the
    /// first arrival of a burst runs every group of that burst with its `run`.
    pub async fn submit<F, Fut>(&self, key: K, request: R, run: F) -> Result<T, Dropped>
    where
        F: Fn(K, Vec<R>) -> Fut + Send + 'static,
        Fut: Future<Output = Vec<T>> + Send + 'static,
    {
        let (answer, answered) = oneshot::channel();
        let start = {
            let mut queues = locked(&self.queues);
            match queues.get_mut(&key) {
                Some(queue) => {
                    queue.push((request, answer));
                    false
                }
                None => {
                    queues.insert(key.clone(), vec![(request, answer)]);
                    true
                }
            }
        };
        if start {
            tokio::spawn(work(self.queues.clone(), key, run));
        }
        answered.await.map_err(|_| Dropped)
    }
}

/// Run the groups of `key` until its queue is empty, then end (removing the
/// queue, so the next arrival starts a new worker).
async fn work<K, R, T, F, Fut>(queues: Arc<Mutex<HashMap<K, Queue<R, T>>>>, key: K, run: F)
where
    K: Eq + Hash + Clone,
    F: Fn(K, Vec<R>) -> Fut,
    Fut: Future<Output = Vec<T>>,
{
    let mut guard = Ending { queues: &queues, key: &key, done: false };
    loop {
        let group = {
            let mut all = locked(&queues);
            let queue = all.get_mut(&key).expect("a worker's queue stays until it ends");
            if queue.is_empty() {
                all.remove(&key);
                guard.done = true;
                return;
            }
            let n = queue.len().min(MAX_GROUP);
            queue.drain(..n).collect::<Vec<_>>()
        };
        let (requests, answers): (Vec<R>, Vec<oneshot::Sender<T>>) = group.into_iter().unzip();
        let results = run(key.clone(), requests).await;
        debug_assert_eq!(results.len(), answers.len(), "one answer per request");
        for (answer, result) in answers.into_iter().zip(results) {
            // A caller that went away no longer listens; its write stands.
            let _ = answer.send(result);
        }
    }
}

/// Removes the queue of a worker that ends by unwinding, so its waiting
/// callers hear [`Dropped`] and the next arrival starts a new worker.
struct Ending<'a, K: Eq + Hash, R, T> {
    queues: &'a Mutex<HashMap<K, Queue<R, T>>>,
    key: &'a K,
    done: bool,
}

impl<K: Eq + Hash, R, T> Drop for Ending<'_, K, R, T> {
    fn drop(&mut self) {
        if !self.done {
            locked(self.queues).remove(self.key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn arrivals_share_groups_in_order_and_each_hears_its_answer() {
        let groups: Arc<Groups<u8, usize, usize>> = Arc::new(Groups::default());
        let runs = Arc::new(AtomicUsize::new(0));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let calls = (0..200).map(|i| {
            let (groups, runs, seen) = (groups.clone(), runs.clone(), seen.clone());
            tokio::spawn(async move {
                groups
                    .submit(7, i, move |_, requests: Vec<usize>| {
                        let (runs, seen) = (runs.clone(), seen.clone());
                        async move {
                            runs.fetch_add(1, Ordering::SeqCst);
                            tokio::task::yield_now().await;
                            seen.lock().unwrap().extend(requests.iter().copied());
                            requests.into_iter().map(|r| r * 2).collect()
                        }
                    })
                    .await
            })
        });
        let answers: Vec<usize> =
            futures::future::join_all(calls).await.into_iter().map(|r| r.unwrap().unwrap()).collect();
        assert_eq!(answers, (0..200).map(|i| i * 2).collect::<Vec<_>>());
        let mut seen = seen.lock().unwrap().clone();
        assert_eq!(seen.len(), 200, "every request ran once");
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 200);
        assert!(runs.load(Ordering::SeqCst) <= 200);
        assert!(groups.queues.lock().unwrap().is_empty(), "the queue ends with its burst");
    }

    #[tokio::test]
    async fn a_worker_that_fails_answers_dropped_and_the_key_starts_again() {
        let groups: Groups<u8, u8, u8> = Groups::default();
        let failed = groups.submit(1, 1, |_, _: Vec<u8>| async { panic!("the group fails") }).await;
        assert!(failed.is_err());
        let again = groups.submit(1, 2, |_, r: Vec<u8>| async move { r }).await;
        assert_eq!(again.unwrap(), 2);
    }
}
