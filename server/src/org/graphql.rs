//! GraphQL of the organization graph: areas, units, party organizations.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;
use async_graphql::{Context, ID, Object};

use super::model::*;
use super::store::{self, AreaFilter, OrgFilter, UnitFilter};
use crate::db::{Db, Scope};
use crate::graphql::loading::{by_page, spread};
use crate::graphql::relay::{Conn, Page, TotalCount, connection, expect_id, global_id};
use crate::graphql::{RequestCtx, loader, new_loader, req};
use crate::paged_key;

type GqlResult<T> = async_graphql::Result<T>;

/// One loader per request for everything in this domain.
pub struct OrgLoader {
    pub db: Db,
    pub scope: Scope,
}

pub fn add_loaders(
    request: async_graphql::Request,
    rctx: &RequestCtx,
    trace_id: &str,
) -> async_graphql::Request {
    request.data(new_loader(OrgLoader { db: rctx.db.clone(), scope: rctx.scope.clone() }, trace_id))
}

paged_key!(
    /// The children of an area, one page.
    ChildAreas(AreaId)
);
paged_key!(
    /// The sub-organizations of a party organization, one page.
    ChildOrgs(OrgId)
);
/// How many children an area has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ChildAreaCount(pub AreaId);
/// An area by its path (ancestors are looked up this way).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AreaByPath(pub String);

impl Loader<AreaId> for OrgLoader {
    type Value = Area;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[AreaId]) -> GqlResult<HashMap<AreaId, Area>> {
        let mut conn = self.db.conn().await?;
        Ok(store::areas_by_ids(&mut conn, keys).await?.into_iter().map(|a| (a.id, a)).collect())
    }
}

impl Loader<AreaByPath> for OrgLoader {
    type Value = Area;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[AreaByPath]) -> GqlResult<HashMap<AreaByPath, Area>> {
        let paths: Vec<String> = keys.iter().map(|k| k.0.clone()).collect();
        let mut conn = self.db.conn().await?;
        Ok(store::areas_by_paths(&mut conn, &paths)
            .await?
            .into_iter()
            .map(|a| (AreaByPath(a.path.clone()), a))
            .collect())
    }
}

impl Loader<ChildAreas> for OrgLoader {
    type Value = Vec<Area>;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[ChildAreas]) -> GqlResult<HashMap<ChildAreas, Vec<Area>>> {
        let mut conn = self.db.conn().await?;
        let mut out = HashMap::new();
        for (page, parents) in by_page(keys) {
            let rows = store::children_of(&mut conn, &parents, &page).await?;
            spread(
                &mut out,
                page,
                &parents,
                rows,
                |a| a.parent_id.expect("a child has a parent"),
                ChildAreas,
            );
        }
        Ok(out)
    }
}

impl Loader<ChildAreaCount> for OrgLoader {
    type Value = i64;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[ChildAreaCount]) -> GqlResult<HashMap<ChildAreaCount, i64>> {
        let parents: Vec<AreaId> = keys.iter().map(|k| k.0).collect();
        let mut conn = self.db.conn().await?;
        let mut out: HashMap<_, _> = keys.iter().map(|k| (*k, 0)).collect();
        for (parent, n) in store::count_children(&mut conn, &parents).await? {
            out.insert(ChildAreaCount(parent), n);
        }
        Ok(out)
    }
}

impl Loader<UnitId> for OrgLoader {
    type Value = Unit;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[UnitId]) -> GqlResult<HashMap<UnitId, Unit>> {
        let mut conn = self.db.conn().await?;
        Ok(store::units_by_ids(&mut conn, keys).await?.into_iter().map(|u| (u.id, u)).collect())
    }
}

impl Loader<OrgId> for OrgLoader {
    type Value = PartyOrganization;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[OrgId]) -> GqlResult<HashMap<OrgId, PartyOrganization>> {
        let mut conn = self.db.conn().await?;
        Ok(store::orgs_by_ids(&mut conn, keys).await?.into_iter().map(|o| (o.id, o)).collect())
    }
}

impl Loader<ChildOrgs> for OrgLoader {
    type Value = Vec<PartyOrganization>;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[ChildOrgs]) -> GqlResult<HashMap<ChildOrgs, Vec<PartyOrganization>>> {
        let mut conn = self.db.conn().await?;
        let mut out = HashMap::new();
        for (page, parents) in by_page(keys) {
            let rows = store::child_orgs_of(&mut conn, &parents, &page).await?;
            spread(&mut out, page, &parents, rows, |o| o.parent_id.expect("a child has a parent"), ChildOrgs);
        }
        Ok(out)
    }
}

/// Load an area through the request's loader.
pub async fn area(ctx: &Context<'_>, id: AreaId) -> GqlResult<Option<Area>> {
    loader::<OrgLoader>(ctx).load_one(id).await
}

pub async fn unit(ctx: &Context<'_>, id: UnitId) -> GqlResult<Option<Unit>> {
    loader::<OrgLoader>(ctx).load_one(id).await
}

pub async fn organization(ctx: &Context<'_>, id: OrgId) -> GqlResult<Option<PartyOrganization>> {
    loader::<OrgLoader>(ctx).load_one(id).await
}

/// A `totalCount` that runs `count` on a fresh connection when selected.
pub fn count_with<F, Fut>(db: &Db, count: F) -> TotalCount
where
    F: Fn(crate::db::Conn) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = crate::Result<i64>> + Send + 'static,
{
    let db = db.clone();
    let count = std::sync::Arc::new(count);
    TotalCount::new(move || {
        let db = db.clone();
        let count = count.clone();
        async move { Ok(count(db.conn().await?).await?) }
    })
}

/// 区域 — an area of the district's tree: district, street or town,
/// community or village, grid, building.
#[Object]
impl Area {
    pub async fn id(&self) -> ID {
        global_id("Area", self.id.0)
    }
    async fn kind(&self) -> AreaKind {
        self.kind
    }
    async fn name(&self) -> &str {
        &self.name
    }
    /// The area's code among its siblings (e.g. 001).
    async fn code(&self) -> &str {
        &self.code
    }
    async fn parent(&self, ctx: &Context<'_>) -> GqlResult<Option<Area>> {
        match self.parent_id {
            Some(p) => area(ctx, p).await,
            None => Ok(None),
        }
    }
    /// From the district down to the parent. A path of at most six areas, so
    /// a plain list rather than a connection.
    async fn ancestors(&self, ctx: &Context<'_>) -> GqlResult<Vec<Area>> {
        let keys: Vec<AreaByPath> = self.ancestor_paths().into_iter().map(AreaByPath).collect();
        let mut found = loader::<OrgLoader>(ctx).load_many(keys.clone()).await?;
        Ok(keys.iter().filter_map(|k| found.remove(k)).collect())
    }
    /// The areas directly below this one.
    async fn children(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<Area>> {
        let page = Page::parse(first, after, last, before)?;
        let loader = loader::<OrgLoader>(ctx);
        let rows = loader.load_one(ChildAreas(self.id, page)).await?.unwrap_or_default();
        let count_loader = loader.clone();
        let id = self.id;
        let total = TotalCount::new(move || {
            let l = count_loader.clone();
            async move { Ok(l.load_one(ChildAreaCount(id)).await?.unwrap_or(0)) }
        });
        Ok(connection(&page, rows, |a| a.id.0, |a| a, total))
    }
    /// Resident units (驻区单位) at or below this area.
    async fn units(
        &self,
        ctx: &Context<'_>,
        kind: Option<UnitKind>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<Unit>> {
        let filter = UnitFilter { kind, within: Some(self.path.clone()) };
        list_units(ctx, filter, Page::parse(first, after, last, before)?).await
    }
    /// Party organizations working at or below this area.
    async fn party_organizations(
        &self,
        ctx: &Context<'_>,
        kind: Option<PartyOrgKind>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<PartyOrganization>> {
        let filter = OrgFilter { kind, within: Some(self.path.clone()), ..Default::default() };
        list_orgs(ctx, filter, Page::parse(first, after, last, before)?).await
    }
}

/// 驻区单位 — a unit (agency, institution, enterprise, property company,
/// social organization, owners' committee) located in an area.
#[Object]
impl Unit {
    pub async fn id(&self) -> ID {
        global_id("Unit", self.id.0)
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

/// 党组织 — a party organization: committee (党委, a community's 大党委),
/// general branch, branch or group.
#[Object]
impl PartyOrganization {
    pub async fn id(&self) -> ID {
        global_id("PartyOrganization", self.id.0)
    }
    async fn kind(&self) -> PartyOrgKind {
        self.kind
    }
    async fn name(&self) -> &str {
        &self.name
    }
    async fn parent(&self, ctx: &Context<'_>) -> GqlResult<Option<PartyOrganization>> {
        match self.parent_id {
            Some(p) => organization(ctx, p).await,
            None => Ok(None),
        }
    }
    async fn children(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<PartyOrganization>> {
        let page = Page::parse(first, after, last, before)?;
        let rows = loader::<OrgLoader>(ctx).load_one(ChildOrgs(self.id, page)).await?.unwrap_or_default();
        let filter = OrgFilter { parent: Some(self.id), ..Default::default() };
        let total = count_with(&req(ctx).db, move |mut c| {
            let filter = filter.clone();
            async move { store::count_orgs(&mut c, &filter).await }
        });
        Ok(connection(&page, rows, |o| o.id.0, |o| o, total))
    }
    /// The community or village the organization belongs to, if it is one of an area.
    async fn area(&self, ctx: &Context<'_>) -> GqlResult<Option<Area>> {
        match self.area_id {
            Some(a) => area(ctx, a).await,
            None => Ok(None),
        }
    }
    /// The resident unit the organization belongs to, if it is a unit's.
    async fn unit(&self, ctx: &Context<'_>) -> GqlResult<Option<Unit>> {
        match self.unit_id {
            Some(u) => unit(ctx, u).await,
            None => Ok(None),
        }
    }
}

pub async fn list_units(ctx: &Context<'_>, filter: UnitFilter, page: Page) -> GqlResult<Conn<Unit>> {
    let db = &req(ctx).db;
    let rows = store::list_units(&mut db.conn().await?, &filter, &page).await?;
    let total = count_with(db, move |mut c| {
        let filter = filter.clone();
        async move { store::count_units(&mut c, &filter).await }
    });
    Ok(connection(&page, rows, |u| u.id.0, |u| u, total))
}

pub async fn list_orgs(
    ctx: &Context<'_>,
    filter: OrgFilter,
    page: Page,
) -> GqlResult<Conn<PartyOrganization>> {
    let db = &req(ctx).db;
    let rows = store::list_orgs(&mut db.conn().await?, &filter, &page).await?;
    let total = count_with(db, move |mut c| {
        let filter = filter.clone();
        async move { store::count_orgs(&mut c, &filter).await }
    });
    Ok(connection(&page, rows, |o| o.id.0, |o| o, total))
}

/// The path of an area given by global id, for `within` filters; an id of
/// no area is bad input naming `field`.
pub async fn area_path_arg(ctx: &Context<'_>, id: &ID, field: &str) -> GqlResult<String> {
    let area_id = AreaId(expect_id(id, "Area", field)?);
    match area(ctx, area_id).await? {
        Some(a) => Ok(a.path),
        None => Err(crate::Error::bad_input(field, "no area has this id").into()),
    }
}

#[derive(Default)]
pub struct OrgQuery;

#[Object]
impl OrgQuery {
    /// Areas, filtered by kind, parent, an ancestor (`within`) and name.
    #[allow(clippy::too_many_arguments)]
    async fn areas(
        &self,
        ctx: &Context<'_>,
        kind: Option<AreaKind>,
        parent_id: Option<ID>,
        within: Option<ID>,
        name_contains: Option<String>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<Area>> {
        let page = Page::parse(first, after, last, before)?;
        let parent = parent_id.map(|p| expect_id(&p, "Area", "parentId").map(AreaId)).transpose()?;
        let within = match within {
            Some(w) => Some(area_path_arg(ctx, &w, "within").await?),
            None => None,
        };
        let filter = AreaFilter { kind, parent, within, name_contains };
        let db = &req(ctx).db;
        let rows = store::list_areas(&mut db.conn().await?, &filter, &page).await?;
        let total = count_with(db, move |mut c| {
            let filter = filter.clone();
            async move { store::count_areas(&mut c, &filter).await }
        });
        Ok(connection(&page, rows, |a| a.id.0, |a| a, total))
    }

    /// Resident units (驻区单位), optionally of a kind and within an area.
    async fn units(
        &self,
        ctx: &Context<'_>,
        kind: Option<UnitKind>,
        within: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<Unit>> {
        let page = Page::parse(first, after, last, before)?;
        let within = match within {
            Some(w) => Some(area_path_arg(ctx, &w, "within").await?),
            None => None,
        };
        list_units(ctx, UnitFilter { kind, within }, page).await
    }

    /// Party organizations, filtered by kind, parent, area and name.
    #[allow(clippy::too_many_arguments)]
    async fn party_organizations(
        &self,
        ctx: &Context<'_>,
        kind: Option<PartyOrgKind>,
        parent_id: Option<ID>,
        within: Option<ID>,
        name_contains: Option<String>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<PartyOrganization>> {
        let page = Page::parse(first, after, last, before)?;
        let parent =
            parent_id.map(|p| expect_id(&p, "PartyOrganization", "parentId").map(OrgId)).transpose()?;
        let within = match within {
            Some(w) => Some(area_path_arg(ctx, &w, "within").await?),
            None => None,
        };
        let filter = OrgFilter { kind, parent, within, name_contains, ..Default::default() };
        list_orgs(ctx, filter, page).await
    }
}

#[derive(Default)]
pub struct OrgMutation;
