//! SQL of partner clients and their secrets. Clients are not personal data;
//! the district's admins see them all (the query checks the role).

use super::model::*;
use crate::db::{Conn, Page, Timestamp, new_id};
use crate::error::Result;
use crate::ids::PartnerClientId;
use crate::{select_count, select_in, select_page};

const SELECT_CLIENTS: &str = "select c.id, c.name, c.unit_id, c.area_id, c.area_path, c.scopes, c.purposes, \
                              c.rate_per_minute, c.trusted_documents_only, c.webhook_urls, c.created_by, c.created_at, \
                              c.last_used_at \
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
    pub trusted_documents_only: bool,
    pub webhook_urls: &'a str,
    pub created_by: &'a str,
}

pub async fn insert_client(conn: &mut Conn, c: &NewClient<'_>, at: Timestamp) -> Result<PartnerClientId> {
    let id = PartnerClientId(new_id());
    execute!(
        conn,
        "insert into partner_client (id, name, unit_id, area_id, area_path, scopes, purposes, rate_per_minute, \
         trusted_documents_only, webhook_urls, created_by, created_at, last_used_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, null)",
        id,
        c.name,
        c.unit_id,
        c.area_id,
        c.area_path,
        c.scopes,
        c.purposes,
        c.rate_per_minute,
        c.trusted_documents_only,
        c.webhook_urls,
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

/// What an update writes of a client.
pub struct ClientChanges<'a> {
    pub name: &'a str,
    pub scopes: &'a str,
    pub purposes: &'a str,
    pub rate_per_minute: i32,
    pub trusted_documents_only: bool,
    pub webhook_urls: &'a str,
}

pub async fn update_client(conn: &mut Conn, id: PartnerClientId, c: &ClientChanges<'_>) -> Result<()> {
    execute!(
        conn,
        "update partner_client set name = $2, scopes = $3, purposes = $4, rate_per_minute = $5, \
         trusted_documents_only = $6, webhook_urls = $7 where id = $1",
        id,
        c.name,
        c.scopes,
        c.purposes,
        c.rate_per_minute,
        c.trusted_documents_only,
        c.webhook_urls,
    )?;
    Ok(())
}

const SELECT_CLIENT_DOCUMENTS: &str = "select cd.client_id, d.id, d.body, d.operation_names, cd.added_by, cd.added_at \
                                       from client_document cd join trusted_document d on d.id = cd.document_id \
                                       where true";

/// A document as a registration stores it: content-addressed, so a text
/// registered twice is stored once.
pub struct NewDocument<'a> {
    pub id: &'a str,
    pub body: &'a str,
    pub operation_names: &'a str,
}

/// Store the document (once) and let `client` run it (once); `false` when
/// the client had it already.
pub async fn add_document(
    conn: &mut Conn,
    client: Option<PartnerClientId>,
    d: &NewDocument<'_>,
    by: &str,
    at: Timestamp,
) -> Result<bool> {
    execute!(
        conn,
        "insert into trusted_document (id, body, operation_names, created_by, created_at) \
         values ($1, $2, $3, $4, $5) on conflict (id) do nothing",
        d.id,
        d.body,
        d.operation_names,
        by,
        at,
    )?;
    let Some(client) = client else {
        return Ok(false);
    };
    let added = execute!(
        conn,
        "insert into client_document (client_id, document_id, added_by, added_at) values ($1, $2, $3, $4) \
         on conflict (client_id, document_id) do nothing",
        client,
        d.id,
        by,
        at,
    )?;
    Ok(added == 1)
}

/// Stop `client` running document `id`; `false` when it could not.
pub async fn remove_document(conn: &mut Conn, client: PartnerClientId, id: &str) -> Result<bool> {
    let removed =
        execute!(conn, "delete from client_document where client_id = $1 and document_id = $2", client, id)?;
    Ok(removed == 1)
}

pub async fn count_documents_of(conn: &mut Conn, client: PartnerClientId) -> Result<i64> {
    Ok(run!(conn, |c| sqlx::query_scalar::<_, i64>(
        "select count(*) from client_document where client_id = $1"
    )
    .bind(client)
    .fetch_one(c)
    .await)?)
}

/// The documents of these clients, each client's in the order they were added.
pub async fn documents_of(conn: &mut Conn, clients: &[PartnerClientId]) -> Result<Vec<ClientDocument>> {
    select_in!(conn, ClientDocument, SELECT_CLIENT_DOCUMENTS, "cd.client_id", clients, |qb| {
        qb.push(" order by cd.client_id, cd.added_at, d.id");
    })
}

/// The text of document `id`, if `client` may run it.
pub async fn client_document(conn: &mut Conn, client: PartnerClientId, id: &str) -> Result<Option<String>> {
    Ok(run!(conn, |c| sqlx::query_scalar::<_, String>(
        "select d.body from client_document cd join trusted_document d on d.id = cd.document_id \
         where cd.client_id = $1 and cd.document_id = $2"
    )
    .bind(client)
    .bind(id)
    .fetch_optional(c)
    .await)?)
}

/// The text of document `id`, whoever it was registered for.
pub async fn document(conn: &mut Conn, id: &str) -> Result<Option<String>> {
    Ok(run!(conn, |c| sqlx::query_scalar::<_, String>("select body from trusted_document where id = $1")
        .bind(id)
        .fetch_optional(c)
        .await)?)
}
