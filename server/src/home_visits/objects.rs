//! GraphQL objects of home visits.

use async_graphql::{Context, ID, Object};

use super::model::*;
use crate::area::loaders::area;
use crate::area::model::Area;
use crate::db::Timestamp;
use crate::graphql::context::{GqlResult, loader, one};
use crate::graphql::loading::TimelineOf;
use crate::people::loaders::person;
use crate::people::model::Person;
use crate::services::model::Service;

/// 上门服务申请 — a request for a HOME_VISIT service at a person's home, at
/// a preferred time: REQUESTED, ASSIGNED to a grid worker or volunteer,
/// VISITED, CLOSED (or CANCELLED before the visit). Visible to the person,
/// to the visitor and to the admins and grid workers whose area holds the
/// person's home; the person's data follows the people rules (masked,
/// audited, null where the caller may not see them).
#[Object]
impl HomeVisitRequest {
    pub async fn id(&self) -> ID {
        self.id.to_global()
    }
    async fn state(&self) -> HomeVisitState {
        self.state
    }
    /// Who is to be visited.
    async fn person(&self, ctx: &Context<'_>) -> GqlResult<Option<Person>> {
        person(ctx, self.person_id).await
    }
    /// The HOME_VISIT service asked for.
    async fn service(&self, ctx: &Context<'_>) -> GqlResult<Option<Service>> {
        one(ctx, self.service_id).await
    }
    /// The grid the request went to: the grid the person lived in when asking.
    async fn grid(&self, ctx: &Context<'_>) -> GqlResult<Option<Area>> {
        area(ctx, self.grid_id).await
    }
    /// When the person would like the visit.
    async fn preferred_at(&self) -> Timestamp {
        self.preferred_at
    }
    /// What the person or the grid worker asking wrote (at most 500 characters).
    async fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
    /// The grid worker or volunteer who visits; null until assigned.
    async fn assignee(&self, ctx: &Context<'_>) -> GqlResult<Option<Person>> {
        match self.assignee_id {
            Some(id) => person(ctx, id).await,
            None => Ok(None),
        }
    }
    /// When the visit took place; null until it is recorded.
    async fn visited_at(&self) -> Option<Timestamp> {
        self.visited_at
    }
    /// What was done at the visit (at most 500 characters).
    async fn visit_notes(&self) -> Option<&str> {
        self.visit_notes.as_deref()
    }
    async fn requested_at(&self) -> Timestamp {
        self.created_at
    }
    async fn updated_at(&self) -> Timestamp {
        self.updated_at
    }
    /// Every change of state, oldest first: the state, when, and who.
    async fn history(&self, ctx: &Context<'_>) -> GqlResult<Vec<HomeVisitChange>> {
        let changes = loader(ctx).load_one(TimelineOf(self.id.0)).await?.unwrap_or_default();
        Ok(changes.into_iter().map(HomeVisitChange).collect())
    }
}

crate::state_change_object!(
    /// 上门服务记录 — one change of a home-visit request's state.
    HomeVisitChange,
    HomeVisitState
);
