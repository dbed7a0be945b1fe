//! What to make: the area layout and the figures the generator aims at.

use super::names;

/// The area tree the data is laid out on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// The article's district: 新庄孜街道, 土坝孜街道, 毕家岗街道 (10 urban
    /// communities each), 八公山镇 and 山王镇 (a community and 5 villages
    /// each): 32 communities with grids and 10 villages without.
    Bagongshan,
    /// 八公山区 → 新庄孜街道 → 团结社区 alone, for tests.
    OneCommunity,
}

impl Layout {
    /// How many communities have grids.
    pub fn urban_communities(self) -> usize {
        match self {
            Layout::Bagongshan => {
                names::STREETS.iter().flat_map(|s| s.communities).filter(|c| !c.ends_with('村')).count()
            }
            Layout::OneCommunity => 1,
        }
    }
}

/// How much demo data to make. The figures are targets the generator meets
/// exactly where the structure allows (grids, workers, leaders, pairings,
/// reported members) and as closely as the population's ages allow elsewhere.
#[derive(Clone, Debug)]
pub struct Scale {
    /// Seed of the random generator: the same scale gives the same data, ids included.
    pub seed: u64,
    pub layout: Layout,
    /// Grids, spread over the communities that have grids.
    pub grids: usize,
    /// Buildings per grid, an inclusive range.
    pub buildings_per_grid: (usize, usize),
    /// Everyone in the data: each lives in a building (or a village).
    pub residents: usize,
    /// The share of residents living in villages.
    pub village_share: f64,
    pub party_members: usize,
    /// In-service members (在职党员), among `party_members`.
    pub in_service_members: usize,
    /// In-service members reported to their residential community (报到), among `in_service_members`.
    pub reported_members: usize,
    /// Party-member building leaders, at most one per building, each grid having one first.
    pub building_leaders: usize,
    /// Grid workers: one per grid first, then a second in some grids.
    pub grid_workers: usize,
    /// Government and institution party organizations paired with the communities (at most 21).
    pub institution_orgs: usize,
    /// Social organizations incubated by 三社联动 (at most 7).
    pub social_organizations: usize,
    /// Services at the points, a year of health checks and the next two
    /// weeks' bookings (`plan::bookings`). The test district has none: its
    /// stories make services of their own and book its people into them.
    pub bookings: bool,
}

const ARTICLE_SEED: u64 = 340_405;

impl Scale {
    /// The article's figures: 42 communities and villages, 175 grids, 238
    /// grid workers, 274 building leaders, 21 paired organizations, about
    /// 20,000 residents and 3,000 party members of whom 1,300 in service and
    /// 1,157 reported in.
    pub fn article() -> Scale {
        Scale {
            seed: ARTICLE_SEED,
            layout: Layout::Bagongshan,
            grids: 175,
            buildings_per_grid: (6, 10),
            residents: 20_000,
            village_share: 0.15,
            party_members: 3_000,
            in_service_members: 1_300,
            reported_members: 1_157,
            building_leaders: 274,
            grid_workers: 238,
            institution_orgs: names::INSTITUTIONS.len(),
            social_organizations: names::SOCIAL_ORGANIZATIONS.len(),
            bookings: true,
        }
    }

    /// The article's district with ten times its residents (200,000) and
    /// party members (30,000). The structure stays as in the article: the
    /// same areas, units and organizations, 274 building leaders (a
    /// building has at most one, so they are bounded by the buildings, not
    /// by the members), 238 grid workers and 42 pairings. The in-service
    /// members (13,000) and those reported in (11,570) scale with the members.
    pub fn large() -> Scale {
        let article = Scale::article();
        Scale {
            residents: article.residents * 10,
            party_members: article.party_members * 10,
            in_service_members: article.in_service_members * 10,
            reported_members: article.reported_members * 10,
            ..article
        }
    }

    /// For tests: one street with one community of `grids` grids, each with
    /// 3 buildings, each building with a party-member building leader and
    /// about 5 residents; a grid worker per grid; the organization tree
    /// above (district committee, street working committee, the community's
    /// 大党委 and branches), one paired institution and one social organization.
    pub fn small(grids: usize) -> Scale {
        Scale {
            seed: 7,
            layout: Layout::OneCommunity,
            grids,
            buildings_per_grid: (3, 3),
            residents: grids * 15,
            village_share: 0.0,
            party_members: (grids * 5 + 12).min(grids * 15),
            in_service_members: grids + 10,
            reported_members: grids,
            building_leaders: grids * 3,
            grid_workers: grids,
            institution_orgs: 1,
            social_organizations: 1,
            bookings: false,
        }
    }

    /// Why this scale cannot be generated, if it cannot.
    pub fn check(&self) -> std::result::Result<(), String> {
        let (lo, hi) = self.buildings_per_grid;
        let urban = self.layout.urban_communities();
        if self.grids < urban {
            return Err(format!("{} grids cannot cover the {urban} communities that have grids", self.grids));
        }
        if lo == 0 || lo > hi {
            return Err(format!("buildings per grid must be a range of at least 1, not {lo}..={hi}"));
        }
        if self.building_leaders > self.grids * lo {
            return Err(format!(
                "{} building leaders need more buildings than the {} that {} grids are sure to have",
                self.building_leaders,
                self.grids * lo,
                self.grids
            ));
        }
        if self.residents < self.building_leaders {
            return Err("every building leader lives in the district: too few residents".to_owned());
        }
        if self.party_members > self.residents
            || self.in_service_members > self.party_members
            || self.reported_members > self.in_service_members
        {
            return Err(
                "expected residents ≥ party members ≥ in-service members ≥ reported members".to_owned()
            );
        }
        if self.institution_orgs > names::INSTITUTIONS.len()
            || self.social_organizations > names::SOCIAL_ORGANIZATIONS.len()
        {
            return Err(format!(
                "at most {} institutions and {} social organizations",
                names::INSTITUTIONS.len(),
                names::SOCIAL_ORGANIZATIONS.len()
            ));
        }
        if !(0.0..1.0).contains(&self.village_share) {
            return Err(format!("the village share must be in [0, 1), not {}", self.village_share));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scales_are_consistent() {
        for scale in [Scale::article(), Scale::large(), Scale::small(1), Scale::small(3)] {
            scale.check().unwrap();
        }
        assert!(Scale { grids: 10, ..Scale::article() }.check().is_err());
        assert!(Scale { reported_members: 2_000, ..Scale::article() }.check().is_err());
    }
}
