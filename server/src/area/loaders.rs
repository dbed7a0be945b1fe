//! Loader keys of the area tree, and the functions other domains call to
//! load areas and units.

use async_graphql::{Context, ID};

use super::model::{Area, Unit, UnitKind};
use super::store::{self, AreaFilter, UnitFilter};
use crate::graphql::context::{GqlResult, argument, loader, one};
use crate::ids::{AreaId, UnitId};
use crate::{list_loader, load_by_key, root_list};

/// An area by its path (ancestors are looked up this way).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AreaByPath(pub String);

load_by_key!(AreaId => Area, |conn, _scope, ids| store::areas_by_ids(conn, ids), key: |a| a.id);
load_by_key!(
    AreaByPath => Area,
    |conn, _scope, keys| store::areas_by_paths(conn, &keys.iter().map(|k| k.0.clone()).collect::<Vec<_>>()),
    key: |a| AreaByPath(a.path.clone()),
);
load_by_key!(UnitId => Unit, |conn, _scope, ids| store::units_by_ids(conn, ids), key: |u| u.id);

list_loader! {
    /// The areas directly below an area.
    ChildAreas, ChildAreaCount: (AreaId, ()) => Area,
    cursor: |a| a.id.0,
    page: |conn, _scope, parents, _f, page| store::children_of(conn, parents, page),
    split: |a| (a.parent_id.expect("a child has a parent"), a),
    count: |conn, _scope, parents, _f| store::count_children(conn, parents),
}

list_loader! {
    /// The units at or below the area with this path, of a kind if given.
    UnitsWithin, UnitsWithinCount: (String, Option<UnitKind>) => Unit,
    cursor: |u| u.id.0,
    page: |conn, _scope, paths, kind, page| store::units_within_many(conn, paths, *kind, page),
    split: |r| (r.parent_path, r.unit),
    count: |conn, _scope, paths, kind| store::count_units_within_many(conn, paths, *kind),
}

root_list!(AreaFilter => Area, cursor: |a| a.id.0,
    page: |conn, _scope, filter, page| store::list_areas(conn, filter, page),
    count: |conn, _scope, filter| store::count_areas(conn, filter),
);

root_list!(UnitFilter => Unit, cursor: |u| u.id.0,
    page: |conn, _scope, filter, page| store::list_units(conn, filter, page),
    count: |conn, _scope, filter| store::count_units(conn, filter),
);

/// An area through the request's loader.
pub async fn area(ctx: &Context<'_>, id: AreaId) -> GqlResult<Option<Area>> {
    one(ctx, id).await
}

/// A unit through the request's loader.
pub async fn unit(ctx: &Context<'_>, id: UnitId) -> GqlResult<Option<Unit>> {
    one(ctx, id).await
}

/// The areas at these paths, in the order given (those that exist).
pub async fn areas_at(ctx: &Context<'_>, paths: Vec<String>) -> GqlResult<Vec<Area>> {
    let keys: Vec<AreaByPath> = paths.into_iter().map(AreaByPath).collect();
    let mut found = loader(ctx).load_many(keys.clone()).await?;
    Ok(keys.iter().filter_map(|k| found.remove(k)).collect())
}

/// The path of an area given by global id, for `within` filters; an id of
/// no area is bad input naming the argument `field`.
pub async fn area_path_arg(ctx: &Context<'_>, id: &ID, field: &str) -> GqlResult<String> {
    let area_id = argument(AreaId::from_global(id, field))?;
    match area(ctx, area_id).await? {
        Some(a) => Ok(a.path),
        None => Err(crate::Error::bad_input(field, "no area has this id").into()),
    }
}

/// [`area_path_arg`] for an optional argument.
pub async fn within_arg(ctx: &Context<'_>, id: Option<ID>, field: &str) -> GqlResult<Option<String>> {
    match id {
        Some(id) => Ok(Some(area_path_arg(ctx, &id, field).await?)),
        None => Ok(None),
    }
}
