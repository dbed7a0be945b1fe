//! GraphQL of the organization graph: areas, units, party organizations,
//! party members and their organization history, committee seats and
//! pairings.

use std::collections::HashMap;
use std::hash::Hash;

use async_graphql::dataloader::Loader;
use async_graphql::{Context, ID, InputObject, Object};
use uuid::Uuid;

use super::model::*;
use super::service;
use super::store::{self, AreaFilter, MemberFilter, OrgFilter, PairingFilter, PairingSide, UnitFilter};
use crate::db::{Date, Db, Scope};
use crate::graphql::loading::{PagedKey, by_page, spread};
use crate::graphql::relay::{Conn, Page, TotalCount, connection, expect_id, global_id};
use crate::graphql::{RequestCtx, loader, new_loader, req};
use crate::people;
use crate::people::model::{GridGroupMember, Person, PersonId, RoleAssignment};
use crate::{paged_key, payload};

type GqlResult<T> = async_graphql::Result<T>;

/// One loader per request for everything in this domain.
pub struct OrgLoader {
    pub db: Db,
    pub scope: Scope,
}

pub fn add_loaders(request: async_graphql::Request, rctx: &RequestCtx) -> async_graphql::Request {
    request.data(new_loader(OrgLoader { db: rctx.db.clone(), scope: rctx.scope.clone() }, rctx))
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

paged_key!(
    /// A member's organization history, one page.
    MemberHistory(MemberId)
);
paged_key!(
    /// The members of a party organization (and, with the flag, of those
    /// below it), one page.
    OrgMembers((OrgId, bool))
);
paged_key!(
    /// The seats of a committee (all, or only the running ones), one page.
    CommitteeSeats((OrgId, bool))
);
paged_key!(
    /// The pairings of a party organization (all, or only the active ones), one page.
    OrgPairings((OrgId, bool))
);
paged_key!(
    /// The pairings of a community (all, or only the active ones), one page.
    CommunityPairings((AreaId, bool))
);
/// The member record of a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MemberOfPerson(pub PersonId);
/// How many periods a member's history has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MemberHistoryCount(pub MemberId);
/// How many members an organization has (with the flag, counting those
/// below it), as far as the caller may see them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OrgMemberCount(pub OrgId, pub bool);
/// How many seats a committee has (all, or only the running ones).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CommitteeSeatCount(pub OrgId, pub bool);
/// How many pairings an organization has (all, or only the active ones).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OrgPairingCount(pub OrgId, pub bool);
/// How many pairings a community has (all, or only the active ones).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CommunityPairingCount(pub AreaId, pub bool);
/// The members living at or below the area with this path, one page.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MembersWithin(pub String, pub Page);
/// How many members live at or below the area with this path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MembersWithinCount(pub String);

impl PagedKey for MembersWithin {
    type Parent = String;
    fn parent(&self) -> String {
        self.0.clone()
    }
    fn page(&self) -> Page {
        self.1
    }
}

/// Counts per parent, zero for every asked parent without rows.
fn counts<K: Copy + Eq + Hash>(
    keys: &[K],
    rows: Vec<(Uuid, i64)>,
    key_of: impl Fn(Uuid) -> K,
) -> HashMap<K, i64> {
    let mut out: HashMap<K, i64> = keys.iter().map(|k| (*k, 0)).collect();
    for (parent, n) in rows {
        out.insert(key_of(parent), n);
    }
    out
}

/// The keys asking for `active_only`, as parent ids.
fn with_flag<P: Copy, K>(keys: &[K], active_only: bool, split: impl Fn(&K) -> (P, bool)) -> Vec<P> {
    keys.iter().map(split).filter(|(_, a)| *a == active_only).map(|(p, _)| p).collect()
}

impl Loader<MemberId> for OrgLoader {
    type Value = PartyMember;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[MemberId]) -> GqlResult<HashMap<MemberId, PartyMember>> {
        let mut conn = self.db.conn().await?;
        Ok(store::members_by_ids(&mut conn, &self.scope, keys)
            .await?
            .into_iter()
            .map(|m| (m.id, m))
            .collect())
    }
}

impl Loader<MemberOfPerson> for OrgLoader {
    type Value = PartyMember;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[MemberOfPerson]) -> GqlResult<HashMap<MemberOfPerson, PartyMember>> {
        let persons: Vec<PersonId> = keys.iter().map(|k| k.0).collect();
        let mut conn = self.db.conn().await?;
        Ok(store::members_by_persons(&mut conn, &self.scope, &persons)
            .await?
            .into_iter()
            .map(|m| (MemberOfPerson(m.person_id), m))
            .collect())
    }
}

impl Loader<MemberHistory> for OrgLoader {
    type Value = Vec<MembershipPeriod>;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[MemberHistory]) -> GqlResult<HashMap<MemberHistory, Vec<MembershipPeriod>>> {
        let mut conn = self.db.conn().await?;
        let mut out = HashMap::new();
        for (page, members) in by_page(keys) {
            let rows = store::periods_of(&mut conn, &self.scope, &members, &page).await?;
            spread(&mut out, page, &members, rows, |h| h.member_id, MemberHistory);
        }
        Ok(out)
    }
}

impl Loader<MemberHistoryCount> for OrgLoader {
    type Value = i64;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[MemberHistoryCount]) -> GqlResult<HashMap<MemberHistoryCount, i64>> {
        let members: Vec<MemberId> = keys.iter().map(|k| k.0).collect();
        let mut conn = self.db.conn().await?;
        let rows = store::count_periods_of(&mut conn, &self.scope, &members).await?;
        Ok(counts(keys, rows, |m| MemberHistoryCount(MemberId(m))))
    }
}

impl Loader<OrgMembers> for OrgLoader {
    type Value = Vec<PartyMember>;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[OrgMembers]) -> GqlResult<HashMap<OrgMembers, Vec<PartyMember>>> {
        let mut conn = self.db.conn().await?;
        let mut out: HashMap<OrgMembers, Vec<PartyMember>> = HashMap::new();
        for (page, parents) in by_page(keys) {
            let direct = with_flag(&parents, false, |p| *p);
            if !direct.is_empty() {
                let rows = store::members_of_orgs(&mut conn, &self.scope, &direct, &page).await?;
                let group: Vec<(OrgId, bool)> = direct.iter().map(|o| (*o, false)).collect();
                spread(&mut out, page, &group, rows, |m| (m.org_id, false), OrgMembers);
            }
            let deep = with_flag(&parents, true, |p| *p);
            if !deep.is_empty() {
                for org in &deep {
                    out.entry(OrgMembers((*org, true), page)).or_default();
                }
                for row in store::members_under_orgs(&mut conn, &self.scope, &deep, &page).await? {
                    out.entry(OrgMembers((row.under_org, true), page)).or_default().push(row.member);
                }
            }
        }
        Ok(out)
    }
}

impl Loader<OrgMemberCount> for OrgLoader {
    type Value = i64;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[OrgMemberCount]) -> GqlResult<HashMap<OrgMemberCount, i64>> {
        let mut conn = self.db.conn().await?;
        let mut out = HashMap::new();
        for deep in [false, true] {
            let orgs = with_flag(keys, deep, |k| (k.0, k.1));
            if orgs.is_empty() {
                continue;
            }
            let rows = if deep {
                store::count_members_under_orgs(&mut conn, &self.scope, &orgs).await?
            } else {
                store::count_members_of_orgs(&mut conn, &self.scope, &orgs).await?
            };
            let asked: Vec<_> = orgs.iter().map(|o| OrgMemberCount(*o, deep)).collect();
            out.extend(counts(&asked, rows, |o| OrgMemberCount(OrgId(o), deep)));
        }
        Ok(out)
    }
}

impl Loader<MembersWithin> for OrgLoader {
    type Value = Vec<PartyMember>;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[MembersWithin]) -> GqlResult<HashMap<MembersWithin, Vec<PartyMember>>> {
        let mut conn = self.db.conn().await?;
        let mut out: HashMap<MembersWithin, Vec<PartyMember>> = HashMap::new();
        for (page, paths) in by_page(keys) {
            for path in &paths {
                out.entry(MembersWithin(path.clone(), page)).or_default();
            }
            for row in store::members_within(&mut conn, &self.scope, &paths, &page).await? {
                out.entry(MembersWithin(row.within_path, page)).or_default().push(row.member);
            }
        }
        Ok(out)
    }
}

impl Loader<MembersWithinCount> for OrgLoader {
    type Value = i64;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[MembersWithinCount]) -> GqlResult<HashMap<MembersWithinCount, i64>> {
        let paths: Vec<String> = keys.iter().map(|k| k.0.clone()).collect();
        let mut conn = self.db.conn().await?;
        let mut out: HashMap<_, _> = keys.iter().map(|k| (k.clone(), 0)).collect();
        for (path, n) in store::count_members_within(&mut conn, &self.scope, &paths).await? {
            out.insert(MembersWithinCount(path), n);
        }
        Ok(out)
    }
}

impl Loader<SeatId> for OrgLoader {
    type Value = CommitteeSeat;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[SeatId]) -> GqlResult<HashMap<SeatId, CommitteeSeat>> {
        let mut conn = self.db.conn().await?;
        Ok(store::seats_by_ids(&mut conn, &self.scope, keys).await?.into_iter().map(|s| (s.id, s)).collect())
    }
}

impl Loader<CommitteeSeats> for OrgLoader {
    type Value = Vec<CommitteeSeat>;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[CommitteeSeats]) -> GqlResult<HashMap<CommitteeSeats, Vec<CommitteeSeat>>> {
        let mut conn = self.db.conn().await?;
        let today = Date::today();
        let mut out = HashMap::new();
        for (page, parents) in by_page(keys) {
            for active in [true, false] {
                let committees = with_flag(&parents, active, |p| *p);
                if committees.is_empty() {
                    continue;
                }
                let rows = store::seats_of(&mut conn, &self.scope, &committees, active, today, &page).await?;
                let group: Vec<(OrgId, bool)> = committees.iter().map(|c| (*c, active)).collect();
                spread(&mut out, page, &group, rows, |s| (s.committee_id, active), CommitteeSeats);
            }
        }
        Ok(out)
    }
}

impl Loader<CommitteeSeatCount> for OrgLoader {
    type Value = i64;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[CommitteeSeatCount]) -> GqlResult<HashMap<CommitteeSeatCount, i64>> {
        let mut conn = self.db.conn().await?;
        let today = Date::today();
        let mut out = HashMap::new();
        for active in [true, false] {
            let committees = with_flag(keys, active, |k| (k.0, k.1));
            if committees.is_empty() {
                continue;
            }
            let rows = store::count_seats_of(&mut conn, &self.scope, &committees, active, today).await?;
            let asked: Vec<_> = committees.iter().map(|c| CommitteeSeatCount(*c, active)).collect();
            out.extend(counts(&asked, rows, |c| CommitteeSeatCount(OrgId(c), active)));
        }
        Ok(out)
    }
}

impl Loader<PairingId> for OrgLoader {
    type Value = OrgPairing;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[PairingId]) -> GqlResult<HashMap<PairingId, OrgPairing>> {
        let mut conn = self.db.conn().await?;
        Ok(store::pairings_by_ids(&mut conn, keys).await?.into_iter().map(|p| (p.id, p)).collect())
    }
}

impl Loader<OrgPairings> for OrgLoader {
    type Value = Vec<OrgPairing>;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[OrgPairings]) -> GqlResult<HashMap<OrgPairings, Vec<OrgPairing>>> {
        let mut conn = self.db.conn().await?;
        let today = Date::today();
        let mut out = HashMap::new();
        for (page, parents) in by_page(keys) {
            for active in [true, false] {
                let orgs = with_flag(&parents, active, |p| *p);
                if orgs.is_empty() {
                    continue;
                }
                let ids: Vec<Uuid> = orgs.iter().map(|o| o.0).collect();
                let rows =
                    store::pairings_of(&mut conn, PairingSide::Organization, &ids, active, today, &page)
                        .await?;
                let group: Vec<(OrgId, bool)> = orgs.iter().map(|o| (*o, active)).collect();
                spread(&mut out, page, &group, rows, |p| (p.org_id, active), OrgPairings);
            }
        }
        Ok(out)
    }
}

impl Loader<CommunityPairings> for OrgLoader {
    type Value = Vec<OrgPairing>;
    type Error = async_graphql::Error;
    async fn load(
        &self,
        keys: &[CommunityPairings],
    ) -> GqlResult<HashMap<CommunityPairings, Vec<OrgPairing>>> {
        let mut conn = self.db.conn().await?;
        let today = Date::today();
        let mut out = HashMap::new();
        for (page, parents) in by_page(keys) {
            for active in [true, false] {
                let communities = with_flag(&parents, active, |p| *p);
                if communities.is_empty() {
                    continue;
                }
                let ids: Vec<Uuid> = communities.iter().map(|c| c.0).collect();
                let rows =
                    store::pairings_of(&mut conn, PairingSide::Community, &ids, active, today, &page).await?;
                let group: Vec<(AreaId, bool)> = communities.iter().map(|c| (*c, active)).collect();
                spread(&mut out, page, &group, rows, |p| (p.community_id, active), CommunityPairings);
            }
        }
        Ok(out)
    }
}

impl Loader<OrgPairingCount> for OrgLoader {
    type Value = i64;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[OrgPairingCount]) -> GqlResult<HashMap<OrgPairingCount, i64>> {
        let mut conn = self.db.conn().await?;
        let today = Date::today();
        let mut out = HashMap::new();
        for active in [true, false] {
            let ids: Vec<Uuid> = with_flag(keys, active, |k| (k.0.0, k.1));
            if ids.is_empty() {
                continue;
            }
            let rows =
                store::count_pairings_of(&mut conn, PairingSide::Organization, &ids, active, today).await?;
            let asked: Vec<_> = ids.iter().map(|o| OrgPairingCount(OrgId(*o), active)).collect();
            out.extend(counts(&asked, rows, |o| OrgPairingCount(OrgId(o), active)));
        }
        Ok(out)
    }
}

impl Loader<CommunityPairingCount> for OrgLoader {
    type Value = i64;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[CommunityPairingCount]) -> GqlResult<HashMap<CommunityPairingCount, i64>> {
        let mut conn = self.db.conn().await?;
        let today = Date::today();
        let mut out = HashMap::new();
        for active in [true, false] {
            let ids: Vec<Uuid> = with_flag(keys, active, |k| (k.0.0, k.1));
            if ids.is_empty() {
                continue;
            }
            let rows =
                store::count_pairings_of(&mut conn, PairingSide::Community, &ids, active, today).await?;
            let asked: Vec<_> = ids.iter().map(|c| CommunityPairingCount(AreaId(*c), active)).collect();
            out.extend(counts(&asked, rows, |c| CommunityPairingCount(AreaId(c), active)));
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

/// A party member visible to the caller, or `None` (missing and out of scope look the same).
pub async fn party_member(ctx: &Context<'_>, id: MemberId) -> GqlResult<Option<PartyMember>> {
    loader::<OrgLoader>(ctx).load_one(id).await
}

/// A committee seat visible to the caller, or `None`.
pub async fn committee_seat(ctx: &Context<'_>, id: SeatId) -> GqlResult<Option<CommitteeSeat>> {
    loader::<OrgLoader>(ctx).load_one(id).await
}

pub async fn pairing(ctx: &Context<'_>, id: PairingId) -> GqlResult<Option<OrgPairing>> {
    loader::<OrgLoader>(ctx).load_one(id).await
}

/// The party member record of a person (`Person.partyMember`), if the person
/// is a member visible to the caller.
pub async fn member_of_person(ctx: &Context<'_>, person: PersonId) -> GqlResult<Option<PartyMember>> {
    loader::<OrgLoader>(ctx).load_one(MemberOfPerson(person)).await
}

/// The party members living at or below the area whose path is `area_path`
/// (`Area.partyMembers`): the first page of many areas in one statement.
pub async fn members_within(
    ctx: &Context<'_>,
    area_path: String,
    page: Page,
) -> GqlResult<Conn<PartyMember>> {
    let rows =
        loader::<OrgLoader>(ctx).load_one(MembersWithin(area_path.clone(), page)).await?.unwrap_or_default();
    let total = loaded_count(ctx, MembersWithinCount(area_path));
    Ok(connection(&page, rows, |m| m.id.0, |m| m, total))
}

/// The active pairings (结对共建) of a community or village (`Area.pairings`).
pub async fn pairings_of_community(
    ctx: &Context<'_>,
    community: AreaId,
    page: Page,
) -> GqlResult<Conn<OrgPairing>> {
    community_pairings(ctx, community, true, page).await
}

/// The pairings of a community or village, all of them or only the active ones.
pub async fn community_pairings(
    ctx: &Context<'_>,
    community: AreaId,
    active_only: bool,
    page: Page,
) -> GqlResult<Conn<OrgPairing>> {
    let rows = loader::<OrgLoader>(ctx)
        .load_one(CommunityPairings((community, active_only), page))
        .await?
        .unwrap_or_default();
    let total = loaded_count(ctx, CommunityPairingCount(community, active_only));
    Ok(connection(&page, rows, |p| p.id.0, |p| p, total))
}

/// A `totalCount` answered by a count loader, so the counts of many parents'
/// lists are one statement.
fn loaded_count<K>(ctx: &Context<'_>, key: K) -> TotalCount
where
    OrgLoader: Loader<K, Value = i64, Error = async_graphql::Error>,
    K: Clone + Eq + Hash + Send + Sync + 'static,
{
    crate::graphql::loading::loaded_count(loader::<OrgLoader>(ctx), key)
}

/// A record that a foreign key guarantees; its absence is an internal error.
fn required<T>(found: Option<T>, what: &str) -> GqlResult<T> {
    found.ok_or_else(|| crate::Error::internal(anyhow::anyhow!("{what} is missing")).into())
}

/// The organization of a global-id argument, for subtree filters; an id of
/// no organization is bad input naming `field`.
async fn organization_arg(ctx: &Context<'_>, id: &ID, field: &str) -> GqlResult<PartyOrganization> {
    let org_id = OrgId(expect_id(id, "PartyOrganization", field)?);
    match organization(ctx, org_id).await? {
        Some(o) => Ok(o),
        None => Err(crate::Error::bad_input(field, "no party organization has this id").into()),
    }
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
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
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
        let filter = UnitFilter { kind, within: Some(self.path.clone()) };
        list_units(ctx, filter, Page::parse(first, after, last, before)?).await
    }
    /// Party organizations working at or below this area.
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
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
    /// Residents living at or below this area (visible to the caller).
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn residents(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<Person>> {
        people::graphql::residents_within(ctx, self.path.clone(), Page::parse(first, after, last, before)?)
            .await
    }
    /// Party members living at or below this area (visible to the caller).
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn party_members(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<PartyMember>> {
        members_within(ctx, self.path.clone(), Page::parse(first, after, last, before)?).await
    }
    /// 楼栋长 — the building's current leader (buildings only).
    async fn building_leader(&self, ctx: &Context<'_>) -> GqlResult<Option<RoleAssignment>> {
        if self.kind != AreaKind::Building {
            return Ok(None);
        }
        people::graphql::building_leader_of(ctx, self.id).await
    }
    /// 网格员 — the grid's current grid workers (grids only; empty elsewhere).
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn grid_workers(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<RoleAssignment>> {
        people::graphql::grid_workers_of(ctx, self.id, Page::parse(first, after, last, before)?).await
    }
    /// 网格治理微信群 — the members of the grid's governance group (grids only).
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn governance_group(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<GridGroupMember>> {
        people::graphql::governance_group_of(ctx, self.id, Page::parse(first, after, last, before)?).await
    }
    /// 结对共建 — the institution party organizations paired with this
    /// community or village.
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn pairings(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = true)] active_only: bool,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<OrgPairing>> {
        community_pairings(ctx, self.id, active_only, Page::parse(first, after, last, before)?).await
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
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
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
    /// 书记 — the secretary; null when none is recorded or the person is outside your area.
    async fn secretary(&self, ctx: &Context<'_>) -> GqlResult<Option<Person>> {
        match self.secretary_id {
            Some(p) => crate::people::graphql::person(ctx, p).await,
            None => Ok(None),
        }
    }
    /// 委员 — the seats of this committee (大党委), the running ones unless
    /// `activeOnly` is false. Only seats in your area are listed.
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn committee_seats(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = true)] active_only: bool,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<CommitteeSeat>> {
        let page = Page::parse(first, after, last, before)?;
        let key = CommitteeSeats((self.id, active_only), page);
        let rows = loader::<OrgLoader>(ctx).load_one(key).await?.unwrap_or_default();
        let total = loaded_count(ctx, CommitteeSeatCount(self.id, active_only));
        Ok(connection(&page, rows, |s| s.id.0, |s| s, total))
    }
    /// 党员 — the members of this organization (and of those below it when
    /// `includeSubOrganizations`), as far as you may see them.
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn members(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = false)] include_sub_organizations: bool,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<PartyMember>> {
        let page = Page::parse(first, after, last, before)?;
        let key = OrgMembers((self.id, include_sub_organizations), page);
        let rows = loader::<OrgLoader>(ctx).load_one(key).await?.unwrap_or_default();
        let total = loaded_count(ctx, OrgMemberCount(self.id, include_sub_organizations));
        Ok(connection(&page, rows, |m| m.id.0, |m| m, total))
    }
    /// 结对共建 — the communities this organization is paired with, the
    /// active pairings unless `activeOnly` is false.
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn pairings(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = true)] active_only: bool,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<OrgPairing>> {
        let page = Page::parse(first, after, last, before)?;
        let rows = loader::<OrgLoader>(ctx)
            .load_one(OrgPairings((self.id, active_only), page))
            .await?
            .unwrap_or_default();
        let total = loaded_count(ctx, OrgPairingCount(self.id, active_only));
        Ok(connection(&page, rows, |p| p.id.0, |p| p, total))
    }
}

/// 党员 — a party member: status (预备/正式), category (分类教育), the
/// organization they belong to and every one they belonged to, and where
/// they reported in (报到). Visible where the member lives, where their
/// organization works, and to the member.
#[Object]
impl PartyMember {
    pub async fn id(&self) -> ID {
        global_id("PartyMember", self.id.0)
    }
    /// The member's person record; null when the person lives outside your area.
    async fn person(&self, ctx: &Context<'_>) -> GqlResult<Option<Person>> {
        crate::people::graphql::person(ctx, self.person_id).await
    }
    /// The organization the member belongs to now.
    async fn organization(&self, ctx: &Context<'_>) -> GqlResult<PartyOrganization> {
        required(organization(ctx, self.org_id).await?, "a member's organization")
    }
    async fn status(&self) -> MemberStatus {
        self.status
    }
    async fn category(&self) -> MemberCategory {
        self.category
    }
    /// 入党日期 — the day the member was admitted.
    async fn joined_on(&self) -> Date {
        self.joined_on
    }
    /// 报到社区 — the community or village the member reported in to.
    async fn reported_community(&self, ctx: &Context<'_>) -> GqlResult<Option<Area>> {
        match self.reported_community_id {
            Some(a) => area(ctx, a).await,
            None => Ok(None),
        }
    }
    /// 报到日期 — the day the member reported in.
    async fn reported_on(&self) -> Option<Date> {
        self.reported_on
    }
    /// 已报到 — whether the member has reported in to a community.
    async fn reported(&self) -> bool {
        self.is_reported()
    }
    /// 组织关系 — every organization the member belonged to, oldest first;
    /// the last one (without `toOn`) is the current one.
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn organization_history(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<MembershipPeriod>> {
        let page = Page::parse(first, after, last, before)?;
        let rows = loader::<OrgLoader>(ctx).load_one(MemberHistory(self.id, page)).await?.unwrap_or_default();
        let total = loaded_count(ctx, MemberHistoryCount(self.id));
        Ok(connection(&page, rows, |h| h.id, |h| h, total))
    }
}

/// 组织关系 — one stretch of a member's membership in one organization.
#[Object]
impl MembershipPeriod {
    async fn organization(&self, ctx: &Context<'_>) -> GqlResult<PartyOrganization> {
        required(organization(ctx, self.org_id).await?, "a period's organization")
    }
    async fn from_on(&self) -> Date {
        self.from_on
    }
    /// The day the member left (transferred out); null for the current organization.
    async fn to_on(&self) -> Option<Date> {
        self.to_on
    }
    /// 转接原因 — why the member came to this organization (工作调动, 搬迁...).
    async fn reason(&self) -> Option<&str> {
        self.reason.as_deref()
    }
}

/// 党委委员 — a seat on a community's party committee (大党委), often a
/// part-time member (兼职委员) from a resident unit's party organization.
#[Object]
impl CommitteeSeat {
    pub async fn id(&self) -> ID {
        global_id("CommitteeSeat", self.id.0)
    }
    async fn committee(&self, ctx: &Context<'_>) -> GqlResult<PartyOrganization> {
        required(organization(ctx, self.committee_id).await?, "a seat's committee")
    }
    /// The seat holder; null when the person is outside your area.
    async fn person(&self, ctx: &Context<'_>) -> GqlResult<Option<Person>> {
        crate::people::graphql::person(ctx, self.person_id).await
    }
    /// 驻区单位 — the resident unit the holder comes from, for a part-time member.
    async fn unit(&self, ctx: &Context<'_>) -> GqlResult<Option<Unit>> {
        match self.unit_id {
            Some(u) => unit(ctx, u).await,
            None => Ok(None),
        }
    }
    /// 职务 — e.g. 书记, 副书记, 兼职委员.
    async fn position(&self) -> &str {
        &self.position
    }
    async fn term_from(&self) -> Date {
        self.term_from
    }
    /// The last day of the term; null while open-ended.
    async fn term_to(&self) -> Option<Date> {
        self.term_to
    }
    /// Whether the term is running today (it has no end, or ends today or later).
    async fn active(&self) -> bool {
        self.is_active_on(Date::today())
    }
}

/// 结对共建 — a government or institution party organization paired with a
/// community or village it supports.
#[Object]
impl OrgPairing {
    pub async fn id(&self) -> ID {
        global_id("OrgPairing", self.id.0)
    }
    async fn organization(&self, ctx: &Context<'_>) -> GqlResult<PartyOrganization> {
        required(organization(ctx, self.org_id).await?, "a pairing's organization")
    }
    /// The community or village.
    async fn community(&self, ctx: &Context<'_>) -> GqlResult<Area> {
        required(area(ctx, self.community_id).await?, "a pairing's community")
    }
    async fn since(&self) -> Date {
        self.since
    }
    /// The last day of the pairing; null while it goes on.
    async fn until(&self) -> Option<Date> {
        self.until
    }
    /// Whether the pairing goes on today.
    async fn active(&self) -> bool {
        self.is_active_on(Date::today())
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

pub async fn list_members(
    ctx: &Context<'_>,
    filter: MemberFilter,
    page: Page,
) -> GqlResult<Conn<PartyMember>> {
    let rctx = req(ctx);
    let scope = rctx.scope.clone();
    let rows = store::list_members(&mut rctx.db.conn().await?, &scope, &filter, &page).await?;
    let total = count_with(&rctx.db, move |mut c| {
        let (scope, filter) = (scope.clone(), filter.clone());
        async move { store::count_members(&mut c, &scope, &filter).await }
    });
    Ok(connection(&page, rows, |m| m.id.0, |m| m, total))
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
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
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
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
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
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
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

    /// 党员 — party members you may see: of an organization (and those below
    /// it unless `includeSubOrganizations` is false), living within an area,
    /// of a category or status, reported in or not, by name.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn party_members(
        &self,
        ctx: &Context<'_>,
        organization_id: Option<ID>,
        #[graphql(default = true)] include_sub_organizations: bool,
        within: Option<ID>,
        category: Option<MemberCategory>,
        status: Option<MemberStatus>,
        reported: Option<bool>,
        name_contains: Option<String>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<PartyMember>> {
        let page = Page::parse(first, after, last, before)?;
        let (org, org_within) = match organization_id {
            Some(id) => {
                let o = organization_arg(ctx, &id, "organizationId").await?;
                if include_sub_organizations { (None, Some(o.path)) } else { (Some(o.id), None) }
            }
            None => (None, None),
        };
        let within = match within {
            Some(w) => Some(area_path_arg(ctx, &w, "within").await?),
            None => None,
        };
        let filter = MemberFilter { org, org_within, within, category, status, reported, name_contains };
        list_members(ctx, filter, page).await
    }

    /// 结对共建 — pairings of an organization and/or a community; the active
    /// ones unless `activeOnly` is false.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn pairings(
        &self,
        ctx: &Context<'_>,
        organization_id: Option<ID>,
        community_id: Option<ID>,
        #[graphql(default = true)] active_only: bool,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<OrgPairing>> {
        let page = Page::parse(first, after, last, before)?;
        let org = organization_id
            .map(|o| expect_id(&o, "PartyOrganization", "organizationId").map(OrgId))
            .transpose()?;
        let community = community_id.map(|c| expect_id(&c, "Area", "communityId").map(AreaId)).transpose()?;
        let filter = PairingFilter { org, community, active_only, today: Date::today() };
        let db = &req(ctx).db;
        let rows = store::list_pairings(&mut db.conn().await?, &filter, &page).await?;
        let total = count_with(db, move |mut c| {
            let filter = filter.clone();
            async move { store::count_pairings(&mut c, &filter).await }
        });
        Ok(connection(&page, rows, |p| p.id.0, |p| p, total))
    }
}

/// 接收党员 — admit a person as a party member of an organization.
#[derive(InputObject)]
pub struct AdmitPartyMemberInput {
    pub person_id: ID,
    pub organization_id: ID,
    pub category: MemberCategory,
    /// 预备党员 unless recording a member who is already full.
    #[graphql(default_with = "MemberStatus::Probationary")]
    pub status: MemberStatus,
    /// 入党日期.
    pub joined_on: Date,
}

/// 转正 — change a member's status (probationary to full).
#[derive(InputObject)]
pub struct ChangePartyMemberStatusInput {
    pub member_id: ID,
    pub status: MemberStatus,
    /// The day the change takes effect; not before the member joined.
    pub effective_on: Date,
}

/// 组织关系转接 — move a member to another organization.
#[derive(InputObject)]
pub struct TransferPartyMemberInput {
    pub member_id: ID,
    pub to_organization_id: ID,
    /// Not before the member joined the current organization.
    pub transferred_on: Date,
    /// 转接原因, at most 200 characters.
    pub reason: Option<String>,
}

/// 党员报到 — record that a member reported in to the community or village they live in.
#[derive(InputObject)]
pub struct RecordReportInInput {
    pub member_id: ID,
    /// A community or village above the member's home.
    pub community_id: ID,
    pub reported_on: Date,
}

/// Give a seat on a party committee (大党委).
#[derive(InputObject)]
pub struct AddCommitteeSeatInput {
    /// A party organization of kind COMMITTEE.
    pub committee_id: ID,
    pub person_id: ID,
    /// The resident unit a part-time member (兼职委员) comes from.
    pub unit_id: Option<ID>,
    /// 职务, 1 to 50 characters.
    pub position: String,
    pub term_from: Date,
    /// The last day of the term, when known.
    pub term_to: Option<Date>,
}

/// End a committee seat's term.
#[derive(InputObject)]
pub struct EndCommitteeSeatInput {
    pub seat_id: ID,
    /// The last day of the term; not before it began.
    pub term_to: Date,
}

/// 结对共建 — pair a party organization with a community or village.
#[derive(InputObject)]
pub struct CreatePairingInput {
    pub organization_id: ID,
    pub community_id: ID,
    pub since: Date,
}

/// End a pairing.
#[derive(InputObject)]
pub struct EndPairingInput {
    pub pairing_id: ID,
    /// The last day of the pairing; not before it began.
    pub until: Date,
}

payload!(
    /// The result of a change to a party member.
    PartyMemberPayload { member: PartyMember }
);
payload!(
    /// The result of a change to a committee seat.
    CommitteeSeatPayload { seat: CommitteeSeat }
);
payload!(
    /// The result of a change to a pairing.
    OrgPairingPayload { pairing: OrgPairing }
);

#[derive(Default)]
pub struct OrgMutation;

#[Object]
impl OrgMutation {
    /// 接收党员 — admit a person (visible to you) to a party organization in your area.
    async fn admit_party_member(
        &self,
        ctx: &Context<'_>,
        input: AdmitPartyMemberInput,
    ) -> GqlResult<PartyMemberPayload> {
        let rctx = req(ctx);
        let input = service::AdmitPartyMember {
            person_id: PersonId(expect_id(&input.person_id, "Person", "input.personId")?),
            org_id: OrgId(expect_id(&input.organization_id, "PartyOrganization", "input.organizationId")?),
            category: input.category,
            status: input.status,
            joined_on: input.joined_on,
        };
        PartyMemberPayload::from_result(service::admit_party_member(&rctx.db, &rctx.principal, input).await)
    }

    /// 转正 — a probationary member of an organization in your area becomes a full member.
    async fn change_party_member_status(
        &self,
        ctx: &Context<'_>,
        input: ChangePartyMemberStatusInput,
    ) -> GqlResult<PartyMemberPayload> {
        let rctx = req(ctx);
        let input = service::ChangeMemberStatus {
            member_id: MemberId(expect_id(&input.member_id, "PartyMember", "input.memberId")?),
            status: input.status,
            effective_on: input.effective_on,
        };
        PartyMemberPayload::from_result(
            service::change_party_member_status(&rctx.db, &rctx.principal, input).await,
        )
    }

    /// 组织关系转接 — transfer a member you can see to another organization,
    /// anywhere in the district.
    async fn transfer_party_member(
        &self,
        ctx: &Context<'_>,
        input: TransferPartyMemberInput,
    ) -> GqlResult<PartyMemberPayload> {
        let rctx = req(ctx);
        let input = service::TransferMember {
            member_id: MemberId(expect_id(&input.member_id, "PartyMember", "input.memberId")?),
            to_org_id: OrgId(expect_id(
                &input.to_organization_id,
                "PartyOrganization",
                "input.toOrganizationId",
            )?),
            transferred_on: input.transferred_on,
            reason: input.reason,
        };
        PartyMemberPayload::from_result(
            service::transfer_party_member(&rctx.db, &rctx.principal, input).await,
        )
    }

    /// 党员报到 — record that a member reported in to the community where they live.
    async fn record_report_in(
        &self,
        ctx: &Context<'_>,
        input: RecordReportInInput,
    ) -> GqlResult<PartyMemberPayload> {
        let rctx = req(ctx);
        let input = service::RecordReportIn {
            member_id: MemberId(expect_id(&input.member_id, "PartyMember", "input.memberId")?),
            community_id: AreaId(expect_id(&input.community_id, "Area", "input.communityId")?),
            reported_on: input.reported_on,
        };
        PartyMemberPayload::from_result(service::record_report_in(&rctx.db, &rctx.principal, input).await)
    }

    /// Give a person a seat on a party committee (大党委) in your area.
    async fn add_committee_seat(
        &self,
        ctx: &Context<'_>,
        input: AddCommitteeSeatInput,
    ) -> GqlResult<CommitteeSeatPayload> {
        let rctx = req(ctx);
        let input = service::AddCommitteeSeat {
            committee_id: OrgId(expect_id(&input.committee_id, "PartyOrganization", "input.committeeId")?),
            person_id: PersonId(expect_id(&input.person_id, "Person", "input.personId")?),
            unit_id: input.unit_id.map(|u| expect_id(&u, "Unit", "input.unitId").map(UnitId)).transpose()?,
            position: input.position,
            term_from: input.term_from,
            term_to: input.term_to,
        };
        CommitteeSeatPayload::from_result(service::add_committee_seat(&rctx.db, &rctx.principal, input).await)
    }

    /// End the term of a committee seat in your area.
    async fn end_committee_seat(
        &self,
        ctx: &Context<'_>,
        input: EndCommitteeSeatInput,
    ) -> GqlResult<CommitteeSeatPayload> {
        let rctx = req(ctx);
        let input = service::EndCommitteeSeat {
            seat_id: SeatId(expect_id(&input.seat_id, "CommitteeSeat", "input.seatId")?),
            term_to: input.term_to,
        };
        CommitteeSeatPayload::from_result(service::end_committee_seat(&rctx.db, &rctx.principal, input).await)
    }

    /// 结对共建 — pair a party organization with a community or village in your area.
    async fn create_pairing(
        &self,
        ctx: &Context<'_>,
        input: CreatePairingInput,
    ) -> GqlResult<OrgPairingPayload> {
        let rctx = req(ctx);
        let input = service::CreatePairing {
            org_id: OrgId(expect_id(&input.organization_id, "PartyOrganization", "input.organizationId")?),
            community_id: AreaId(expect_id(&input.community_id, "Area", "input.communityId")?),
            since: input.since,
        };
        OrgPairingPayload::from_result(service::create_pairing(&rctx.db, &rctx.principal, input).await)
    }

    /// End a pairing with a community or village in your area.
    async fn end_pairing(&self, ctx: &Context<'_>, input: EndPairingInput) -> GqlResult<OrgPairingPayload> {
        let rctx = req(ctx);
        let input = service::EndPairing {
            pairing_id: PairingId(expect_id(&input.pairing_id, "OrgPairing", "input.pairingId")?),
            until: input.until,
        };
        OrgPairingPayload::from_result(service::end_pairing(&rctx.db, &rctx.principal, input).await)
    }
}
