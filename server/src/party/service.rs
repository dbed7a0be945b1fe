//! Party workflows: admitting, 转正, transferring (组织关系转接) and
//! reporting in (报到) members; committee seats of a community's 大党委;
//! pairings (结对共建). Each checks the caller's area, validates its whole
//! input, writes in one transaction and reads the result back. Memberships
//! and seats are also written to the table of who serves where, so the
//! organization's admins see the people who serve in it.

use super::model::*;
use super::store::{self, NewMember, NewSeat};
use crate::area::model::lies_within;
use crate::area::store as area_store;
use crate::auth::{Action, Principal};
use crate::db::{Conn, Date, Db, Scope, check_end, check_running, now, on_unique, read_back};
use crate::error::{Error, InputErrors, Result, UserError};
use crate::ids::{AreaId, MemberId, OrgId, PairingId, PersonId, SeatId, UnitId};
use crate::people::model::PersonMoved;
use crate::people::store::{self as people_store, NewServing};

pub struct AdmitPartyMember {
    pub person_id: PersonId,
    pub org_id: OrgId,
    pub category: MemberCategory,
    pub status: MemberStatus,
    pub joined_on: Date,
}

/// 发展党员 / 接收党员: the organization must work in the caller's area and
/// the person be visible to it. A person who is already a member is a `CONFLICT`.
pub async fn admit_party_member(
    db: &Db,
    principal: &Principal,
    input: AdmitPartyMember,
) -> Result<PartyMember> {
    let scope = principal.scope_for(Action::ManageParty)?;
    let mut errors = InputErrors::default();
    let mut tx = db.begin().await?;
    let org = store::org(&mut tx, input.org_id).await?;
    let org = errors.check(org.ok_or_else(|| UserError::not_found("organizationId", "party organization")));
    let person = people_store::person(&mut tx, &scope, input.person_id).await?;
    let person = errors.check(person.ok_or_else(|| UserError::not_found("personId", "person")));
    let (org, person) = errors.finish((org, person))?;
    Principal::check_in(&scope, &org.area_path, "the party organization")?;
    let new = NewMember {
        person_id: person.id,
        org_id: org.id,
        org_path: org.path.clone(),
        org_area_path: org.area_path.clone(),
        area_path: person.area_path.clone(),
        status: input.status,
        category: input.category,
        joined_on: input.joined_on,
    };
    let at = now();
    let id = on_unique(store::insert_member(&mut tx, &new, at).await, || {
        UserError::conflict("personId", "this person is already a party member")
    })?;
    store::insert_period(&mut tx, id, org.id, input.joined_on, None, at).await?;
    serve_in_org(&mut tx, person.id, id, &org, input.joined_on).await?;
    let member = read_back_member(&mut tx, &scope, id).await?;
    tx.commit().await?;
    Ok(member)
}

/// A member serves in their organization's area from `from_on`.
async fn serve_in_org(
    tx: &mut Conn,
    person: PersonId,
    member: MemberId,
    org: &PartyOrganization,
    from_on: Date,
) -> Result<()> {
    let serving = NewServing {
        person_id: person,
        kind: serving::PARTY_MEMBER,
        source_id: member.0,
        area_path: org.area_path.clone(),
        from_on,
        to_on: None,
    };
    people_store::start_serving(tx, &serving, now()).await
}

pub struct ChangeMemberStatus {
    pub member_id: MemberId,
    pub status: MemberStatus,
    pub effective_on: Date,
}

/// 转正: a probationary member becomes a full member. It is the
/// organization's decision, so the organization must work in the caller's
/// area. No column holds the effective date, so it goes to the audit trail
/// with the change.
pub async fn change_party_member_status(
    db: &Db,
    principal: &Principal,
    input: ChangeMemberStatus,
) -> Result<PartyMember> {
    let scope = principal.scope_for(Action::ManageParty)?;
    let mut tx = db.begin().await?;
    let member = visible_member(&mut tx, &scope, input.member_id).await?;
    Principal::check_in(&scope, &member.org_area_path, "the member's party organization")?;
    let mut errors = InputErrors::default();
    errors.check(check_status_change(member.status, input.status));
    errors.check(check_end(member.joined_on, input.effective_on, "effectiveOn"));
    errors.finish(())?;
    let at = now();
    store::update_member_status(&mut tx, member.id, input.status, at).await?;
    let detail = format!(
        "{} -> {} effective {}",
        member.status.as_str(),
        input.status.as_str(),
        input.effective_on.0.format("%Y-%m-%d")
    );
    store::insert_member_audit(&mut tx, &principal.subject, "change_member_status", member.id, &detail, at)
        .await?;
    let member = read_back_member(&mut tx, &scope, member.id).await?;
    tx.commit().await?;
    Ok(member)
}

pub struct TransferMember {
    pub member_id: MemberId,
    pub to_org_id: OrgId,
    pub transferred_on: Date,
    pub reason: Option<String>,
}

/// 组织关系转接: close the member's open period, open one in the destination
/// organization; the member stops serving in the old organization's area
/// and starts in the new one's. A transfer out to another street is normal,
/// so only the member must be in the caller's scope, not the destination.
pub async fn transfer_party_member(
    db: &Db,
    principal: &Principal,
    input: TransferMember,
) -> Result<PartyMember> {
    let scope = principal.scope_for(Action::ManageParty)?;
    let today = Date::today();
    let mut errors = InputErrors::default();
    let reason = errors.check(parse_reason(input.reason.as_deref(), "reason"));
    let mut tx = db.begin().await?;
    let member = store::members_by_ids(&mut tx, &scope, &[input.member_id]).await?.pop();
    let member = errors.check(member.ok_or_else(|| UserError::not_found("memberId", "party member")));
    let to = store::org(&mut tx, input.to_org_id).await?;
    let to = errors.check(to.ok_or_else(|| UserError::not_found("toOrganizationId", "party organization")));
    let (reason, member, to) = errors.finish((reason, member, to))?;
    let open = store::open_period(&mut tx, member.id).await?;
    let mut errors = InputErrors::default();
    if to.id == member.org_id {
        errors.push(UserError::invalid_state(
            "toOrganizationId",
            "the member already belongs to this organization",
        ));
    }
    if let Some(open) = &open {
        errors.check(check_end(open.from_on, input.transferred_on, "transferredOn"));
    }
    errors.finish(())?;
    let at = now();
    if let Some(open) = &open {
        store::close_period(&mut tx, open.id, input.transferred_on).await?;
    }
    store::insert_period(&mut tx, member.id, to.id, input.transferred_on, reason.as_deref(), at).await?;
    store::update_member_org(&mut tx, member.id, &to, at).await?;
    people_store::end_serving(&mut tx, member.id.0, input.transferred_on, today).await?;
    serve_in_org(&mut tx, member.person_id, member.id, &to, input.transferred_on).await?;
    tx.commit().await?;
    // Built from what was written rather than read back: after moving to
    // another street the member may lie outside the caller's scope, and the
    // caller still hears the result of their own transfer.
    Ok(PartyMember { org_id: to.id, org_path: to.path, org_area_path: to.area_path, ..member })
}

pub struct RecordReportIn {
    pub member_id: MemberId,
    pub community_id: AreaId,
    pub reported_on: Date,
}

/// 党员报到: a member reports in to the community or village they live in.
pub async fn record_report_in(db: &Db, principal: &Principal, input: RecordReportIn) -> Result<PartyMember> {
    let scope = principal.scope_for(Action::ManageParty)?;
    let mut errors = InputErrors::default();
    let mut tx = db.begin().await?;
    let member = store::members_by_ids(&mut tx, &scope, &[input.member_id]).await?.pop();
    let member = errors.check(member.ok_or_else(|| UserError::not_found("memberId", "party member")));
    let community = match area_store::area(&mut tx, input.community_id).await? {
        None => Err(UserError::not_found("communityId", "area")),
        Some(c) if !c.kind.is_community() => {
            Err(UserError::bad_input("communityId", "a member reports in to a community or a village"))
        }
        Some(c) => match &member {
            Some(m) if !lies_within(&m.area_path, &c.path) => Err(UserError::bad_input(
                "communityId",
                "a member reports in to the community or village they live in",
            )),
            _ => Ok(c),
        },
    };
    let community = errors.check(community);
    if let Some(m) = &member {
        errors.check(check_end(m.joined_on, input.reported_on, "reportedOn"));
        if m.reported_community_id == Some(input.community_id) {
            errors.push(UserError::invalid_state("communityId", "the member has already reported in here"));
        }
    }
    let (member, community) = errors.finish((member, community))?;
    store::update_member_report_in(&mut tx, member.id, community.id, input.reported_on, now()).await?;
    let member = read_back_member(&mut tx, &scope, member.id).await?;
    tx.commit().await?;
    Ok(member)
}

pub struct AddCommitteeSeat {
    pub committee_id: OrgId,
    pub person_id: PersonId,
    pub unit_id: Option<UnitId>,
    pub position: String,
    pub term_from: Date,
    pub term_to: Option<Date>,
}

/// A seat on a community's 大党委, often a part-time member (兼职委员) from a
/// resident unit. The same person may hold one running seat per committee.
pub async fn add_committee_seat(
    db: &Db,
    principal: &Principal,
    input: AddCommitteeSeat,
) -> Result<CommitteeSeat> {
    let scope = principal.scope_for(Action::ManageParty)?;
    let mut errors = InputErrors::default();
    let position = errors.check(Position::parse(&input.position, "position"));
    if let Some(to) = input.term_to {
        errors.check(check_end(input.term_from, to, "termTo"));
    }
    let mut tx = db.begin().await?;
    let committee = match store::org(&mut tx, input.committee_id).await? {
        None => Err(UserError::not_found("committeeId", "party organization")),
        Some(o) if o.kind != PartyOrgKind::Committee => {
            Err(UserError::bad_input("committeeId", "seats belong to a party committee (党委)"))
        }
        Some(o) => Ok(o),
    };
    let committee = errors.check(committee);
    let person = people_store::person(&mut tx, &scope, input.person_id).await?;
    let person = errors.check(person.ok_or_else(|| UserError::not_found("personId", "person")));
    if let Some(unit_id) = input.unit_id
        && area_store::unit(&mut tx, unit_id).await?.is_none()
    {
        errors.push(UserError::not_found("unitId", "unit"));
    }
    let (position, committee, person) = errors.finish((position, committee, person))?;
    Principal::check_in(&scope, &committee.area_path, "the committee")?;
    let conflict = || UserError::conflict("personId", "this person already holds a seat on the committee");
    if store::has_active_seat(&mut tx, committee.id, person.id, Date::today()).await? {
        return Err(conflict().into());
    }
    let new = NewSeat {
        committee_id: committee.id,
        person_id: person.id,
        unit_id: input.unit_id,
        position: position.as_str().to_owned(),
        term_from: input.term_from,
        term_to: input.term_to,
        area_path: committee.area_path.clone(),
    };
    let at = now();
    let id = on_unique(store::insert_seat(&mut tx, &new, at).await, conflict)?;
    let serving = NewServing {
        person_id: person.id,
        kind: serving::COMMITTEE_SEAT,
        source_id: id.0,
        area_path: committee.area_path,
        from_on: input.term_from,
        to_on: input.term_to,
    };
    people_store::start_serving(&mut tx, &serving, at).await?;
    let seat = read_back(store::seats_by_ids(&mut tx, &scope, &[id]).await?.pop(), "seat")?;
    tx.commit().await?;
    Ok(seat)
}

pub struct EndCommitteeSeat {
    pub seat_id: SeatId,
    pub term_to: Date,
}

pub async fn end_committee_seat(
    db: &Db,
    principal: &Principal,
    input: EndCommitteeSeat,
) -> Result<CommitteeSeat> {
    let scope = principal.scope_for(Action::ManageParty)?;
    let today = Date::today();
    let mut tx = db.begin().await?;
    let Some(seat) = store::seats_by_ids(&mut tx, &scope, &[input.seat_id]).await?.pop() else {
        return Err(UserError::not_found("seatId", "committee seat").into());
    };
    let mut errors = InputErrors::default();
    if !seat.is_active_on(today) {
        errors.push(UserError::invalid_state("seatId", "the seat's term has already ended"));
    }
    errors.check(check_end(seat.term_from, input.term_to, "termTo"));
    errors.finish(())?;
    store::end_seat(&mut tx, seat.id, input.term_to).await?;
    people_store::end_serving(&mut tx, seat.id.0, input.term_to, today).await?;
    let seat = read_back(store::seats_by_ids(&mut tx, &scope, &[seat.id]).await?.pop(), "seat")?;
    tx.commit().await?;
    Ok(seat)
}

pub struct CreatePairing {
    pub org_id: OrgId,
    pub community_id: AreaId,
    pub since: Date,
}

/// 结对共建: an institution's party organization pairs with a community or
/// village in the caller's area. The organization may work anywhere (the
/// article's pairings link district agencies with communities).
pub async fn create_pairing(db: &Db, principal: &Principal, input: CreatePairing) -> Result<OrgPairing> {
    let scope = principal.scope_for(Action::ManageParty)?;
    let mut errors = InputErrors::default();
    let mut tx = db.begin().await?;
    let org = store::org(&mut tx, input.org_id).await?;
    let org = errors.check(org.ok_or_else(|| UserError::not_found("organizationId", "party organization")));
    let community = match area_store::area(&mut tx, input.community_id).await? {
        None => Err(UserError::not_found("communityId", "area")),
        Some(c) if !c.kind.is_community() => {
            Err(UserError::bad_input("communityId", "a pairing is with a community or a village"))
        }
        Some(c) => Ok(c),
    };
    let community = errors.check(community);
    let (org, community) = errors.finish((org, community))?;
    Principal::check_in(&scope, &community.path, "the community")?;
    let conflict =
        || UserError::conflict("communityId", "the organization is already paired with this community");
    if store::has_active_pairing(&mut tx, org.id, community.id, Date::today()).await? {
        return Err(conflict().into());
    }
    let id =
        on_unique(store::insert_pairing(&mut tx, org.id, community.id, input.since, now()).await, conflict)?;
    let pairing = read_back(store::pairings_by_ids(&mut tx, &[id]).await?.pop(), "pairing")?;
    tx.commit().await?;
    Ok(pairing)
}

pub struct EndPairing {
    pub pairing_id: PairingId,
    pub until: Date,
}

pub async fn end_pairing(db: &Db, principal: &Principal, input: EndPairing) -> Result<OrgPairing> {
    let scope = principal.scope_for(Action::ManageParty)?;
    let mut tx = db.begin().await?;
    let Some(pairing) = store::pairings_by_ids(&mut tx, &[input.pairing_id]).await?.pop() else {
        return Err(UserError::not_found("pairingId", "pairing").into());
    };
    let community = area_store::area(&mut tx, pairing.community_id)
        .await?
        .ok_or_else(|| Error::internal(anyhow::anyhow!("the pairing's community does not exist")))?;
    Principal::check_in(&scope, &community.path, "the community")?;
    let mut errors = InputErrors::default();
    errors.check(check_running(pairing.until, Date::today(), "pairingId"));
    errors.check(check_end(pairing.since, input.until, "until"));
    errors.finish(())?;
    store::end_pairing(&mut tx, pairing.id, input.until).await?;
    let pairing = read_back(store::pairings_by_ids(&mut tx, &[pairing.id]).await?.pop(), "pairing")?;
    tx.commit().await?;
    Ok(pairing)
}

/// The member, or `NOT_FOUND` on `memberId` when missing or out of scope.
async fn visible_member(tx: &mut Conn, scope: &Scope, id: MemberId) -> Result<PartyMember> {
    store::members_by_ids(tx, scope, &[id])
        .await?
        .pop()
        .ok_or_else(|| UserError::not_found("memberId", "party member").into())
}

async fn read_back_member(tx: &mut Conn, scope: &Scope, id: MemberId) -> Result<PartyMember> {
    read_back(store::members_by_ids(tx, scope, &[id]).await?.pop(), "member")
}

/// The [`PersonMoved`] hook: a member is visible where they live, so their
/// membership moves house with them.
pub fn on_person_moved<'a>(
    tx: &'a mut Conn,
    moved: &'a PersonMoved,
) -> futures::future::BoxFuture<'a, Result<()>> {
    Box::pin(store::move_member_home(tx, moved.person, &moved.home_path, moved.at))
}
