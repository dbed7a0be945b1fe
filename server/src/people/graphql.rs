//! GraphQL of people: persons with masked personal data, and their registration.

use std::collections::HashMap;
use std::hash::Hash;

use async_graphql::dataloader::Loader;
use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object};

use super::model::*;
use super::service::{
    self, AddGridGroupMember, AssignRole, RegisterResident, RegisterSpecialGroup, UpdatePerson,
};
use super::store::{self, PersonFilter, RoleFilter};
use crate::db::{Date, Db, Scope};
use crate::error::UserError;
use crate::graphql::loading::{PagedKey, by_page, loaded_count, spread};
use crate::graphql::relay::{Conn, Page, connection, expect_id, global_id};
use crate::graphql::{RequestCtx, loader, new_loader, req};
use crate::org::graphql::{area, area_path_arg, count_with, unit};
use crate::org::model::{Area, AreaId, Unit, UnitId, now};
use crate::{paged_key, payload};

type GqlResult<T> = async_graphql::Result<T>;

/// One loader per request for this domain, bound to the caller's scope.
pub struct PeopleLoader {
    pub db: Db,
    pub scope: Scope,
    /// Who is reading, for the audit trail of whole personal data.
    pub actor: String,
}

pub fn add_loaders(request: async_graphql::Request, rctx: &RequestCtx) -> async_graphql::Request {
    request.data(new_loader(
        PeopleLoader {
            db: rctx.db.clone(),
            scope: rctx.scope.clone(),
            actor: rctx.principal.subject.clone(),
        },
        rctx,
    ))
}

impl Loader<PersonId> for PeopleLoader {
    type Value = Person;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[PersonId]) -> GqlResult<HashMap<PersonId, Person>> {
        let mut conn = self.db.conn().await?;
        Ok(store::persons_by_ids(&mut conn, &self.scope, keys)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect())
    }
}

impl Loader<SpecialGroupEntryId> for PeopleLoader {
    type Value = SpecialGroupEntry;
    type Error = async_graphql::Error;
    async fn load(
        &self,
        keys: &[SpecialGroupEntryId],
    ) -> GqlResult<HashMap<SpecialGroupEntryId, SpecialGroupEntry>> {
        let mut conn = self.db.conn().await?;
        Ok(store::special_group_entries_by_ids(&mut conn, &self.scope, keys)
            .await?
            .into_iter()
            .map(|e| (e.id, e))
            .collect())
    }
}

impl Loader<RoleAssignmentId> for PeopleLoader {
    type Value = RoleAssignment;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[RoleAssignmentId]) -> GqlResult<HashMap<RoleAssignmentId, RoleAssignment>> {
        let mut conn = self.db.conn().await?;
        Ok(store::role_assignments_by_ids(&mut conn, &self.scope, keys)
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect())
    }
}

impl Loader<GridGroupMemberId> for PeopleLoader {
    type Value = GridGroupMember;
    type Error = async_graphql::Error;
    async fn load(
        &self,
        keys: &[GridGroupMemberId],
    ) -> GqlResult<HashMap<GridGroupMemberId, GridGroupMember>> {
        let mut conn = self.db.conn().await?;
        Ok(store::grid_group_members_by_ids(&mut conn, &self.scope, keys)
            .await?
            .into_iter()
            .map(|m| (m.id, m))
            .collect())
    }
}

paged_key!(
    /// A person's special-group entries (with ended ones when the flag is set), one page.
    PersonSpecialGroups((PersonId, bool))
);
paged_key!(
    /// A person's roles (active ones only when the flag is set), one page.
    PersonRoles((PersonId, bool))
);
paged_key!(
    /// The active grid workers of a grid, one page.
    GridWorkersOf(AreaId)
);
paged_key!(
    /// The active members of a grid's governance group, one page.
    GroupMembersOf(AreaId)
);

/// How many entries `PersonSpecialGroups` would list in all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PersonSpecialGroupCount(pub PersonId, pub bool);
/// How many roles `PersonRoles` would list in all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PersonRoleCount(pub PersonId, pub bool);
/// How many active grid workers a grid has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct GridWorkerCount(pub AreaId);
/// How many active members a grid's governance group has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct GroupMemberCount(pub AreaId);
/// The active building leader of a building.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BuildingLeaderOf(pub AreaId);

/// The people living at or below the area with this path, one page.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ResidentsWithin(pub String, pub Page);
impl PagedKey for ResidentsWithin {
    type Parent = String;
    fn parent(&self) -> String {
        self.0.clone()
    }
    fn page(&self) -> Page {
        self.1
    }
}
/// How many people live at or below the area with this path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ResidentCount(pub String);

/// Parents keyed with a flag, split into those with it set and those without.
fn split_by_flag<T: Copy>(parents: &[(T, bool)]) -> [(bool, Vec<T>); 2] {
    let with = |flag: bool| parents.iter().filter(|p| p.1 == flag).map(|p| p.0).collect();
    [(true, with(true)), (false, with(false))]
}

/// Counts returned per parent, with 0 for every asked parent that has none.
fn counts<K: Clone + Eq + Hash, P: Eq + Hash>(
    keys: &[K],
    rows: Vec<(P, i64)>,
    parent_of: impl Fn(&K) -> P,
) -> HashMap<K, i64> {
    let found: HashMap<P, i64> = rows.into_iter().collect();
    keys.iter().map(|k| (k.clone(), found.get(&parent_of(k)).copied().unwrap_or(0))).collect()
}

impl Loader<PersonSpecialGroups> for PeopleLoader {
    type Value = Vec<SpecialGroupEntry>;
    type Error = async_graphql::Error;
    async fn load(
        &self,
        keys: &[PersonSpecialGroups],
    ) -> GqlResult<HashMap<PersonSpecialGroups, Vec<SpecialGroupEntry>>> {
        let mut conn = self.db.conn().await?;
        let mut out = HashMap::new();
        for (page, parents) in by_page(keys) {
            for (include_ended, persons) in split_by_flag(&parents) {
                if persons.is_empty() {
                    continue;
                }
                let rows =
                    store::special_groups_of(&mut conn, &self.scope, &persons, include_ended, &page).await?;
                let parents: Vec<_> = persons.iter().map(|p| (*p, include_ended)).collect();
                spread(&mut out, page, &parents, rows, |e| (e.person_id, include_ended), PersonSpecialGroups);
            }
        }
        Ok(out)
    }
}

impl Loader<PersonSpecialGroupCount> for PeopleLoader {
    type Value = i64;
    type Error = async_graphql::Error;
    async fn load(
        &self,
        keys: &[PersonSpecialGroupCount],
    ) -> GqlResult<HashMap<PersonSpecialGroupCount, i64>> {
        let mut conn = self.db.conn().await?;
        let parents: Vec<(PersonId, bool)> = keys.iter().map(|k| (k.0, k.1)).collect();
        let mut out = HashMap::new();
        for (include_ended, persons) in split_by_flag(&parents) {
            if persons.is_empty() {
                continue;
            }
            let rows =
                store::count_special_groups_of(&mut conn, &self.scope, &persons, include_ended).await?;
            let keys: Vec<_> = persons.iter().map(|p| PersonSpecialGroupCount(*p, include_ended)).collect();
            out.extend(counts(&keys, rows, |k| k.0));
        }
        Ok(out)
    }
}

impl Loader<PersonRoles> for PeopleLoader {
    type Value = Vec<RoleAssignment>;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[PersonRoles]) -> GqlResult<HashMap<PersonRoles, Vec<RoleAssignment>>> {
        let mut conn = self.db.conn().await?;
        let mut out = HashMap::new();
        for (page, parents) in by_page(keys) {
            for (active_only, persons) in split_by_flag(&parents) {
                if persons.is_empty() {
                    continue;
                }
                let rows =
                    store::roles_of_persons(&mut conn, &self.scope, &persons, active_only, &page).await?;
                let parents: Vec<_> = persons.iter().map(|p| (*p, active_only)).collect();
                spread(&mut out, page, &parents, rows, |a| (a.person_id, active_only), PersonRoles);
            }
        }
        Ok(out)
    }
}

impl Loader<PersonRoleCount> for PeopleLoader {
    type Value = i64;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[PersonRoleCount]) -> GqlResult<HashMap<PersonRoleCount, i64>> {
        let mut conn = self.db.conn().await?;
        let parents: Vec<(PersonId, bool)> = keys.iter().map(|k| (k.0, k.1)).collect();
        let mut out = HashMap::new();
        for (active_only, persons) in split_by_flag(&parents) {
            if persons.is_empty() {
                continue;
            }
            let rows = store::count_roles_of_persons(&mut conn, &self.scope, &persons, active_only).await?;
            let keys: Vec<_> = persons.iter().map(|p| PersonRoleCount(*p, active_only)).collect();
            out.extend(counts(&keys, rows, |k| k.0));
        }
        Ok(out)
    }
}

impl Loader<BuildingLeaderOf> for PeopleLoader {
    type Value = RoleAssignment;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[BuildingLeaderOf]) -> GqlResult<HashMap<BuildingLeaderOf, RoleAssignment>> {
        let buildings: Vec<AreaId> = keys.iter().map(|k| k.0).collect();
        let mut conn = self.db.conn().await?;
        let rows =
            store::active_roles_in(&mut conn, &self.scope, AreaRole::BuildingLeader, &buildings).await?;
        Ok(rows.into_iter().map(|a| (BuildingLeaderOf(a.area_id), a)).collect())
    }
}

impl Loader<GridWorkersOf> for PeopleLoader {
    type Value = Vec<RoleAssignment>;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[GridWorkersOf]) -> GqlResult<HashMap<GridWorkersOf, Vec<RoleAssignment>>> {
        let mut conn = self.db.conn().await?;
        let mut out = HashMap::new();
        for (page, grids) in by_page(keys) {
            let rows =
                store::active_roles_page_in(&mut conn, &self.scope, AreaRole::GridWorker, &grids, &page)
                    .await?;
            spread(&mut out, page, &grids, rows, |a| a.area_id, GridWorkersOf);
        }
        Ok(out)
    }
}

impl Loader<GridWorkerCount> for PeopleLoader {
    type Value = i64;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[GridWorkerCount]) -> GqlResult<HashMap<GridWorkerCount, i64>> {
        let grids: Vec<AreaId> = keys.iter().map(|k| k.0).collect();
        let mut conn = self.db.conn().await?;
        let rows = store::count_active_roles_in(&mut conn, &self.scope, AreaRole::GridWorker, &grids).await?;
        Ok(counts(keys, rows, |k| k.0))
    }
}

impl Loader<GroupMembersOf> for PeopleLoader {
    type Value = Vec<GridGroupMember>;
    type Error = async_graphql::Error;
    async fn load(
        &self,
        keys: &[GroupMembersOf],
    ) -> GqlResult<HashMap<GroupMembersOf, Vec<GridGroupMember>>> {
        let mut conn = self.db.conn().await?;
        let mut out = HashMap::new();
        for (page, grids) in by_page(keys) {
            let rows = store::active_group_members_of(&mut conn, &self.scope, &grids, &page).await?;
            spread(&mut out, page, &grids, rows, |m| m.grid_id, GroupMembersOf);
        }
        Ok(out)
    }
}

impl Loader<GroupMemberCount> for PeopleLoader {
    type Value = i64;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[GroupMemberCount]) -> GqlResult<HashMap<GroupMemberCount, i64>> {
        let grids: Vec<AreaId> = keys.iter().map(|k| k.0).collect();
        let mut conn = self.db.conn().await?;
        let rows = store::count_active_group_members_of(&mut conn, &self.scope, &grids).await?;
        Ok(counts(keys, rows, |k| k.0))
    }
}

impl Loader<ResidentsWithin> for PeopleLoader {
    type Value = Vec<Person>;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[ResidentsWithin]) -> GqlResult<HashMap<ResidentsWithin, Vec<Person>>> {
        let mut conn = self.db.conn().await?;
        let mut out = HashMap::new();
        for (page, paths) in by_page(keys) {
            let rows = store::persons_within_many(&mut conn, &self.scope, &paths, &page).await?;
            spread(&mut out, page, &paths, rows, |r| r.parent_path.clone(), ResidentsWithin);
        }
        // `union all` keeps no order across its parts: put each page back in keyset order.
        Ok(out
            .into_iter()
            .map(|(k, rows)| {
                let mut persons: Vec<Person> = rows.into_iter().map(|r| r.person).collect();
                persons.sort_by_key(|p| p.id);
                if k.1.backward {
                    persons.reverse();
                }
                (k, persons)
            })
            .collect())
    }
}

impl Loader<ResidentCount> for PeopleLoader {
    type Value = i64;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[ResidentCount]) -> GqlResult<HashMap<ResidentCount, i64>> {
        let paths: Vec<String> = keys.iter().map(|k| k.0.clone()).collect();
        let mut conn = self.db.conn().await?;
        let rows = store::count_persons_within_many(&mut conn, &self.scope, &paths).await?;
        Ok(counts(keys, rows, |k| k.0.clone()))
    }
}

/// A whole read of one personal-data field, batched into one audit insert.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AuditedRead(pub PersonId, pub &'static str);

impl Loader<AuditedRead> for PeopleLoader {
    type Value = ();
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[AuditedRead]) -> GqlResult<HashMap<AuditedRead, ()>> {
        let reads: Vec<(PersonId, &'static str)> = keys.iter().map(|k| (k.0, k.1)).collect();
        let mut conn = self.db.conn().await?;
        store::insert_audit(&mut conn, &self.actor, &reads, now()).await?;
        Ok(keys.iter().map(|k| (*k, ())).collect())
    }
}

/// A person visible to the caller, or `None` (missing and out of scope look the same).
pub async fn person(ctx: &Context<'_>, id: PersonId) -> GqlResult<Option<Person>> {
    loader::<PeopleLoader>(ctx).load_one(id).await
}

pub async fn special_group_entry(
    ctx: &Context<'_>,
    id: SpecialGroupEntryId,
) -> GqlResult<Option<SpecialGroupEntry>> {
    loader::<PeopleLoader>(ctx).load_one(id).await
}

pub async fn role_assignment(ctx: &Context<'_>, id: RoleAssignmentId) -> GqlResult<Option<RoleAssignment>> {
    loader::<PeopleLoader>(ctx).load_one(id).await
}

pub async fn grid_group_member(
    ctx: &Context<'_>,
    id: GridGroupMemberId,
) -> GqlResult<Option<GridGroupMember>> {
    loader::<PeopleLoader>(ctx).load_one(id).await
}

/// 楼栋长 of a building: its active building leader, if the caller may see it.
pub async fn building_leader_of(ctx: &Context<'_>, building: AreaId) -> GqlResult<Option<RoleAssignment>> {
    loader::<PeopleLoader>(ctx).load_one(BuildingLeaderOf(building)).await
}

/// 网格员 of a grid: its active grid workers the caller may see.
pub async fn grid_workers_of(ctx: &Context<'_>, grid: AreaId, page: Page) -> GqlResult<Conn<RoleAssignment>> {
    let loader = loader::<PeopleLoader>(ctx);
    let rows = loader.load_one(GridWorkersOf(grid, page)).await?.unwrap_or_default();
    Ok(connection(&page, rows, |a| a.id.0, |a| a, loaded_count(loader, GridWorkerCount(grid))))
}

/// 网格治理微信群 of a grid: its active members the caller may see.
pub async fn governance_group_of(
    ctx: &Context<'_>,
    grid: AreaId,
    page: Page,
) -> GqlResult<Conn<GridGroupMember>> {
    let loader = loader::<PeopleLoader>(ctx);
    let rows = loader.load_one(GroupMembersOf(grid, page)).await?.unwrap_or_default();
    Ok(connection(&page, rows, |m| m.id.0, |m| m, loaded_count(loader, GroupMemberCount(grid))))
}

/// The people living at or below the area whose path is `area_path`, that
/// the caller may see.
pub async fn residents_within(ctx: &Context<'_>, area_path: String, page: Page) -> GqlResult<Conn<Person>> {
    let loader = loader::<PeopleLoader>(ctx);
    let rows = loader.load_one(ResidentsWithin(area_path.clone(), page)).await?.unwrap_or_default();
    Ok(connection(&page, rows, |p| p.id.0, |p| p, loaded_count(loader, ResidentCount(area_path))))
}

/// Decrypt a sealed field for a caller with the personal-data permission,
/// recording the read; otherwise the masked form.
async fn reveal(
    ctx: &Context<'_>,
    person: PersonId,
    field: &'static str,
    sealed: &[u8],
    masked: &str,
) -> GqlResult<String> {
    let rctx = req(ctx);
    if !rctx.principal.sees_personal_data() {
        return Ok(masked.to_owned());
    }
    let plain = rctx.data_key.decrypt(sealed)?;
    loader::<PeopleLoader>(ctx).load_one(AuditedRead(person, field)).await?;
    Ok(plain)
}

/// 人员 — a person known to the platform: a resident, party member, grid
/// worker or representative. Visible to the admins of the area they live in
/// and of the areas they serve in (as grid worker, building leader, member of
/// a party organization, governance-group or committee member), and to
/// themself. ID-card number and phone are masked unless the caller holds the
/// personal-data permission; every whole read is audited.
#[Object]
impl Person {
    pub async fn id(&self) -> ID {
        global_id("Person", self.id.0)
    }
    async fn name(&self) -> &str {
        &self.name
    }
    async fn gender(&self) -> Gender {
        self.gender
    }
    async fn birth_date(&self) -> Date {
        self.birth_date
    }
    /// Age in whole years today.
    async fn age(&self) -> i32 {
        self.age_on(Date::today().0)
    }
    /// 身份证号 — masked (`340404********1234`) unless permitted.
    async fn id_card_number(&self, ctx: &Context<'_>) -> GqlResult<String> {
        reveal(ctx, self.id, "id_card_number", &self.id_card_cipher, &self.id_card_masked).await
    }
    /// 手机号 — masked (`138****5678`) unless permitted.
    async fn phone(&self, ctx: &Context<'_>) -> GqlResult<Option<String>> {
        match (&self.phone_cipher, &self.phone_masked) {
            (Some(sealed), Some(masked)) => Ok(Some(reveal(ctx, self.id, "phone", sealed, masked).await?)),
            _ => Ok(None),
        }
    }
    /// Where the person lives: a building, or a village.
    async fn home_area(&self, ctx: &Context<'_>) -> GqlResult<Option<Area>> {
        area(ctx, self.home_area_id).await
    }
    /// 党员 — the person's party membership, if they are a member.
    async fn party_member(&self, ctx: &Context<'_>) -> GqlResult<Option<crate::org::model::PartyMember>> {
        crate::org::graphql::member_of_person(ctx, self.id).await
    }
    /// 特殊群体台账 — the person's entries in the special-group register,
    /// open ones only unless `includeEnded`.
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn special_groups(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = false)] include_ended: bool,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<SpecialGroupEntry>> {
        let page = Page::parse(first, after, last, before)?;
        let loader = loader::<PeopleLoader>(ctx);
        let rows =
            loader.load_one(PersonSpecialGroups((self.id, include_ended), page)).await?.unwrap_or_default();
        let total = loaded_count(loader, PersonSpecialGroupCount(self.id, include_ended));
        Ok(connection(&page, rows, |e| e.id.0, |e| e, total))
    }
    /// The roles the person holds in areas (楼栋长, 网格员), active ones only
    /// unless `activeOnly` is false.
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn roles(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = true)] active_only: bool,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<RoleAssignment>> {
        let page = Page::parse(first, after, last, before)?;
        let loader = loader::<PeopleLoader>(ctx);
        let rows = loader.load_one(PersonRoles((self.id, active_only), page)).await?.unwrap_or_default();
        let total = loaded_count(loader, PersonRoleCount(self.id, active_only));
        Ok(connection(&page, rows, |a| a.id.0, |a| a, total))
    }
}

/// 特殊群体台账条目 — an entry of the special-group register: a person
/// registered in a group (elderly living alone, disabled, needy...) from a
/// date, until the entry is closed.
#[Object]
impl SpecialGroupEntry {
    pub async fn id(&self) -> ID {
        global_id("SpecialGroupEntry", self.id.0)
    }
    async fn group(&self) -> SpecialGroup {
        self.group_kind
    }
    async fn registered_on(&self) -> Date {
        self.registered_on
    }
    /// When the entry was closed (销号); null while it is open.
    async fn ended_on(&self) -> Option<Date> {
        self.ended_on
    }
    async fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
    async fn person(&self, ctx: &Context<'_>) -> GqlResult<Option<Person>> {
        person(ctx, self.person_id).await
    }
}

/// 区域角色任命 — a person's term in a role of an area: building leader
/// (楼栋长) of a building, or grid worker (网格员) of a grid.
#[Object]
impl RoleAssignment {
    pub async fn id(&self) -> ID {
        global_id("RoleAssignment", self.id.0)
    }
    async fn role(&self) -> AreaRole {
        self.role
    }
    async fn person(&self, ctx: &Context<'_>) -> GqlResult<Option<Person>> {
        person(ctx, self.person_id).await
    }
    /// The building or grid.
    async fn area(&self, ctx: &Context<'_>) -> GqlResult<Option<Area>> {
        area(ctx, self.area_id).await
    }
    async fn from_on(&self) -> Date {
        self.from_on
    }
    /// When the term ended; null while it lasts.
    async fn to_on(&self) -> Option<Date> {
        self.to_on
    }
    /// Not yet ended.
    async fn active(&self) -> bool {
        self.is_active()
    }
}

/// 网格治理群成员 — a member of a grid's governance group (网格治理微信群)
/// in one role: building leader, owners'-committee, resident or unit
/// representative, department, property company.
#[Object]
impl GridGroupMember {
    pub async fn id(&self) -> ID {
        global_id("GridGroupMember", self.id.0)
    }
    async fn role(&self) -> GridGroupRole {
        self.role
    }
    async fn person(&self, ctx: &Context<'_>) -> GqlResult<Option<Person>> {
        person(ctx, self.person_id).await
    }
    /// The unit (驻区单位, 物业公司) the member represents, if any.
    async fn unit(&self, ctx: &Context<'_>) -> GqlResult<Option<Unit>> {
        match self.unit_id {
            Some(u) => unit(ctx, u).await,
            None => Ok(None),
        }
    }
    async fn grid(&self, ctx: &Context<'_>) -> GqlResult<Option<Area>> {
        area(ctx, self.grid_id).await
    }
    async fn from_on(&self) -> Date {
        self.from_on
    }
    /// When the member left the group; null while they are in it.
    async fn to_on(&self) -> Option<Date> {
        self.to_on
    }
}

pub async fn list_people(ctx: &Context<'_>, filter: PersonFilter, page: Page) -> GqlResult<Conn<Person>> {
    let rctx = req(ctx);
    let scope = rctx.scope.clone();
    let rows = store::list_persons(&mut rctx.db.conn().await?, &scope, &filter, &page).await?;
    let total = count_with(&rctx.db, move |mut c| {
        let (scope, filter) = (scope.clone(), filter.clone());
        async move { store::count_persons(&mut c, &scope, &filter).await }
    });
    Ok(connection(&page, rows, |p| p.id.0, |p| p, total))
}

/// Age bounds to birth-date bounds, as of today.
pub fn age_filter(
    min_age: Option<i32>,
    max_age: Option<i32>,
) -> Result<(Option<Date>, Option<Date>), crate::Error> {
    let today = Date::today().0;
    let years_ago = |field: &str, n: i32| {
        if !(0..=150).contains(&n) {
            return Err(crate::Error::bad_input(field, "an age must be between 0 and 150"));
        }
        Ok(today.checked_sub_months(chrono::Months::new(12 * n as u32)).expect("within the calendar"))
    };
    // Aged at least `min`: born on or before today minus `min` years.
    let born_to = min_age.map(|n| years_ago("minAge", n)).transpose()?.map(Date);
    // Aged at most `max`: born after today minus `max + 1` years.
    let born_from = max_age
        .map(|n| years_ago("maxAge", n + 1))
        .transpose()?
        .map(|d| Date(d.succ_opt().expect("within the calendar")));
    Ok((born_from, born_to))
}

#[derive(Default)]
pub struct PeopleQuery;

#[Object]
impl PeopleQuery {
    /// The caller's own person record, if the token names one.
    async fn me(&self, ctx: &Context<'_>) -> GqlResult<Option<Person>> {
        match req(ctx).principal.person {
            Some(id) => person(ctx, PersonId(id)).await,
            None => Ok(None),
        }
    }

    /// 居民 — people living in the caller's area (or the caller themself),
    /// filtered by area (and all below it), special group, age range, name,
    /// or an exact ID-card number or mobile number (matched by keyed hash:
    /// nobody's data is decrypted to search).
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn people(
        &self,
        ctx: &Context<'_>,
        within: Option<ID>,
        special_group: Option<SpecialGroup>,
        min_age: Option<i32>,
        max_age: Option<i32>,
        name_contains: Option<String>,
        id_card_number: Option<String>,
        phone: Option<String>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<Person>> {
        let page = Page::parse(first, after, last, before)?;
        let within = match within {
            Some(w) => Some(area_path_arg(ctx, &w, "within").await?),
            None => None,
        };
        let (born_from, born_to) = age_filter(min_age, max_age)?;
        let key = &req(ctx).data_key;
        let id_card_hash = id_card_number
            .map(|n| IdCardNumber::parse(&n, "idCardNumber").map(|n| key.lookup_hash(n.as_str())))
            .transpose()
            .map_err(UserError::into_argument_error)?;
        let phone_hash = phone
            .map(|p| Phone::parse(&p, "phone").map(|p| key.lookup_hash(p.as_str())))
            .transpose()
            .map_err(UserError::into_argument_error)?;
        let filter = PersonFilter {
            within,
            special_group,
            born_from,
            born_to,
            name_contains,
            id_card_hash,
            phone_hash,
        };
        list_people(ctx, filter, page).await
    }

    /// 网格员 — grid-worker assignments the caller may see, optionally within
    /// an area; active ones only unless `activeOnly` is false.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn grid_workers(
        &self,
        ctx: &Context<'_>,
        within: Option<ID>,
        #[graphql(default = true)] active_only: bool,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<RoleAssignment>> {
        let page = Page::parse(first, after, last, before)?;
        list_roles(ctx, AreaRole::GridWorker, within, active_only, page).await
    }

    /// 楼栋长 — building-leader assignments the caller may see, optionally
    /// within an area; active ones only unless `activeOnly` is false.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn building_leaders(
        &self,
        ctx: &Context<'_>,
        within: Option<ID>,
        #[graphql(default = true)] active_only: bool,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<RoleAssignment>> {
        let page = Page::parse(first, after, last, before)?;
        list_roles(ctx, AreaRole::BuildingLeader, within, active_only, page).await
    }
}

async fn list_roles(
    ctx: &Context<'_>,
    role: AreaRole,
    within: Option<ID>,
    active_only: bool,
    page: Page,
) -> GqlResult<Conn<RoleAssignment>> {
    let within = match within {
        Some(w) => Some(area_path_arg(ctx, &w, "within").await?),
        None => None,
    };
    let filter = RoleFilter { role, within, active_only };
    let rctx = req(ctx);
    let scope = rctx.scope.clone();
    let rows = store::list_role_assignments(&mut rctx.db.conn().await?, &scope, &filter, &page).await?;
    let total = count_with(&rctx.db, move |mut c| {
        let (scope, filter) = (scope.clone(), filter.clone());
        async move { store::count_role_assignments(&mut c, &scope, &filter).await }
    });
    Ok(connection(&page, rows, |a| a.id.0, |a| a, total))
}

/// 登记居民 — register a resident.
#[derive(InputObject)]
pub struct RegisterResidentInput {
    pub name: String,
    /// 18-character ID-card number; birth date and gender are read from it.
    pub id_card_number: String,
    /// Mainland mobile number.
    pub phone: Option<String>,
    /// The building (or village) the resident lives in.
    pub home_area_id: ID,
}

payload!(
    /// The result of `registerResident`.
    RegisterResidentPayload { person: Person }
);

/// 修改人员信息 — change a person's name, phone or home. Omitted fields
/// stay as they are.
#[derive(InputObject)]
pub struct UpdatePersonInput {
    pub id: ID,
    pub name: Option<String>,
    /// Mainland mobile number; null or an empty string removes the phone.
    pub phone: MaybeUndefined<String>,
    /// The building (or village) the person now lives in.
    pub home_area_id: Option<ID>,
}

payload!(
    /// The result of `updatePerson`.
    UpdatePersonPayload { person: Person }
);

/// 登记特殊群体 — enter a person in the special-group register.
#[derive(InputObject)]
pub struct RegisterSpecialGroupInput {
    pub person_id: ID,
    pub group: SpecialGroup,
    /// Today when omitted.
    pub registered_on: Option<Date>,
    /// At most 500 characters.
    pub note: Option<String>,
}

/// 特殊群体销号 — close an entry of the special-group register.
#[derive(InputObject)]
pub struct EndSpecialGroupInput {
    pub entry_id: ID,
    /// Not before the entry's registration date.
    pub ended_on: Date,
}

payload!(
    /// The result of `registerSpecialGroup` and `endSpecialGroup`.
    SpecialGroupEntryPayload { entry: SpecialGroupEntry }
);

/// 任命楼栋长 — make a person the building leader of a building.
#[derive(InputObject)]
pub struct AssignBuildingLeaderInput {
    pub person_id: ID,
    pub building_id: ID,
    pub from_on: Date,
}

/// 楼栋长卸任 — end a building leader's term.
#[derive(InputObject)]
pub struct EndBuildingLeaderInput {
    pub assignment_id: ID,
    /// Not before the term's start.
    pub to_on: Date,
}

/// 任命网格员 — make a person a grid worker of a grid.
#[derive(InputObject)]
pub struct AssignGridWorkerInput {
    pub person_id: ID,
    pub grid_id: ID,
    pub from_on: Date,
}

/// 网格员卸任 — end a grid worker's term in a grid.
#[derive(InputObject)]
pub struct EndGridWorkerInput {
    pub assignment_id: ID,
    /// Not before the term's start.
    pub to_on: Date,
}

payload!(
    /// The result of assigning or ending a building leader or grid worker.
    RoleAssignmentPayload { assignment: RoleAssignment }
);

/// 加入网格治理群 — add a person to a grid's governance group.
#[derive(InputObject)]
pub struct AddGridGroupMemberInput {
    pub grid_id: ID,
    pub person_id: ID,
    pub role: GridGroupRole,
    /// The unit represented: required for UNIT_REP and PROPERTY_COMPANY
    /// (which must be a property company).
    pub unit_id: Option<ID>,
    pub from_on: Date,
}

/// 退出网格治理群 — end a membership of a grid's governance group.
#[derive(InputObject)]
pub struct EndGridGroupMemberInput {
    pub member_id: ID,
    /// Not before the membership's start.
    pub to_on: Date,
}

payload!(
    /// The result of `addGridGroupMember` and `endGridGroupMember`.
    GridGroupMemberPayload { member: GridGroupMember }
);

fn person_id(id: &ID, field: &str) -> GqlResult<PersonId> {
    Ok(PersonId(expect_id(id, "Person", field)?))
}

fn area_id(id: &ID, field: &str) -> GqlResult<AreaId> {
    Ok(AreaId(expect_id(id, "Area", field)?))
}

#[derive(Default)]
pub struct PeopleMutation;

#[Object]
impl PeopleMutation {
    /// 登记居民 — register a resident in a building of the caller's area.
    async fn register_resident(
        &self,
        ctx: &Context<'_>,
        input: RegisterResidentInput,
    ) -> GqlResult<RegisterResidentPayload> {
        let rctx = req(ctx);
        let home_area_id = AreaId(expect_id(&input.home_area_id, "Area", "input.homeAreaId")?);
        let result = service::register_resident(
            &rctx.db,
            &rctx.data_key,
            &rctx.principal,
            RegisterResident {
                name: input.name,
                id_card_number: input.id_card_number,
                phone: input.phone,
                home_area_id,
            },
        )
        .await;
        RegisterResidentPayload::from_result(result)
    }

    /// 修改人员信息 — change a person of the caller's area; moving home
    /// moves their party membership and register entries with them.
    async fn update_person(
        &self,
        ctx: &Context<'_>,
        input: UpdatePersonInput,
    ) -> GqlResult<UpdatePersonPayload> {
        let rctx = req(ctx);
        let id = person_id(&input.id, "input.id")?;
        let home_area_id = input.home_area_id.map(|h| area_id(&h, "input.homeAreaId")).transpose()?;
        let phone = match input.phone {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Value(p) => Some(Some(p)),
        };
        let result = service::update_person(
            &rctx.db,
            &rctx.data_key,
            &rctx.principal,
            UpdatePerson { id, name: input.name, phone, home_area_id },
        )
        .await;
        UpdatePersonPayload::from_result(result)
    }

    /// 登记特殊群体 — enter a person of the caller's area in the special-group register.
    async fn register_special_group(
        &self,
        ctx: &Context<'_>,
        input: RegisterSpecialGroupInput,
    ) -> GqlResult<SpecialGroupEntryPayload> {
        let rctx = req(ctx);
        let person_id = person_id(&input.person_id, "input.personId")?;
        let result = service::register_special_group(
            &rctx.db,
            &rctx.principal,
            RegisterSpecialGroup {
                person_id,
                group: input.group,
                registered_on: input.registered_on,
                note: input.note,
            },
        )
        .await;
        SpecialGroupEntryPayload::from_result(result)
    }

    /// 特殊群体销号 — close an entry of the special-group register.
    async fn end_special_group(
        &self,
        ctx: &Context<'_>,
        input: EndSpecialGroupInput,
    ) -> GqlResult<SpecialGroupEntryPayload> {
        let rctx = req(ctx);
        let entry_id = SpecialGroupEntryId(expect_id(&input.entry_id, "SpecialGroupEntry", "input.entryId")?);
        let result = service::end_special_group(&rctx.db, &rctx.principal, entry_id, input.ended_on).await;
        SpecialGroupEntryPayload::from_result(result)
    }

    /// 任命楼栋长 — make a person the building leader of a building; a
    /// building has one active leader.
    async fn assign_building_leader(
        &self,
        ctx: &Context<'_>,
        input: AssignBuildingLeaderInput,
    ) -> GqlResult<RoleAssignmentPayload> {
        let rctx = req(ctx);
        let assign = AssignRole {
            role: AreaRole::BuildingLeader,
            person_id: person_id(&input.person_id, "input.personId")?,
            area_id: area_id(&input.building_id, "input.buildingId")?,
            from_on: input.from_on,
        };
        RoleAssignmentPayload::from_result(service::assign_role(&rctx.db, &rctx.principal, assign).await)
    }

    /// 楼栋长卸任 — end a building leader's term.
    async fn end_building_leader(
        &self,
        ctx: &Context<'_>,
        input: EndBuildingLeaderInput,
    ) -> GqlResult<RoleAssignmentPayload> {
        end_role(ctx, AreaRole::BuildingLeader, &input.assignment_id, input.to_on).await
    }

    /// 任命网格员 — make a person a grid worker of a grid.
    async fn assign_grid_worker(
        &self,
        ctx: &Context<'_>,
        input: AssignGridWorkerInput,
    ) -> GqlResult<RoleAssignmentPayload> {
        let rctx = req(ctx);
        let assign = AssignRole {
            role: AreaRole::GridWorker,
            person_id: person_id(&input.person_id, "input.personId")?,
            area_id: area_id(&input.grid_id, "input.gridId")?,
            from_on: input.from_on,
        };
        RoleAssignmentPayload::from_result(service::assign_role(&rctx.db, &rctx.principal, assign).await)
    }

    /// 网格员卸任 — end a grid worker's term in a grid.
    async fn end_grid_worker(
        &self,
        ctx: &Context<'_>,
        input: EndGridWorkerInput,
    ) -> GqlResult<RoleAssignmentPayload> {
        end_role(ctx, AreaRole::GridWorker, &input.assignment_id, input.to_on).await
    }

    /// 加入网格治理群 — add a person to a grid's governance group in a role.
    async fn add_grid_group_member(
        &self,
        ctx: &Context<'_>,
        input: AddGridGroupMemberInput,
    ) -> GqlResult<GridGroupMemberPayload> {
        let rctx = req(ctx);
        let add = AddGridGroupMember {
            grid_id: area_id(&input.grid_id, "input.gridId")?,
            person_id: person_id(&input.person_id, "input.personId")?,
            role: input.role,
            unit_id: input.unit_id.map(|u| expect_id(&u, "Unit", "input.unitId").map(UnitId)).transpose()?,
            from_on: input.from_on,
        };
        GridGroupMemberPayload::from_result(
            service::add_grid_group_member(&rctx.db, &rctx.principal, add).await,
        )
    }

    /// 退出网格治理群 — end a membership of a grid's governance group.
    async fn end_grid_group_member(
        &self,
        ctx: &Context<'_>,
        input: EndGridGroupMemberInput,
    ) -> GqlResult<GridGroupMemberPayload> {
        let rctx = req(ctx);
        let member_id = GridGroupMemberId(expect_id(&input.member_id, "GridGroupMember", "input.memberId")?);
        let result = service::end_grid_group_member(&rctx.db, &rctx.principal, member_id, input.to_on).await;
        GridGroupMemberPayload::from_result(result)
    }
}

async fn end_role(
    ctx: &Context<'_>,
    role: AreaRole,
    id: &ID,
    to_on: Date,
) -> GqlResult<RoleAssignmentPayload> {
    let rctx = req(ctx);
    let id = RoleAssignmentId(expect_id(id, "RoleAssignment", "input.assignmentId")?);
    RoleAssignmentPayload::from_result(service::end_role(&rctx.db, &rctx.principal, role, id, to_on).await)
}
