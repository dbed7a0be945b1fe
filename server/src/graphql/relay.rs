//! Relay: opaque global ids, cursor connections and keyset pages.

use std::sync::Arc;

use async_graphql::connection::{Connection, CursorType, Edge, EmptyFields};
use async_graphql::{ID, Object, OutputType};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use futures::future::BoxFuture;
use uuid::Uuid;

use crate::error::{Error, Result};

pub const DEFAULT_PAGE: i64 = 20;
pub const MAX_PAGE: i64 = 100;

/// `Kind:uuid`, base64url: opaque to clients, typed to us.
pub fn global_id(kind: &str, id: Uuid) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("{kind}:{id}")))
}

/// Split a global id into its kind and uuid; `None` if it is not one of ours.
pub fn parse_global_id(id: &str) -> Option<(String, Uuid)> {
    let raw = URL_SAFE_NO_PAD.decode(id).ok()?;
    let text = String::from_utf8(raw).ok()?;
    let (kind, uuid) = text.split_once(':')?;
    Some((kind.to_owned(), Uuid::parse_str(uuid).ok()?))
}

/// The uuid of a global id that must be of `kind`; `field` names the argument
/// in the error.
pub fn expect_id(id: &ID, kind: &str, field: &str) -> Result<Uuid> {
    match parse_global_id(id) {
        Some((k, uuid)) if k == kind => Ok(uuid),
        _ => Err(Error::bad_input(field, format!("{:?} is not the id of a {kind}", id.as_str()))),
    }
}

/// The cursor of an edge: the row's id, which is also the keyset position.
pub struct Cursor(pub Uuid);

impl CursorType for Cursor {
    type Error = &'static str;
    fn decode_cursor(s: &str) -> Result<Self, Self::Error> {
        let raw = URL_SAFE_NO_PAD.decode(s).map_err(|_| "invalid cursor")?;
        let bytes: [u8; 16] = raw.try_into().map_err(|_| "invalid cursor")?;
        Ok(Cursor(Uuid::from_bytes(bytes)))
    }
    fn encode_cursor(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0.as_bytes())
    }
}

/// What a connection field multiplies its selection's complexity by: the
/// page size asked for (20 by default, at most 100).
pub fn page_cost(first: Option<i32>, last: Option<i32>) -> usize {
    first.or(last).unwrap_or(DEFAULT_PAGE as i32).clamp(1, MAX_PAGE as i32) as usize
}

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
    /// Parse Relay arguments; `first`/`last` default to 20 and may not pass 100.
    pub fn parse(
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<Page> {
        let cursor = |field: &str, c: Option<String>| -> Result<Option<Uuid>> {
            c.map(|c| {
                Cursor::decode_cursor(&c)
                    .map(|c| c.0)
                    .map_err(|_| Error::bad_input(field, format!("{c:?} is not a cursor of this list")))
            })
            .transpose()
        };
        let size = |field: &str, n: i32| -> Result<i64> {
            let n = i64::from(n);
            if !(0..=MAX_PAGE).contains(&n) {
                return Err(Error::bad_input(
                    field,
                    format!("`{field}` must be between 0 and {MAX_PAGE}, got {n}"),
                ));
            }
            Ok(n)
        };
        if first.is_some() && last.is_some() {
            return Err(Error::bad_input("last", "give `first` or `last`, not both"));
        }
        let after = cursor("after", after)?;
        let before = cursor("before", before)?;
        let (limit, backward) = match (first, last) {
            (_, Some(n)) => (size("last", n)?, true),
            (Some(n), _) => (size("first", n)?, false),
            (None, None) => (DEFAULT_PAGE, false),
        };
        Ok(Page {
            after: after.unwrap_or(Uuid::nil()),
            before: before.unwrap_or(Uuid::max()),
            limit,
            backward,
        })
    }

    /// The first page of `n` rows, for nested lists without arguments.
    pub fn first(n: i64) -> Page {
        Page { after: Uuid::nil(), before: Uuid::max(), limit: n, backward: false }
    }

    /// `limit + 1`, what the SQL fetches.
    pub fn fetch(&self) -> i64 {
        self.limit + 1
    }
}

/// `totalCount`, computed only when a client selects it.
pub struct TotalCount(Arc<dyn Fn() -> BoxFuture<'static, async_graphql::Result<i64>> + Send + Sync>);

impl TotalCount {
    pub fn new<F, Fut>(count: F) -> TotalCount
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = async_graphql::Result<i64>> + Send + 'static,
    {
        TotalCount(Arc::new(move || Box::pin(count())))
    }
}

#[Object]
impl TotalCount {
    /// How many items the whole list holds (all pages).
    async fn total_count(&self) -> async_graphql::Result<i64> {
        (self.0)().await
    }
}

/// Every list in the schema is one of these.
pub type Conn<T> = Connection<Cursor, T, TotalCount, EmptyFields>;

/// Build a connection from the `limit + 1` rows a store function returned for `page`.
pub fn connection<R, T: OutputType>(
    page: &Page,
    mut rows: Vec<R>,
    id_of: impl Fn(&R) -> Uuid,
    to_node: impl Fn(R) -> T,
    total: TotalCount,
) -> Conn<T> {
    let more = rows.len() as i64 > page.limit;
    rows.truncate(page.limit as usize);
    if page.backward {
        rows.reverse();
    }
    let (has_previous, has_next) =
        if page.backward { (more, page.before != Uuid::max()) } else { (page.after != Uuid::nil(), more) };
    let mut conn = Connection::with_additional_fields(has_previous, has_next, total);
    conn.edges.extend(rows.into_iter().map(|r| Edge::new(Cursor(id_of(&r)), to_node(r))));
    conn
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_ids_round_trip_and_keep_their_kind() {
        let id = Uuid::now_v7();
        let gid = global_id("Person", id);
        assert_eq!(parse_global_id(&gid), Some(("Person".to_owned(), id)));
        assert_eq!(expect_id(&gid, "Person", "id").unwrap(), id);
        assert!(expect_id(&gid, "Area", "id").is_err());
        assert!(parse_global_id("not-an-id").is_none());
    }

    #[test]
    fn page_sizes_are_capped() {
        assert_eq!(Page::parse(None, None, None, None).unwrap().limit, 20);
        assert!(Page::parse(Some(1000), None, None, None).is_err());
        assert!(Page::parse(Some(-1), None, None, None).is_err());
        assert!(Page::parse(Some(1), None, Some(1), None).is_err());
        assert!(Page::parse(Some(100), None, None, None).is_ok());
    }
}
