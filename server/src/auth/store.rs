//! SQL of the links between identity providers' subjects and people.

use uuid::Uuid;

use crate::db::Conn;
use crate::error::Result;
use crate::{execute, run};

pub async fn linked_person(conn: &mut Conn, issuer: &str, subject: &str) -> Result<Option<Uuid>> {
    Ok(run!(conn, |c| sqlx::query_scalar::<_, Uuid>(
        "select person_id from identity_link where issuer = $1 and subject = $2"
    )
    .bind(issuer)
    .bind(subject)
    .fetch_optional(c)
    .await)?)
}

/// Keeps an existing link of the subject as it is.
pub async fn link_person(conn: &mut Conn, issuer: &str, subject: &str, person: Uuid) -> Result<()> {
    execute!(
        conn,
        "insert into identity_link (issuer, subject, person_id, created_at) values ($1, $2, $3, $4) \
         on conflict (issuer, subject) do nothing",
        issuer,
        subject,
        person,
        chrono::Utc::now(),
    )?;
    Ok(())
}
