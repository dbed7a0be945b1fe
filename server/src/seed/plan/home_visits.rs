//! Home visits (上门服务): a HOME_VISIT service, 上门助老服务, at every
//! elderly-care point, and requests of elderly residents in every state,
//! each with its timeline rows, assigned to a grid worker of the grid the
//! person lives in.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use rand::Rng;
use uuid::Uuid;

use super::area::Areas;
use super::people::{People, PersonRow};
use super::services::Services;
use super::shared::{ChangeRow, Gen, as_of};
use crate::area::model::AreaKind;
use crate::db::{Date, Timestamp};
use crate::home_visits::model::{HomeVisitState, paths_down_to};
use crate::people::model::{AreaRole, age_on};
use crate::services::model::{ServiceMode, ServicePointKind};

/// The elderly-care points' home-visit service.
pub const SERVICE_NAME: &str = "上门助老服务";
const SERVICE_DESCRIPTION: &str =
    "为辖区60岁以上老人提供上门探访、助餐助洁、健康随访等服务，请提前预约上门时间。";

/// Residents from this age ask for home visits in the demo data.
const ELDERLY_FROM: i32 = 60;

pub struct HomeVisitServiceRow {
    pub id: Uuid,
    pub at: Timestamp,
    pub point_id: Uuid,
    pub area_path: String,
    pub name: &'static str,
    pub description: &'static str,
    pub mode: ServiceMode,
}

pub struct HomeVisitRow {
    pub id: Uuid,
    pub at: Timestamp,
    pub person_id: Uuid,
    pub service_id: Uuid,
    pub person_path: String,
    pub grid_id: Uuid,
    pub grid_path: String,
    pub preferred_at: Timestamp,
    pub note: &'static str,
    pub state: HomeVisitState,
    pub assignee_id: Option<Uuid>,
    pub visited_at: Option<Timestamp>,
    pub visit_notes: Option<&'static str>,
    pub requested_by: String,
    pub updated_at: Timestamp,
}

/// The visitor of an open visit serves at the person's home (HOME_VISITOR).
pub struct VisitorRow {
    pub id: Uuid,
    pub at: Timestamp,
    pub person_id: Uuid,
    pub source_id: Uuid,
    pub area_path: String,
    pub from_on: Date,
}

#[derive(Default)]
pub struct HomeVisits {
    pub services: Vec<HomeVisitServiceRow>,
    pub requests: Vec<HomeVisitRow>,
    pub changes: Vec<ChangeRow<HomeVisitState>>,
    pub visitors: Vec<VisitorRow>,
}

const NOTES: [&str; 6] = [
    "腿脚不便，需上门测量血压",
    "独居，希望有人上门陪护聊天",
    "需要帮忙打扫卫生",
    "子女在外地，请上门查看燃气安全",
    "行动不便，需上门代办社保认证",
    "",
];
const VISIT_NOTES: [&str; 4] = [
    "已上门测量血压，情况稳定",
    "已陪护聊天一小时，老人情绪良好",
    "已协助打扫卫生",
    "已检查燃气管道，无隐患",
];
const CANCEL_REASONS: [&str; 2] = ["老人已住院", "家属已自行安排"];

/// The request path of each state: the states it went through, in order.
fn path_of(state: HomeVisitState) -> &'static [HomeVisitState] {
    use HomeVisitState::*;
    match state {
        Requested => &[Requested],
        Assigned => &[Requested, Assigned],
        Visited => &[Requested, Assigned, Visited],
        Closed => &[Requested, Assigned, Visited, Closed],
        Cancelled => &[Requested, Cancelled],
    }
}

impl HomeVisits {
    /// About one request for every 15 residents, at least two in every
    /// state, at most 400: a few hundred at the article's scale.
    pub(super) fn generate(cx: &mut Gen, area: &Areas, people: &People, services: &Services) -> HomeVisits {
        let mut out = HomeVisits::default();
        for p in services.points.iter().filter(|p| p.kind == ServicePointKind::ElderlyCare) {
            let (id, at) = cx.next_id();
            out.services.push(HomeVisitServiceRow {
                id,
                at,
                point_id: p.id,
                area_path: p.area_path.clone(),
                name: SERVICE_NAME,
                description: SERVICE_DESCRIPTION,
                mode: ServiceMode::HomeVisit,
            });
        }
        if out.services.is_empty() {
            return out;
        }
        let grids: HashMap<&str, Uuid> =
            area.areas.iter().filter(|a| a.kind == AreaKind::Grid).map(|a| (a.path.as_str(), a.id)).collect();
        let mut workers: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for r in people.roles.iter().filter(|r| r.role == AreaRole::GridWorker) {
            workers.entry(r.area_id).or_default().push(r.person_id);
        }
        let grid_of = |p: &PersonRow| -> Option<(Uuid, String)> {
            paths_down_to(&p.area_path)
                .into_iter()
                .rev()
                .find_map(|path| grids.get(path.as_str()).map(|g| (*g, path)))
        };
        let elderly: Vec<(&PersonRow, Uuid, String)> = people
            .persons
            .iter()
            .filter(|p| age_on(p.id_card.birth_date().0, as_of()) >= ELDERLY_FROM)
            .filter_map(|p| grid_of(p).filter(|(g, _)| workers.contains_key(g)).map(|(g, path)| (p, g, path)))
            .collect();
        if elderly.is_empty() {
            return out;
        }
        let states = HomeVisitState::ALL;
        let n = (people.persons.len() / 15).clamp(2 * states.len(), 400);
        let base: NaiveDate = as_of();
        for i in 0..n {
            let (person, grid_id, grid_path) = &elderly[cx.rng.gen_range(0..elderly.len())];
            // The service of the person's community if it has one, else the first.
            let service = out
                .services
                .iter()
                .find(|s| person.area_path.starts_with(&s.area_path))
                .unwrap_or(&out.services[0]);
            let service_id = service.id;
            let grid_workers = &workers[grid_id];
            let worker = grid_workers[cx.rng.gen_range(0..grid_workers.len())];
            let state = states[i % states.len()];
            let (id, at) = cx.next_id();
            let day = base + Duration::days(cx.rng.gen_range(0..300));
            let hour = cx.rng.gen_range(8..17);
            let preferred_at = day.and_hms_opt(hour, 0, 0).expect("a time of day").and_utc();
            let note = NOTES[cx.rng.gen_range(0..NOTES.len())];
            let me = person.id.to_string();
            let steps = path_of(state);
            let mut when = at;
            let mut updated_at = at;
            for (k, step) in steps.iter().enumerate() {
                let (change_id, _) = cx.next_id();
                when = match step {
                    HomeVisitState::Requested => at,
                    HomeVisitState::Visited => preferred_at,
                    _ if k == 0 => at,
                    _ => when + Duration::hours(2),
                };
                if *step == HomeVisitState::Closed {
                    when = preferred_at + Duration::days(1);
                }
                updated_at = when;
                let by_person =
                    matches!(step, HomeVisitState::Requested | HomeVisitState::Cancelled) && i % 2 == 0;
                let actor = if by_person { person.id } else { worker };
                out.changes.push(ChangeRow {
                    id: change_id,
                    subject_id: id,
                    state: *step,
                    at: when,
                    actor_subject: actor.to_string(),
                    actor_person_id: Some(actor),
                    note: (*step == HomeVisitState::Cancelled)
                        .then(|| CANCEL_REASONS[i % CANCEL_REASONS.len()].to_owned()),
                });
            }
            let assigned = steps.contains(&HomeVisitState::Assigned);
            let visited = steps.contains(&HomeVisitState::Visited);
            if state == HomeVisitState::Assigned || state == HomeVisitState::Visited {
                let (serving_id, serving_at) = cx.next_id();
                out.visitors.push(VisitorRow {
                    id: serving_id,
                    at: serving_at,
                    person_id: worker,
                    source_id: id,
                    area_path: person.area_path.clone(),
                    from_on: Date(base),
                });
            }
            out.requests.push(HomeVisitRow {
                id,
                at,
                person_id: person.id,
                service_id,
                person_path: person.area_path.clone(),
                grid_id: *grid_id,
                grid_path: grid_path.clone(),
                preferred_at,
                note,
                state,
                assignee_id: assigned.then_some(worker),
                visited_at: visited.then_some(preferred_at),
                visit_notes: visited.then(|| VISIT_NOTES[i % VISIT_NOTES.len()]),
                requested_by: if i % 2 == 0 { me } else { worker.to_string() },
                updated_at,
            });
        }
        out
    }
}
