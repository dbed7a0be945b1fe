//! Areas and resident units: the tree and what stands in it.

use crate::ids::{AreaId, UnitId};
use crate::text_enum;

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
    /// 楼栋 or 村: where a person can live.
    pub fn is_home(self) -> bool {
        matches!(self, AreaKind::Building | AreaKind::Village)
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

/// 报到 lands in the community or village a person lives in, and so on: the
/// area's path must be a prefix of the home path.
pub fn lies_within(path: &str, area_path: &str) -> bool {
    area_path.ends_with('/') && path.starts_with(area_path)
}

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct Unit {
    pub id: UnitId,
    #[sqlx(try_from = "String")]
    pub kind: UnitKind,
    pub name: String,
    pub area_id: AreaId,
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

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

    #[test]
    fn a_path_lies_within_the_areas_above_it() {
        assert!(lies_within("/340405/001/003/012/007/", "/340405/001/003/"));
        assert!(lies_within("/340405/001/003/", "/340405/001/003/"));
        assert!(!lies_within("/340405/001/0031/012/", "/340405/001/003/"));
        assert!(!lies_within("/340405/002/003/012/", "/340405/001/003/"));
    }
}
