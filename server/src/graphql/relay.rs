//! Relay connections: cursors, `totalCount` and building a connection from
//! a keyset page of rows. Global ids are in `ids.rs`, pages in `db/`.

use std::sync::Arc;

use async_graphql::connection::{Connection, CursorType, Edge, EmptyFields};
use async_graphql::{Object, OutputType};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use futures::future::BoxFuture;
use uuid::Uuid;

use crate::db::{DEFAULT_PAGE, MAX_PAGE, Page};
use crate::error::{Error, Result};

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

/// The longest cursor accepted (ours are 22 characters).
pub const MAX_CURSOR_CHARS: usize = 64;

/// Read Relay's page arguments; `first`/`last` default to 20 and may not
/// pass 100, cursors must be this list's.
pub fn page(
    first: Option<i32>,
    after: Option<String>,
    last: Option<i32>,
    before: Option<String>,
) -> Result<Page> {
    let cursor = |field: &str, c: Option<String>| -> Result<Option<Uuid>> {
        c.map(|c| {
            if c.len() > MAX_CURSOR_CHARS {
                return Err(Error::bad_input(
                    field,
                    format!("a cursor has at most {MAX_CURSOR_CHARS} characters"),
                ));
            }
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
    Ok(Page { after: after.unwrap_or(Uuid::nil()), before: before.unwrap_or(Uuid::max()), limit, backward })
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
    fn page_sizes_are_capped_and_cursors_bounded() {
        assert_eq!(page(None, None, None, None).unwrap().limit, 20);
        assert!(page(Some(1000), None, None, None).is_err());
        assert!(page(Some(-1), None, None, None).is_err());
        assert!(page(Some(1), None, Some(1), None).is_err());
        assert!(page(Some(100), None, None, None).is_ok());
        assert!(page(None, Some("A".repeat(50_001)), None, None).is_err());
    }
}
