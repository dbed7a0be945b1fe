//! The demo data as rows, generated without touching the database: a pure
//! function of the [`Scale`], so the same scale always gives the same rows,
//! ids included.

use std::collections::HashSet;
use std::fmt;

use chrono::{DateTime, Datelike, Days, Months, NaiveDate};
use rand::distributions::{Distribution, WeightedIndex};
use rand::seq::SliceRandom;
use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use super::names::{self, INSTITUTIONS};
use super::scale::{Layout, Scale};
use crate::area::model::{AreaKind, UnitKind};
use crate::db::{Date, Timestamp};
use crate::party::model::{MemberCategory, MemberStatus, PartyOrgKind, serving};
use crate::people::model::{AreaRole, Gender, GridGroupRole, IdCardNumber, Phone, ServingKind, SpecialGroup};

/// Ages are reckoned on this day.
pub fn as_of() -> NaiveDate {
    ymd(2025, 1, 1)
}

/// 2025-01-01T00:00:00Z: ids and creation times count up from here, one
/// millisecond per row, so ids sort in creation order and sort before any
/// record written later through the API.
const BASE_MS: u64 = 1_735_689_600_000;

pub struct AreaRow {
    pub id: Uuid,
    pub at: Timestamp,
    pub kind: AreaKind,
    pub name: String,
    pub code: String,
    pub parent_id: Option<Uuid>,
    pub path: String,
    pub depth: i32,
}

pub struct UnitRow {
    pub id: Uuid,
    pub at: Timestamp,
    pub kind: UnitKind,
    pub name: String,
    pub area_id: Uuid,
    pub area_path: String,
}

pub struct OrgRow {
    pub id: Uuid,
    pub at: Timestamp,
    pub kind: PartyOrgKind,
    pub name: String,
    pub parent_id: Option<Uuid>,
    pub path: String,
    pub area_id: Option<Uuid>,
    pub unit_id: Option<Uuid>,
    pub area_path: String,
    pub secretary_id: Option<Uuid>,
}

/// A person before sealing: the ID-card number and phone in the clear.
pub struct PersonRow {
    pub id: Uuid,
    pub at: Timestamp,
    pub name: String,
    pub id_card: IdCardNumber,
    pub phone: Option<Phone>,
    pub home_area_id: Uuid,
    pub area_path: String,
}

pub struct MemberRow {
    pub id: Uuid,
    pub at: Timestamp,
    pub person_id: Uuid,
    pub org_id: Uuid,
    pub org_path: String,
    pub org_area_path: String,
    pub area_path: String,
    pub status: MemberStatus,
    pub category: MemberCategory,
    pub joined_on: Date,
    pub reported_community_id: Option<Uuid>,
    pub reported_on: Option<Date>,
}

pub struct PeriodRow {
    pub id: Uuid,
    pub at: Timestamp,
    pub member_id: Uuid,
    pub org_id: Uuid,
    pub from_on: Date,
    pub to_on: Option<Date>,
    pub reason: Option<&'static str>,
}

pub struct PairingRow {
    pub id: Uuid,
    pub at: Timestamp,
    pub org_id: Uuid,
    pub community_id: Uuid,
    pub since: Date,
}

pub struct SeatRow {
    pub id: Uuid,
    pub at: Timestamp,
    pub committee_id: Uuid,
    pub person_id: Uuid,
    pub unit_id: Option<Uuid>,
    pub position: &'static str,
    pub term_from: Date,
    pub area_path: String,
}

pub struct SpecialGroupRow {
    pub id: Uuid,
    pub at: Timestamp,
    pub person_id: Uuid,
    pub kind: SpecialGroup,
    pub registered_on: Date,
    pub note: &'static str,
    pub area_path: String,
}

pub struct RoleRow {
    pub id: Uuid,
    pub at: Timestamp,
    pub role: AreaRole,
    pub person_id: Uuid,
    pub area_id: Uuid,
    pub area_path: String,
    pub from_on: Date,
}

pub struct GroupMemberRow {
    pub id: Uuid,
    pub at: Timestamp,
    pub grid_id: Uuid,
    pub person_id: Uuid,
    pub role: GridGroupRole,
    pub unit_id: Option<Uuid>,
    pub area_path: String,
    pub from_on: Date,
}

/// Who serves where: one row per appointment, under the appointment's id.
pub struct ServingRow {
    pub id: Uuid,
    pub at: Timestamp,
    pub person_id: Uuid,
    pub kind: ServingKind,
    pub area_path: String,
    pub from_on: Date,
}

/// Every row of the demo data, each table in insertion order (parents
/// before children).
#[derive(Default)]
pub struct Dataset {
    pub areas: Vec<AreaRow>,
    pub units: Vec<UnitRow>,
    pub orgs: Vec<OrgRow>,
    pub persons: Vec<PersonRow>,
    pub members: Vec<MemberRow>,
    pub periods: Vec<PeriodRow>,
    pub pairings: Vec<PairingRow>,
    pub seats: Vec<SeatRow>,
    pub special_groups: Vec<SpecialGroupRow>,
    pub roles: Vec<RoleRow>,
    pub group_members: Vec<GroupMemberRow>,
    pub serving: Vec<ServingRow>,
}

/// What a seed wrote (or what the tables hold).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub districts: u64,
    pub streets: u64,
    pub towns: u64,
    pub communities: u64,
    pub villages: u64,
    pub grids: u64,
    pub buildings: u64,
    pub units: u64,
    pub orgs: u64,
    pub persons: u64,
    pub party_members: u64,
    /// In-service members reported to their residential community.
    pub reported_members: u64,
    pub member_periods: u64,
    pub building_leaders: u64,
    pub grid_workers: u64,
    pub pairings: u64,
    /// Distinct organizations among the pairings.
    pub paired_orgs: u64,
    pub committee_seats: u64,
    pub special_group_entries: u64,
    pub grid_group_members: u64,
}

/// `20000` as `20,000`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let g = grouped;
        write!(
            f,
            "{} district, {} streets and {} towns, {} communities and {} villages, {} grids, {} buildings; \
             {} units, {} party organizations; {} persons, {} party members ({} reported to their community, \
             {} membership periods); {} building leaders, {} grid workers; {} pairings of {} organizations, \
             {} committee seats, {} special-group entries, {} grid-group members",
            g(self.districts),
            g(self.streets),
            g(self.towns),
            g(self.communities),
            g(self.villages),
            g(self.grids),
            g(self.buildings),
            g(self.units),
            g(self.orgs),
            g(self.persons),
            g(self.party_members),
            g(self.reported_members),
            g(self.member_periods),
            g(self.building_leaders),
            g(self.grid_workers),
            g(self.pairings),
            g(self.paired_orgs),
            g(self.committee_seats),
            g(self.special_group_entries),
            g(self.grid_group_members),
        )
    }
}

impl Dataset {
    pub fn counts(&self) -> Counts {
        let kind = |k: AreaKind| self.areas.iter().filter(|a| a.kind == k).count() as u64;
        let role = |r: AreaRole| self.roles.iter().filter(|x| x.role == r).count() as u64;
        Counts {
            districts: kind(AreaKind::District),
            streets: kind(AreaKind::Street),
            towns: kind(AreaKind::Town),
            communities: kind(AreaKind::Community),
            villages: kind(AreaKind::Village),
            grids: kind(AreaKind::Grid),
            buildings: kind(AreaKind::Building),
            units: self.units.len() as u64,
            orgs: self.orgs.len() as u64,
            persons: self.persons.len() as u64,
            party_members: self.members.len() as u64,
            reported_members: self.members.iter().filter(|m| m.reported_community_id.is_some()).count()
                as u64,
            member_periods: self.periods.len() as u64,
            building_leaders: role(AreaRole::BuildingLeader),
            grid_workers: role(AreaRole::GridWorker),
            pairings: self.pairings.len() as u64,
            paired_orgs: self.pairings.iter().map(|p| p.org_id).collect::<HashSet<_>>().len() as u64,
            committee_seats: self.seats.len() as u64,
            special_group_entries: self.special_groups.len() as u64,
            grid_group_members: self.group_members.len() as u64,
        }
    }
}

/// Generate the rows of `scale` (assumed checked by `Scale::check`).
pub fn generate(scale: &Scale) -> Dataset {
    let mut g = Gen::new(scale);
    g.areas();
    g.units();
    g.orgs();
    g.persons();
    g.members();
    g.periods();
    g.seats();
    g.pairings();
    g.special_groups();
    g.roles();
    g.grid_groups();
    g.serving();
    g.d
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid calendar date")
}

fn shift_years(d: NaiveDate, years: i32) -> NaiveDate {
    let months = Months::new(12 * years.unsigned_abs());
    let shifted = if years >= 0 { d.checked_add_months(months) } else { d.checked_sub_months(months) };
    shifted.expect("dates stay well inside chrono's range")
}

/// A day in `[from, to]`; `from` when the range is empty.
fn date_between(rng: &mut impl Rng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    if to <= from {
        return from;
    }
    let span = (to - from).num_days() as u64;
    from + Days::new(rng.gen_range(0..=span))
}

/// A birth date giving exactly `age` years on [`as_of`] (1 January).
fn birth_for_age(rng: &mut impl Rng, age: i32) -> NaiveDate {
    let year = as_of().year() - age;
    date_between(rng, ymd(year - 1, 1, 2), ymd(year, 1, 1))
}

/// Ages by decade, skewed old: a coal-mining district whose mines closed
/// and whose young people moved away.
const AGE_PYRAMID: [u32; 10] = [7, 8, 9, 11, 13, 17, 17, 11, 6, 1];

fn pyramid_age(rng: &mut impl Rng) -> i32 {
    let decade = WeightedIndex::new(AGE_PYRAMID).expect("positive weights").sample(rng) as i32;
    decade * 10 + rng.gen_range(0..10)
}

/// Who carries a mobile phone, by age.
fn phone_share(age: i32) -> f64 {
    match age {
        ..=11 => 0.0,
        12..=17 => 0.5,
        18..=79 => 0.95,
        _ => 0.6,
    }
}

fn code(n: usize) -> String {
    format!("{n:03}")
}

/// A random element of `0..len` satisfying `ok`, scanning from a random
/// start; `None` when none does.
fn pick_index(rng: &mut impl Rng, len: usize, mut ok: impl FnMut(usize) -> bool) -> Option<usize> {
    if len == 0 {
        return None;
    }
    let start = rng.gen_range(0..len);
    (0..len).map(|k| (start + k) % len).find(|&i| ok(i))
}

/// Time-ordered ids: a fixed base time plus a counter, with random bits
/// from their own generator so that the ids do not disturb the data.
struct Ids {
    rng: ChaCha8Rng,
    count: u64,
}

impl Ids {
    fn next(&mut self) -> (Uuid, Timestamp) {
        self.count += 1;
        let ms = BASE_MS + self.count;
        let mut bytes = [0u8; 10];
        self.rng.fill_bytes(&mut bytes);
        let id = uuid::Builder::from_unix_timestamp_millis(ms, &bytes).into_uuid();
        let at = DateTime::from_timestamp_millis(ms as i64).expect("a timestamp in range");
        (id, at)
    }
}

struct Street {
    area: usize,
    communities: Vec<usize>,
    committee: usize,
    police: Option<usize>,
}

struct Community {
    area: usize,
    /// A 社区 with grids (urban) or a 村 without.
    urban: bool,
    grids: Vec<usize>,
    /// The 大党委 of a community, the 党总支 or 党支部 of a village.
    org: usize,
    retired_branch: Option<usize>,
    property: Option<usize>,
    owners: Vec<usize>,
    /// Resident units here that have a party organization: their
    /// secretaries are candidates for the 大党委's part-time seats.
    seat_units: Vec<usize>,
    residents: Vec<usize>,
    /// Secretary and deputy secretary of the 大党委.
    staff: Vec<usize>,
}

struct Grid {
    area: usize,
    community: usize,
    buildings: Vec<usize>,
    branch: usize,
    residents: Vec<usize>,
    leaders: Vec<usize>,
}

struct Resident {
    age: i32,
    birth: NaiveDate,
    home: usize,
    community: usize,
    grid: Option<usize>,
    leader: bool,
    member: Option<usize>,
}

enum Place {
    Area(usize),
    Unit(usize),
}

struct Gen<'s> {
    scale: &'s Scale,
    rng: ChaCha8Rng,
    ids: Ids,
    d: Dataset,
    district: usize,
    streets: Vec<Street>,
    communities: Vec<Community>,
    grids: Vec<Grid>,
    people: Vec<Resident>,
    /// Every person once, in random order: the draw order of the pools.
    order: Vec<usize>,
    id_cards: HashSet<String>,
    phones: HashSet<String>,
    /// Resident units with a branch, and the community they are in.
    branch_units: Vec<(usize, usize)>,
    institution_units: Vec<usize>,
    unit_org: Vec<Option<usize>>,
    district_org: usize,
    works_org: usize,
    institution_orgs: Vec<usize>,
    /// Branches of resident units and police stations.
    unit_orgs: Vec<usize>,
    org_members: Vec<Vec<usize>>,
    member_person: Vec<usize>,
    member_org: Vec<usize>,
}

impl<'s> Gen<'s> {
    fn new(scale: &'s Scale) -> Gen<'s> {
        Gen {
            scale,
            rng: ChaCha8Rng::seed_from_u64(scale.seed),
            ids: Ids { rng: ChaCha8Rng::seed_from_u64(scale.seed ^ 0x1d5_u64.rotate_left(40)), count: 0 },
            d: Dataset::default(),
            district: 0,
            streets: Vec::new(),
            communities: Vec::new(),
            grids: Vec::new(),
            people: Vec::new(),
            order: Vec::new(),
            id_cards: HashSet::new(),
            phones: HashSet::new(),
            branch_units: Vec::new(),
            institution_units: Vec::new(),
            unit_org: Vec::new(),
            district_org: 0,
            works_org: 0,
            institution_orgs: Vec::new(),
            unit_orgs: Vec::new(),
            org_members: Vec::new(),
            member_person: Vec::new(),
            member_org: Vec::new(),
        }
    }

    fn push_area(&mut self, parent: Option<usize>, kind: AreaKind, name: &str, code: String) -> usize {
        let (id, at) = self.ids.next();
        let (parent_id, path, depth) = match parent {
            Some(p) => {
                let p = &self.d.areas[p];
                (Some(p.id), format!("{}{code}/", p.path), p.depth + 1)
            }
            None => (None, format!("/{code}/"), 0),
        };
        self.d.areas.push(AreaRow { id, at, kind, name: name.to_owned(), code, parent_id, path, depth });
        self.d.areas.len() - 1
    }

    /// How many grids each urban community gets: even shares, then some
    /// moved about so that communities differ in size.
    fn spread_grids(&mut self, communities: usize) -> Vec<usize> {
        let total = self.scale.grids;
        let base = total / communities;
        let mut counts = vec![base; communities];
        let all: Vec<usize> = (0..communities).collect();
        for &i in all.choose_multiple(&mut self.rng, total % communities) {
            counts[i] += 1;
        }
        let floor = base.clamp(1, 3);
        for _ in 0..communities * 2 {
            let a = self.rng.gen_range(0..communities);
            let b = self.rng.gen_range(0..communities);
            if a != b && counts[a] > floor && counts[b] < base + 4 {
                counts[a] -= 1;
                counts[b] += 1;
            }
        }
        counts
    }

    fn areas(&mut self) {
        let specs: Vec<(&'static str, bool, Vec<&'static str>)> = match self.scale.layout {
            Layout::Bagongshan => {
                names::STREETS.iter().map(|s| (s.name, s.town, s.communities.to_vec())).collect()
            }
            Layout::OneCommunity => {
                vec![(names::STREETS[0].name, false, vec![names::STREETS[0].communities[0]])]
            }
        };
        let urban = specs.iter().flat_map(|s| &s.2).filter(|c| !c.ends_with('村')).count();
        let mut grid_counts = self.spread_grids(urban).into_iter();
        let (lo, hi) = self.scale.buildings_per_grid;
        self.district =
            self.push_area(None, AreaKind::District, names::DISTRICT, names::DISTRICT_CODE.to_owned());
        for (si, (name, town, communities)) in specs.into_iter().enumerate() {
            let kind = if town { AreaKind::Town } else { AreaKind::Street };
            let street_area = self.push_area(Some(self.district), kind, name, code(si + 1));
            let street = self.streets.len();
            self.streets.push(Street {
                area: street_area,
                communities: Vec::new(),
                committee: 0,
                police: None,
            });
            for (ci, cname) in communities.into_iter().enumerate() {
                let village = cname.ends_with('村');
                let kind = if village { AreaKind::Village } else { AreaKind::Community };
                let area = self.push_area(Some(street_area), kind, cname, code(ci + 1));
                let c = self.communities.len();
                self.streets[street].communities.push(c);
                self.communities.push(Community {
                    area,
                    urban: !village,
                    grids: Vec::new(),
                    org: 0,
                    retired_branch: None,
                    property: None,
                    owners: Vec::new(),
                    seat_units: Vec::new(),
                    residents: Vec::new(),
                    staff: Vec::new(),
                });
                if village {
                    continue;
                }
                // Buildings are numbered through the community, as on its door plates.
                let mut number = 0;
                for gi in 1..=grid_counts.next().unwrap_or(0) {
                    let grid_area =
                        self.push_area(Some(area), AreaKind::Grid, &format!("第{gi}网格"), code(gi));
                    let mut buildings = Vec::new();
                    for _ in 0..self.rng.gen_range(lo..=hi) {
                        number += 1;
                        buildings.push(self.push_area(
                            Some(grid_area),
                            AreaKind::Building,
                            &format!("{number}栋"),
                            code(number),
                        ));
                    }
                    let grid = self.grids.len();
                    self.grids.push(Grid {
                        area: grid_area,
                        community: c,
                        buildings,
                        branch: 0,
                        residents: Vec::new(),
                        leaders: Vec::new(),
                    });
                    self.communities[c].grids.push(grid);
                }
            }
        }
    }

    fn push_unit(&mut self, kind: UnitKind, name: String, area: usize) -> usize {
        let (id, at) = self.ids.next();
        let a = &self.d.areas[area];
        self.d.units.push(UnitRow { id, at, kind, name, area_id: a.id, area_path: a.path.clone() });
        self.unit_org.push(None);
        self.d.units.len() - 1
    }

    fn units(&mut self) {
        for c in 0..self.communities.len() {
            let area = self.communities[c].area;
            let cname = self.d.areas[area].name.clone();
            let stem = names::stem(&cname).to_owned();
            if !self.communities[c].urban {
                self.push_unit(UnitKind::PublicInstitution, format!("{cname}卫生室"), area);
                self.push_unit(UnitKind::Enterprise, format!("八公山区{stem}种植专业合作社"), area);
                continue;
            }
            let health = self.push_unit(UnitKind::PublicInstitution, format!("{cname}卫生服务站"), area);
            let school = if self.rng.gen_bool(0.6) {
                format!("八公山区{stem}小学")
            } else {
                format!("八公山区{stem}幼儿园")
            };
            let school = self.push_unit(UnitKind::PublicInstitution, school, area);
            let count = self.rng.gen_range(1..=2);
            let templates: Vec<&str> =
                names::ENTERPRISES.choose_multiple(&mut self.rng, count).copied().collect();
            let enterprises: Vec<usize> = templates
                .into_iter()
                .map(|t| self.push_unit(UnitKind::Enterprise, names::fill(t, &stem), area))
                .collect();
            let property =
                self.push_unit(UnitKind::PropertyCompany, format!("淮南{stem}物业管理有限公司"), area);
            let count = self.rng.gen_range(1..=2);
            let estates: Vec<&str> = names::ESTATES.choose_multiple(&mut self.rng, count).copied().collect();
            let owners: Vec<usize> = estates
                .into_iter()
                .map(|e| {
                    self.push_unit(
                        UnitKind::OwnersCommittee,
                        format!("{}业主委员会", names::fill(e, &stem)),
                        area,
                    )
                })
                .collect();
            for u in [health, school, enterprises[0]] {
                self.branch_units.push((u, c));
                self.communities[c].seat_units.push(u);
            }
            self.communities[c].property = Some(property);
            self.communities[c].owners = owners;
        }

        let mut urban: Vec<usize> =
            (0..self.communities.len()).filter(|&c| self.communities[c].urban).collect();
        urban.shuffle(&mut self.rng);
        for (i, inst) in INSTITUTIONS.iter().take(self.scale.institution_orgs).enumerate() {
            let c = urban[i % urban.len()];
            let u = self.push_unit(inst.unit_kind, inst.unit.to_owned(), self.communities[c].area);
            self.institution_units.push(u);
            self.communities[c].seat_units.push(u);
        }
        for s in 0..self.streets.len() {
            let communities = &self.streets[s].communities;
            let Some(&c) = communities.iter().find(|&&c| self.communities[c].urban).or(communities.first())
            else {
                continue;
            };
            let street_name = &self.d.areas[self.streets[s].area].name;
            let place = street_name
                .strip_suffix("街道")
                .or_else(|| street_name.strip_suffix('镇'))
                .unwrap_or(street_name);
            let name = format!("{place}派出所");
            let area = self.communities[c].area;
            let u = self.push_unit(UnitKind::GovernmentAgency, name, area);
            self.streets[s].police = Some(u);
            self.communities[c].seat_units.push(u);
        }
        for name in names::SOCIAL_ORGANIZATIONS.iter().take(self.scale.social_organizations) {
            let c = *urban.choose(&mut self.rng).expect("a layout has an urban community");
            self.push_unit(UnitKind::SocialOrganization, (*name).to_owned(), self.communities[c].area);
        }
    }

    fn push_org(&mut self, parent: Option<usize>, kind: PartyOrgKind, name: String, place: Place) -> usize {
        let (id, at) = self.ids.next();
        let (parent_id, path) = match parent {
            Some(p) => (Some(self.d.orgs[p].id), format!("{}{}/", self.d.orgs[p].path, id.simple())),
            None => (None, format!("/{}/", id.simple())),
        };
        let (area_id, unit_id, area_path) = match place {
            Place::Area(a) => (Some(self.d.areas[a].id), None, self.d.areas[a].path.clone()),
            Place::Unit(u) => (None, Some(self.d.units[u].id), self.d.units[u].area_path.clone()),
        };
        self.d.orgs.push(OrgRow {
            id,
            at,
            kind,
            name,
            parent_id,
            path,
            area_id,
            unit_id,
            area_path,
            secretary_id: None,
        });
        self.org_members.push(Vec::new());
        let o = self.d.orgs.len() - 1;
        if let Place::Unit(u) = place {
            self.unit_org[u] = Some(o);
        }
        o
    }

    fn orgs(&mut self) {
        use PartyOrgKind::{Branch, Committee, GeneralBranch};
        let district = Place::Area(self.district);
        self.district_org = self.push_org(None, Committee, "八公山区委".to_owned(), district);
        self.works_org = self.push_org(
            Some(self.district_org),
            Committee,
            "八公山区直属机关工作委员会".to_owned(),
            Place::Area(self.district),
        );
        for (i, u) in self.institution_units.clone().into_iter().enumerate() {
            let inst = &INSTITUTIONS[i];
            let o = self.push_org(Some(self.works_org), inst.org_kind, inst.org.to_owned(), Place::Unit(u));
            self.institution_orgs.push(o);
        }
        for s in 0..self.streets.len() {
            if let Some(u) = self.streets[s].police {
                let name = format!("{}党支部", self.d.units[u].name);
                let o = self.push_org(Some(self.works_org), Branch, name, Place::Unit(u));
                self.unit_orgs.push(o);
            }
        }
        for s in 0..self.streets.len() {
            let area = self.streets[s].area;
            let street_name = &self.d.areas[area].name;
            let name = if self.d.areas[area].kind == AreaKind::Town {
                format!("{street_name}党委")
            } else {
                format!("{street_name}党工委")
            };
            let committee = self.push_org(Some(self.district_org), Committee, name, Place::Area(area));
            self.streets[s].committee = committee;
            for c in self.streets[s].communities.clone() {
                let area = self.communities[c].area;
                let cname = self.d.areas[area].name.clone();
                if !self.communities[c].urban {
                    let (kind, name) = if self.rng.gen_bool(0.5) {
                        (GeneralBranch, format!("{cname}党总支"))
                    } else {
                        (Branch, format!("{cname}党支部"))
                    };
                    self.communities[c].org = self.push_org(Some(committee), kind, name, Place::Area(area));
                    continue;
                }
                let org =
                    self.push_org(Some(committee), Committee, format!("{cname}大党委"), Place::Area(area));
                self.communities[c].org = org;
                // Grid branches each cover two or three neighbouring grids.
                let grids = self.communities[c].grids.clone();
                let clusters = grids.len().div_ceil(3);
                for k in 0..clusters {
                    let name = format!("{cname}第{}网格党支部", names::chinese_number(k + 1));
                    let branch = self.push_org(Some(org), Branch, name, Place::Area(area));
                    for &g in &grids[k * grids.len() / clusters..(k + 1) * grids.len() / clusters] {
                        self.grids[g].branch = branch;
                    }
                }
                let retired =
                    self.push_org(Some(org), Branch, format!("{cname}离退休党员党支部"), Place::Area(area));
                self.communities[c].retired_branch = Some(retired);
            }
            for (u, c) in self.branch_units.clone() {
                if self.streets[s].communities.contains(&c) {
                    let name = format!("{}党支部", self.d.units[u].name);
                    let o = self.push_org(Some(committee), Branch, name, Place::Unit(u));
                    self.unit_orgs.push(o);
                }
            }
        }
    }

    fn persons(&mut self) {
        let mut has_leader: HashSet<usize> = HashSet::new();
        let mut left = self.scale.building_leaders;
        for g in 0..self.grids.len() {
            if left == 0 {
                break;
            }
            let b = *self.grids[g].buildings.choose(&mut self.rng).expect("a grid has buildings");
            has_leader.insert(b);
            left -= 1;
        }
        let mut rest: Vec<usize> = self
            .grids
            .iter()
            .flat_map(|g| g.buildings.iter().copied())
            .filter(|b| !has_leader.contains(b))
            .collect();
        rest.shuffle(&mut self.rng);
        has_leader.extend(rest.into_iter().take(left));

        // Homes in area order, so that person ids run building by building.
        let mut homes: Vec<(usize, usize, Option<usize>)> = Vec::new();
        for (c, community) in self.communities.iter().enumerate() {
            if community.urban {
                for &g in &community.grids {
                    homes.extend(self.grids[g].buildings.iter().map(|&b| (b, c, Some(g))));
                }
            } else {
                homes.push((community.area, c, None));
            }
        }
        let mut weights: Vec<f64> =
            homes.iter().map(|h| if h.2.is_some() { self.rng.gen_range(0.5..1.5) } else { 0.0 }).collect();
        let villages = homes.iter().filter(|h| h.2.is_none()).count();
        if villages > 0 {
            let share = self.scale.village_share;
            let per_village = weights.iter().sum::<f64>() * share / (1.0 - share) / villages as f64;
            for (w, h) in weights.iter_mut().zip(&homes) {
                if h.2.is_none() {
                    *w = per_village * self.rng.gen_range(0.6..1.4);
                }
            }
        }
        let mut counts: Vec<usize> = homes.iter().map(|h| usize::from(has_leader.contains(&h.0))).collect();
        let forced: usize = counts.iter().sum();
        let dist = WeightedIndex::new(&weights).expect("buildings give positive weights");
        for _ in 0..self.scale.residents.saturating_sub(forced) {
            counts[dist.sample(&mut self.rng)] += 1;
        }
        for (i, &(home, c, grid)) in homes.iter().enumerate() {
            for k in 0..counts[i] {
                let leader = k == 0 && has_leader.contains(&home);
                let p = self.new_person(home, c, grid, leader);
                if let (true, Some(g)) = (leader, grid) {
                    self.grids[g].leaders.push(p);
                }
            }
        }
        self.order = (0..self.people.len()).collect();
        self.order.shuffle(&mut self.rng);
    }

    fn new_person(&mut self, home: usize, community: usize, grid: Option<usize>, leader: bool) -> usize {
        // Building leaders are mostly retired members (as 红色楼栋 practice has it).
        let age = if leader { self.rng.gen_range(55..=72) } else { pyramid_age(&mut self.rng) };
        let birth = birth_for_age(&mut self.rng, age);
        let male = self.rng.gen_bool(if leader { 0.6 } else { 0.5 });
        let gender = if male { Gender::Male } else { Gender::Female };
        let name = names::person_name(&mut self.rng, gender, birth.year());
        let id_card = self.id_card_number(birth, gender);
        let phone = if self.rng.gen_bool(phone_share(age)) { Some(self.phone()) } else { None };
        let (id, at) = self.ids.next();
        let home_area = &self.d.areas[home];
        self.d.persons.push(PersonRow {
            id,
            at,
            name,
            id_card,
            phone,
            home_area_id: home_area.id,
            area_path: home_area.path.clone(),
        });
        let p = self.people.len();
        self.people.push(Resident { age, birth, home, community, grid, leader, member: None });
        self.communities[community].residents.push(p);
        if let Some(g) = grid {
            self.grids[g].residents.push(p);
        }
        p
    }

    /// Region, birth date, a sequence whose last digit is odd for men, and
    /// the GB 11643 check character; unique across the data.
    fn id_card_number(&mut self, birth: NaiveDate, gender: Gender) -> IdCardNumber {
        loop {
            let region = if self.rng.gen_bool(0.8) {
                names::DISTRICT_CODE
            } else {
                names::OTHER_HUAINAN_REGIONS.choose(&mut self.rng).expect("a non-empty list")
            };
            let order: u32 = self.rng.gen_range(0..100);
            let sex = self.rng.gen_range(0..5) * 2 + u32::from(gender == Gender::Male);
            let first17 = format!("{region}{}{order:02}{sex}", birth.format("%Y%m%d"));
            let text = format!("{first17}{}", IdCardNumber::check_char(&first17));
            if self.id_cards.insert(text.clone()) {
                return IdCardNumber::parse(&text, "idCardNumber")
                    .expect("a generated ID-card number is valid by construction");
            }
        }
    }

    fn phone(&mut self) -> Phone {
        loop {
            let prefix = names::MOBILE_PREFIXES.choose(&mut self.rng).expect("a non-empty list");
            let text = format!("{prefix}{:08}", self.rng.gen_range(0..100_000_000u32));
            if self.phones.insert(text.clone()) {
                return Phone::parse(&text, "phone")
                    .expect("a generated mobile number is valid by construction");
            }
        }
    }

    fn add_member(&mut self, p: usize, org: usize, category: MemberCategory, probationary: bool) -> usize {
        let birth = self.people[p].birth;
        let adult = shift_years(birth, 18);
        let joined = if probationary {
            date_between(&mut self.rng, ymd(2024, 1, 1), ymd(2024, 11, 30)).max(adult)
        } else {
            let (lo, hi) = match category {
                MemberCategory::InService | MemberCategory::ElderlyInfirm => (20, 40),
                MemberCategory::Retired => (20, 45),
                MemberCategory::YoungGraduate => (18, 23),
                MemberCategory::Flowing => (18, 35),
            };
            // Joined at least a year before the reference day: probation is over.
            let age_now = self.people[p].age;
            let hi = hi.min(age_now - 2).max(18);
            let age = self.rng.gen_range(lo.min(hi)..=hi);
            let day = shift_years(birth, age) + Days::new(self.rng.gen_range(0..365));
            // Full members have passed a year's probation.
            day.max(adult).min(ymd(2023, 12, 31))
        };
        let status = if probationary { MemberStatus::Probationary } else { MemberStatus::Full };
        let (id, at) = self.ids.next();
        let o = &self.d.orgs[org];
        let person = &self.d.persons[p];
        self.d.members.push(MemberRow {
            id,
            at,
            person_id: person.id,
            org_id: o.id,
            org_path: o.path.clone(),
            org_area_path: o.area_path.clone(),
            area_path: person.area_path.clone(),
            status,
            category,
            joined_on: Date(joined),
            reported_community_id: None,
            reported_on: None,
        });
        let m = self.d.members.len() - 1;
        self.people[p].member = Some(m);
        self.org_members[org].push(p);
        self.member_person.push(p);
        self.member_org.push(org);
        m
    }

    /// A person not yet a member, aged within `ages`, from `among` (or anyone).
    fn pick_free(&mut self, among: Option<&[usize]>, ages: std::ops::RangeInclusive<i32>) -> Option<usize> {
        let people = &self.people;
        let free = |p: usize| people[p].member.is_none() && ages.contains(&people[p].age);
        match among {
            Some(list) => pick_index(&mut self.rng, list.len(), |i| free(list[i])).map(|i| list[i]),
            None => pick_index(&mut self.rng, people.len(), free),
        }
    }

    fn set_secretary(&mut self, org: usize, p: usize) {
        self.d.orgs[org].secretary_id = Some(self.d.persons[p].id);
    }

    /// The community organization a member living at home belongs to.
    fn home_org(&mut self, p: usize, category: MemberCategory) -> usize {
        let r = &self.people[p];
        let c = &self.communities[r.community];
        if !c.urban {
            return c.org;
        }
        if let (MemberCategory::Retired, Some(retired)) = (category, c.retired_branch)
            && self.rng.gen_bool(0.5)
        {
            return retired;
        }
        match r.grid {
            Some(g) => self.grids[g].branch,
            None => c.org,
        }
    }

    fn members(&mut self) {
        use MemberCategory::*;
        // Building leaders: retired members of their grid's branch.
        for g in 0..self.grids.len() {
            for p in self.grids[g].leaders.clone() {
                self.add_member(p, self.grids[g].branch, Retired, false);
            }
        }

        // Full-time staff of the committees: secretary (and a deputy in a 大党委).
        let mut staff: Vec<(usize, Option<usize>)> = vec![(self.district_org, None), (self.works_org, None)];
        staff.extend(self.streets.iter().map(|s| (s.committee, None)));
        for (c, community) in self.communities.iter().enumerate() {
            if community.urban {
                staff.push((community.org, Some(c)));
                staff.push((community.org, Some(c)));
            }
        }
        for (org, community) in staff {
            let residents = community.map(|c| self.communities[c].residents.clone());
            let found = match self.pick_free(residents.as_deref(), 35..=58) {
                Some(p) => Some(p),
                None => self.pick_free(None, 35..=58),
            };
            let Some(p) = found else { continue };
            self.add_member(p, org, InService, false);
            if self.d.orgs[org].secretary_id.is_none() {
                self.set_secretary(org, p);
            }
            if let Some(c) = community {
                self.communities[c].staff.push(p);
            }
        }

        // Each workplace organization's secretary.
        let workplaces: Vec<usize> = self.institution_orgs.iter().chain(&self.unit_orgs).copied().collect();
        for &org in &workplaces {
            if let Some(p) = self.pick_free(None, 30..=58) {
                self.add_member(p, org, InService, false);
                self.set_secretary(org, p);
            }
        }

        // A first member for each community branch still without one.
        for c in 0..self.communities.len() {
            let mut orgs: Vec<usize> =
                self.communities[c].grids.iter().map(|&g| self.grids[g].branch).collect();
            orgs.dedup();
            orgs.extend(self.communities[c].retired_branch);
            if !self.communities[c].urban {
                orgs.push(self.communities[c].org);
            }
            for org in orgs {
                if !self.org_members[org].is_empty() {
                    continue;
                }
                let among: Vec<usize> =
                    if self.communities[c].urban && Some(org) != self.communities[c].retired_branch {
                        let grids = &self.communities[c].grids;
                        grids
                            .iter()
                            .filter(|&&g| self.grids[g].branch == org)
                            .flat_map(|&g| self.grids[g].residents.iter().copied())
                            .collect()
                    } else {
                        self.communities[c].residents.clone()
                    };
                let found = match self.pick_free(Some(&among), 55..=84) {
                    Some(p) => Some((p, Retired)),
                    None => self.pick_free(Some(&among), 20..=54).map(|p| (p, Flowing)),
                };
                if let Some((p, category)) = found {
                    self.add_member(p, org, category, false);
                }
            }
        }

        // The rest of the in-service members, most in the 21 institutions.
        let in_service = self.d.members.iter().filter(|m| m.category == InService).count();
        let room = self.scale.party_members.saturating_sub(self.d.members.len());
        let wanted = self.scale.in_service_members.saturating_sub(in_service).min(room);
        if !workplaces.is_empty() {
            let inst_weight: f64 =
                INSTITUTIONS.iter().take(self.institution_orgs.len()).map(|i| f64::from(i.weight)).sum();
            let unit_share = if self.unit_orgs.is_empty() { 0.0 } else { 0.3 / self.unit_orgs.len() as f64 };
            let weights: Vec<f64> = (0..self.institution_orgs.len())
                .map(|i| f64::from(INSTITUTIONS[i].weight) / inst_weight * 0.7)
                .chain(self.unit_orgs.iter().map(|_| unit_share))
                .collect();
            let dist = WeightedIndex::new(&weights).expect("positive weights");
            self.fill(wanted, 23..=59, 0.04, |g, _| (workplaces[dist.sample(&mut g.rng)], InService));
        }

        // 报到: in-service members report to the community where they live.
        let last_join = ymd(2023, 10, 31);
        let is_workplace: HashSet<usize> = workplaces.iter().copied().collect();
        let can_report = |m: usize| {
            let row = &self.d.members[m];
            row.category == InService && row.status == MemberStatus::Full && row.joined_on.0 <= last_join
        };
        let (mut pool, mut committee_staff): (Vec<usize>, Vec<usize>) = (0..self.d.members.len())
            .filter(|&m| can_report(m))
            .partition(|&m| is_workplace.contains(&self.member_org[m]));
        pool.shuffle(&mut self.rng);
        // Committee staff report in too when the workplaces fall short of the figure.
        committee_staff.shuffle(&mut self.rng);
        pool.extend(committee_staff);
        pool.truncate(self.scale.reported_members);
        pool.sort_unstable();
        for m in pool {
            let community = self.people[self.member_person[m]].community;
            let earliest = (self.d.members[m].joined_on.0 + Days::new(30)).max(ymd(2020, 1, 1));
            let on = date_between(&mut self.rng, earliest, ymd(2023, 12, 31));
            let row = &mut self.d.members[m];
            row.reported_community_id = Some(self.d.areas[self.communities[community].area].id);
            row.reported_on = Some(Date(on));
        }

        // The other categories live, and belong, in their communities.
        let room = self.scale.party_members.saturating_sub(self.d.members.len());
        let retired = room * 58 / 100;
        let young = room * 14 / 100;
        let flowing = room * 11 / 100;
        let infirm = room - retired - young - flowing;
        self.fill(retired, 55..=84, 0.0, |g, p| (g.home_org(p, Retired), Retired));
        self.fill(young, 21..=30, 0.08, |g, p| (g.home_org(p, YoungGraduate), YoungGraduate));
        self.fill(flowing, 20..=55, 0.03, |g, p| (g.home_org(p, Flowing), Flowing));
        self.fill(infirm, 75..=99, 0.0, |g, p| (g.home_org(p, ElderlyInfirm), ElderlyInfirm));

        // Branch secretaries from among the branch's full members.
        for org in 0..self.d.orgs.len() {
            if self.d.orgs[org].secretary_id.is_some() {
                continue;
            }
            let full: Vec<usize> = self.org_members[org]
                .iter()
                .copied()
                .filter(|&p| {
                    self.people[p].member.is_some_and(|m| self.d.members[m].status == MemberStatus::Full)
                })
                .collect();
            if let Some(&p) = full.choose(&mut self.rng) {
                self.set_secretary(org, p);
            }
        }
    }

    /// Make up to `n` more members of people aged within `ages`, in the
    /// random draw order; `place` gives each one's organization and category.
    fn fill(
        &mut self,
        n: usize,
        ages: std::ops::RangeInclusive<i32>,
        probationary_share: f64,
        mut place: impl FnMut(&mut Self, usize) -> (usize, MemberCategory),
    ) {
        let mut added = 0;
        let mut i = 0;
        while added < n && i < self.order.len() {
            let p = self.order[i];
            i += 1;
            let person = &self.people[p];
            if person.member.is_some() || !ages.contains(&person.age) {
                continue;
            }
            let probationary = person.age <= 45 && self.rng.gen_bool(probationary_share);
            let (org, category) = place(self, p);
            self.add_member(p, org, category, probationary);
            added += 1;
        }
    }

    /// Membership history: some members came from another organization (a
    /// job move, or retirement moving the membership to the community).
    fn periods(&mut self) {
        use MemberCategory::*;
        let workplaces: Vec<usize> = self.institution_orgs.iter().chain(&self.unit_orgs).copied().collect();
        let last = ymd(2023, 12, 31);
        for m in 0..self.d.members.len() {
            let org = self.member_org[m];
            let joined = self.d.members[m].joined_on.0;
            let birth = self.people[self.member_person[m]].birth;
            let category = self.d.members[m].category;
            let mut chain: Vec<(usize, NaiveDate, Option<&'static str>)> = Vec::new();
            let other = |rng: &mut ChaCha8Rng, not: &[usize]| {
                let choices: Vec<usize> = workplaces.iter().copied().filter(|o| !not.contains(o)).collect();
                choices.choose(rng).copied()
            };
            match category {
                Retired | ElderlyInfirm if self.rng.gen_bool(0.3) => {
                    let retired_on = shift_years(birth, 60).min(last);
                    if retired_on > shift_years(joined, 2)
                        && let Some(work) = other(&mut self.rng, &[org])
                    {
                        chain.push((work, joined, None));
                        let moved_from = shift_years(joined, 1);
                        let moved_to = shift_years(retired_on, -1);
                        if moved_to > moved_from
                            && self.rng.gen_bool(0.25)
                            && let Some(second) = other(&mut self.rng, &[org, work])
                        {
                            let moved = date_between(&mut self.rng, moved_from, moved_to);
                            chain.push((second, moved, Some("工作调动")));
                        }
                        chain.push((org, retired_on, Some("退休后组织关系转入社区")));
                    }
                }
                InService if self.rng.gen_bool(0.12) => {
                    let earliest = shift_years(joined, 1);
                    if shift_years(joined, 2) < last
                        && let Some(first) = other(&mut self.rng, &[org])
                    {
                        let moved = date_between(&mut self.rng, earliest, last);
                        chain.push((first, joined, None));
                        let before = shift_years(moved, -1);
                        if before > earliest
                            && self.rng.gen_bool(0.2)
                            && let Some(second) = other(&mut self.rng, &[org, first])
                        {
                            chain.push((
                                second,
                                date_between(&mut self.rng, earliest, before),
                                Some("工作调动"),
                            ));
                        }
                        chain.push((org, moved, Some("工作调动")));
                    }
                }
                _ => {}
            }
            if chain.is_empty() {
                chain.push((org, joined, None));
            }
            let member_id = self.d.members[m].id;
            for (k, &(o, from, reason)) in chain.iter().enumerate() {
                let (id, at) = self.ids.next();
                self.d.periods.push(PeriodRow {
                    id,
                    at,
                    member_id,
                    org_id: self.d.orgs[o].id,
                    from_on: Date(from),
                    to_on: chain.get(k + 1).map(|next| Date(next.1)),
                    reason,
                });
            }
        }
    }

    /// Each 大党委: secretary, deputy and 3–5 part-time members (兼职委员),
    /// the heads of resident units' party organizations.
    fn seats(&mut self) {
        for c in 0..self.communities.len() {
            if !self.communities[c].urban {
                continue;
            }
            let committee = self.communities[c].org;
            let committee_id = self.d.orgs[committee].id;
            let area_path = self.d.areas[self.communities[c].area].path.clone();
            let term_from = Date(date_between(&mut self.rng, ymd(2021, 5, 1), ymd(2021, 9, 30)));
            let mut seats: Vec<(Uuid, Option<Uuid>, &'static str)> = Vec::new();
            for (p, position) in self.communities[c].staff.iter().zip(["书记", "副书记"]) {
                seats.push((self.d.persons[*p].id, None, position));
            }
            let units = self.communities[c].seat_units.clone();
            let count = self.rng.gen_range(3..=5).min(units.len());
            for &u in units.choose_multiple(&mut self.rng, count) {
                let secretary = self.unit_org[u].and_then(|o| self.d.orgs[o].secretary_id);
                if let Some(person) = secretary {
                    seats.push((person, Some(self.d.units[u].id), "兼职委员"));
                }
            }
            for (person_id, unit_id, position) in seats {
                let (id, at) = self.ids.next();
                self.d.seats.push(SeatRow {
                    id,
                    at,
                    committee_id,
                    person_id,
                    unit_id,
                    position,
                    term_from,
                    area_path: area_path.clone(),
                });
            }
        }
    }

    /// 结对共建: every community and village paired with one institution,
    /// the institutions sharing them out evenly.
    fn pairings(&mut self) {
        if self.institution_orgs.is_empty() {
            return;
        }
        let mut communities: Vec<usize> = (0..self.communities.len()).collect();
        communities.shuffle(&mut self.rng);
        let mut pairs: Vec<(usize, usize)> = communities
            .into_iter()
            .enumerate()
            .map(|(i, c)| (self.institution_orgs[i % self.institution_orgs.len()], c))
            .collect();
        pairs.sort_unstable();
        for (org, c) in pairs {
            let (id, at) = self.ids.next();
            let since = Date(date_between(&mut self.rng, ymd(2019, 1, 1), ymd(2021, 12, 31)));
            self.d.pairings.push(PairingRow {
                id,
                at,
                org_id: self.d.orgs[org].id,
                community_id: self.d.areas[self.communities[c].area].id,
                since,
            });
        }
    }

    /// 特殊群体台账: a few percent of residents, by age.
    fn special_groups(&mut self) {
        use SpecialGroup::*;
        for p in 0..self.people.len() {
            let age = self.people[p].age;
            let village = !self.communities[self.people[p].community].urban;
            let mut groups: Vec<(SpecialGroup, &'static [&'static str])> = Vec::new();
            if age >= 70 && self.rng.gen_bool(0.06) {
                groups.push((ElderlyAlone, &names::NOTES_ELDERLY_ALONE));
            } else if age >= 60 && self.rng.gen_bool(0.05) {
                groups.push((EmptyNestElderly, &names::NOTES_EMPTY_NEST));
            }
            if self.rng.gen_bool(0.01) {
                groups.push((Disabled, &names::NOTES_DISABLED));
            }
            if age >= 40 && self.rng.gen_bool(0.01) {
                groups.push((Sick, &names::NOTES_SICK));
            }
            if self.rng.gen_bool(0.01) {
                groups.push((Needy, &names::NOTES_NEEDY));
            }
            if age < 16 && self.rng.gen_bool(if village { 0.08 } else { 0.02 }) {
                groups.push((LeftBehindChild, &names::NOTES_LEFT_BEHIND));
            }
            for (kind, notes) in groups {
                let from = self.people[p].birth.max(ymd(2019, 1, 1));
                let registered_on = Date(date_between(&mut self.rng, from, ymd(2024, 12, 31)));
                let note = notes.choose(&mut self.rng).expect("a non-empty list");
                let (id, at) = self.ids.next();
                let person = &self.d.persons[p];
                self.d.special_groups.push(SpecialGroupRow {
                    id,
                    at,
                    person_id: person.id,
                    kind,
                    registered_on,
                    note,
                    area_path: person.area_path.clone(),
                });
            }
        }
    }

    fn push_role(&mut self, role: AreaRole, p: usize, area: usize, from: NaiveDate, to: NaiveDate) {
        let (id, at) = self.ids.next();
        let from_on = Date(date_between(&mut self.rng, from, to));
        let a = &self.d.areas[area];
        self.d.roles.push(RoleRow {
            id,
            at,
            role,
            person_id: self.d.persons[p].id,
            area_id: a.id,
            area_path: a.path.clone(),
            from_on,
        });
    }

    /// Building leaders on their buildings; grid workers (staff, living
    /// anywhere in the district), one per grid and a second in some.
    fn roles(&mut self) {
        for g in 0..self.grids.len() {
            for p in self.grids[g].leaders.clone() {
                self.push_role(
                    AreaRole::BuildingLeader,
                    p,
                    self.people[p].home,
                    ymd(2019, 3, 1),
                    ymd(2023, 12, 31),
                );
            }
        }
        let grids = self.grids.len();
        let workers = self.scale.grid_workers;
        let mut targets: Vec<usize> = (0..grids.min(workers)).collect();
        if workers > grids {
            let mut extra: Vec<usize> = (0..grids).collect();
            extra.shuffle(&mut self.rng);
            targets.extend(extra.iter().cycle().take(workers - grids));
        }
        targets.sort_unstable();
        let people = &self.people;
        let mut pool =
            self.order.iter().copied().filter(|&p| !people[p].leader && (25..=50).contains(&people[p].age));
        let chosen: Vec<(usize, usize)> =
            targets.into_iter().filter_map(|g| pool.next().map(|p| (g, p))).collect();
        for (g, p) in chosen {
            self.push_role(AreaRole::GridWorker, p, self.grids[g].area, ymd(2018, 3, 1), ymd(2023, 12, 31));
        }
    }

    /// The table of who serves where, as the services write it: every
    /// building leader, grid worker, governance-group member, committee
    /// member and party member, in the area they serve.
    fn serving(&mut self) {
        let d = &mut self.d;
        let roles =
            d.roles.iter().map(|r| (r.id, r.at, r.person_id, r.role.serving(), &r.area_path, r.from_on));
        let groups = d
            .group_members
            .iter()
            .map(|g| (g.id, g.at, g.person_id, ServingKind::GRID_GROUP_MEMBER, &g.area_path, g.from_on));
        let seats = d
            .seats
            .iter()
            .map(|s| (s.id, s.at, s.person_id, serving::COMMITTEE_SEAT, &s.area_path, s.term_from));
        let members = d
            .members
            .iter()
            .map(|m| (m.id, m.at, m.person_id, serving::PARTY_MEMBER, &m.org_area_path, m.joined_on));
        d.serving = roles
            .chain(groups)
            .chain(seats)
            .chain(members)
            .map(|(id, at, person_id, kind, area_path, from_on)| ServingRow {
                id,
                at,
                person_id,
                kind,
                area_path: area_path.clone(),
                from_on,
            })
            .collect();
    }

    /// 网格治理微信群: each grid's building leaders and representatives of
    /// owners, residents, a resident unit, the police and the property company.
    fn grid_groups(&mut self) {
        use GridGroupRole::*;
        for g in 0..self.grids.len() {
            let c = self.grids[g].community;
            let grid_residents = self.grids[g].residents.clone();
            let community_residents = self.communities[c].residents.clone();
            let from = date_between(&mut self.rng, ymd(2020, 3, 1), ymd(2023, 12, 31));
            let mut group: Vec<(usize, GridGroupRole, Option<usize>)> = Vec::new();
            for &p in &self.grids[g].leaders {
                group.push((p, BuildingLeader, None));
            }
            let people = &self.people;
            let resident = |rng: &mut ChaCha8Rng,
                            among: &[usize],
                            ages: std::ops::RangeInclusive<i32>,
                            not: &[usize]| {
                pick_index(rng, among.len(), |i| {
                    let p = among[i];
                    !people[p].leader && ages.contains(&people[p].age) && !not.contains(&p)
                })
                .map(|i| among[i])
            };
            let owners_unit = self.communities[c].owners.choose(&mut self.rng).copied();
            let owners_rep = resident(&mut self.rng, &grid_residents, 35..=120, &[]);
            if let Some(p) = owners_rep {
                group.push((p, OwnersCommitteeRep, owners_unit));
            }
            let mut reps: Vec<usize> = owners_rep.into_iter().collect();
            for _ in 0..2 {
                if let Some(p) = resident(&mut self.rng, &grid_residents, 18..=120, &reps) {
                    reps.push(p);
                    group.push((p, ResidentRep, None));
                }
            }
            let police = self.streets.iter().find(|s| s.communities.contains(&c)).and_then(|s| s.police);
            let units: Vec<usize> =
                self.communities[c].seat_units.iter().copied().filter(|&u| Some(u) != police).collect();
            let units: Vec<(usize, GridGroupRole)> = units
                .choose(&mut self.rng)
                .map(|&u| (u, UnitRep))
                .into_iter()
                .chain(police.map(|u| (u, Department)))
                .collect();
            for (u, role) in units {
                let staff = self.unit_org[u].map(|o| self.org_members[o].clone()).unwrap_or_default();
                let person = match staff.choose(&mut self.rng) {
                    Some(&p) => Some(p),
                    None => resident(&mut self.rng, &community_residents, 25..=59, &[]),
                };
                if let Some(p) = person {
                    group.push((p, role, Some(u)));
                }
            }
            if let Some(u) = self.communities[c].property
                && let Some(p) = resident(&mut self.rng, &community_residents, 25..=55, &[])
            {
                group.push((p, PropertyCompany, Some(u)));
            }
            let grid_id = self.d.areas[self.grids[g].area].id;
            let area_path = self.d.areas[self.grids[g].area].path.clone();
            for (p, role, unit) in group {
                let (id, at) = self.ids.next();
                self.d.group_members.push(GroupMemberRow {
                    id,
                    at,
                    grid_id,
                    person_id: self.d.persons[p].id,
                    role,
                    unit_id: unit.map(|u| self.d.units[u].id),
                    area_path: area_path.clone(),
                    from_on: Date(from),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::people::model::age_on;

    #[test]
    fn counts_read_as_one_line() {
        let line = generate(&Scale::small(1)).counts().to_string();
        assert!(
            line.starts_with("1 district, 1 streets and 0 towns, 1 communities and 0 villages, 1 grids"),
            "{line}"
        );
        assert!(!line.contains('\n'));
        assert_eq!(grouped(20_000), "20,000");
        assert_eq!(grouped(1_157), "1,157");
        assert_eq!(grouped(274), "274");
        assert_eq!(grouped(200_000), "200,000");
    }

    #[test]
    fn the_article_scale_has_the_article_figures() {
        let d = generate(&Scale::article());
        let n = d.counts();
        assert_eq!(n.communities + n.villages, 42);
        assert_eq!((n.districts, n.streets, n.towns), (1, 3, 2));
        assert_eq!(n.grids, 175);
        assert_eq!(n.grid_workers, 238);
        assert_eq!(n.building_leaders, 274);
        assert_eq!(n.reported_members, 1157);
        assert_eq!((n.pairings, n.paired_orgs), (42, 21));
        assert_eq!(n.persons, 20_000);
        assert_eq!(n.party_members, 3_000);
        assert_eq!(n.units as usize, d.units.len());
        assert!((6 * 175..=10 * 175).contains(&n.buildings));
        let in_service = d.members.iter().filter(|m| m.category == MemberCategory::InService).count();
        assert_eq!(in_service, 1_300);

        let mut workers: HashMap<Uuid, usize> = HashMap::new();
        for r in d.roles.iter().filter(|r| r.role == AreaRole::GridWorker) {
            *workers.entry(r.area_id).or_default() += 1;
        }
        assert_eq!(workers.len(), 175, "every grid has a grid worker");
        assert_eq!(workers.values().filter(|&&w| w == 2).count(), 63);

        let paired: HashSet<Uuid> = d.pairings.iter().map(|p| p.community_id).collect();
        assert_eq!(paired.len(), 42, "each community and village has exactly one pairing");

        let members: HashMap<Uuid, &MemberRow> = d.members.iter().map(|m| (m.person_id, m)).collect();
        let persons: HashMap<Uuid, &PersonRow> = d.persons.iter().map(|p| (p.id, p)).collect();
        let mut led = HashSet::new();
        for r in d.roles.iter().filter(|r| r.role == AreaRole::BuildingLeader) {
            assert!(members.contains_key(&r.person_id), "a building leader is a party member");
            assert_eq!(
                persons[&r.person_id].home_area_id, r.area_id,
                "a building leader lives in the building"
            );
            assert!(led.insert(r.area_id), "one leader per building");
        }
        for m in members.values().filter(|m| m.reported_community_id.is_some()) {
            let home = &persons[&m.person_id].area_path;
            let community = d.areas.iter().find(|a| Some(a.id) == m.reported_community_id).unwrap();
            assert!(
                community.kind.is_community() && home.starts_with(&community.path),
                "reported where they live"
            );
        }
        for o in &d.orgs {
            let secretary = o.secretary_id.expect("every organization has a secretary");
            assert_eq!(members[&secretary].org_id, o.id, "the secretary is a member of the organization");
        }
        let seats_per_committee = d.seats.iter().fold(HashMap::<Uuid, usize>::new(), |mut acc, s| {
            *acc.entry(s.committee_id).or_default() += 1;
            acc
        });
        assert_eq!(seats_per_committee.len(), 32);
        assert!(seats_per_committee.values().all(|&n| (5..=7).contains(&n)));
    }

    #[test]
    fn generated_people_are_valid_and_unique() {
        let d = generate(&Scale::article());
        let mut cards = HashSet::new();
        let mut phones = HashSet::new();
        for p in &d.persons {
            let card =
                IdCardNumber::parse(p.id_card.as_str(), "idCardNumber").expect("a valid ID-card number");
            assert!(card.as_str().starts_with("3404"), "a Huainan region code");
            assert!(cards.insert(card.as_str().to_owned()));
            if let Some(phone) = &p.phone {
                assert!(["13", "15", "18"].contains(&&phone.as_str()[..2]));
                assert!(phones.insert(phone.as_str().to_owned()));
            }
            let chars = p.name.chars().count();
            assert!((2..=3).contains(&chars), "{}", p.name);
        }
        assert!(phones.len() > d.persons.len() * 3 / 4, "most people have a phone");

        let births: HashMap<Uuid, NaiveDate> =
            d.persons.iter().map(|p| (p.id, p.id_card.birth_date().0)).collect();
        let old = births.values().filter(|b| age_on(**b, as_of()) >= 60).count();
        assert!(old * 100 / births.len() >= 25, "an old mining district");
        for m in &d.members {
            let birth = births[&m.person_id];
            assert!(m.joined_on.0 >= shift_years(birth, 18), "joined at 18 or later");
            assert_eq!(m.status == MemberStatus::Probationary, m.joined_on.0.year() == 2024);
        }
        for s in &d.special_groups {
            let age = age_on(births[&s.person_id], as_of());
            match s.kind {
                SpecialGroup::ElderlyAlone => assert!(age >= 70),
                SpecialGroup::LeftBehindChild => assert!(age < 16),
                _ => {}
            }
            assert!((2019..=2024).contains(&s.registered_on.0.year()));
        }
        let share = d.special_groups.len() * 100 / d.persons.len();
        assert!((2..=9).contains(&share), "a few percent are in the register, not {share}%");
        let mut periods: HashMap<Uuid, Vec<&PeriodRow>> = HashMap::new();
        for p in &d.periods {
            periods.entry(p.member_id).or_default().push(p);
        }
        assert_eq!(periods.len(), d.members.len());
        assert!(periods.values().any(|v| v.len() == 3), "some members moved twice");
        for m in &d.members {
            let chain = &periods[&m.id];
            assert_eq!(chain[0].from_on, m.joined_on);
            let open: Vec<_> = chain.iter().filter(|p| p.to_on.is_none()).collect();
            assert_eq!(open.len(), 1);
            assert_eq!(open[0].org_id, m.org_id, "the open period is the current organization");
            assert!(
                chain.windows(2).all(|w| w[0].to_on == Some(w[1].from_on) && w[0].from_on < w[1].from_on)
            );
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_data_ids_included() {
        let a = generate(&Scale::small(2));
        let b = generate(&Scale::small(2));
        let first = |d: &Dataset| -> Vec<(Uuid, String, String)> {
            d.persons.iter().take(10).map(|p| (p.id, p.name.clone(), p.id_card.as_str().to_owned())).collect()
        };
        assert_eq!(first(&a), first(&b));
        assert_eq!(
            a.orgs.iter().map(|o| o.id).collect::<Vec<_>>(),
            b.orgs.iter().map(|o| o.id).collect::<Vec<_>>()
        );
        let other = generate(&Scale { seed: 99, ..Scale::small(2) });
        assert_ne!(first(&a), first(&other));
    }

    #[test]
    fn ids_follow_creation_order_and_paths_follow_codes() {
        let d = generate(&Scale::small(3));
        let mut all: Vec<(Timestamp, Uuid)> = d.areas.iter().map(|a| (a.at, a.id)).collect();
        all.extend(d.persons.iter().map(|p| (p.at, p.id)));
        all.extend(d.members.iter().map(|m| (m.at, m.id)));
        all.sort();
        assert!(all.windows(2).all(|w| w[0].1 < w[1].1), "ids sort as their creation times do");
        assert!(all.iter().all(|(_, id)| id.get_version_num() == 7));

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
        for o in &d.orgs {
            let segments = o.path.trim_matches('/').split('/').count();
            let depth =
                std::iter::successors(o.parent_id, |p| d.orgs.iter().find(|x| x.id == *p).unwrap().parent_id)
                    .count();
            assert_eq!(segments, depth + 1);
            assert!(o.path.ends_with(&format!("/{}/", o.id.simple())));
        }
    }
}
