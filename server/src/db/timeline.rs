//! State timelines: the append-only record of every state a record went
//! through, when and by whom. Bookings, reservations and home-visit
//! requests each write one row per change in the transaction of the change
//! ([`record_change`]) and read their history back in time order
//! ([`changes_of`]); no row is ever updated or deleted. One table serves
//! every domain: a subject is the uuid of the record that changed.

use uuid::Uuid;

use super::{Conn, Timestamp, new_id};
use crate::error::Result;
use crate::{push_in, run};

/// Who made a change: the token's subject, and their person record when
/// they have one; a background task (an offer that expired) is `system`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub subject: String,
    pub person: Option<Uuid>,
}

impl Actor {
    /// The server itself, for changes no caller made (expiry, promotion
    /// by the background task).
    pub fn system() -> Actor {
        Actor { subject: "system".to_owned(), person: None }
    }
}

/// One change of state.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct StateChange {
    pub id: Uuid,
    pub subject_id: Uuid,
    pub state: String,
    pub at: Timestamp,
    pub actor_subject: String,
    pub actor_person_id: Option<Uuid>,
    pub note: Option<String>,
}

/// One change to append.
pub struct NewChange<'a> {
    pub subject: Uuid,
    pub state: &'a str,
    pub actor: &'a Actor,
    pub note: Option<&'a str>,
}

/// Append changes, all at `at`, in one statement.
pub async fn record_all(conn: &mut Conn, changes: &[NewChange<'_>], at: Timestamp) -> Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new(
            "insert into state_change (id, subject_id, state, at, actor_subject, actor_person_id, note) ",
        );
        qb.push_values(changes, |mut b, x| {
            b.push_bind(new_id())
                .push_bind(x.subject)
                .push_bind(x.state)
                .push_bind(at)
                .push_bind(x.actor.subject.as_str())
                .push_bind(x.actor.person)
                .push_bind(x.note);
        });
        qb.build().execute(c).await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Append the change of `subject` to `state`.
pub async fn record_change(
    conn: &mut Conn,
    subject: Uuid,
    state: &str,
    at: Timestamp,
    actor: &Actor,
    note: Option<&str>,
) -> Result<()> {
    record_all(conn, &[NewChange { subject, state, actor, note }], at).await
}

/// Append one change for each of many subjects, all to `state` (an expiry
/// sweep, a bulk promotion).
pub async fn record_changes(
    conn: &mut Conn,
    subjects: &[Uuid],
    state: &str,
    at: Timestamp,
    actor: &Actor,
) -> Result<()> {
    let changes: Vec<NewChange> =
        subjects.iter().map(|&subject| NewChange { subject, state, actor, note: None }).collect();
    record_all(conn, &changes, at).await
}

/// The changes of each subject, oldest first (ids are time-ordered).
pub async fn changes_of(conn: &mut Conn, subjects: &[Uuid]) -> Result<Vec<StateChange>> {
    Ok(run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new(
            "select t.id, t.subject_id, t.state, t.at, t.actor_subject, t.actor_person_id, t.note \
             from state_change t where true",
        );
        push_in!(qb, "t.subject_id", subjects);
        qb.push(" order by t.subject_id, t.id");
        qb.build_query_as::<StateChange>().fetch_all(c).await
    })?)
}
