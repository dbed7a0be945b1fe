//! Hooks that run inside a write's transaction, for the domains above the
//! one that writes: when `people/` moves a person, `party/` moves the
//! person's membership with them, without `people/` naming `party/`.
//! `graphql/schema.rs`, which imports every domain, installs them once,
//! before the first request.

use std::sync::OnceLock;

use futures::future::BoxFuture;

use super::Conn;
use crate::error::Result;

/// A step another domain takes in the same transaction when event `E` happens.
pub type Hook<E> = for<'a> fn(&'a mut Conn, &'a E) -> BoxFuture<'a, Result<()>>;

pub struct Hooks<E: 'static>(OnceLock<Vec<Hook<E>>>);

impl<E: 'static> Hooks<E> {
    pub const fn new() -> Hooks<E> {
        Hooks(OnceLock::new())
    }

    /// Install the hooks; later calls keep the first list.
    pub fn install(&self, hooks: impl FnOnce() -> Vec<Hook<E>>) {
        self.0.get_or_init(hooks);
    }

    /// Run every hook, in order, on the write's transaction.
    pub async fn run(&self, conn: &mut Conn, event: &E) -> Result<()> {
        for hook in self.0.get().map(Vec::as_slice).unwrap_or_default() {
            hook(conn, event).await?;
        }
        Ok(())
    }
}

impl<E: 'static> Default for Hooks<E> {
    fn default() -> Self {
        Self::new()
    }
}
