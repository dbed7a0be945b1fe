//! The demo data as rows, generated without touching the database: a pure
//! function of the [`Scale`], so the same scale always gives the same rows,
//! ids included.
//!
//! One file per domain, as in the server: [`area`] (areas and units) ←
//! [`people`] (persons, special groups, roles, grid groups, who serves
//! where) ← [`party`] (organizations, members, periods, seats, pairings) ←
//! [`services`] (service points, their hours and closures, the calendar) ←
//! [`home_visits`] (the elderly-care points' home-visit service, requests).
//! [`facilities`] (rooms of the centres and their reservations).
//! [`bookings`] (services at the points, a year of health checks, the next
//! two weeks' bookings and lines).
//! Each holds its rows and its generator steps, and reads only the domains
//! below it; [`shared`] is what all the steps share (the scale, the random
//! draws, the ids). This file only assembles them: [`generate`] runs every
//! step in the order of the random draws.

pub mod area;
pub mod bookings;
pub mod facilities;
pub mod home_visits;
pub mod party;
pub mod people;
pub mod services;
mod shared;

pub use shared::ChangeRow;

use std::collections::HashSet;
use std::fmt;

use self::area::{AreaRow, Areas, UnitRow};
use self::bookings::Bookings;
use self::facilities::Facilities;
use self::home_visits::HomeVisits;
use self::party::{MemberRow, OrgRow, PairingRow, Party, PeriodRow, SeatRow};
use self::people::{GroupMemberRow, People, PersonRow, RoleRow, ServingRow, SpecialGroupRow};
use self::services::Services;
use self::shared::Gen;
use crate::area::model::AreaKind;
use crate::booking::model::BookingState;
use crate::people::model::AreaRole;
use crate::seed::scale::Scale;

/// Every row of the demo data, each table in insertion order (parents
/// before children).
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
    pub services: Services,
    pub home_visits: HomeVisits,
    pub facilities: Facilities,
    pub bookings: Bookings,
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
    pub service_points: u64,
    /// Days of the holiday calendar (holidays and make-up working days).
    pub calendar_days: u64,
    pub facilities: u64,
    pub reservations: u64,
    /// Services offered at the points.
    pub services: u64,
    /// Bookings in any state, past and upcoming.
    pub bookings: u64,
    pub completed_bookings: u64,
    /// Bookings in line for a full slot.
    pub waitlisted_bookings: u64,
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
             {} committee seats, {} special-group entries, {} grid-group members; {} service points, \
             {} calendar days; {} facilities, {} reservations; {} services, {} bookings ({} completed, {} waitlisted)",
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
            g(self.service_points),
            g(self.calendar_days),
            g(self.facilities),
            g(self.reservations),
            g(self.services),
            g(self.bookings),
            g(self.completed_bookings),
            g(self.waitlisted_bookings),
        )
    }
}

impl Dataset {
    pub fn counts(&self) -> Counts {
        let kind = |k: AreaKind| self.areas.iter().filter(|a| a.kind == k).count() as u64;
        let role = |r: AreaRole| self.roles.iter().filter(|x| x.role == r).count() as u64;
        let in_state =
            |s: BookingState| self.bookings.bookings.iter().filter(|b| b.state == s).count() as u64;
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
            service_points: self.services.points.len() as u64,
            calendar_days: self.services.calendar.len() as u64,
            facilities: self.facilities.facilities.len() as u64,
            reservations: self.facilities.reservations.len() as u64,
            services: (self.bookings.services.len() + self.home_visits.services.len()) as u64,
            bookings: self.bookings.bookings.len() as u64,
            completed_bookings: in_state(BookingState::Completed),
            waitlisted_bookings: in_state(BookingState::Waitlisted),
        }
    }
}

/// Generate the rows of `scale` (assumed checked by `Scale::check`).
///
/// The steps run in the order of the random draws, which is not the order
/// of the domains: the party's organizations come before the persons, and
/// the people's roles and groups after the memberships. Moving a step
/// changes the data.
pub fn generate(scale: &Scale) -> Dataset {
    let mut cx = Gen::new(scale);
    let mut area = Areas::default();
    area.areas(&mut cx);
    area.units(&mut cx);
    let mut party = Party::new(&area);
    party.orgs(&mut cx, &area);
    let mut people = People::new(&area);
    people.persons(&mut cx, &area);
    party.members(&mut cx, &area, &people);
    party.periods(&mut cx, &people);
    party.seats(&mut cx, &area, &people);
    party.pairings(&mut cx, &area);
    people.special_groups(&mut cx, &area);
    people.roles(&mut cx, &area);
    // Who works at a unit, as far as the data knows: the members of its organization.
    people.grid_groups(&mut cx, &area, |u| party.unit_staff(u));
    people.serving();
    party.serving(&mut people.serving);
    // Drawn last, so the data above is the same as before areas had coordinates.
    area.coordinates(&mut cx);
    let services = Services::generate(&mut cx, &area);
    let home_visits = HomeVisits::generate(&mut cx, &area, &people, &services);
    let facilities = Facilities::generate(&mut cx, &services, &people.persons);
    // Drawn last, so everything above is the same as before points had services.
    let bookings = Bookings::generate(&mut cx, &services, &people.persons);

    let Areas { areas, units, .. } = area;
    let People { persons, special_groups, roles, group_members, serving, .. } = people;
    let Party { orgs, members, periods, pairings, seats, .. } = party;
    Dataset {
        areas,
        units,
        orgs,
        persons,
        members,
        periods,
        pairings,
        seats,
        special_groups,
        roles,
        group_members,
        serving,
        services,
        home_visits,
        facilities,
        bookings,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use chrono::{Datelike, NaiveDate};
    use uuid::Uuid;

    use super::shared::{as_of, shift_years};
    use super::*;
    use crate::db::Timestamp;
    use crate::facilities::model::ReservationState;
    use crate::party::model::{MemberCategory, MemberStatus};
    use crate::people::model::{IdCardNumber, SpecialGroup, age_on};
    use crate::services::model::{OpeningMode, ServicePointKind};

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
    fn every_community_has_a_centre_and_the_article_about_150_points_in_every_mode() {
        let d = generate(&Scale::article());
        let s = &d.services;
        assert!((130..=170).contains(&s.points.len()), "{} points", s.points.len());
        let centres: HashSet<Uuid> = s
            .points
            .iter()
            .filter(|p| p.kind == ServicePointKind::PartyMassCentre)
            .map(|p| p.area_id)
            .collect();
        assert_eq!(centres.len(), 42, "every community and village has a 党群服务中心");
        let modes: HashSet<OpeningMode> = s.hours.iter().map(|h| h.mode).collect();
        assert_eq!(modes.len(), OpeningMode::ALL.len(), "hours in every mode");
        let kinds: HashSet<ServicePointKind> = s.points.iter().map(|p| p.kind).collect();
        assert_eq!(kinds.len(), ServicePointKind::ALL.len());
        assert!(!s.closures.is_empty());
        let mut per_point: HashMap<(Uuid, i32), Vec<(&str, &str)>> = HashMap::new();
        for h in &s.hours {
            assert!(h.starts < h.ends);
            per_point.entry((h.point_id, h.weekday)).or_default().push((h.starts, h.ends));
        }
        for periods in per_point.values_mut() {
            periods.sort();
            assert!(periods.windows(2).all(|w| w[0].1 <= w[1].0), "no overlap: {periods:?}");
        }
        let names: HashSet<&str> = s.points.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names.len(), s.points.len(), "names are unique");
    }

    #[test]
    fn home_visits_come_in_every_state_each_with_its_history() {
        use crate::home_visits::model::HomeVisitState;
        let d = generate(&Scale::article());
        let v = &d.home_visits;
        let elderly_care =
            d.services.points.iter().filter(|p| p.kind == ServicePointKind::ElderlyCare).count();
        assert_eq!(v.services.len(), elderly_care, "上门助老服务 at every elderly-care point");
        assert!((200..=400).contains(&v.requests.len()), "{} requests", v.requests.len());
        let states: HashSet<HomeVisitState> = v.requests.iter().map(|r| r.state).collect();
        assert_eq!(states.len(), HomeVisitState::ALL.len());
        let mut history: HashMap<Uuid, Vec<HomeVisitState>> = HashMap::new();
        for c in &v.changes {
            history.entry(c.subject_id).or_default().push(c.state);
        }
        let persons: HashMap<Uuid, &PersonRow> = d.persons.iter().map(|p| (p.id, p)).collect();
        for r in &v.requests {
            let h = &history[&r.id];
            assert_eq!(h.first(), Some(&HomeVisitState::Requested));
            assert_eq!(h.last(), Some(&r.state), "the history ends in the request's state");
            assert!(age_on(persons[&r.person_id].id_card.birth_date().0, as_of()) >= 60);
            assert!(r.person_path.starts_with(&r.grid_path), "the request went to the person's grid");
            assert_eq!(r.assignee_id.is_some(), h.contains(&HomeVisitState::Assigned));
        }
        let open = v
            .requests
            .iter()
            .filter(|r| matches!(r.state, HomeVisitState::Assigned | HomeVisitState::Visited));
        assert_eq!(v.visitors.len(), open.count(), "the visitor of each running visit serves at the home");
    }

    #[test]
    fn the_test_district_has_a_point_per_grid_and_no_womens_home() {
        let d = generate(&Scale::small(3));
        assert_eq!(d.services.points.len(), 4);
        assert!(d.services.points.iter().all(|p| p.kind != ServicePointKind::WomensHome));
    }

    #[test]
    fn every_centre_has_two_rooms_and_their_reservations_never_overlap() {
        let d = generate(&Scale::small(3));
        let f = &d.facilities;
        assert_eq!(f.facilities.len(), 2, "the test district has one 党群服务中心");
        assert!(f.reservations.iter().any(|r| r.state == ReservationState::Requested));
        let series = |n: usize| {
            f.reservations
                .iter()
                .filter(|r| f.reservations.iter().filter(|s| s.series_id == r.series_id).count() == n)
                .count()
        };
        assert!(series(4) > 0, "some reservations are weekly");
        for a in &f.reservations {
            for b in &f.reservations {
                if a.id != b.id && a.facility_id == b.facility_id {
                    assert!(a.ends_at <= b.starts_at || b.ends_at <= a.starts_at, "no overlap");
                }
            }
        }
        assert!(
            f.reservations
                .iter()
                .all(|r| f.changes.iter().any(|c| c.subject_id == r.id && c.state == r.state))
        );
    }

    #[test]
    fn ids_follow_creation_order() {
        let d = generate(&Scale::small(3));
        let mut all: Vec<(Timestamp, Uuid)> = d.areas.iter().map(|a| (a.at, a.id)).collect();
        all.extend(d.persons.iter().map(|p| (p.at, p.id)));
        all.extend(d.members.iter().map(|m| (m.at, m.id)));
        all.sort();
        assert!(all.windows(2).all(|w| w[0].1 < w[1].1), "ids sort as their creation times do");
        assert!(all.iter().all(|(_, id)| id.get_version_num() == 7));
    }
}

/// The demo bookings' rules, checked on generated data (beside `generate`,
/// which they call: `bookings.rs` itself stays below this module).
#[cfg(test)]
mod bookings_tests {
    use std::collections::HashMap;

    use chrono::Duration;
    use uuid::Uuid;

    use super::bookings::*;
    use super::people::PersonRow;
    use super::services::PointRow;
    use super::{ChangeRow, generate};
    use crate::booking::model::BookingState;
    use crate::db::{Date, Timestamp};
    use crate::people::model::age_on;
    use crate::seed::scale::Scale;
    use crate::services::model::local_date;
    use crate::services::model::{Service, ServiceMode, ServicePointKind, local_instant};

    /// What every demo's bookings keep: the services at their points, who
    /// booked, no overlaps, the counters and the histories.
    fn check(d: &crate::seed::plan::Dataset) {
        let k = &d.bookings;
        let points: HashMap<Uuid, &PointRow> = d.services.points.iter().map(|p| (p.id, p)).collect();
        let of_kind = |kind: ServicePointKind| d.services.points.iter().filter(|p| p.kind == kind).count();
        let named =
            |names: &[&str]| k.services.iter().filter(|s| names.contains(&s.service.name.as_str())).count();
        assert_eq!(named(&[HEALTH_CHECK]), of_kind(ServicePointKind::HealthStation));
        assert_eq!(named(&["助餐服务", "康复理疗"]), of_kind(ServicePointKind::ElderlyCare));
        assert_eq!(named(&["法律咨询"]), of_kind(ServicePointKind::PartyMassCentre));
        for s in &k.services {
            let p = points[&s.service.point_id.0];
            assert_eq!(s.service.area_path, p.area_path);
            if s.service.name == HEALTH_CHECK {
                assert_eq!(p.kind, ServicePointKind::HealthStation);
                assert!((4..=6).contains(&s.service.capacity));
                assert_eq!((s.service.mode, s.service.duration_minutes), (ServiceMode::OnSite, 30));
                assert_eq!(
                    (s.service.min_age, s.service.residents_only, s.service.claim_minutes),
                    (Some(60), true, Some(120))
                );
            }
        }
        let services: HashMap<Uuid, &Service> = k.services.iter().map(|s| (s.id, &s.service)).collect();
        let persons: HashMap<Uuid, &PersonRow> = d.persons.iter().map(|p| (p.id, p)).collect();
        let bookables: HashMap<Uuid, &BookableRow> = k.bookables.iter().map(|b| (b.id, b)).collect();
        let mut per_bookable: HashMap<Uuid, Vec<&BookingRow>> = HashMap::new();
        let mut per_person: HashMap<Uuid, Vec<(Timestamp, Timestamp)>> = HashMap::new();
        for b in &k.bookings {
            let slot = bookables[&b.bookable_id];
            let service = services[&slot.owner_id];
            let person = persons[&b.person_id];
            assert_eq!(
                (b.starts_at, b.ends_at, &b.area_path),
                (slot.starts_at, slot.ends_at, &slot.area_path)
            );
            assert_eq!(b.person_path, person.area_path);
            let age = age_on(person.id_card.birth_date().0, local_date(b.starts_at).0);
            assert!(age >= service.min_age.unwrap_or(0), "{age} booked {}", service.name);
            assert!(person.area_path.starts_with(&service.area_path), "a resident where the point serves");
            assert!(b.created_at <= b.starts_at && b.created_at <= b.updated_at);
            if b.state != BookingState::Cancelled {
                per_person.entry(b.person_id).or_default().push((b.starts_at, b.ends_at));
            }
            per_bookable.entry(b.bookable_id).or_default().push(b);
        }
        for spans in per_person.values_mut() {
            spans.sort();
            assert!(spans.windows(2).all(|w| w[0].1 <= w[1].0), "no two bookings of one person overlap");
        }
        assert_eq!(per_bookable.len(), k.bookables.len(), "every bookable has its bookings");
        for slot in &k.bookables {
            let mut line = per_bookable.remove(&slot.id).unwrap_or_default();
            line.sort_by_key(|b| b.seq);
            let held = line.iter().filter(|b| b.state.holds_place()).count() as i32;
            let waiting = line.iter().filter(|b| b.state == BookingState::Waitlisted).count() as i32;
            assert_eq!((slot.held, slot.waiting, slot.arrivals), (held, waiting, line.len() as i32));
            assert!(slot.held <= slot.capacity);
            assert!(line.iter().map(|b| b.seq).eq(1..=slot.arrivals), "arrivals numbered from 1");
            assert!(line.windows(2).all(|w| w[0].created_at <= w[1].created_at), "in order of arrival");
            // A line only where the places are all taken, and behind them.
            if waiting > 0 {
                assert_eq!(held, slot.capacity);
                let first_waiting = line.iter().position(|b| b.state == BookingState::Waitlisted).unwrap();
                assert!(line[first_waiting..].iter().all(|b| b.state == BookingState::Waitlisted));
            }
            assert_eq!(slot.at, line[0].created_at);
        }
        let mut history: HashMap<Uuid, Vec<&ChangeRow<BookingState>>> = HashMap::new();
        for c in &k.changes {
            history.entry(c.subject_id).or_default().push(c);
        }
        for b in &k.bookings {
            let h = &history[&b.id];
            assert!(h.windows(2).all(|w| w[0].id < w[1].id && w[0].at <= w[1].at), "ids follow time");
            assert!(matches!(h[0].state, BookingState::Confirmed | BookingState::Waitlisted));
            assert_eq!(h.last().unwrap().state, b.state);
            assert_eq!(h.last().unwrap().note, b.outcome);
            assert_eq!(b.outcome.is_some(), b.state == BookingState::Completed);
        }
    }

    #[test]
    fn the_article_demo_has_a_year_of_health_checks_and_lines_for_the_next_two_weeks() {
        let d = generate(&Scale::article());
        check(&d);
        let k = &d.bookings;
        let services: HashMap<Uuid, &Service> = k.services.iter().map(|s| (s.id, &s.service)).collect();
        let bookables: HashMap<Uuid, &BookableRow> = k.bookables.iter().map(|b| (b.id, b)).collect();
        let checks = |state: BookingState| {
            k.bookings
                .iter()
                .filter(|b| {
                    b.state == state && services[&bookables[&b.bookable_id].owner_id].name == HEALTH_CHECK
                })
                .count()
        };
        let (completed, no_show, cancelled) =
            (checks(BookingState::Completed), checks(BookingState::NoShow), checks(BookingState::Cancelled));
        assert!(completed >= 40_000, "{completed} completed health checks");
        let all = (completed + no_show + cancelled) as f64;
        for (what, n) in [("no-shows", no_show), ("cancellations", cancelled)] {
            let share = n as f64 / all;
            assert!((0.01..0.06).contains(&share), "a few percent of {what}: {share}");
        }
        let today = local_instant(Date(reference_day()), 0);
        let (past, upcoming): (Vec<&BookingRow>, Vec<&BookingRow>) =
            k.bookings.iter().partition(|b| b.starts_at < today);
        assert!(past.iter().all(|b| b.starts_at >= local_instant(Date(first_day()), 0)));
        assert!(past.iter().all(|b| !b.state.is_live()), "the past is settled");
        let end = local_instant(Date(reference_day() + Duration::days(UPCOMING_DAYS as i64 + 1)), 0);
        assert!(upcoming.iter().all(|b| b.starts_at >= today + Duration::days(1) && b.starts_at < end));
        assert!(
            upcoming.iter().all(|b| matches!(b.state, BookingState::Confirmed | BookingState::Waitlisted))
        );
        let lines = k.bookables.iter().filter(|b| b.waiting > 0).count();
        assert!(lines >= 50, "full slots with a line: {lines}");
        for name in ["助餐服务", "法律咨询", HEALTH_CHECK] {
            assert!(
                upcoming.iter().any(|b| services[&bookables[&b.bookable_id].owner_id].name == name),
                "upcoming {name}"
            );
        }
    }

    #[test]
    fn a_small_demo_has_its_share_and_the_test_district_has_none() {
        let scale = Scale { bookings: true, ..Scale::small(6) };
        let d = generate(&scale);
        check(&d);
        let completed = d.counts().completed_bookings as f64;
        assert!(
            completed >= CHECKS_PER_RESIDENT * scale.residents as f64,
            "{completed} for {} residents",
            scale.residents
        );
        assert!(d.counts().waitlisted_bookings > 0);
        let again = generate(&scale);
        assert_eq!(
            d.bookings.bookings.iter().map(|b| (b.id, b.person_id, b.state)).collect::<Vec<_>>(),
            again.bookings.bookings.iter().map(|b| (b.id, b.person_id, b.state)).collect::<Vec<_>>(),
            "the same scale gives the same bookings"
        );
        let test = generate(&Scale::small(6));
        assert!(test.bookings.services.is_empty() && test.bookings.bookings.is_empty());
        assert_eq!(test.persons.len(), d.persons.len());
    }
}
