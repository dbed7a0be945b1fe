//! Loader keys of people, and the functions other domains call to load
//! persons. Every read here is filtered by the caller's scope.

use std::collections::HashMap;

use async_graphql::Context;
use async_graphql::dataloader::Loader;

use super::model::*;
use super::store::{self, PersonFilter, RoleFilter};
use crate::area::model::{Area, AreaKind};
use crate::auth::Purpose;
use crate::db::audit::{self, AuditFilter, AuditRecord};
use crate::db::joined::Hop;
use crate::db::now;
use crate::graphql::context::{GqlResult, one};
use crate::graphql::loading::{DbLoader, Loaded};
use crate::ids::{AreaId, GridGroupMemberId, PersonId, RoleAssignmentId, SpecialGroupEntryId};
use crate::{list_loader, load_by_key, root_list, to_one};

load_by_key!(PersonId => Person, |conn, scope, ids| store::persons_by_ids(conn, scope, ids), key: |p| p.id);
load_by_key!(
    SpecialGroupEntryId => SpecialGroupEntry,
    |conn, scope, ids| store::special_group_entries_by_ids(conn, scope, ids),
    key: |e| e.id,
);
load_by_key!(
    RoleAssignmentId => RoleAssignment,
    |conn, scope, ids| store::role_assignments_by_ids(conn, scope, ids),
    key: |a| a.id,
);
load_by_key!(
    GridGroupMemberId => GridGroupMember,
    |conn, scope, ids| store::grid_group_members_by_ids(conn, scope, ids),
    key: |m| m.id,
);

/// The running building leader of a building.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BuildingLeaderOf(pub AreaId);

load_by_key!(
    BuildingLeaderOf => RoleAssignment,
    |conn, scope, keys| store::active_roles_in(
        conn,
        scope,
        AreaRole::BuildingLeader,
        &keys.iter().map(|k| k.0).collect::<Vec<_>>(),
    ),
    key: |a| BuildingLeaderOf(a.area_id),
);

// ---- hops a list statement carries (`db/joined.rs`) ----

to_one!(ROLE_PERSON: RoleAssignment.person -> Person by PersonId,
    alias: "p", join: store::join_person_of, key: |a| Some(a.person_id));
to_one!(GROUP_MEMBER_PERSON: GridGroupMember.person -> Person by PersonId,
    alias: "p", join: store::join_person_of, key: |m| Some(m.person_id));
to_one!(
    /// Buildings only.
    BUILDING_LEADER: Area.buildingLeader -> RoleAssignment by BuildingLeaderOf,
    alias: "r", join: store::join_building_leader,
    key: |a| (a.kind == AreaKind::Building).then_some(BuildingLeaderOf(a.id)),
);

/// The hops of people's fields.
pub fn hops() -> Vec<&'static dyn Hop> {
    vec![&ROLE_PERSON, &GROUP_MEMBER_PERSON, &BUILDING_LEADER]
}

list_loader! {
    /// A person's special-group entries (with ended ones when the flag is set).
    PersonSpecialGroups, PersonSpecialGroupCount: (PersonId, bool) => SpecialGroupEntry,
    cursor: |e| e.id.0,
    page: |conn, scope, persons, include_ended, page| store::special_groups_of(conn, scope, persons, *include_ended, page),
    split: |e| (e.person_id, e),
    count: |conn, scope, persons, include_ended| store::count_special_groups_of(conn, scope, persons, *include_ended),
}

list_loader! {
    /// A person's roles (running ones only when the flag is set).
    PersonRoles, PersonRoleCount: (PersonId, bool) => RoleAssignment,
    cursor: |a| a.id.0,
    page: |conn, scope, persons, active_only, page| store::roles_of_persons(conn, scope, persons, *active_only, page),
    split: |a| (a.person_id, a),
    count: |conn, scope, persons, active_only| store::count_roles_of_persons(conn, scope, persons, *active_only),
}

list_loader! {
    /// The running grid workers of a grid.
    GridWorkersOf, GridWorkerCount: (AreaId, ()) => RoleAssignment,
    cursor: |a| a.id.0,
    page: |conn, scope, grids, _f, page| store::active_roles_page_in(conn, scope, AreaRole::GridWorker, grids, page),
    split: |a| (a.area_id, a),
    count: |conn, scope, grids, _f| store::count_active_roles_in(conn, scope, AreaRole::GridWorker, grids),
}

list_loader! {
    /// The current members of a grid's governance group.
    GroupMembersOf, GroupMemberCount: (AreaId, ()) => GridGroupMember,
    cursor: |m| m.id.0,
    page: |conn, scope, grids, _f, page| store::active_group_members_of(conn, scope, grids, page),
    split: |m| (m.grid_id, m),
    count: |conn, scope, grids, _f| store::count_active_group_members_of(conn, scope, grids),
}

list_loader! {
    /// The people living at or below the area with this path.
    ResidentsWithin, ResidentCount: (String, ()) => Person,
    cursor: |p| p.id.0,
    page: |conn, scope, paths, _f, page| store::persons_within_many(conn, scope, paths, page),
    split: |r| (r.parent_path, r.person),
    count: |conn, scope, paths, _f| store::count_persons_within_many(conn, scope, paths),
}

root_list!(PersonFilter => Person, cursor: |p| p.id.0,
    page: |conn, scope, filter, page| store::list_persons(conn, scope, filter, page),
    count: |conn, scope, filter| store::count_persons(conn, scope, filter),
);

root_list!(AuditFilter => AuditRecord, cursor: |a| a.id,
    page: |conn, _scope, filter, page| audit::list(conn, filter, page),
    count: |conn, _scope, filter| audit::count(conn, filter),
);

root_list!(RoleFilter => RoleAssignment, cursor: |a| a.id.0,
    page: |conn, scope, filter, page| store::list_role_assignments(conn, scope, filter, page),
    count: |conn, scope, filter| store::count_role_assignments(conn, scope, filter),
);

/// A whole read of one personal-data field, batched into one audit insert;
/// by a partner client, with the client and the purpose it read for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AuditedRead(pub PersonId, pub &'static str, pub Option<(uuid::Uuid, Purpose)>);

impl Loader<AuditedRead> for DbLoader {
    type Value = ();
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[AuditedRead]) -> Loaded<AuditedRead, ()> {
        let reads: Vec<store::AuditRow> =
            keys.iter().map(|k| store::AuditRow { person: k.0, field: k.1, by: k.2 }).collect();
        let mut conn = self.db.conn().await?;
        store::insert_audit(&mut conn, &self.actor, &reads, now()).await?;
        Ok(keys.iter().map(|k| (*k, ())).collect::<HashMap<_, _>>())
    }
}

/// A person visible to the caller, or `None` (missing and out of scope look the same).
pub async fn person(ctx: &Context<'_>, id: PersonId) -> GqlResult<Option<Person>> {
    one(ctx, id).await
}

/// A special-group entry visible to the caller, or `None`.
pub async fn special_group_entry(
    ctx: &Context<'_>,
    id: SpecialGroupEntryId,
) -> GqlResult<Option<SpecialGroupEntry>> {
    one(ctx, id).await
}

/// A role assignment visible to the caller, or `None`.
pub async fn role_assignment(ctx: &Context<'_>, id: RoleAssignmentId) -> GqlResult<Option<RoleAssignment>> {
    one(ctx, id).await
}

/// A governance-group membership visible to the caller, or `None`.
pub async fn grid_group_member(
    ctx: &Context<'_>,
    id: GridGroupMemberId,
) -> GqlResult<Option<GridGroupMember>> {
    one(ctx, id).await
}
