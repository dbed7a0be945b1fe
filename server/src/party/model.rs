//! Party organizations (党委, 总支, 支部, 小组), their members and the
//! stretches of each membership, committee seats and pairings.

use crate::db::{Date, running_on};
use crate::error::UserError;
use crate::ids::{AreaId, MemberId, OrgId, PairingId, PeriodId, PersonId, SeatId, UnitId};
use crate::people::model::ServingKind;
use crate::text_enum;

text_enum! {
    /// 党组织类型 — the kind of a party organization
    pub enum PartyOrgKind {
        /// 党委 — party committee (incl. a community's 大党委)
        Committee = "COMMITTEE",
        /// 党总支 — general branch
        GeneralBranch = "GENERAL_BRANCH",
        /// 党支部 — branch
        Branch = "BRANCH",
        /// 党小组 — party group
        Group = "GROUP",
    }
}

text_enum! {
    /// 党员身份 — probationary or full member
    pub enum MemberStatus {
        /// 预备党员 — probationary member
        Probationary = "PROBATIONARY",
        /// 正式党员 — full member
        Full = "FULL",
    }
}

text_enum! {
    /// 党员类别 — the category that decides how a member is educated and served (分类教育)
    pub enum MemberCategory {
        /// 在职党员 — in service at a workplace
        InService = "IN_SERVICE",
        /// 离退休党员 — retired
        Retired = "RETIRED",
        /// 青年毕业生党员 — young graduate
        YoungGraduate = "YOUNG_GRADUATE",
        /// 流动党员 — flowing (working away from home)
        Flowing = "FLOWING",
        /// 年老体弱党员 — elderly or infirm
        ElderlyInfirm = "ELDERLY_INFIRM",
    }
}

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct PartyOrganization {
    pub id: OrgId,
    #[sqlx(try_from = "String")]
    pub kind: PartyOrgKind,
    pub name: String,
    pub parent_id: Option<OrgId>,
    pub path: String,
    pub area_id: Option<AreaId>,
    pub unit_id: Option<UnitId>,
    /// The area the organization works in (its own, or its unit's).
    pub area_path: String,
    pub secretary_id: Option<PersonId>,
}

/// A seat on a community's party committee (大党委), often a part-time
/// member (兼职委员) from a resident unit.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct CommitteeSeat {
    pub id: SeatId,
    pub committee_id: OrgId,
    pub person_id: PersonId,
    pub unit_id: Option<UnitId>,
    pub position: String,
    pub term_from: Date,
    pub term_to: Option<Date>,
    pub area_path: String,
}

/// 结对共建: an institution's party organization paired with a community.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct OrgPairing {
    pub id: PairingId,
    pub org_id: OrgId,
    pub community_id: AreaId,
    pub since: Date,
    pub until: Option<Date>,
}

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct PartyMember {
    pub id: MemberId,
    pub person_id: PersonId,
    pub org_id: OrgId,
    pub org_path: String,
    pub org_area_path: String,
    pub area_path: String,
    #[sqlx(try_from = "String")]
    pub status: MemberStatus,
    #[sqlx(try_from = "String")]
    pub category: MemberCategory,
    pub joined_on: Date,
    pub reported_community_id: Option<AreaId>,
    pub reported_on: Option<Date>,
}

/// One stretch of a member's membership in one organization.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct MembershipPeriod {
    pub id: PeriodId,
    pub member_id: MemberId,
    pub org_id: OrgId,
    pub from_on: Date,
    pub to_on: Option<Date>,
    pub reason: Option<String>,
}

/// The kinds of serving this domain writes to the table of who serves where.
pub mod serving {
    use super::ServingKind;
    /// A seat on a party committee, in the committee's area.
    pub const COMMITTEE_SEAT: ServingKind = ServingKind("COMMITTEE_SEAT");
    /// Membership of a party organization, in the organization's area.
    pub const PARTY_MEMBER: ServingKind = ServingKind("PARTY_MEMBER");
}

impl CommitteeSeat {
    pub fn is_active_on(&self, on: Date) -> bool {
        running_on(self.term_to, on)
    }
}

impl OrgPairing {
    pub fn is_active_on(&self, on: Date) -> bool {
        running_on(self.until, on)
    }
}

impl PartyMember {
    /// 已报到: the member has reported in to a community.
    pub fn is_reported(&self) -> bool {
        self.reported_community_id.is_some()
    }
}

/// 转正 is the one change of status: a probationary member becomes full.
/// A full member is never made probationary again (a member who fails the
/// probation is removed, not demoted).
pub fn check_status_change(from: MemberStatus, to: MemberStatus) -> Result<(), UserError> {
    match (from, to) {
        (MemberStatus::Probationary, MemberStatus::Full) => Ok(()),
        (a, b) if a == b => {
            Err(UserError::invalid_state("status", format!("the member's status is already {}", a.as_str())))
        }
        _ => Err(UserError::invalid_state("status", "a full member cannot become probationary again")),
    }
}

/// 职务 — a committee position such as 书记, 副书记 or 兼职委员: 1 to 50
/// characters after trimming.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Position(String);

impl Position {
    pub fn parse(text: &str, field: &str) -> Result<Position, UserError> {
        let p = text.trim();
        let len = p.chars().count();
        if len == 0 || len > 50 {
            return Err(UserError::bad_input(field, "a position must have 1 to 50 characters"));
        }
        if p.chars().any(char::is_control) {
            return Err(UserError::bad_input(field, "a position may not contain control characters"));
        }
        Ok(Position(p.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub const MAX_REASON_CHARS: usize = 200;

/// The reason of a transfer (工作调动, 搬迁...): optional, blank means none,
/// at most 200 characters.
pub fn parse_reason(text: Option<&str>, field: &str) -> Result<Option<String>, UserError> {
    let Some(reason) = text.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(UserError::bad_input(field, format!("at most {MAX_REASON_CHARS} characters")));
    }
    if reason.chars().any(|c| c.is_control() && c != '\n') {
        return Err(UserError::bad_input(field, "may not contain control characters"));
    }
    Ok(Some(reason.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::UserErrorCode;

    #[test]
    fn only_a_probationary_member_becomes_full() {
        assert!(check_status_change(MemberStatus::Probationary, MemberStatus::Full).is_ok());
        for (from, to) in [
            (MemberStatus::Full, MemberStatus::Full),
            (MemberStatus::Probationary, MemberStatus::Probationary),
            (MemberStatus::Full, MemberStatus::Probationary),
        ] {
            let e = check_status_change(from, to).unwrap_err();
            assert_eq!(e.code, UserErrorCode::InvalidState, "{from:?} to {to:?}");
        }
    }

    #[test]
    fn positions_are_trimmed_and_bounded() {
        assert_eq!(Position::parse(" 兼职委员 ", "position").unwrap().as_str(), "兼职委员");
        assert!(Position::parse("  ", "position").is_err());
        assert!(Position::parse(&"委".repeat(50), "position").is_ok());
        assert!(Position::parse(&"委".repeat(51), "position").is_err());
        assert!(Position::parse("书\u{7}记", "position").is_err());
    }

    #[test]
    fn a_blank_reason_is_none_and_a_long_one_is_refused() {
        assert_eq!(parse_reason(None, "reason").unwrap(), None);
        assert_eq!(parse_reason(Some("   "), "reason").unwrap(), None);
        assert_eq!(parse_reason(Some(" 工作调动 "), "reason").unwrap().as_deref(), Some("工作调动"));
        assert!(parse_reason(Some(&"调".repeat(MAX_REASON_CHARS + 1)), "reason").is_err());
    }
}
