//! The organization graph: areas (区 → 街道/镇 → 社区/村 → 网格 → 楼栋),
//! resident units (驻区单位), party organizations, committee seats,
//! pairings (结对共建) and party members.

use uuid::Uuid;

use crate::db::{Date, Timestamp};
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

#[cfg(test)]
mod tests {
    use super::*;

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
