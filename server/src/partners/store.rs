//! SQL of partner clients and their secrets. Clients are not personal data;
//! the district's admins see them all (the query checks the role).

use super::model::*;
use crate::db::{Conn, Page, Timestamp, new_id};
use crate::error::Result;
use crate::ids::PartnerClientId;
use crate::{select_count, select_in, select_page};

const SELECT_CLIENTS: &str = "select c.id, c.name, c.unit_id, c.area_id, c.area_path, c.scopes, c.purposes, \
                              c.rate_per_minute, c.created_by, c.created_at, c.last_used_at \
                              from partner_client c where true";

const SELECT_SECRETS: &str =
    "select s.id, s.client_id, s.hash, s.created_at, s.expires_at from partner_secret s where true";

/// A client as a write makes it.
pub struct NewClient<'a> {
    pub name: &'a str,
    pub unit_id: Option<uuid::Uuid>,
    pub area_id: uuid::Uuid,
    pub area_path: &'a str,
    pub scopes: &'a str,
    pub purposes: &'a str,
    pub rate_per_minute: i32,
    pub created_by: &'a str,
}

pub async fn insert_client(conn: &mut Conn, c: &NewClient<'_>, at: Timestamp) -> Result<PartnerClientId> {
    let id = PartnerClientId(new_id());
    execute!(
        conn,
        "insert into partner_client (id, name, unit_id, area_id, area_path, scopes, purposes, rate_per_minute, \
         created_by, created_at, last_used_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, null)",
        id,
        c.name,
        c.unit_id,
        c.area_id,
        c.area_path,
        c.scopes,
        c.purposes,
        c.rate_per_minute,
        c.created_by,
        at,
    )?;
    Ok(id)
}

pub async fn clients_by_ids(conn: &mut Conn, ids: &[PartnerClientId]) -> Result<Vec<PartnerClient>> {
    select_in!(conn, PartnerClient, SELECT_CLIENTS, "c.id", ids)
}

pub async fn client(conn: &mut Conn, id: PartnerClientId) -> Result<Option<PartnerClient>> {
    Ok(clients_by_ids(conn, &[id]).await?.pop())
}

/// A page of every client, in the order they were made.
pub async fn list_clients(conn: &mut Conn, page: &Page) -> Result<Vec<PartnerClient>> {
    select_page!(conn, PartnerClient, SELECT_CLIENTS, "c.id", page, |_qb| {})
}

pub async fn count_clients(conn: &mut Conn) -> Result<i64> {
    select_count!(conn, "select count(*) from partner_client c where true", |_qb| {})
}

/// Note that the client was given a token at `at`.
pub async fn touch(conn: &mut Conn, id: PartnerClientId, at: Timestamp) -> Result<()> {
    execute!(conn, "update partner_client set last_used_at = $2 where id = $1", id, at)?;
    Ok(())
}

pub async fn insert_secret(
    conn: &mut Conn,
    client: PartnerClientId,
    hash: &str,
    at: Timestamp,
) -> Result<()> {
    execute!(
        conn,
        "insert into partner_secret (id, client_id, hash, created_at, expires_at) values ($1, $2, $3, $4, null)",
        new_id(),
        client,
        hash,
        at,
    )?;
    Ok(())
}

/// End every secret of the client still working after `until` at `until`
/// (a rotation's overlap).
pub async fn expire_secrets(conn: &mut Conn, client: PartnerClientId, until: Timestamp) -> Result<()> {
    execute!(
        conn,
        "update partner_secret set expires_at = $2 where client_id = $1 and (expires_at is null or expires_at > $2)",
        client,
        until,
    )?;
    Ok(())
}

/// The secrets of these clients, oldest first.
pub async fn secrets_of(conn: &mut Conn, clients: &[PartnerClientId]) -> Result<Vec<PartnerSecret>> {
    select_in!(conn, PartnerSecret, SELECT_SECRETS, "s.client_id", clients, |qb| {
        qb.push(" order by s.client_id, s.id");
    })
}
