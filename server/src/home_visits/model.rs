//! Home-visit requests: their states and the one rule of which change each
//! state allows.

use crate::db::Timestamp;
use crate::error::UserError;
use crate::ids::{AreaId, HomeVisitId, PersonId, ServiceId};
use crate::people::model::ServingKind;
use crate::text_enum;

text_enum! {
    /// 上门服务状态 — where a home-visit request stands
    pub enum HomeVisitState {
        /// 待派单 — asked for, waiting for a visitor
        Requested = "REQUESTED",
        /// 已派单 — a grid worker or volunteer is to visit
        Assigned = "ASSIGNED",
        /// 已上门 — the visit took place and was recorded
        Visited = "VISITED",
        /// 已办结 — closed by the grid after the visit
        Closed = "CLOSED",
        /// 已取消 — cancelled before the visit
        Cancelled = "CANCELLED",
    }
}

/// What a write does to a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HomeVisitStep {
    /// 派单 — name who visits.
    Assign,
    /// 上门登记 — the visit took place.
    Record,
    /// 办结 — close after the visit.
    Close,
    /// 取消 — cancel before the visit.
    Cancel,
}

impl HomeVisitStep {
    /// The verb, for messages.
    pub fn verb(self) -> &'static str {
        match self {
            HomeVisitStep::Assign => "assigned",
            HomeVisitStep::Record => "recorded as visited",
            HomeVisitStep::Close => "closed",
            HomeVisitStep::Cancel => "cancelled",
        }
    }
}

impl HomeVisitState {
    /// The state `step` leads to from this one, or `INVALID_STATE` on
    /// `field`: REQUESTED → ASSIGNED → VISITED → CLOSED, and CANCELLED from
    /// REQUESTED or ASSIGNED. Nothing else.
    pub fn after(self, step: HomeVisitStep, field: &str) -> Result<HomeVisitState, UserError> {
        use HomeVisitState::*;
        use HomeVisitStep::*;
        match (self, step) {
            (Requested, Assign) => Ok(Assigned),
            (Assigned, Record) => Ok(Visited),
            (Visited, Close) => Ok(Closed),
            (Requested | Assigned, Cancel) => Ok(Cancelled),
            (state, step) => Err(UserError::invalid_state(
                field,
                format!("a {} request cannot be {}", state.as_str(), step.verb()),
            )),
        }
    }

    /// Still waiting for its visit: the grid's open list.
    pub fn is_open(self) -> bool {
        matches!(self, HomeVisitState::Requested | HomeVisitState::Assigned)
    }
}

/// The visitor serves at the person's home while the visit runs: the admins
/// of the home see them (`people::store::start_serving`).
pub const HOME_VISITOR: ServingKind = ServingKind("HOME_VISITOR");

/// 上门服务申请 — a home-visit request as stored.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct HomeVisitRequest {
    pub id: HomeVisitId,
    pub person_id: PersonId,
    pub service_id: ServiceId,
    /// The person's home path, copied for scoping.
    pub person_path: String,
    /// The grid the request went to (the GRID above the person's home).
    pub grid_id: AreaId,
    pub grid_path: String,
    pub preferred_at: Timestamp,
    pub note: Option<String>,
    #[sqlx(try_from = "String")]
    pub state: HomeVisitState,
    pub assignee_id: Option<PersonId>,
    pub visited_at: Option<Timestamp>,
    pub visit_notes: Option<String>,
    /// The token subject that asked.
    pub requested_by: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A preferred time must lie ahead of `now`.
pub fn check_preferred_at(at: Timestamp, now: Timestamp, field: &str) -> Result<Timestamp, UserError> {
    if at <= now {
        return Err(UserError::bad_input(field, "the preferred time must lie in the future"));
    }
    Ok(at)
}

/// A visit is recorded once it took place: not in the future, and not
/// before the request was made.
pub fn check_visited_at(
    at: Timestamp,
    requested: Timestamp,
    now: Timestamp,
    field: &str,
) -> Result<Timestamp, UserError> {
    if at > now {
        return Err(UserError::bad_input(field, "a visit is recorded after it took place, not ahead"));
    }
    if at < requested {
        return Err(UserError::bad_input(field, "the visit cannot precede the request"));
    }
    Ok(at)
}

/// Every area path from the root down to `path` itself: `/a/b/` gives
/// `/a/`, `/a/b/`.
pub fn paths_down_to(path: &str) -> Vec<String> {
    let segments: Vec<&str> = path.trim_matches('/').split('/').filter(|s| !s.is_empty()).collect();
    (1..=segments.len()).map(|n| format!("/{}/", segments[..n].join("/"))).collect()
}

/// A cancellation's reason: at most 200 characters after trimming; blank
/// means none.
pub const REASON_MAX_CHARS: usize = 200;

pub fn parse_reason(text: &str, field: &str) -> Result<Option<String>, UserError> {
    let reason = text.trim();
    if reason.is_empty() {
        return Ok(None);
    }
    if reason.chars().count() > REASON_MAX_CHARS {
        return Err(UserError::bad_input(
            field,
            format!("a reason has at most {REASON_MAX_CHARS} characters"),
        ));
    }
    if reason.chars().any(char::is_control) {
        return Err(UserError::bad_input(field, "a reason may not contain control characters"));
    }
    Ok(Some(reason.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::UserErrorCode;

    #[test]
    fn a_request_goes_requested_assigned_visited_closed() {
        use HomeVisitState::*;
        use HomeVisitStep::*;
        assert_eq!(Requested.after(Assign, "id").unwrap(), Assigned);
        assert_eq!(Assigned.after(Record, "id").unwrap(), Visited);
        assert_eq!(Visited.after(Close, "id").unwrap(), Closed);
        assert_eq!(Requested.after(Cancel, "id").unwrap(), Cancelled);
        assert_eq!(Assigned.after(Cancel, "id").unwrap(), Cancelled);
    }

    #[test]
    fn every_other_change_is_invalid_state_naming_the_field() {
        let mut allowed = 0;
        for state in HomeVisitState::ALL {
            for step in
                [HomeVisitStep::Assign, HomeVisitStep::Record, HomeVisitStep::Close, HomeVisitStep::Cancel]
            {
                match state.after(step, "id") {
                    Ok(_) => allowed += 1,
                    Err(e) => {
                        assert_eq!(e.code, UserErrorCode::InvalidState);
                        assert_eq!(e.field, vec!["input", "id"]);
                    }
                }
            }
        }
        assert_eq!(allowed, 5);
        assert!(HomeVisitState::Requested.after(HomeVisitStep::Close, "id").is_err());
        assert!(HomeVisitState::Cancelled.after(HomeVisitStep::Record, "id").is_err());
        assert!(HomeVisitState::Closed.after(HomeVisitStep::Cancel, "id").is_err());
    }

    #[test]
    fn a_home_lies_below_every_path_down_to_it() {
        assert_eq!(paths_down_to("/340405/001/003/"), vec!["/340405/", "/340405/001/", "/340405/001/003/"]);
        assert!(paths_down_to("/").is_empty());
    }

    #[test]
    fn reasons_are_bounded_and_blank_means_none() {
        assert_eq!(parse_reason("  ", "reason").unwrap(), None);
        assert_eq!(parse_reason(" 已住院 ", "reason").unwrap().as_deref(), Some("已住院"));
        assert!(parse_reason(&"字".repeat(REASON_MAX_CHARS + 1), "reason").is_err());
    }

    #[test]
    fn times_are_checked_against_now() {
        let now = chrono::Utc::now();
        let hour = chrono::Duration::hours(1);
        assert!(check_preferred_at(now + hour, now, "preferredAt").is_ok());
        assert!(check_preferred_at(now - hour, now, "preferredAt").is_err());
        assert!(check_visited_at(now - hour, now - hour * 2, now, "visitedAt").is_ok());
        assert!(check_visited_at(now + hour, now - hour, now, "visitedAt").is_err());
        assert!(check_visited_at(now - hour * 3, now - hour, now, "visitedAt").is_err());
    }
}
