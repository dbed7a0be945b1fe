//! Helpers for loaders that return the first page of many parents' lists.

use std::collections::HashMap;
use std::hash::Hash;

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
