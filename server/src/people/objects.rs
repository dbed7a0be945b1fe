//! GraphQL objects of people. `Person` is extensible: the domains above add
//! their fields to it through [`PERSON_FIELDS`]. The fields people add to
//! `Area` (residents, building leader, grid workers, governance group) are
//! the group [`AreaPeople`].

use async_graphql::{Context, ID, Object};

use super::loaders::{
    AuditedRead, BuildingLeaderOf, GridWorkersOf, GroupMembersOf, PersonRoles, PersonSpecialGroups,
    ResidentsWithin, person,
};
use super::model::*;
use crate::area::loaders::{area, unit};
use crate::area::model::{Area, AreaKind, Unit};
use crate::db::audit::{self, AuditFilter, AuditRecord};
use crate::db::{Date, Timestamp};
use crate::graphql::context::{GqlResult, list, loader, one, page, req, root_list};
use crate::graphql::extend::Groups;
use crate::graphql::relay::Conn;
use crate::ids::PersonId;
use crate::{extensible_object, field_group};

/// The fields higher domains add to `Person`, installed by `graphql/schema.rs`.
pub static PERSON_FIELDS: Groups<Person> = Groups::new();

field_group!(
    /// The fields of `Person` its own domain declares.
    PersonFields for Person
);

extensible_object!(Person, "Person", core: PersonFields, groups: PERSON_FIELDS);

/// Decrypt a sealed field for a caller with the personal-data permission,
/// or for a partner client one of whose purposes needs the field, recording
/// the read (with the client and the purpose); otherwise the masked form.
async fn reveal(
    ctx: &Context<'_>,
    person: PersonId,
    field: &'static str,
    sealed: &[u8],
    masked: &str,
) -> GqlResult<String> {
    let rctx = req(ctx);
    let by = match &rctx.principal.client {
        Some(grant) => match grant.purpose_for(field) {
            Some(purpose) => Some((grant.id, purpose)),
            None => return Ok(masked.to_owned()),
        },
        None if rctx.principal.sees_personal_data() => None,
        None => return Ok(masked.to_owned()),
    };
    let plain = rctx.data_key.decrypt(sealed)?;
    loader(ctx).load_one(AuditedRead(person, field, by)).await?;
    Ok(plain)
}

/// 人员 — a person known to the platform: a resident, party member, grid
/// worker or representative. Visible to the admins of the area they live in
/// and of the areas they serve in (as grid worker, building leader, member of
/// a party organization, governance-group or committee member), and to
/// themself. ID-card number and phone are masked unless the caller holds the
/// personal-data permission; every whole read is audited.
#[Object]
impl PersonFields<'_> {
    async fn id(&self) -> ID {
        self.id.to_global()
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
    /// 谁查看了我的信息 — who read this person's whole ID-card number or
    /// phone, and when (with the partner client and its purpose, for a
    /// client), newest last. Only the person themself may ask (PIPL).
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn who_read_my_data(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<AuditRecord>> {
        if req(ctx).principal.person != Some(self.id.0) {
            return Err(
                crate::Error::forbidden("only the person themself may ask who read their data").into()
            );
        }
        let page = page(first, after, last, before)?;
        let filter = AuditFilter {
            target: Some(self.id.0),
            action: Some(audit::READ_PERSONAL_DATA.to_owned()),
            ..AuditFilter::default()
        };
        root_list(ctx, filter, page).await
    }
    /// Where the person lives: a building, or a village.
    async fn home_area(&self, ctx: &Context<'_>) -> GqlResult<Option<Area>> {
        area(ctx, self.home_area_id).await
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
        list::<PersonSpecialGroups>(ctx, self.id, include_ended, page(first, after, last, before)?).await
    }
    /// The roles the person holds in areas (楼栋长, 网格员), running ones only
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
        list::<PersonRoles>(ctx, self.id, active_only, page(first, after, last, before)?).await
    }
}

field_group!(
    /// The fields people add to `Area`.
    AreaPeople for Area
);

#[Object]
impl AreaPeople<'_> {
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
        list::<ResidentsWithin>(ctx, self.path.clone(), (), page(first, after, last, before)?).await
    }
    /// 楼栋长 — the building's current leader (buildings only).
    async fn building_leader(&self, ctx: &Context<'_>) -> GqlResult<Option<RoleAssignment>> {
        if self.kind != AreaKind::Building {
            return Ok(None);
        }
        one(ctx, BuildingLeaderOf(self.id)).await
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
        list::<GridWorkersOf>(ctx, self.id, (), page(first, after, last, before)?).await
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
        list::<GroupMembersOf>(ctx, self.id, (), page(first, after, last, before)?).await
    }
}

/// 特殊群体台账条目 — an entry of the special-group register: a person
/// registered in a group (elderly living alone, disabled, needy...) from a
/// date, until the entry is closed.
#[Object]
impl SpecialGroupEntry {
    pub async fn id(&self) -> ID {
        self.id.to_global()
    }
    async fn group(&self) -> SpecialGroup {
        self.group_kind
    }
    async fn registered_on(&self) -> Date {
        self.registered_on
    }
    /// When the entry was closed (销号); null while it is open. An entry
    /// counts as open through its closing day.
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
        self.id.to_global()
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
    /// The last day of the term; null while it is open-ended.
    async fn to_on(&self) -> Option<Date> {
        self.to_on
    }
    /// Whether the term runs today (it has no end, or ends today or later).
    async fn active(&self) -> bool {
        self.is_active_on(Date::today())
    }
}

/// 网格治理群成员 — a member of a grid's governance group (网格治理微信群)
/// in one role: building leader, owners'-committee, resident or unit
/// representative, department, property company.
#[Object]
impl GridGroupMember {
    pub async fn id(&self) -> ID {
        self.id.to_global()
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
    /// The last day in the group; null while open-ended.
    async fn to_on(&self) -> Option<Date> {
        self.to_on
    }
}

/// `state_change_object!(BookingChange, BookingState)`: the GraphQL object
/// of one change of a state timeline (`db::timeline`) whose states are the
/// text enum `BookingState`: the state, when, who (a `Person`, as the
/// caller may see them) and its note. Every domain with states declares
/// its own with this, so their histories read alike.
#[macro_export]
macro_rules! state_change_object {
    ($(#[$m:meta])* $name:ident, $state:ty) => {
        $(#[$m])*
        pub struct $name(pub $crate::db::timeline::StateChange);

        #[async_graphql::Object]
        impl $name {
            async fn state(&self) -> $crate::graphql::context::GqlResult<$state> {
                <$state>::try_from(self.0.state.clone())
                    .map_err(|e| $crate::Error::internal(anyhow::anyhow!(e)).into())
            }
            async fn at(&self) -> $crate::db::Timestamp {
                self.0.at
            }
            /// Who made the change, when the caller may see them; null for
            /// the server's own changes and for callers with no person record.
            async fn by(
                &self,
                ctx: &async_graphql::Context<'_>,
            ) -> $crate::graphql::context::GqlResult<Option<$crate::people::model::Person>> {
                match self.0.actor_person_id {
                    Some(id) => $crate::people::loaders::person(ctx, $crate::ids::PersonId(id)).await,
                    None => Ok(None),
                }
            }
            /// Whether the server made the change itself (an offer that ran
            /// out, a place given to the next in line).
            async fn by_system(&self) -> bool {
                self.0.actor_subject == $crate::db::timeline::Actor::system().subject
            }
            /// A note made with the change (an outcome, a reason).
            async fn note(&self) -> Option<&str> {
                self.0.note.as_deref()
            }
        }
    };
}

/// 审计记录 — one record of the audit trail: who (a user's subject, or
/// `client:<id>` for a partner client) did what, to which record, when.
#[Object]
impl AuditRecord {
    async fn at(&self) -> Timestamp {
        self.at
    }
    /// The token's subject.
    async fn actor(&self) -> &str {
        &self.actor
    }
    /// `read_personal_data`, `change_member_status`, `create_partner_client`, `rotate_partner_secret`, ...
    async fn action(&self) -> &str {
        &self.action
    }
    /// The uuid of the record it concerns (a person, a party member, a partner client).
    async fn subject_id(&self) -> String {
        self.target_id.to_string()
    }
    /// What was read or changed: `id_card_number`, `phone`, a new status...
    async fn detail(&self) -> &str {
        &self.detail
    }
    /// The partner client's `clientId`, for a client's read.
    async fn client_id(&self) -> Option<String> {
        self.client_id.map(|c| c.to_string())
    }
    /// The purpose a partner client read for.
    async fn purpose(&self) -> Option<&str> {
        self.purpose.as_deref()
    }
}
