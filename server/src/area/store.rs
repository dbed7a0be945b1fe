//! SQL of the area tree and the resident units. Both are public: their
//! reads take no scope.

use super::model::*;
use crate::db::{Conn, Page, SearchTerm};
use crate::error::Result;
use crate::ids::{AreaId, UnitId};
use crate::{
    push_enum, push_order, push_page, push_subtree, push_union_per_path, select_count, select_counts,
    select_in, select_page, select_windowed,
};

const AREA_COLUMNS: &str = "a.id, a.kind, a.name, a.code, a.parent_id, a.path, a.depth";
const SELECT_AREAS: &str =
    "select a.id, a.kind, a.name, a.code, a.parent_id, a.path, a.depth from area a where true";

pub async fn area_path(conn: &mut Conn, id: AreaId) -> Result<Option<String>> {
    Ok(run!(conn, |c| sqlx::query_scalar::<_, String>("select path from area where id = $1")
        .bind(id)
        .fetch_optional(c)
        .await)?)
}

/// The id and path of the area whose full code is `code`: the codes down
/// its path one after another (`340405001` is `/340405/001/`).
pub async fn area_by_full_code(conn: &mut Conn, code: &str) -> Result<Option<(AreaId, String)>> {
    Ok(run!(conn, |c| sqlx::query_as::<_, (AreaId, String)>(
        "select id, path from area where replace(path, '/', '') = $1 order by depth limit 1"
    )
    .bind(code)
    .fetch_optional(c)
    .await)?)
}

pub async fn area_id_by_name(conn: &mut Conn, name: &str) -> Result<Option<AreaId>> {
    Ok(run!(conn, |c| sqlx::query_scalar::<_, AreaId>(
        "select id from area where name = $1 order by depth, id limit 1"
    )
    .bind(name)
    .fetch_optional(c)
    .await)?)
}

pub async fn areas_by_ids(conn: &mut Conn, ids: &[AreaId]) -> Result<Vec<Area>> {
    select_in!(conn, Area, SELECT_AREAS, "a.id", ids)
}

/// One area by id, for the steps of a mutation.
pub async fn area(conn: &mut Conn, id: AreaId) -> Result<Option<Area>> {
    Ok(areas_by_ids(conn, &[id]).await?.pop())
}

pub async fn areas_by_paths(conn: &mut Conn, paths: &[String]) -> Result<Vec<Area>> {
    select_in!(conn, Area, SELECT_AREAS, "a.path", paths)
}

/// Filters of the `areas` query.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct AreaFilter {
    pub kind: Option<AreaKind>,
    /// Direct children of this area.
    pub parent: Option<AreaId>,
    /// Anywhere below the area with this path.
    pub within: Option<String>,
    pub name_contains: Option<SearchTerm>,
}

macro_rules! push_area_filter {
    ($qb:expr, $f:expr) => {{
        let f: &AreaFilter = $f;
        if let Some(kind) = f.kind {
            $qb.push(" and a.kind = ");
            push_enum!($qb, kind);
        }
        if let Some(parent) = f.parent {
            $qb.push(" and a.parent_id = ").push_bind(parent);
        }
        if let Some(within) = &f.within {
            push_subtree!($qb, "a.path", within);
        }
        if let Some(name) = &f.name_contains {
            $qb.push(" and a.name like ").push_bind(name.like_pattern()).push(" escape '\\'");
        }
    }};
}

pub async fn list_areas(conn: &mut Conn, filter: &AreaFilter, page: &Page) -> Result<Vec<Area>> {
    select_page!(conn, Area, SELECT_AREAS, "a.id", page, |qb| { push_area_filter!(qb, filter) })
}

pub async fn count_areas(conn: &mut Conn, filter: &AreaFilter) -> Result<i64> {
    select_count!(conn, "select count(*) from area a where true", |qb| { push_area_filter!(qb, filter) })
}

/// The first page of children of each parent, in one statement.
pub async fn children_of(conn: &mut Conn, parents: &[AreaId], page: &Page) -> Result<Vec<Area>> {
    select_windowed!(conn, Area, columns: AREA_COLUMNS, from: "from area a", parent: "a.parent_id", id: "a.id",
        parents: parents, page: page)
}

pub async fn count_children(conn: &mut Conn, parents: &[AreaId]) -> Result<Vec<(AreaId, i64)>> {
    select_counts!(conn, AreaId, "from area a", "a.parent_id", parents)
}

const UNIT_COLUMNS: &str = "u.id, u.kind, u.name, u.area_id";

pub async fn units_by_ids(conn: &mut Conn, ids: &[UnitId]) -> Result<Vec<Unit>> {
    select_in!(conn, Unit, "select u.id, u.kind, u.name, u.area_id from unit u where true", "u.id", ids)
}

/// One unit by id, for the steps of a mutation.
pub async fn unit(conn: &mut Conn, id: UnitId) -> Result<Option<Unit>> {
    Ok(units_by_ids(conn, &[id]).await?.pop())
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct UnitFilter {
    pub kind: Option<UnitKind>,
    /// Units at or below the area with this path.
    pub within: Option<String>,
}

macro_rules! push_unit_filter {
    ($qb:expr, $f:expr) => {{
        let f: &UnitFilter = $f;
        if let Some(kind) = f.kind {
            $qb.push(" and u.kind = ");
            push_enum!($qb, kind);
        }
        if let Some(within) = &f.within {
            push_subtree!($qb, "u.area_path", within);
        }
    }};
}

pub async fn list_units(conn: &mut Conn, filter: &UnitFilter, page: &Page) -> Result<Vec<Unit>> {
    let select = "select u.id, u.kind, u.name, u.area_id from unit u where true";
    select_page!(conn, Unit, select, "u.id", page, |qb| { push_unit_filter!(qb, filter) })
}

pub async fn count_units(conn: &mut Conn, filter: &UnitFilter) -> Result<i64> {
    select_count!(conn, "select count(*) from unit u where true", |qb| { push_unit_filter!(qb, filter) })
}

/// A unit found under one of several area paths.
#[derive(sqlx::FromRow)]
pub struct UnitWithin {
    pub parent_path: String,
    #[sqlx(flatten)]
    pub unit: Unit,
}

/// The first page of the units at or below each of `paths` (of a kind, if
/// given), in one statement.
pub async fn units_within_many(
    conn: &mut Conn,
    paths: &[String],
    kind: Option<UnitKind>,
    page: &Page,
) -> Result<Vec<UnitWithin>> {
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    Ok(run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new("");
        push_union_per_path!(qb, paths, |path| {
            qb.push(UNIT_COLUMNS).push(" from unit u where true");
            push_unit_filter!(qb, &UnitFilter { kind, within: Some(path.clone()) });
            push_page!(qb, "u.id", page);
        });
        push_order!(qb, "parent_path", "id", page);
        qb.build_query_as::<UnitWithin>().fetch_all(c).await
    })?)
}

pub async fn count_units_within_many(
    conn: &mut Conn,
    paths: &[String],
    kind: Option<UnitKind>,
) -> Result<Vec<(String, i64)>> {
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    Ok(run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new("");
        push_union_per_path!(qb, paths, |path| {
            qb.push("count(*) from unit u where true");
            push_unit_filter!(qb, &UnitFilter { kind, within: Some(path.clone()) });
        });
        qb.build_query_as::<(String, i64)>().fetch_all(c).await
    })?)
}
