//! To-one neighbours carried by a list statement.
//!
//! A list's rows often lead to one row each of another table: a grid worker
//! to its person, a building to its leader, the leader to a person, the
//! person to a party member, the member to an organization. Loaded one hop
//! at a time, each hop is a statement and a round trip. Instead, when the
//! query asks for them, the list's own statement carries them: it is
//! wrapped as `select w.*, <hop columns> from (<the list's statement>) w
//! left join <hop table> on ... left join ...` (on PostgreSQL, lateral
//! lookups: see [`lateral_joins`]) and the rows of each hop are
//! kept in a [`Prefetch`] under the key their field loads by, where the
//! loaders find them. A query then costs one statement per list, however
//! many to-one hops hang below each list.
//!
//! A hop is declared by the domain that owns its field ([`ToOne`]), with the
//! same scope predicate its loader applies, pushed by the same macro: a row
//! the caller may not see is not carried, and its key is recorded as absent.
//! The wrapping and decoding are done by the store shapes in `db/sql.rs`;
//! what a request wants carried comes from its selection (`graphql/joins.rs`).

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, ValueRef};
use uuid::Uuid;

use super::{Date, Scope};

/// A value bound into a hop's join condition.
#[derive(Clone, Debug)]
pub enum Bind {
    Text(String),
    Uuid(Uuid),
    Date(Date),
}

impl From<String> for Bind {
    fn from(v: String) -> Bind {
        Bind::Text(v)
    }
}
impl From<&'static str> for Bind {
    fn from(v: &'static str) -> Bind {
        Bind::Text(v.to_owned())
    }
}
impl From<Uuid> for Bind {
    fn from(v: Uuid) -> Bind {
        Bind::Uuid(v)
    }
}
impl From<Date> for Bind {
    fn from(v: Date) -> Bind {
        Bind::Date(v)
    }
}

/// SQL text and binds, written with the same `push`/`push_bind` calls as a
/// `sqlx::QueryBuilder`, so the stores' filter macros (`push_scope!`,
/// `push_running!`, ...) write a hop's join condition too. Each hop opens
/// with [`JoinSql::left_join`] and then pushes its condition. Replayed onto
/// the statement's builder by [`push_joined!`](crate::push_joined).
#[derive(Default, Debug)]
pub struct JoinSql {
    pub parts: Vec<Part>,
}

#[derive(Debug)]
pub enum Part {
    /// A hop's join on `table alias`; its condition follows, up to the next
    /// `Join` or the end.
    Join {
        table: &'static str,
        alias: &'static str,
    },
    Sql(String),
    Bind(Bind),
}

impl JoinSql {
    /// Open the join of one hop; the condition pushed next must start with
    /// a comparison, not with `and`.
    pub fn left_join(&mut self, table: &'static str, alias: &'static str) -> &mut Self {
        self.parts.push(Part::Join { table, alias });
        self
    }
    pub fn push(&mut self, sql: impl std::fmt::Display) -> &mut Self {
        self.parts.push(Part::Sql(sql.to_string()));
        self
    }
    pub fn push_bind(&mut self, value: impl Into<Bind>) -> &mut Self {
        self.parts.push(Part::Bind(value.into()));
        self
    }
}

/// How a hop's join is written for a backend's builder (see [`push_joined!`]).
///
/// On PostgreSQL each hop is `left join lateral (select * from <table>
/// <alias> where <condition> limit 1) <alias> on true`: a lookup per parent
/// row by the join key, whatever the planner believes of the scope's
/// ranges. A plain `left join` let the plan PostgreSQL keeps for a prepared
/// statement (a generic plan, which cannot see that a scope's range is the
/// whole district) start from the hop's table, reading every building leader
/// with their people and members to keep thirty, and planning five tables'
/// join orders cost more than running them. SQLite has no `lateral`; its
/// planner looks each hop up by its key from a plain `left join ... on`.
pub fn lateral_joins<DB: sqlx::Database>(_qb: &sqlx::QueryBuilder<DB>) -> bool {
    DB::NAME == "PostgreSQL"
}

/// Push a [`JoinSql`] onto a backend's `QueryBuilder`.
#[macro_export]
macro_rules! push_joined {
    ($qb:expr, $sql:expr) => {{
        let lateral = $crate::db::joined::lateral_joins(&$qb);
        let mut open: Option<&'static str> = None;
        for part in &$sql.parts {
            match part {
                $crate::db::joined::Part::Join { table, alias } => {
                    if let (true, Some(prev)) = (lateral, open) {
                        $qb.push(" limit 1) ").push(prev).push(" on true");
                    }
                    if lateral {
                        $qb.push(" left join lateral (select * from ").push(table).push(" ");
                        $qb.push(alias).push(" where ");
                    } else {
                        $qb.push(" left join ").push(table).push(" ").push(alias).push(" on ");
                    }
                    open = Some(alias);
                }
                $crate::db::joined::Part::Sql(s) => {
                    $qb.push(s);
                }
                $crate::db::joined::Part::Bind($crate::db::joined::Bind::Text(v)) => {
                    $qb.push_bind(v.clone());
                }
                $crate::db::joined::Part::Bind($crate::db::joined::Bind::Uuid(v)) => {
                    $qb.push_bind(*v);
                }
                $crate::db::joined::Part::Bind($crate::db::joined::Bind::Date(v)) => {
                    $qb.push_bind(*v);
                }
            }
        }
        if let (true, Some(prev)) = (lateral, open) {
            $qb.push(" limit 1) ").push(prev).push(" on true");
        }
    }};
}

/// A result row of either backend.
#[derive(Clone, Copy)]
pub enum RowRef<'a> {
    Sqlite(&'a SqliteRow),
    Postgres(&'a PgRow),
}

impl<'a> From<&'a SqliteRow> for RowRef<'a> {
    fn from(r: &'a SqliteRow) -> Self {
        RowRef::Sqlite(r)
    }
}
impl<'a> From<&'a PgRow> for RowRef<'a> {
    fn from(r: &'a PgRow) -> Self {
        RowRef::Postgres(r)
    }
}

impl RowRef<'_> {
    pub fn len(&self) -> usize {
        match self {
            RowRef::Sqlite(r) => r.len(),
            RowRef::Postgres(r) => r.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the column at `i` is null (a left join that found nothing).
    pub fn is_null(&self, i: usize) -> Result<bool, sqlx::Error> {
        Ok(match self {
            RowRef::Sqlite(r) => r.try_get_raw(i)?.is_null(),
            RowRef::Postgres(r) => r.try_get_raw(i)?.is_null(),
        })
    }
}

/// A row type decoded by position, from `at` on, for hops: its columns are
/// [`AtRow::COLUMNS`] in this order (the same names its `FromRow` reads).
pub trait AtRow: Sized + Clone + Send + Sync + 'static {
    const COLUMNS: &'static [&'static str];
    /// The value whose first column is at `at`; `None` when that column (the
    /// id) is null.
    fn at(row: RowRef<'_>, at: usize) -> Result<Option<Self>, sqlx::Error>;
}

/// Implement [`AtRow`] for a `FromRow` struct, listing its fields in column
/// order; `field: via Type` for a field read as `Type` and converted with
/// `TryFrom` (what `#[sqlx(try_from = "Type")]` says to `FromRow`).
#[macro_export]
macro_rules! at_row {
    ($ty:ident { $($field:ident $(: via $via:ty)?),+ $(,)? }) => {
        impl $crate::db::joined::AtRow for $ty {
            const COLUMNS: &'static [&'static str] = &[$(stringify!($field)),+];
            fn at(row: $crate::db::joined::RowRef<'_>, at: usize) -> Result<Option<Self>, sqlx::Error> {
                use sqlx::Row;
                if row.is_null(at)? {
                    return Ok(None);
                }
                let mut i = at;
                macro_rules! read {
                    ($r:expr) => {
                        $ty { $($field: {
                            let v = $crate::at_row!(@get $r, i $(, $via)?);
                            i += 1;
                            v
                        }),+ }
                    };
                }
                let value = match row {
                    $crate::db::joined::RowRef::Sqlite(r) => read!(r),
                    $crate::db::joined::RowRef::Postgres(r) => read!(r),
                };
                let _ = i;
                Ok(Some(value))
            }
        }
    };
    (@get $r:expr, $i:expr) => { $r.try_get($i)? };
    (@get $r:expr, $i:expr, $via:ty) => {
        TryFrom::try_from($r.try_get::<$via, _>($i)?)
            .map_err(|e| sqlx::Error::Decode(format!("column {}: {e}", $i).into()))?
    };
}

/// The rows a statement carried, by the key their field loads by: a value,
/// or `None` when the caller may not see it or there is none. Loaders look
/// here before they query.
#[derive(Default)]
pub struct Prefetch {
    by_key_type: HashMap<TypeId, Box<dyn Any + Send + Sync>>,
}

impl Prefetch {
    pub fn insert<K, V>(&mut self, key: K, value: Option<V>)
    where
        K: Eq + Hash + Send + Sync + 'static,
        V: Send + Sync + 'static,
    {
        self.map_mut::<K, V>().entry(key).or_insert(value);
    }

    fn map_mut<K, V>(&mut self) -> &mut HashMap<K, Option<V>>
    where
        K: Eq + Hash + Send + Sync + 'static,
        V: Send + Sync + 'static,
    {
        self.by_key_type
            .entry(TypeId::of::<(K, V)>())
            .or_insert_with(|| Box::new(HashMap::<K, Option<V>>::new()))
            .downcast_mut::<HashMap<K, Option<V>>>()
            .expect("a prefetch map holds its own key and value types")
    }

    /// What was carried for `key`: `Some(Some(v))`, `Some(None)` (known
    /// absent), or `None` (not carried: the loader must query).
    pub fn get<K, V>(&self, key: &K) -> Option<Option<V>>
    where
        K: Eq + Hash + Send + Sync + 'static,
        V: Clone + Send + Sync + 'static,
    {
        let map = self.by_key_type.get(&TypeId::of::<(K, V)>())?.downcast_ref::<HashMap<K, Option<V>>>()?;
        map.get(key).cloned()
    }

    pub fn is_empty(&self) -> bool {
        self.by_key_type.is_empty()
    }
}

/// One to-one hop a list statement can carry. Implemented by [`ToOne`].
pub trait Hop: Send + Sync + 'static {
    /// The GraphQL type and field of the hop, e.g. (`RoleAssignment`, `person`).
    fn field(&self) -> (&'static str, &'static str);
    /// The GraphQL type the field returns, where further hops start.
    fn child_type(&self) -> &'static str;
    /// The table alias its join uses; a chain never joins one alias twice.
    fn alias(&self) -> &'static str;
    fn columns(&self) -> &'static [&'static str];
    /// The hop's join: [`JoinSql::left_join`], then `<alias>.<col> = <parent>.<col> and <scope>`.
    fn join(&self, parent: &str, scope: &Scope, sql: &mut JoinSql);
    /// Decode the hop's row at `at`, keep it (or its absence) in `into`
    /// under its key, and return it for the hops below.
    fn take(
        &self,
        parent: &dyn Any,
        row: RowRef<'_>,
        at: usize,
        into: &mut Prefetch,
    ) -> Result<Option<Box<dyn Any>>, sqlx::Error>;
}

/// A to-one field of `P` whose value `V` a loader finds by the key `K`.
pub struct ToOne<P, K, V> {
    pub parent_type: &'static str,
    pub field: &'static str,
    pub child_type: &'static str,
    pub alias: &'static str,
    /// Pushes the join (see [`Hop::join`]), given the parent's alias.
    pub join: fn(&str, &Scope, &mut JoinSql),
    /// The key the field loads by, from its parent (`None`: the field is
    /// null without a lookup, e.g. a null foreign key).
    pub key: fn(&P) -> Option<K>,
    pub value: std::marker::PhantomData<fn() -> V>,
}

impl<P, K, V> Hop for ToOne<P, K, V>
where
    P: Send + Sync + 'static,
    K: Eq + Hash + Send + Sync + 'static,
    V: AtRow,
{
    fn field(&self) -> (&'static str, &'static str) {
        (self.parent_type, self.field)
    }
    fn child_type(&self) -> &'static str {
        self.child_type
    }
    fn alias(&self) -> &'static str {
        self.alias
    }
    fn columns(&self) -> &'static [&'static str] {
        V::COLUMNS
    }
    fn join(&self, parent: &str, scope: &Scope, sql: &mut JoinSql) {
        (self.join)(parent, scope, sql)
    }
    fn take(
        &self,
        parent: &dyn Any,
        row: RowRef<'_>,
        at: usize,
        into: &mut Prefetch,
    ) -> Result<Option<Box<dyn Any>>, sqlx::Error> {
        let Some(parent) = parent.downcast_ref::<P>() else { return Ok(None) };
        let value = V::at(row, at)?;
        if let Some(key) = (self.key)(parent) {
            into.insert::<K, V>(key, value.clone());
        }
        Ok(value.map(|v| Box::new(v) as Box<dyn Any>))
    }
}

/// Declare a [`ToOne`] hop: `to_one!(MEMBER_ORG: PartyMember.organization ->
/// PartyOrganization by OrgId, alias: "o", join: store::join_org_of, key: |m|
/// Some(m.org_id))`. The GraphQL type names are the Rust ones.
#[macro_export]
macro_rules! to_one {
    (
        $(#[$m:meta])*
        $name:ident: $parent:ident.$field:ident -> $child:ident by $key:ty,
        alias: $alias:literal, join: $join:path, key: |$p:ident| $key_of:expr $(,)?
    ) => {
        $(#[$m])*
        pub static $name: $crate::db::joined::ToOne<$parent, $key, $child> = $crate::db::joined::ToOne {
            parent_type: stringify!($parent),
            field: stringify!($field),
            child_type: stringify!($child),
            alias: $alias,
            join: $join,
            key: |$p| $key_of,
            value: ::std::marker::PhantomData,
        };
    };
}

/// The hops one list statement carries: a tree, since a hop's row may lead
/// on (leader → person → party member → organization).
#[derive(Clone)]
pub struct JoinPlan {
    pub hops: Vec<PlanHop>,
}

#[derive(Clone)]
pub struct PlanHop {
    /// The hop's place in the registry: plans compare by it.
    pub index: usize,
    pub hop: &'static dyn Hop,
    pub below: Vec<PlanHop>,
}

impl PartialEq for PlanHop {
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index && self.below == other.below
    }
}
impl Eq for PlanHop {}
impl Hash for PlanHop {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.index.hash(state);
        self.below.hash(state);
    }
}
impl PartialEq for JoinPlan {
    fn eq(&self, other: &Self) -> bool {
        self.hops == other.hops
    }
}
impl Eq for JoinPlan {}
impl Hash for JoinPlan {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.hops.hash(state);
    }
}

impl std::fmt::Debug for JoinPlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fn names(hops: &[PlanHop], out: &mut Vec<String>) {
            for h in hops {
                let (ty, field) = h.hop.field();
                out.push(format!("{ty}.{field}"));
                names(&h.below, out);
            }
        }
        let mut out = Vec::new();
        names(&self.hops, &mut out);
        f.debug_tuple("JoinPlan").field(&out).finish()
    }
}

/// What a list statement carries besides its rows: the hops its selection
/// asks for, and whether its count (`totalCount`) comes with it. Part of the
/// list's loader key, so that a batch groups lists that carry the same.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Carry {
    pub plan: Option<Arc<JoinPlan>>,
    /// Each row carries the count of its parent's list (a window over the
    /// same filter), so `totalCount` costs no statement of its own. Only a
    /// first page can: the count must not see the page's bounds.
    pub count: bool,
}

impl Carry {
    pub fn is_nothing(&self) -> bool {
        self.plan.is_none() && !self.count
    }
}

impl JoinPlan {
    /// ` , a.c1 as a_c1, ...` for every hop, in plan order.
    pub fn columns(&self) -> String {
        fn walk(hops: &[PlanHop], out: &mut String) {
            for h in hops {
                for c in h.hop.columns() {
                    let a = h.hop.alias();
                    out.push_str(&format!(", {a}.{c} as {a}_{c}"));
                }
                walk(&h.below, out);
            }
        }
        let mut out = String::new();
        walk(&self.hops, &mut out);
        out
    }

    /// How many columns the hops add at the end of each row.
    pub fn width(&self) -> usize {
        width(&self.hops)
    }

    /// Every hop's join, the first level on the wrapped statement `w`.
    pub fn joins(&self, scope: &Scope) -> JoinSql {
        fn walk(hops: &[PlanHop], parent: &str, scope: &Scope, sql: &mut JoinSql) {
            for h in hops {
                h.hop.join(parent, scope, sql);
                walk(&h.below, h.hop.alias(), scope, sql);
            }
        }
        let mut sql = JoinSql::default();
        walk(&self.hops, "w", scope, &mut sql);
        sql
    }

    /// Decode the hops of one row whose list node is `node`.
    pub fn take(&self, node: &dyn Any, row: RowRef<'_>, into: &mut Prefetch) -> Result<(), sqlx::Error> {
        fn walk(
            hops: &[PlanHop],
            parent: &dyn Any,
            row: RowRef<'_>,
            at: &mut usize,
            into: &mut Prefetch,
        ) -> Result<(), sqlx::Error> {
            for h in hops {
                let value = h.hop.take(parent, row, *at, into)?;
                *at += h.hop.columns().len();
                match value {
                    Some(v) => walk(&h.below, v.as_ref(), row, at, into)?,
                    None => *at += width(&h.below),
                }
            }
            Ok(())
        }
        let mut at = row.len() - self.width();
        walk(&self.hops, node, row, &mut at, into)
    }
}

fn width(hops: &[PlanHop]) -> usize {
    hops.iter().map(|h| h.hop.columns().len() + width(&h.below)).sum()
}

/// `m.id` → `id`: a column of the inner statement as the wrapper sees it.
pub fn column_of(expr: &str) -> &str {
    expr.rsplit('.').next().unwrap_or(expr)
}
