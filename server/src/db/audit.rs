//! The audit trail: one append-only ledger of who read whose personal data
//! whole (and, for a partner client, under which purpose), who changed a
//! party member's status, who registered or re-keyed a partner client.
//! Every domain writes its records in the transaction (or the request) of
//! what it audits ([`record_all`]); no row is ever updated or deleted. The
//! district's admins read it by actor, subject, client, purpose and time
//! ([`list`]); a person reads the whole reads of their own data.

use uuid::Uuid;

use super::{Conn, Page, Timestamp, new_id};
use crate::error::Result;
use crate::{run, select_count, select_page};

/// The action of a whole read of personal data.
pub const READ_PERSONAL_DATA: &str = "read_personal_data";

/// One record to append.
pub struct NewRecord<'a> {
    /// The token's subject (a user, `client:<id>` for a partner client).
    pub actor: &'a str,
    pub action: &'a str,
    /// What it concerns: a person, a party member, a partner client.
    pub target: Uuid,
    pub detail: &'a str,
    pub client: Option<Uuid>,
    pub purpose: Option<&'a str>,
}

/// Append records, all at `at`, in one statement.
pub async fn record_all(conn: &mut Conn, records: &[NewRecord<'_>], at: Timestamp) -> Result<()> {
    if records.is_empty() {
        return Ok(());
    }
    run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new(
            "insert into audit_log (id, at, actor, action, target_id, detail, client_id, purpose) ",
        );
        qb.push_values(records, |mut row, r| {
            row.push_bind(new_id())
                .push_bind(at)
                .push_bind(r.actor)
                .push_bind(r.action)
                .push_bind(r.target)
                .push_bind(r.detail)
                .push_bind(r.client)
                .push_bind(r.purpose);
        });
        qb.build().execute(c).await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// One record as stored.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct AuditRecord {
    pub id: Uuid,
    pub at: Timestamp,
    pub actor: String,
    pub action: String,
    pub target_id: Uuid,
    pub detail: String,
    pub client_id: Option<Uuid>,
    pub purpose: Option<String>,
}

/// What a reader of the trail asks for; every part narrows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub target: Option<Uuid>,
    pub client: Option<Uuid>,
    pub purpose: Option<String>,
    pub from: Option<Timestamp>,
    pub to: Option<Timestamp>,
}

const SELECT_RECORDS: &str = "select a.id, a.at, a.actor, a.action, a.target_id, a.detail, a.client_id, a.purpose \
                              from audit_log a where true";

macro_rules! push_audit_filter {
    ($qb:expr, $f:expr) => {{
        let f: &AuditFilter = $f;
        if let Some(actor) = &f.actor {
            $qb.push(" and a.actor = ").push_bind(actor.clone());
        }
        if let Some(action) = &f.action {
            $qb.push(" and a.action = ").push_bind(action.clone());
        }
        if let Some(target) = f.target {
            $qb.push(" and a.target_id = ").push_bind(target);
        }
        if let Some(client) = f.client {
            $qb.push(" and a.client_id = ").push_bind(client);
        }
        if let Some(purpose) = &f.purpose {
            $qb.push(" and a.purpose = ").push_bind(purpose.clone());
        }
        if let Some(from) = f.from {
            $qb.push(" and a.at >= ").push_bind(from);
        }
        if let Some(to) = f.to {
            $qb.push(" and a.at < ").push_bind(to);
        }
    }};
}

/// A page of the records the filter keeps, in the order they were written.
pub async fn list(conn: &mut Conn, filter: &AuditFilter, page: &Page) -> Result<Vec<AuditRecord>> {
    select_page!(conn, AuditRecord, SELECT_RECORDS, "a.id", page, |qb| { push_audit_filter!(qb, filter) })
}

pub async fn count(conn: &mut Conn, filter: &AuditFilter) -> Result<i64> {
    select_count!(conn, "select count(*) from audit_log a where true", |qb| {
        push_audit_filter!(qb, filter)
    })
}
