//! People: the persons living in the district, the special-group register
//! (特殊群体台账), roles in areas (building leaders, grid workers), the grid
//! governance groups (网格治理微信群) and the table of who serves where.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use rand::Rng;
use rand::distributions::{Distribution, WeightedIndex};
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use super::area::{AreaRow, Areas};
use super::shared::{Gen, as_of, date_between, pick_index, ymd};
use crate::db::{Date, Timestamp};
use crate::people::model::{AreaRole, Gender, GridGroupRole, IdCardNumber, Phone, ServingKind, SpecialGroup};
use crate::seed::names;

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

/// One per person, at the person's index in `persons`.
pub(super) struct Resident {
    pub(super) age: i32,
    pub(super) birth: NaiveDate,
    /// The building (or village) lived in.
    pub(super) home: usize,
    pub(super) community: usize,
    pub(super) grid: Option<usize>,
    pub(super) leader: bool,
}

/// The people domain's rows, and where its steps put people, for the
/// domains above.
pub struct People {
    pub persons: Vec<PersonRow>,
    pub special_groups: Vec<SpecialGroupRow>,
    pub roles: Vec<RoleRow>,
    pub group_members: Vec<GroupMemberRow>,
    pub serving: Vec<ServingRow>,
    pub(super) residents: Vec<Resident>,
    /// Every person once, in random order: the draw order of the pools.
    pub(super) order: Vec<usize>,
    /// The persons living in each community, and in each grid.
    pub(super) community_residents: Vec<Vec<usize>>,
    pub(super) grid_residents: Vec<Vec<usize>>,
    /// The building leaders of each grid.
    pub(super) grid_leaders: Vec<Vec<usize>>,
    id_cards: HashSet<String>,
    phones: HashSet<String>,
}

impl People {
    pub(super) fn new(area: &Areas) -> People {
        People {
            persons: Vec::new(),
            special_groups: Vec::new(),
            roles: Vec::new(),
            group_members: Vec::new(),
            serving: Vec::new(),
            residents: Vec::new(),
            order: Vec::new(),
            community_residents: vec![Vec::new(); area.communities.len()],
            grid_residents: vec![Vec::new(); area.grids.len()],
            grid_leaders: vec![Vec::new(); area.grids.len()],
            id_cards: HashSet::new(),
            phones: HashSet::new(),
        }
    }

    pub(super) fn persons(&mut self, cx: &mut Gen, area: &Areas) {
        let mut has_leader: HashSet<usize> = HashSet::new();
        let mut left = cx.scale.building_leaders;
        for grid in &area.grids {
            if left == 0 {
                break;
            }
            let b = *grid.buildings.choose(&mut cx.rng).expect("a grid has buildings");
            has_leader.insert(b);
            left -= 1;
        }
        let mut rest: Vec<usize> = area
            .grids
            .iter()
            .flat_map(|g| g.buildings.iter().copied())
            .filter(|b| !has_leader.contains(b))
            .collect();
        rest.shuffle(&mut cx.rng);
        has_leader.extend(rest.into_iter().take(left));

        // Homes in area order, so that person ids run building by building.
        let mut homes: Vec<(usize, usize, Option<usize>)> = Vec::new();
        for (c, community) in area.communities.iter().enumerate() {
            if community.urban {
                for &g in &community.grids {
                    homes.extend(area.grids[g].buildings.iter().map(|&b| (b, c, Some(g))));
                }
            } else {
                homes.push((community.area, c, None));
            }
        }
        let mut weights: Vec<f64> =
            homes.iter().map(|h| if h.2.is_some() { cx.rng.gen_range(0.5..1.5) } else { 0.0 }).collect();
        let villages = homes.iter().filter(|h| h.2.is_none()).count();
        if villages > 0 {
            let share = cx.scale.village_share;
            let per_village = weights.iter().sum::<f64>() * share / (1.0 - share) / villages as f64;
            for (w, h) in weights.iter_mut().zip(&homes) {
                if h.2.is_none() {
                    *w = per_village * cx.rng.gen_range(0.6..1.4);
                }
            }
        }
        let mut counts: Vec<usize> = homes.iter().map(|h| usize::from(has_leader.contains(&h.0))).collect();
        let forced: usize = counts.iter().sum();
        let dist = WeightedIndex::new(&weights).expect("buildings give positive weights");
        for _ in 0..cx.scale.residents.saturating_sub(forced) {
            counts[dist.sample(&mut cx.rng)] += 1;
        }
        for (i, &(home, c, grid)) in homes.iter().enumerate() {
            for k in 0..counts[i] {
                let leader = k == 0 && has_leader.contains(&home);
                let p = self.new_person(cx, &area.areas[home], home, c, grid, leader);
                if let (true, Some(g)) = (leader, grid) {
                    self.grid_leaders[g].push(p);
                }
            }
        }
        self.order = (0..self.residents.len()).collect();
        self.order.shuffle(&mut cx.rng);
    }

    fn new_person(
        &mut self,
        cx: &mut Gen,
        home_area: &AreaRow,
        home: usize,
        community: usize,
        grid: Option<usize>,
        leader: bool,
    ) -> usize {
        // Building leaders are mostly retired members (as 红色楼栋 practice has it).
        let age = if leader { cx.rng.gen_range(55..=72) } else { pyramid_age(&mut cx.rng) };
        let birth = birth_for_age(&mut cx.rng, age);
        let male = cx.rng.gen_bool(if leader { 0.6 } else { 0.5 });
        let gender = if male { Gender::Male } else { Gender::Female };
        let name = names::person_name(&mut cx.rng, gender, birth.year());
        let id_card = self.id_card_number(cx, birth, gender);
        let phone = if cx.rng.gen_bool(phone_share(age)) { Some(self.phone(cx)) } else { None };
        let (id, at) = cx.next_id();
        self.persons.push(PersonRow {
            id,
            at,
            name,
            id_card,
            phone,
            home_area_id: home_area.id,
            area_path: home_area.path.clone(),
        });
        let p = self.residents.len();
        self.residents.push(Resident { age, birth, home, community, grid, leader });
        self.community_residents[community].push(p);
        if let Some(g) = grid {
            self.grid_residents[g].push(p);
        }
        p
    }

    /// Region, birth date, a sequence whose last digit is odd for men, and
    /// the GB 11643 check character; unique across the data.
    fn id_card_number(&mut self, cx: &mut Gen, birth: NaiveDate, gender: Gender) -> IdCardNumber {
        loop {
            let region = if cx.rng.gen_bool(0.8) {
                names::DISTRICT_CODE
            } else {
                names::OTHER_HUAINAN_REGIONS.choose(&mut cx.rng).expect("a non-empty list")
            };
            let order: u32 = cx.rng.gen_range(0..100);
            let sex = cx.rng.gen_range(0..5) * 2 + u32::from(gender == Gender::Male);
            let first17 = format!("{region}{}{order:02}{sex}", birth.format("%Y%m%d"));
            let text = format!("{first17}{}", IdCardNumber::check_char(&first17));
            if self.id_cards.insert(text.clone()) {
                return IdCardNumber::parse(&text, "idCardNumber")
                    .expect("a generated ID-card number is valid by construction");
            }
        }
    }

    fn phone(&mut self, cx: &mut Gen) -> Phone {
        loop {
            let prefix = names::MOBILE_PREFIXES.choose(&mut cx.rng).expect("a non-empty list");
            let text = format!("{prefix}{:08}", cx.rng.gen_range(0..100_000_000u32));
            if self.phones.insert(text.clone()) {
                return Phone::parse(&text, "phone")
                    .expect("a generated mobile number is valid by construction");
            }
        }
    }

    /// 特殊群体台账: a few percent of residents, by age.
    pub(super) fn special_groups(&mut self, cx: &mut Gen, area: &Areas) {
        use SpecialGroup::*;
        for p in 0..self.residents.len() {
            let age = self.residents[p].age;
            let village = !area.communities[self.residents[p].community].urban;
            let mut groups: Vec<(SpecialGroup, &'static [&'static str])> = Vec::new();
            if age >= 70 && cx.rng.gen_bool(0.06) {
                groups.push((ElderlyAlone, &names::NOTES_ELDERLY_ALONE));
            } else if age >= 60 && cx.rng.gen_bool(0.05) {
                groups.push((EmptyNestElderly, &names::NOTES_EMPTY_NEST));
            }
            if cx.rng.gen_bool(0.01) {
                groups.push((Disabled, &names::NOTES_DISABLED));
            }
            if age >= 40 && cx.rng.gen_bool(0.01) {
                groups.push((Sick, &names::NOTES_SICK));
            }
            if cx.rng.gen_bool(0.01) {
                groups.push((Needy, &names::NOTES_NEEDY));
            }
            if age < 16 && cx.rng.gen_bool(if village { 0.08 } else { 0.02 }) {
                groups.push((LeftBehindChild, &names::NOTES_LEFT_BEHIND));
            }
            for (kind, notes) in groups {
                let from = self.residents[p].birth.max(ymd(2019, 1, 1));
                let registered_on = Date(date_between(&mut cx.rng, from, ymd(2024, 12, 31)));
                let note = notes.choose(&mut cx.rng).expect("a non-empty list");
                let (id, at) = cx.next_id();
                let person = &self.persons[p];
                self.special_groups.push(SpecialGroupRow {
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

    fn push_role(
        &mut self,
        cx: &mut Gen,
        role: AreaRole,
        p: usize,
        a: &AreaRow,
        from: NaiveDate,
        to: NaiveDate,
    ) {
        let (id, at) = cx.next_id();
        let from_on = Date(date_between(&mut cx.rng, from, to));
        self.roles.push(RoleRow {
            id,
            at,
            role,
            person_id: self.persons[p].id,
            area_id: a.id,
            area_path: a.path.clone(),
            from_on,
        });
    }

    /// Building leaders on their buildings; grid workers (staff, living
    /// anywhere in the district), one per grid and a second in some.
    pub(super) fn roles(&mut self, cx: &mut Gen, area: &Areas) {
        for g in 0..area.grids.len() {
            for p in self.grid_leaders[g].clone() {
                let home = &area.areas[self.residents[p].home];
                self.push_role(cx, AreaRole::BuildingLeader, p, home, ymd(2019, 3, 1), ymd(2023, 12, 31));
            }
        }
        let grids = area.grids.len();
        let workers = cx.scale.grid_workers;
        let mut targets: Vec<usize> = (0..grids.min(workers)).collect();
        if workers > grids {
            let mut extra: Vec<usize> = (0..grids).collect();
            extra.shuffle(&mut cx.rng);
            targets.extend(extra.iter().cycle().take(workers - grids));
        }
        targets.sort_unstable();
        let residents = &self.residents;
        let mut pool = self
            .order
            .iter()
            .copied()
            .filter(|&p| !residents[p].leader && (25..=50).contains(&residents[p].age));
        let chosen: Vec<(usize, usize)> =
            targets.into_iter().filter_map(|g| pool.next().map(|p| (g, p))).collect();
        for (g, p) in chosen {
            let grid = &area.areas[area.grids[g].area];
            self.push_role(cx, AreaRole::GridWorker, p, grid, ymd(2018, 3, 1), ymd(2023, 12, 31));
        }
    }

    /// 网格治理微信群: each grid's building leaders and representatives of
    /// owners, residents, a resident unit, the police and the property company.
    /// `staff(u)` lists who is known to work at unit `u`: this domain does
    /// not record it, the domains above may.
    pub(super) fn grid_groups<'s>(
        &mut self,
        cx: &mut Gen,
        area: &Areas,
        staff: impl Fn(usize) -> &'s [usize],
    ) {
        use GridGroupRole::*;
        for g in 0..area.grids.len() {
            let c = area.grids[g].community;
            let community = &area.communities[c];
            let grid_residents = self.grid_residents[g].clone();
            let community_residents = self.community_residents[c].clone();
            let from = date_between(&mut cx.rng, ymd(2020, 3, 1), ymd(2023, 12, 31));
            let mut group: Vec<(usize, GridGroupRole, Option<usize>)> = Vec::new();
            for &p in &self.grid_leaders[g] {
                group.push((p, BuildingLeader, None));
            }
            let residents = &self.residents;
            let resident = |rng: &mut ChaCha8Rng,
                            among: &[usize],
                            ages: std::ops::RangeInclusive<i32>,
                            not: &[usize]| {
                pick_index(rng, among.len(), |i| {
                    let p = among[i];
                    !residents[p].leader && ages.contains(&residents[p].age) && !not.contains(&p)
                })
                .map(|i| among[i])
            };
            let owners_unit = community.owners.choose(&mut cx.rng).copied();
            let owners_rep = resident(&mut cx.rng, &grid_residents, 35..=120, &[]);
            if let Some(p) = owners_rep {
                group.push((p, OwnersCommitteeRep, owners_unit));
            }
            let mut reps: Vec<usize> = owners_rep.into_iter().collect();
            for _ in 0..2 {
                if let Some(p) = resident(&mut cx.rng, &grid_residents, 18..=120, &reps) {
                    reps.push(p);
                    group.push((p, ResidentRep, None));
                }
            }
            let police = area.streets.iter().find(|s| s.communities.contains(&c)).and_then(|s| s.police);
            let units: Vec<usize> =
                community.key_units.iter().copied().filter(|&u| Some(u) != police).collect();
            let units: Vec<(usize, GridGroupRole)> = units
                .choose(&mut cx.rng)
                .map(|&u| (u, UnitRep))
                .into_iter()
                .chain(police.map(|u| (u, Department)))
                .collect();
            for (u, role) in units {
                let person = match staff(u).choose(&mut cx.rng) {
                    Some(&p) => Some(p),
                    None => resident(&mut cx.rng, &community_residents, 25..=59, &[]),
                };
                if let Some(p) = person {
                    group.push((p, role, Some(u)));
                }
            }
            if let Some(u) = community.property
                && let Some(p) = resident(&mut cx.rng, &community_residents, 25..=55, &[])
            {
                group.push((p, PropertyCompany, Some(u)));
            }
            let grid_area = &area.areas[area.grids[g].area];
            for (p, role, unit) in group {
                let (id, at) = cx.next_id();
                self.group_members.push(GroupMemberRow {
                    id,
                    at,
                    grid_id: grid_area.id,
                    person_id: self.persons[p].id,
                    role,
                    unit_id: unit.map(|u| area.units[u].id),
                    area_path: grid_area.path.clone(),
                    from_on: Date(from),
                });
            }
        }
    }

    /// The table of who serves where, as the services write it: this
    /// domain's building leaders, grid workers and governance-group members,
    /// in the area they serve. The domains above append their own.
    pub(super) fn serving(&mut self) {
        let roles = self.roles.iter().map(|r| ServingRow {
            id: r.id,
            at: r.at,
            person_id: r.person_id,
            kind: r.role.serving(),
            area_path: r.area_path.clone(),
            from_on: r.from_on,
        });
        let groups = self.group_members.iter().map(|g| ServingRow {
            id: g.id,
            at: g.at,
            person_id: g.person_id,
            kind: ServingKind::GRID_GROUP_MEMBER,
            area_path: g.area_path.clone(),
            from_on: g.from_on,
        });
        self.serving = roles.chain(groups).collect();
    }
}
