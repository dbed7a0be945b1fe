//! Areas and units: the district's tree down to the buildings, and the
//! resident units (驻区单位) in its communities and villages.

use rand::Rng;
use rand::seq::SliceRandom;
use uuid::Uuid;

use super::shared::Gen;
use crate::area::model::{AreaKind, UnitKind};
use crate::db::Timestamp;
use crate::seed::names::{self, INSTITUTIONS};
use crate::seed::scale::Layout;

pub struct AreaRow {
    pub id: Uuid,
    pub at: Timestamp,
    pub kind: AreaKind,
    pub name: String,
    pub code: String,
    pub parent_id: Option<Uuid>,
    pub path: String,
    pub depth: i32,
    /// WGS-84 coordinates: communities, villages and buildings have them.
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

pub struct UnitRow {
    pub id: Uuid,
    pub at: Timestamp,
    pub kind: UnitKind,
    pub name: String,
    pub area_id: Uuid,
    pub area_path: String,
}

fn code(n: usize) -> String {
    format!("{n:03}")
}

pub(super) struct Street {
    pub(super) area: usize,
    pub(super) communities: Vec<usize>,
    pub(super) police: Option<usize>,
}

pub(super) struct Community {
    pub(super) area: usize,
    /// A 社区 with grids (urban) or a 村 without.
    pub(super) urban: bool,
    pub(super) grids: Vec<usize>,
    pub(super) property: Option<usize>,
    pub(super) owners: Vec<usize>,
    /// The community's key resident units, in the order they were made: its
    /// own health station, school and first enterprise, then the
    /// institutions and the police station located here. The domains above
    /// give them organizations and seats.
    pub(super) key_units: Vec<usize>,
}

pub(super) struct Grid {
    pub(super) area: usize,
    pub(super) community: usize,
    pub(super) buildings: Vec<usize>,
}

/// The area domain's rows, and where its steps put things: indices into
/// `areas` and `units`, for the domains above.
#[derive(Default)]
pub struct Areas {
    pub areas: Vec<AreaRow>,
    pub units: Vec<UnitRow>,
    pub(super) district: usize,
    pub(super) streets: Vec<Street>,
    pub(super) communities: Vec<Community>,
    pub(super) grids: Vec<Grid>,
    /// The urban communities' own key units (health station, school, first
    /// enterprise), each with its community, in the order they were made.
    pub(super) local_units: Vec<(usize, usize)>,
    /// The units of [`INSTITUTIONS`], in its order.
    pub(super) institution_units: Vec<usize>,
}

impl Areas {
    fn push_area(
        &mut self,
        cx: &mut Gen,
        parent: Option<usize>,
        kind: AreaKind,
        name: &str,
        code: String,
    ) -> usize {
        let (id, at) = cx.next_id();
        let (parent_id, path, depth) = match parent {
            Some(p) => {
                let p = &self.areas[p];
                (Some(p.id), format!("{}{code}/", p.path), p.depth + 1)
            }
            None => (None, format!("/{code}/"), 0),
        };
        let (latitude, longitude) = (None, None);
        self.areas.push(AreaRow {
            id,
            at,
            kind,
            name: name.to_owned(),
            code,
            parent_id,
            path,
            depth,
            latitude,
            longitude,
        });
        self.areas.len() - 1
    }

    /// How many grids each urban community gets: even shares, then some
    /// moved about so that communities differ in size.
    fn spread_grids(cx: &mut Gen, communities: usize) -> Vec<usize> {
        let total = cx.scale.grids;
        let base = total / communities;
        let mut counts = vec![base; communities];
        let all: Vec<usize> = (0..communities).collect();
        for &i in all.choose_multiple(&mut cx.rng, total % communities) {
            counts[i] += 1;
        }
        let floor = base.clamp(1, 3);
        for _ in 0..communities * 2 {
            let a = cx.rng.gen_range(0..communities);
            let b = cx.rng.gen_range(0..communities);
            if a != b && counts[a] > floor && counts[b] < base + 4 {
                counts[a] -= 1;
                counts[b] += 1;
            }
        }
        counts
    }

    pub(super) fn areas(&mut self, cx: &mut Gen) {
        let specs: Vec<(&'static str, bool, Vec<&'static str>)> = match cx.scale.layout {
            Layout::Bagongshan => {
                names::STREETS.iter().map(|s| (s.name, s.town, s.communities.to_vec())).collect()
            }
            Layout::OneCommunity => {
                vec![(names::STREETS[0].name, false, vec![names::STREETS[0].communities[0]])]
            }
        };
        let urban = specs.iter().flat_map(|s| &s.2).filter(|c| !c.ends_with('村')).count();
        let mut grid_counts = Areas::spread_grids(cx, urban).into_iter();
        let (lo, hi) = cx.scale.buildings_per_grid;
        self.district =
            self.push_area(cx, None, AreaKind::District, names::DISTRICT, names::DISTRICT_CODE.to_owned());
        for (si, (name, town, communities)) in specs.into_iter().enumerate() {
            let kind = if town { AreaKind::Town } else { AreaKind::Street };
            let street_area = self.push_area(cx, Some(self.district), kind, name, code(si + 1));
            let street = self.streets.len();
            self.streets.push(Street { area: street_area, communities: Vec::new(), police: None });
            for (ci, cname) in communities.into_iter().enumerate() {
                let village = cname.ends_with('村');
                let kind = if village { AreaKind::Village } else { AreaKind::Community };
                let area = self.push_area(cx, Some(street_area), kind, cname, code(ci + 1));
                let c = self.communities.len();
                self.streets[street].communities.push(c);
                self.communities.push(Community {
                    area,
                    urban: !village,
                    grids: Vec::new(),
                    property: None,
                    owners: Vec::new(),
                    key_units: Vec::new(),
                });
                if village {
                    continue;
                }
                // Buildings are numbered through the community, as on its door plates.
                let mut number = 0;
                for gi in 1..=grid_counts.next().unwrap_or(0) {
                    let grid_area =
                        self.push_area(cx, Some(area), AreaKind::Grid, &format!("第{gi}网格"), code(gi));
                    let mut buildings = Vec::new();
                    for _ in 0..cx.rng.gen_range(lo..=hi) {
                        number += 1;
                        buildings.push(self.push_area(
                            cx,
                            Some(grid_area),
                            AreaKind::Building,
                            &format!("{number}栋"),
                            code(number),
                        ));
                    }
                    let grid = self.grids.len();
                    self.grids.push(Grid { area: grid_area, community: c, buildings });
                    self.communities[c].grids.push(grid);
                }
            }
        }
    }

    fn push_unit(&mut self, cx: &mut Gen, kind: UnitKind, name: String, area: usize) -> usize {
        let (id, at) = cx.next_id();
        let a = &self.areas[area];
        self.units.push(UnitRow { id, at, kind, name, area_id: a.id, area_path: a.path.clone() });
        self.units.len() - 1
    }

    pub(super) fn units(&mut self, cx: &mut Gen) {
        for c in 0..self.communities.len() {
            let area = self.communities[c].area;
            let cname = self.areas[area].name.clone();
            let stem = names::stem(&cname).to_owned();
            if !self.communities[c].urban {
                self.push_unit(cx, UnitKind::PublicInstitution, format!("{cname}卫生室"), area);
                self.push_unit(cx, UnitKind::Enterprise, format!("八公山区{stem}种植专业合作社"), area);
                continue;
            }
            let health = self.push_unit(cx, UnitKind::PublicInstitution, format!("{cname}卫生服务站"), area);
            let school = if cx.rng.gen_bool(0.6) {
                format!("八公山区{stem}小学")
            } else {
                format!("八公山区{stem}幼儿园")
            };
            let school = self.push_unit(cx, UnitKind::PublicInstitution, school, area);
            let count = cx.rng.gen_range(1..=2);
            let templates: Vec<&str> =
                names::ENTERPRISES.choose_multiple(&mut cx.rng, count).copied().collect();
            let enterprises: Vec<usize> = templates
                .into_iter()
                .map(|t| self.push_unit(cx, UnitKind::Enterprise, names::fill(t, &stem), area))
                .collect();
            let property =
                self.push_unit(cx, UnitKind::PropertyCompany, format!("淮南{stem}物业管理有限公司"), area);
            let count = cx.rng.gen_range(1..=2);
            let estates: Vec<&str> = names::ESTATES.choose_multiple(&mut cx.rng, count).copied().collect();
            let owners: Vec<usize> = estates
                .into_iter()
                .map(|e| {
                    self.push_unit(
                        cx,
                        UnitKind::OwnersCommittee,
                        format!("{}业主委员会", names::fill(e, &stem)),
                        area,
                    )
                })
                .collect();
            for u in [health, school, enterprises[0]] {
                self.local_units.push((u, c));
                self.communities[c].key_units.push(u);
            }
            self.communities[c].property = Some(property);
            self.communities[c].owners = owners;
        }

        let mut urban: Vec<usize> =
            (0..self.communities.len()).filter(|&c| self.communities[c].urban).collect();
        urban.shuffle(&mut cx.rng);
        for (i, inst) in INSTITUTIONS.iter().take(cx.scale.institution_orgs).enumerate() {
            let c = urban[i % urban.len()];
            let u = self.push_unit(cx, inst.unit_kind, inst.unit.to_owned(), self.communities[c].area);
            self.institution_units.push(u);
            self.communities[c].key_units.push(u);
        }
        for s in 0..self.streets.len() {
            let communities = &self.streets[s].communities;
            let Some(&c) = communities.iter().find(|&&c| self.communities[c].urban).or(communities.first())
            else {
                continue;
            };
            let street_name = &self.areas[self.streets[s].area].name;
            let place = street_name
                .strip_suffix("街道")
                .or_else(|| street_name.strip_suffix('镇'))
                .unwrap_or(street_name);
            let name = format!("{place}派出所");
            let area = self.communities[c].area;
            let u = self.push_unit(cx, UnitKind::GovernmentAgency, name, area);
            self.streets[s].police = Some(u);
            self.communities[c].key_units.push(u);
        }
        for name in names::SOCIAL_ORGANIZATIONS.iter().take(cx.scale.social_organizations) {
            let c = *urban.choose(&mut cx.rng).expect("a layout has an urban community");
            self.push_unit(cx, UnitKind::SocialOrganization, (*name).to_owned(), self.communities[c].area);
        }
    }
}

/// The district's extent: 八公山区 lies around 32.63 N, 116.83 E.
pub const SOUTH: f64 = 32.60;
pub const NORTH: f64 = 32.66;
pub const WEST: f64 = 116.78;
pub const EAST: f64 = 116.88;

/// How far (in degrees) a grid's centre lies from its community's, and a
/// building from its grid's, at most: about 220 and 90 metres, so a
/// community spans a few hundred metres.
const GRID_SPREAD: f64 = 0.002;
const BUILDING_SPREAD: f64 = 0.0008;

impl Areas {
    /// Coordinates for the communities, villages and buildings: the
    /// communities on a jittered grid over the district's extent (about a
    /// kilometre apart), each grid's buildings clustered around a point near
    /// its community's centre. Drawn after every other step, so the rest of
    /// the data is what it was before areas had coordinates.
    pub(super) fn coordinates(&mut self, cx: &mut Gen) {
        let n = self.communities.len();
        let cols = ((n as f64 * 1.4).sqrt().ceil() as usize).max(1);
        let rows = n.div_ceil(cols).max(1);
        let (cell_h, cell_w) = ((NORTH - SOUTH) / rows as f64, (EAST - WEST) / cols as f64);
        for c in 0..n {
            let (row, col) = (c / cols, c % cols);
            let lat = SOUTH + cell_h * (row as f64 + 0.5 + cx.rng.gen_range(-0.2..0.2));
            let lng = WEST + cell_w * (col as f64 + 0.5 + cx.rng.gen_range(-0.2..0.2));
            let area = self.communities[c].area;
            self.areas[area].latitude = Some(lat);
            self.areas[area].longitude = Some(lng);
            for &g in &self.communities[c].grids {
                let glat = lat + cx.rng.gen_range(-GRID_SPREAD..GRID_SPREAD);
                let glng = lng + cx.rng.gen_range(-GRID_SPREAD..GRID_SPREAD);
                for &b in &self.grids[g].buildings {
                    self.areas[b].latitude = Some(glat + cx.rng.gen_range(-BUILDING_SPREAD..BUILDING_SPREAD));
                    self.areas[b].longitude =
                        Some(glng + cx.rng.gen_range(-BUILDING_SPREAD..BUILDING_SPREAD));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::scale::Scale;

    /// The area steps come first in the generator: run alone, they make
    /// the same rows as in the whole dataset.
    fn generate(scale: &Scale) -> Areas {
        let mut cx = Gen::new(scale);
        let mut area = Areas::default();
        area.areas(&mut cx);
        area.units(&mut cx);
        area
    }

    #[test]
    fn paths_follow_codes() {
        let d = generate(&Scale::small(3));
        let district = &d.areas[0];
        assert_eq!(
            (district.path.as_str(), district.depth, district.kind),
            ("/340405/", 0, AreaKind::District)
        );
        for a in &d.areas[1..] {
            let parent = d.areas.iter().find(|p| Some(p.id) == a.parent_id).unwrap();
            assert_eq!(a.path, format!("{}{}/", parent.path, a.code));
            assert_eq!(a.depth, parent.depth + 1);
        }
        let building = d.areas.iter().find(|a| a.kind == AreaKind::Building).unwrap();
        assert_eq!(building.path, "/340405/001/001/001/001/");
    }

    #[test]
    fn buildings_and_communities_lie_in_the_district_and_communities_span_a_few_hundred_metres() {
        let scale = Scale::article();
        let mut cx = Gen::new(&scale);
        let mut d = Areas::default();
        d.areas(&mut cx);
        d.units(&mut cx);
        d.coordinates(&mut cx);
        for a in &d.areas {
            let placed = matches!(a.kind, AreaKind::Building | AreaKind::Community | AreaKind::Village);
            assert_eq!(a.latitude.is_some(), placed, "{}", a.name);
            if let (Some(lat), Some(lng)) = (a.latitude, a.longitude) {
                assert!(
                    (SOUTH..=NORTH).contains(&lat) && (WEST..=EAST).contains(&lng),
                    "{} at {lat}, {lng}",
                    a.name
                );
            }
        }
        for c in &d.communities {
            let centre = &d.areas[c.area];
            for &g in &c.grids {
                for &b in &d.grids[g].buildings {
                    let b = &d.areas[b];
                    let dlat = (b.latitude.unwrap() - centre.latitude.unwrap()).abs();
                    let dlng = (b.longitude.unwrap() - centre.longitude.unwrap()).abs();
                    assert!(dlat < GRID_SPREAD + BUILDING_SPREAD && dlng < GRID_SPREAD + BUILDING_SPREAD);
                }
            }
        }
    }
}
