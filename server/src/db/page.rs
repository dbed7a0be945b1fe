//! Keyset pages: every list is read by id order, never by OFFSET.

use uuid::Uuid;

/// The most rows one page may hold; `first`/`last` above it are refused.
pub const MAX_PAGE: i64 = 100;
/// The page size when a list field is given neither `first` nor `last`.
pub const DEFAULT_PAGE: i64 = 20;

/// A keyset page: rows with `after < id < before`, `limit + 1` fetched so the
/// extra row tells whether there is more.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Page {
    pub after: Uuid,
    pub before: Uuid,
    /// Rows wanted (the SQL asks for one more).
    pub limit: i64,
    /// Paging from the end (`last`): rows come newest first and are reversed.
    pub backward: bool,
}

impl Page {
    /// The first page of `n` rows.
    pub fn first(n: i64) -> Page {
        Page { after: Uuid::nil(), before: Uuid::max(), limit: n, backward: false }
    }

    /// `limit + 1`, what the SQL fetches.
    pub fn fetch(&self) -> i64 {
        self.limit + 1
    }
}
