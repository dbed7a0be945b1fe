//! The party: organizations (the district committee and its working
//! committee, the institutions', the streets' and towns', each community's
//! 大党委 with its grid branches, the villages'), members with the history
//! of their memberships and report-in (报到), committee seats (兼职委员) and
//! pairings of institutions with communities (结对共建).

use std::collections::HashSet;

use chrono::{Days, NaiveDate};
use rand::Rng;
use rand::distributions::{Distribution, WeightedIndex};
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use super::area::Areas;
use super::people::{People, ServingRow};
use super::shared::{Gen, date_between, pick_index, shift_years, ymd};
use crate::area::model::AreaKind;
use crate::db::{Date, Timestamp};
use crate::party::model::{MemberCategory, MemberStatus, PartyOrgKind, serving};
use crate::seed::names::{self, INSTITUTIONS};

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

enum Place {
    Area(usize),
    Unit(usize),
}

/// The organizations of a community or village.
#[derive(Clone, Default)]
struct CommunityOrgs {
    /// The 大党委 of a community, the 党总支 or 党支部 of a village.
    org: usize,
    retired_branch: Option<usize>,
    /// Secretary and deputy secretary of the 大党委.
    staff: Vec<usize>,
}

/// The party domain's rows, and where its steps put organizations and members.
#[derive(Default)]
pub struct Party {
    pub orgs: Vec<OrgRow>,
    pub members: Vec<MemberRow>,
    pub periods: Vec<PeriodRow>,
    pub pairings: Vec<PairingRow>,
    pub seats: Vec<SeatRow>,
    district_org: usize,
    works_org: usize,
    /// Each street's (or town's) committee.
    street_committees: Vec<usize>,
    communities: Vec<CommunityOrgs>,
    grid_branch: Vec<usize>,
    institution_orgs: Vec<usize>,
    /// Branches of resident units and police stations.
    unit_orgs: Vec<usize>,
    unit_org: Vec<Option<usize>>,
    org_members: Vec<Vec<usize>>,
    member_person: Vec<usize>,
    member_org: Vec<usize>,
    /// Each person's membership, if any.
    person_member: Vec<Option<usize>>,
}

impl Party {
    pub(super) fn new(area: &Areas) -> Party {
        Party {
            communities: vec![CommunityOrgs::default(); area.communities.len()],
            grid_branch: vec![0; area.grids.len()],
            unit_org: vec![None; area.units.len()],
            ..Party::default()
        }
    }

    /// Who is known to work at unit `u`: the members of its organization.
    pub(super) fn unit_staff(&self, u: usize) -> &[usize] {
        self.unit_org[u].map_or(&[], |o| &self.org_members[o])
    }

    fn push_org(
        &mut self,
        cx: &mut Gen,
        area: &Areas,
        parent: Option<usize>,
        kind: PartyOrgKind,
        name: String,
        place: Place,
    ) -> usize {
        let (id, at) = cx.next_id();
        let (parent_id, path) = match parent {
            Some(p) => (Some(self.orgs[p].id), format!("{}{}/", self.orgs[p].path, id.simple())),
            None => (None, format!("/{}/", id.simple())),
        };
        let (area_id, unit_id, area_path) = match place {
            Place::Area(a) => (Some(area.areas[a].id), None, area.areas[a].path.clone()),
            Place::Unit(u) => (None, Some(area.units[u].id), area.units[u].area_path.clone()),
        };
        self.orgs.push(OrgRow {
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
        let o = self.orgs.len() - 1;
        if let Place::Unit(u) = place {
            self.unit_org[u] = Some(o);
        }
        o
    }

    pub(super) fn orgs(&mut self, cx: &mut Gen, area: &Areas) {
        use PartyOrgKind::{Branch, Committee, GeneralBranch};
        let district = Place::Area(area.district);
        self.district_org = self.push_org(cx, area, None, Committee, "八公山区委".to_owned(), district);
        self.works_org = self.push_org(
            cx,
            area,
            Some(self.district_org),
            Committee,
            "八公山区直属机关工作委员会".to_owned(),
            Place::Area(area.district),
        );
        for (i, &u) in area.institution_units.iter().enumerate() {
            let inst = &INSTITUTIONS[i];
            let o = self.push_org(
                cx,
                area,
                Some(self.works_org),
                inst.org_kind,
                inst.org.to_owned(),
                Place::Unit(u),
            );
            self.institution_orgs.push(o);
        }
        for street in &area.streets {
            if let Some(u) = street.police {
                let name = format!("{}党支部", area.units[u].name);
                let o = self.push_org(cx, area, Some(self.works_org), Branch, name, Place::Unit(u));
                self.unit_orgs.push(o);
            }
        }
        for street in &area.streets {
            let street_area = &area.areas[street.area];
            let street_name = &street_area.name;
            let name = if street_area.kind == AreaKind::Town {
                format!("{street_name}党委")
            } else {
                format!("{street_name}党工委")
            };
            let committee =
                self.push_org(cx, area, Some(self.district_org), Committee, name, Place::Area(street.area));
            self.street_committees.push(committee);
            for &c in &street.communities {
                let community_area = area.communities[c].area;
                let cname = &area.areas[community_area].name;
                if !area.communities[c].urban {
                    let (kind, name) = if cx.rng.gen_bool(0.5) {
                        (GeneralBranch, format!("{cname}党总支"))
                    } else {
                        (Branch, format!("{cname}党支部"))
                    };
                    self.communities[c].org =
                        self.push_org(cx, area, Some(committee), kind, name, Place::Area(community_area));
                    continue;
                }
                let org = self.push_org(
                    cx,
                    area,
                    Some(committee),
                    Committee,
                    format!("{cname}大党委"),
                    Place::Area(community_area),
                );
                self.communities[c].org = org;
                // Grid branches each cover two or three neighbouring grids.
                let grids = &area.communities[c].grids;
                let clusters = grids.len().div_ceil(3);
                for k in 0..clusters {
                    let name = format!("{cname}第{}网格党支部", names::chinese_number(k + 1));
                    let branch =
                        self.push_org(cx, area, Some(org), Branch, name, Place::Area(community_area));
                    for &g in &grids[k * grids.len() / clusters..(k + 1) * grids.len() / clusters] {
                        self.grid_branch[g] = branch;
                    }
                }
                let retired = self.push_org(
                    cx,
                    area,
                    Some(org),
                    Branch,
                    format!("{cname}离退休党员党支部"),
                    Place::Area(community_area),
                );
                self.communities[c].retired_branch = Some(retired);
            }
            for &(u, c) in &area.local_units {
                if street.communities.contains(&c) {
                    let name = format!("{}党支部", area.units[u].name);
                    let o = self.push_org(cx, area, Some(committee), Branch, name, Place::Unit(u));
                    self.unit_orgs.push(o);
                }
            }
        }
    }

    fn add_member(
        &mut self,
        cx: &mut Gen,
        people: &People,
        p: usize,
        org: usize,
        category: MemberCategory,
        probationary: bool,
    ) -> usize {
        let birth = people.residents[p].birth;
        let adult = shift_years(birth, 18);
        let joined = if probationary {
            date_between(&mut cx.rng, ymd(2024, 1, 1), ymd(2024, 11, 30)).max(adult)
        } else {
            let (lo, hi) = match category {
                MemberCategory::InService | MemberCategory::ElderlyInfirm => (20, 40),
                MemberCategory::Retired => (20, 45),
                MemberCategory::YoungGraduate => (18, 23),
                MemberCategory::Flowing => (18, 35),
            };
            // Joined at least a year before the reference day: probation is over.
            let age_now = people.residents[p].age;
            let hi = hi.min(age_now - 2).max(18);
            let age = cx.rng.gen_range(lo.min(hi)..=hi);
            let day = shift_years(birth, age) + Days::new(cx.rng.gen_range(0..365));
            // Full members have passed a year's probation.
            day.max(adult).min(ymd(2023, 12, 31))
        };
        let status = if probationary { MemberStatus::Probationary } else { MemberStatus::Full };
        let (id, at) = cx.next_id();
        let o = &self.orgs[org];
        let person = &people.persons[p];
        self.members.push(MemberRow {
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
        let m = self.members.len() - 1;
        self.person_member[p] = Some(m);
        self.org_members[org].push(p);
        self.member_person.push(p);
        self.member_org.push(org);
        m
    }

    /// A person not yet a member, aged within `ages`, from `among` (or anyone).
    fn pick_free(
        &self,
        cx: &mut Gen,
        people: &People,
        among: Option<&[usize]>,
        ages: std::ops::RangeInclusive<i32>,
    ) -> Option<usize> {
        let free = |p: usize| self.person_member[p].is_none() && ages.contains(&people.residents[p].age);
        match among {
            Some(list) => pick_index(&mut cx.rng, list.len(), |i| free(list[i])).map(|i| list[i]),
            None => pick_index(&mut cx.rng, people.residents.len(), free),
        }
    }

    fn set_secretary(&mut self, people: &People, org: usize, p: usize) {
        self.orgs[org].secretary_id = Some(people.persons[p].id);
    }

    /// The community organization a member living at home belongs to.
    fn home_org(
        &self,
        cx: &mut Gen,
        area: &Areas,
        people: &People,
        p: usize,
        category: MemberCategory,
    ) -> usize {
        let r = &people.residents[p];
        let c = &self.communities[r.community];
        if !area.communities[r.community].urban {
            return c.org;
        }
        if let (MemberCategory::Retired, Some(retired)) = (category, c.retired_branch)
            && cx.rng.gen_bool(0.5)
        {
            return retired;
        }
        match r.grid {
            Some(g) => self.grid_branch[g],
            None => c.org,
        }
    }

    pub(super) fn members(&mut self, cx: &mut Gen, area: &Areas, people: &People) {
        use MemberCategory::*;
        self.person_member = vec![None; people.persons.len()];
        // Building leaders: retired members of their grid's branch.
        for g in 0..area.grids.len() {
            for &p in &people.grid_leaders[g] {
                self.add_member(cx, people, p, self.grid_branch[g], Retired, false);
            }
        }

        // Full-time staff of the committees: secretary (and a deputy in a 大党委).
        let mut staff: Vec<(usize, Option<usize>)> = vec![(self.district_org, None), (self.works_org, None)];
        staff.extend(self.street_committees.iter().map(|&committee| (committee, None)));
        for (c, community) in area.communities.iter().enumerate() {
            if community.urban {
                staff.push((self.communities[c].org, Some(c)));
                staff.push((self.communities[c].org, Some(c)));
            }
        }
        for (org, community) in staff {
            let residents = community.map(|c| people.community_residents[c].as_slice());
            let found = match self.pick_free(cx, people, residents, 35..=58) {
                Some(p) => Some(p),
                None => self.pick_free(cx, people, None, 35..=58),
            };
            let Some(p) = found else { continue };
            self.add_member(cx, people, p, org, InService, false);
            if self.orgs[org].secretary_id.is_none() {
                self.set_secretary(people, org, p);
            }
            if let Some(c) = community {
                self.communities[c].staff.push(p);
            }
        }

        // Each workplace organization's secretary.
        let workplaces: Vec<usize> = self.institution_orgs.iter().chain(&self.unit_orgs).copied().collect();
        for &org in &workplaces {
            if let Some(p) = self.pick_free(cx, people, None, 30..=58) {
                self.add_member(cx, people, p, org, InService, false);
                self.set_secretary(people, org, p);
            }
        }

        // A first member for each community branch still without one.
        for c in 0..area.communities.len() {
            let community = &area.communities[c];
            let mut orgs: Vec<usize> = community.grids.iter().map(|&g| self.grid_branch[g]).collect();
            orgs.dedup();
            orgs.extend(self.communities[c].retired_branch);
            if !community.urban {
                orgs.push(self.communities[c].org);
            }
            for org in orgs {
                if !self.org_members[org].is_empty() {
                    continue;
                }
                let among: Vec<usize> = if community.urban && Some(org) != self.communities[c].retired_branch
                {
                    community
                        .grids
                        .iter()
                        .filter(|&&g| self.grid_branch[g] == org)
                        .flat_map(|&g| people.grid_residents[g].iter().copied())
                        .collect()
                } else {
                    people.community_residents[c].clone()
                };
                let found = match self.pick_free(cx, people, Some(&among), 55..=84) {
                    Some(p) => Some((p, Retired)),
                    None => self.pick_free(cx, people, Some(&among), 20..=54).map(|p| (p, Flowing)),
                };
                if let Some((p, category)) = found {
                    self.add_member(cx, people, p, org, category, false);
                }
            }
        }

        // The rest of the in-service members, most in the 21 institutions.
        let in_service = self.members.iter().filter(|m| m.category == InService).count();
        let room = cx.scale.party_members.saturating_sub(self.members.len());
        let wanted = cx.scale.in_service_members.saturating_sub(in_service).min(room);
        if !workplaces.is_empty() {
            let inst_weight: f64 =
                INSTITUTIONS.iter().take(self.institution_orgs.len()).map(|i| f64::from(i.weight)).sum();
            let unit_share = if self.unit_orgs.is_empty() { 0.0 } else { 0.3 / self.unit_orgs.len() as f64 };
            let weights: Vec<f64> = (0..self.institution_orgs.len())
                .map(|i| f64::from(INSTITUTIONS[i].weight) / inst_weight * 0.7)
                .chain(self.unit_orgs.iter().map(|_| unit_share))
                .collect();
            let dist = WeightedIndex::new(&weights).expect("positive weights");
            self.fill(cx, people, wanted, 23..=59, 0.04, |_, cx, _| {
                (workplaces[dist.sample(&mut cx.rng)], InService)
            });
        }

        // 报到: in-service members report to the community where they live.
        let last_join = ymd(2023, 10, 31);
        let is_workplace: HashSet<usize> = workplaces.iter().copied().collect();
        let can_report = |m: usize| {
            let row = &self.members[m];
            row.category == InService && row.status == MemberStatus::Full && row.joined_on.0 <= last_join
        };
        let (mut pool, mut committee_staff): (Vec<usize>, Vec<usize>) = (0..self.members.len())
            .filter(|&m| can_report(m))
            .partition(|&m| is_workplace.contains(&self.member_org[m]));
        pool.shuffle(&mut cx.rng);
        // Committee staff report in too when the workplaces fall short of the figure.
        committee_staff.shuffle(&mut cx.rng);
        pool.extend(committee_staff);
        pool.truncate(cx.scale.reported_members);
        pool.sort_unstable();
        for m in pool {
            let community = people.residents[self.member_person[m]].community;
            let earliest = (self.members[m].joined_on.0 + Days::new(30)).max(ymd(2020, 1, 1));
            let on = date_between(&mut cx.rng, earliest, ymd(2023, 12, 31));
            let row = &mut self.members[m];
            row.reported_community_id = Some(area.areas[area.communities[community].area].id);
            row.reported_on = Some(Date(on));
        }

        // The other categories live, and belong, in their communities.
        let room = cx.scale.party_members.saturating_sub(self.members.len());
        let retired = room * 58 / 100;
        let young = room * 14 / 100;
        let flowing = room * 11 / 100;
        let infirm = room - retired - young - flowing;
        self.fill(cx, people, retired, 55..=84, 0.0, |party, cx, p| {
            (party.home_org(cx, area, people, p, Retired), Retired)
        });
        self.fill(cx, people, young, 21..=30, 0.08, |party, cx, p| {
            (party.home_org(cx, area, people, p, YoungGraduate), YoungGraduate)
        });
        self.fill(cx, people, flowing, 20..=55, 0.03, |party, cx, p| {
            (party.home_org(cx, area, people, p, Flowing), Flowing)
        });
        self.fill(cx, people, infirm, 75..=99, 0.0, |party, cx, p| {
            (party.home_org(cx, area, people, p, ElderlyInfirm), ElderlyInfirm)
        });

        // Branch secretaries from among the branch's full members.
        for org in 0..self.orgs.len() {
            if self.orgs[org].secretary_id.is_some() {
                continue;
            }
            let full: Vec<usize> = self.org_members[org]
                .iter()
                .copied()
                .filter(|&p| {
                    self.person_member[p].is_some_and(|m| self.members[m].status == MemberStatus::Full)
                })
                .collect();
            if let Some(&p) = full.choose(&mut cx.rng) {
                self.set_secretary(people, org, p);
            }
        }
    }

    /// Make up to `n` more members of people aged within `ages`, in the
    /// random draw order; `place` gives each one's organization and category.
    fn fill(
        &mut self,
        cx: &mut Gen,
        people: &People,
        n: usize,
        ages: std::ops::RangeInclusive<i32>,
        probationary_share: f64,
        mut place: impl FnMut(&mut Self, &mut Gen, usize) -> (usize, MemberCategory),
    ) {
        let mut added = 0;
        let mut i = 0;
        while added < n && i < people.order.len() {
            let p = people.order[i];
            i += 1;
            let person = &people.residents[p];
            if self.person_member[p].is_some() || !ages.contains(&person.age) {
                continue;
            }
            let probationary = person.age <= 45 && cx.rng.gen_bool(probationary_share);
            let (org, category) = place(self, cx, p);
            self.add_member(cx, people, p, org, category, probationary);
            added += 1;
        }
    }

    /// Membership history: some members came from another organization (a
    /// job move, or retirement moving the membership to the community).
    pub(super) fn periods(&mut self, cx: &mut Gen, people: &People) {
        use MemberCategory::*;
        let workplaces: Vec<usize> = self.institution_orgs.iter().chain(&self.unit_orgs).copied().collect();
        let last = ymd(2023, 12, 31);
        for m in 0..self.members.len() {
            let org = self.member_org[m];
            let joined = self.members[m].joined_on.0;
            let birth = people.residents[self.member_person[m]].birth;
            let category = self.members[m].category;
            let mut chain: Vec<(usize, NaiveDate, Option<&'static str>)> = Vec::new();
            let other = |rng: &mut ChaCha8Rng, not: &[usize]| {
                let choices: Vec<usize> = workplaces.iter().copied().filter(|o| !not.contains(o)).collect();
                choices.choose(rng).copied()
            };
            match category {
                Retired | ElderlyInfirm if cx.rng.gen_bool(0.3) => {
                    let retired_on = shift_years(birth, 60).min(last);
                    if retired_on > shift_years(joined, 2)
                        && let Some(work) = other(&mut cx.rng, &[org])
                    {
                        chain.push((work, joined, None));
                        let moved_from = shift_years(joined, 1);
                        let moved_to = shift_years(retired_on, -1);
                        if moved_to > moved_from
                            && cx.rng.gen_bool(0.25)
                            && let Some(second) = other(&mut cx.rng, &[org, work])
                        {
                            let moved = date_between(&mut cx.rng, moved_from, moved_to);
                            chain.push((second, moved, Some("工作调动")));
                        }
                        chain.push((org, retired_on, Some("退休后组织关系转入社区")));
                    }
                }
                InService if cx.rng.gen_bool(0.12) => {
                    let earliest = shift_years(joined, 1);
                    if shift_years(joined, 2) < last
                        && let Some(first) = other(&mut cx.rng, &[org])
                    {
                        let moved = date_between(&mut cx.rng, earliest, last);
                        chain.push((first, joined, None));
                        let before = shift_years(moved, -1);
                        if before > earliest
                            && cx.rng.gen_bool(0.2)
                            && let Some(second) = other(&mut cx.rng, &[org, first])
                        {
                            chain.push((
                                second,
                                date_between(&mut cx.rng, earliest, before),
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
            let member_id = self.members[m].id;
            for (k, &(o, from, reason)) in chain.iter().enumerate() {
                let (id, at) = cx.next_id();
                self.periods.push(PeriodRow {
                    id,
                    at,
                    member_id,
                    org_id: self.orgs[o].id,
                    from_on: Date(from),
                    to_on: chain.get(k + 1).map(|next| Date(next.1)),
                    reason,
                });
            }
        }
    }

    /// Each 大党委: secretary, deputy and 3–5 part-time members (兼职委员),
    /// the heads of resident units' party organizations.
    pub(super) fn seats(&mut self, cx: &mut Gen, area: &Areas, people: &People) {
        for c in 0..area.communities.len() {
            if !area.communities[c].urban {
                continue;
            }
            let committee = self.communities[c].org;
            let committee_id = self.orgs[committee].id;
            let area_path = area.areas[area.communities[c].area].path.clone();
            let term_from = Date(date_between(&mut cx.rng, ymd(2021, 5, 1), ymd(2021, 9, 30)));
            let mut seats: Vec<(Uuid, Option<Uuid>, &'static str)> = Vec::new();
            for (p, position) in self.communities[c].staff.iter().zip(["书记", "副书记"]) {
                seats.push((people.persons[*p].id, None, position));
            }
            let units = &area.communities[c].key_units;
            let count = cx.rng.gen_range(3..=5).min(units.len());
            for &u in units.choose_multiple(&mut cx.rng, count) {
                let secretary = self.unit_org[u].and_then(|o| self.orgs[o].secretary_id);
                if let Some(person) = secretary {
                    seats.push((person, Some(area.units[u].id), "兼职委员"));
                }
            }
            for (person_id, unit_id, position) in seats {
                let (id, at) = cx.next_id();
                self.seats.push(SeatRow {
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
    pub(super) fn pairings(&mut self, cx: &mut Gen, area: &Areas) {
        if self.institution_orgs.is_empty() {
            return;
        }
        let mut communities: Vec<usize> = (0..area.communities.len()).collect();
        communities.shuffle(&mut cx.rng);
        let mut pairs: Vec<(usize, usize)> = communities
            .into_iter()
            .enumerate()
            .map(|(i, c)| (self.institution_orgs[i % self.institution_orgs.len()], c))
            .collect();
        pairs.sort_unstable();
        for (org, c) in pairs {
            let (id, at) = cx.next_id();
            let since = Date(date_between(&mut cx.rng, ymd(2019, 1, 1), ymd(2021, 12, 31)));
            self.pairings.push(PairingRow {
                id,
                at,
                org_id: self.orgs[org].id,
                community_id: area.areas[area.communities[c].area].id,
                since,
            });
        }
    }

    /// Committee seats and memberships serve too: appended to the table of
    /// who serves where, in the area they serve.
    pub(super) fn serving(&self, rows: &mut Vec<ServingRow>) {
        let seats = self.seats.iter().map(|s| ServingRow {
            id: s.id,
            at: s.at,
            person_id: s.person_id,
            kind: serving::COMMITTEE_SEAT,
            area_path: s.area_path.clone(),
            from_on: s.term_from,
        });
        let members = self.members.iter().map(|m| ServingRow {
            id: m.id,
            at: m.at,
            person_id: m.person_id,
            kind: serving::PARTY_MEMBER,
            area_path: m.org_area_path.clone(),
            from_on: m.joined_on,
        });
        rows.extend(seats.chain(members));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::scale::Scale;

    #[test]
    fn org_paths_follow_the_tree() {
        // The organizations come right after the areas and units in the
        // generator: run alone, these steps make the same organizations as
        // in the whole dataset (less the secretaries, chosen later).
        let scale = Scale::small(3);
        let mut cx = Gen::new(&scale);
        let mut area = Areas::default();
        area.areas(&mut cx);
        area.units(&mut cx);
        let mut party = Party::new(&area);
        party.orgs(&mut cx, &area);
        let orgs = &party.orgs;
        for o in orgs {
            let segments = o.path.trim_matches('/').split('/').count();
            let depth =
                std::iter::successors(o.parent_id, |p| orgs.iter().find(|x| x.id == *p).unwrap().parent_id)
                    .count();
            assert_eq!(segments, depth + 1);
            assert!(o.path.ends_with(&format!("/{}/", o.id.simple())));
        }
    }
}
