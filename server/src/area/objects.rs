//! GraphQL objects of the area tree. `Area` is extensible: the domains above
//! add their fields to it (residents, party members, ...) through
//! [`AREA_FIELDS`].

use async_graphql::{Context, ID, Object};

use super::loaders::{ChildAreas, UnitsWithin, area, areas_at};
use super::model::{Area, AreaKind, Unit, UnitKind};
use crate::graphql::context::{GqlResult, list, page};
use crate::graphql::extend::Groups;
use crate::graphql::relay::Conn;
use crate::{extensible_object, field_group};

/// The fields higher domains add to `Area`, installed by `graphql/schema.rs`.
pub static AREA_FIELDS: Groups<Area> = Groups::new();

field_group!(
    /// The fields of `Area` its own domain declares.
    AreaFields for Area
);

extensible_object!(Area, "Area", core: AreaFields, groups: AREA_FIELDS);

/// 区域 — an area of the district's tree: district, street or town,
/// community or village, grid, building.
#[Object]
impl AreaFields<'_> {
    async fn id(&self) -> ID {
        self.0.id.to_global()
    }
    async fn kind(&self) -> AreaKind {
        self.0.kind
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// The area's code among its siblings (e.g. 001).
    async fn code(&self) -> &str {
        &self.0.code
    }
    async fn parent(&self, ctx: &Context<'_>) -> GqlResult<Option<Area>> {
        match self.0.parent_id {
            Some(p) => area(ctx, p).await,
            None => Ok(None),
        }
    }
    /// From the district down to the parent. A path of at most six areas, so
    /// a plain list rather than a connection.
    async fn ancestors(&self, ctx: &Context<'_>) -> GqlResult<Vec<Area>> {
        areas_at(ctx, self.0.ancestor_paths()).await
    }
    /// The areas directly below this one.
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn children(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<Area>> {
        list::<ChildAreas>(ctx, self.0.id, (), page(first, after, last, before)?).await
    }
    /// Resident units (驻区单位) at or below this area.
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn units(
        &self,
        ctx: &Context<'_>,
        kind: Option<UnitKind>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<Unit>> {
        list::<UnitsWithin>(ctx, self.0.path.clone(), kind, page(first, after, last, before)?).await
    }
}

/// 驻区单位 — a unit (agency, institution, enterprise, property company,
/// social organization, owners' committee) located in an area.
#[Object]
impl Unit {
    pub async fn id(&self) -> ID {
        self.id.to_global()
    }
    async fn kind(&self) -> UnitKind {
        self.kind
    }
    async fn name(&self) -> &str {
        &self.name
    }
    async fn area(&self, ctx: &Context<'_>) -> GqlResult<Option<Area>> {
        area(ctx, self.area_id).await
    }
}
