//! The people domain's mutations, their inputs and payloads.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object};

use super::model::*;
use super::service::{
    self, AddGridGroupMember, AssignRole, RegisterResident, RegisterSpecialGroup, UpdatePerson,
};
use crate::db::Date;
use crate::graphql::context::{GqlResult, input_id, req};
use crate::ids::{AreaId, GridGroupMemberId, PersonId, RoleAssignmentId, SpecialGroupEntryId, UnitId};
use crate::payload;

/// 登记居民 — register a resident.
#[derive(InputObject)]
pub struct RegisterResidentInput {
    /// 1 to 50 characters after trimming.
    pub name: String,
    /// 18-character ID-card number; birth date and gender are read from it.
    pub id_card_number: String,
    /// Mainland mobile number: 11 digits, optionally with +86, spaces or dashes.
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
    /// 1 to 50 characters after trimming.
    pub name: Option<String>,
    /// Mainland mobile number (11 digits); null or an empty string removes the phone.
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
        let home_area_id = input_id(AreaId::from_global(&input.home_area_id, "homeAreaId"))?;
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

    /// 修改人员信息 — change a person living in the caller's area; moving
    /// home moves their party membership and register entries with them.
    async fn update_person(
        &self,
        ctx: &Context<'_>,
        input: UpdatePersonInput,
    ) -> GqlResult<UpdatePersonPayload> {
        let rctx = req(ctx);
        let id = input_id(PersonId::from_global(&input.id, "id"))?;
        let home_area_id =
            input.home_area_id.map(|h| input_id(AreaId::from_global(&h, "homeAreaId"))).transpose()?;
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

    /// 登记特殊群体 — enter a person living in the caller's area in the special-group register.
    async fn register_special_group(
        &self,
        ctx: &Context<'_>,
        input: RegisterSpecialGroupInput,
    ) -> GqlResult<SpecialGroupEntryPayload> {
        let rctx = req(ctx);
        let person_id = input_id(PersonId::from_global(&input.person_id, "personId"))?;
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
        let entry_id = input_id(SpecialGroupEntryId::from_global(&input.entry_id, "entryId"))?;
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
            person_id: input_id(PersonId::from_global(&input.person_id, "personId"))?,
            area_id: input_id(AreaId::from_global(&input.building_id, "buildingId"))?,
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
            person_id: input_id(PersonId::from_global(&input.person_id, "personId"))?,
            area_id: input_id(AreaId::from_global(&input.grid_id, "gridId"))?,
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
            grid_id: input_id(AreaId::from_global(&input.grid_id, "gridId"))?,
            person_id: input_id(PersonId::from_global(&input.person_id, "personId"))?,
            role: input.role,
            unit_id: input.unit_id.map(|u| input_id(UnitId::from_global(&u, "unitId"))).transpose()?,
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
        let member_id = input_id(GridGroupMemberId::from_global(&input.member_id, "memberId"))?;
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
    let id = input_id(RoleAssignmentId::from_global(id, "assignmentId"))?;
    RoleAssignmentPayload::from_result(service::end_role(&rctx.db, &rctx.principal, role, id, to_on).await)
}
