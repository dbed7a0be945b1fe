//! The party domain's mutations, their inputs and payloads.

use async_graphql::{Context, ID, InputObject, Object};

use super::model::*;
use super::service;
use crate::db::Date;
use crate::graphql::context::{GqlResult, input_id, req};
use crate::ids::{AreaId, MemberId, OrgId, PairingId, PersonId, SeatId, UnitId};
use crate::payload;

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
pub struct PartyMutation;

#[Object]
impl PartyMutation {
    /// 接收党员 — admit a person (visible to you) to a party organization in your area.
    async fn admit_party_member(
        &self,
        ctx: &Context<'_>,
        input: AdmitPartyMemberInput,
    ) -> GqlResult<PartyMemberPayload> {
        let rctx = req(ctx);
        let input = service::AdmitPartyMember {
            person_id: input_id(PersonId::from_global(&input.person_id, "personId"))?,
            org_id: input_id(OrgId::from_global(&input.organization_id, "organizationId"))?,
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
            member_id: input_id(MemberId::from_global(&input.member_id, "memberId"))?,
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
            member_id: input_id(MemberId::from_global(&input.member_id, "memberId"))?,
            to_org_id: input_id(OrgId::from_global(&input.to_organization_id, "toOrganizationId"))?,
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
            member_id: input_id(MemberId::from_global(&input.member_id, "memberId"))?,
            community_id: input_id(AreaId::from_global(&input.community_id, "communityId"))?,
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
            committee_id: input_id(OrgId::from_global(&input.committee_id, "committeeId"))?,
            person_id: input_id(PersonId::from_global(&input.person_id, "personId"))?,
            unit_id: input.unit_id.map(|u| input_id(UnitId::from_global(&u, "unitId"))).transpose()?,
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
            seat_id: input_id(SeatId::from_global(&input.seat_id, "seatId"))?,
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
            org_id: input_id(OrgId::from_global(&input.organization_id, "organizationId"))?,
            community_id: input_id(AreaId::from_global(&input.community_id, "communityId"))?,
            since: input.since,
        };
        OrgPairingPayload::from_result(service::create_pairing(&rctx.db, &rctx.principal, input).await)
    }

    /// End a pairing with a community or village in your area.
    async fn end_pairing(&self, ctx: &Context<'_>, input: EndPairingInput) -> GqlResult<OrgPairingPayload> {
        let rctx = req(ctx);
        let input = service::EndPairing {
            pairing_id: input_id(PairingId::from_global(&input.pairing_id, "pairingId"))?,
            until: input.until,
        };
        OrgPairingPayload::from_result(service::end_pairing(&rctx.db, &rctx.principal, input).await)
    }
}
