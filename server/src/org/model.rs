//! The organization graph: areas (区 → 街道/镇 → 社区/村 → 网格 → 楼栋),
//! resident units (驻区单位), party organizations, committee seats,
//! pairings (结对共建) and party members.

use uuid::Uuid;

use crate::db::{Date, Timestamp};
use crate::error::UserError;
use crate::people::model::PersonId;
use crate::{id_type, text_enum};

id_type!(AreaId);
id_type!(UnitId);
id_type!(OrgId);
id_type!(MemberId);
id_type!(SeatId);
id_type!(PairingId);

text_enum! {
    /// 区域层级 — the level of an area in the district's tree
    pub enum AreaKind {
        /// 区 — district
        District = "DISTRICT",
        /// 街道 — street (urban sub-district)
        Street = "STREET",
        /// 镇 — town
        Town = "TOWN",
        /// 社区 — urban community
        Community = "COMMUNITY",
        /// 村 — village
        Village = "VILLAGE",
        /// 网格 — a grid of the integrated grid system (综合网格)
        Grid = "GRID",
        /// 楼栋 — a residential building
        Building = "BUILDING",
    }
}

text_enum! {
    /// 驻区单位类型 — the kind of a resident unit
    pub enum UnitKind {
        /// 机关 — government agency
        GovernmentAgency = "GOVERNMENT_AGENCY",
        /// 事业单位 — public institution (school, hospital...)
        PublicInstitution = "PUBLIC_INSTITUTION",
        /// 企业 — enterprise
        Enterprise = "ENTERPRISE",
        /// 物业公司 — property-management company
        PropertyCompany = "PROPERTY_COMPANY",
        /// 社会组织 — social organization
        SocialOrganization = "SOCIAL_ORGANIZATION",
        /// 业主委员会 — owners' committee
        OwnersCommittee = "OWNERS_COMMITTEE",
    }
}

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

impl AreaKind {
    /// The kinds a child of this kind may have.
    pub fn child_kinds(self) -> &'static [AreaKind] {
        match self {
            AreaKind::District => &[AreaKind::Street, AreaKind::Town],
            AreaKind::Street | AreaKind::Town => &[AreaKind::Community, AreaKind::Village],
            AreaKind::Community | AreaKind::Village => &[AreaKind::Grid],
            AreaKind::Grid => &[AreaKind::Building],
            AreaKind::Building => &[],
        }
    }
    /// 社区 or 村: where residents report in and pairings land.
    pub fn is_community(self) -> bool {
        matches!(self, AreaKind::Community | AreaKind::Village)
    }
}

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct Area {
    pub id: AreaId,
    #[sqlx(try_from = "String")]
    pub kind: AreaKind,
    pub name: String,
    /// The area's code among its siblings; the path joins the codes from the root.
    pub code: String,
    pub parent_id: Option<AreaId>,
    pub path: String,
    pub depth: i32,
}

impl Area {
    /// Ancestor paths from the root down to the parent, e.g. for `/a/b/c/`:
    /// `/a/`, `/a/b/`.
    pub fn ancestor_paths(&self) -> Vec<String> {
        let segments: Vec<&str> = self.path.trim_matches('/').split('/').collect();
        (1..segments.len()).map(|n| format!("/{}/", segments[..n].join("/"))).collect()
    }
}

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct Unit {
    pub id: UnitId,
    #[sqlx(try_from = "String")]
    pub kind: UnitKind,
    pub name: String,
    pub area_id: AreaId,
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
    pub id: Uuid,
    pub member_id: MemberId,
    pub org_id: OrgId,
    pub from_on: Date,
    pub to_on: Option<Date>,
    pub reason: Option<String>,
}

/// Creation time of rows written now.
pub fn now() -> Timestamp {
    chrono::Utc::now()
}

/// A seat, pairing or term runs until its end date, inclusive: one whose end
/// lies ahead (a known 届期) is still active today.
pub fn running_on(until: Option<Date>, on: Date) -> bool {
    until.is_none_or(|end| end >= on)
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

/// An end date (`field`) must not precede the start.
pub fn check_end(start: Date, end: Date, field: &str) -> Result<(), UserError> {
    if end < start {
        return Err(UserError::bad_input(
            field,
            format!("must not precede the start date {}", start.0.format("%Y-%m-%d")),
        ));
    }
    Ok(())
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

/// 报到 lands in the community or village the member lives in: the
/// community's path must be a prefix of the member's home path.
pub fn lives_in(home_path: &str, community_path: &str) -> bool {
    community_path.ends_with('/') && home_path.starts_with(community_path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::UserErrorCode;

    fn day(s: &str) -> Date {
        Date(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
    }

    #[test]
    fn a_term_runs_through_its_last_day() {
        assert!(running_on(None, day("2026-01-01")));
        assert!(running_on(Some(day("2026-01-01")), day("2026-01-01")));
        assert!(!running_on(Some(day("2025-12-31")), day("2026-01-01")));
    }

    #[test]
    fn an_end_may_not_precede_its_start() {
        assert!(check_end(day("2026-03-01"), day("2026-03-01"), "termTo").is_ok());
        let e = check_end(day("2026-03-01"), day("2026-02-28"), "termTo").unwrap_err();
        assert_eq!(e.code, UserErrorCode::BadUserInput);
        assert_eq!(e.field, vec!["input", "termTo"]);
    }

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

    #[test]
    fn a_member_reports_to_the_community_above_their_home() {
        assert!(lives_in("/340405/001/003/012/007/", "/340405/001/003/"));
        assert!(lives_in("/340405/001/003/", "/340405/001/003/"));
        assert!(!lives_in("/340405/001/0031/012/", "/340405/001/003/"));
        assert!(!lives_in("/340405/002/003/012/", "/340405/001/003/"));
    }

    #[test]
    fn ancestors_come_root_first() {
        let area = Area {
            id: AreaId(Uuid::nil()),
            kind: AreaKind::Grid,
            name: "g".into(),
            code: "012".into(),
            parent_id: None,
            path: "/340405/001/003/012/".into(),
            depth: 3,
        };
        assert_eq!(area.ancestor_paths(), vec!["/340405/", "/340405/001/", "/340405/001/003/"]);
    }
}
