//! Writes of partner clients, by the district's admins, and the trade of a
//! client's secret for a token (`/oauth/token`).

use super::model::*;
use super::store::{self, NewClient};
use crate::area::store as area_store;
use crate::auth::token::{self, Claims};
use crate::auth::{Action, ApiScope, Principal, Purpose, SigningKeys};
use crate::db::{Db, audit, parse_text, read_back};
use crate::error::{InputErrors, Result, UserError};
use crate::graphql::trusted::{DocumentCheck, DocumentId};
use crate::ids::{AreaId, PartnerClientId, UnitId};

pub struct CreateClient {
    pub name: String,
    pub unit: Option<UnitId>,
    pub area: AreaId,
    pub scopes: Vec<ApiScope>,
    pub purposes: Vec<Purpose>,
    pub rate_per_minute: Option<i32>,
    pub trusted_documents_only: bool,
    pub webhook_urls: Vec<String>,
}

/// What an update changes; `None` keeps what the client has.
pub struct UpdateClient {
    pub name: Option<String>,
    pub scopes: Option<Vec<ApiScope>>,
    pub purposes: Option<Vec<Purpose>>,
    pub rate_per_minute: Option<i32>,
    pub trusted_documents_only: Option<bool>,
    pub webhook_urls: Option<Vec<String>>,
}

/// A client's settings, checked: what create and update both write.
struct Settings {
    name: String,
    scopes: String,
    purposes: String,
    rate_per_minute: i32,
    /// One URL a line.
    webhook_urls: String,
}

/// Check a client's settings, naming each field that is wrong.
fn check_settings(
    errors: &mut InputErrors,
    name: &str,
    mut scopes: Vec<ApiScope>,
    mut purposes: Vec<Purpose>,
    rate: i32,
    webhooks: &[String],
) -> Option<Settings> {
    let name = errors.check(parse_text(name, MAX_NAME_CHARS, "name"));
    if scopes.is_empty() {
        errors.push(UserError::bad_input("scopes", "name at least one scope"));
    }
    if !purposes.is_empty() && !scopes.contains(&ApiScope::PeopleRead) {
        errors.push(UserError::bad_input("purposes", "purposes unmask people's data: they need PEOPLE_READ"));
    }
    if !(1..=MAX_RATE_PER_MINUTE).contains(&rate) {
        errors.push(UserError::bad_input(
            "ratePerMinute",
            format!("1 to {MAX_RATE_PER_MINUTE} requests a minute"),
        ));
    }
    if webhooks.len() > MAX_WEBHOOKS {
        errors.push(UserError::bad_input("webhookUrls", format!("at most {MAX_WEBHOOKS} endpoints")));
    }
    let mut urls = Vec::new();
    for (i, url) in webhooks.iter().enumerate().take(MAX_WEBHOOKS) {
        match check_webhook_url(url) {
            Ok(url) if !urls.contains(&url) => urls.push(url),
            Ok(_) => {}
            Err(why) => errors.push(UserError::bad_input(&format!("webhookUrls[{i}]"), why)),
        }
    }
    scopes.sort_by_key(|s| s.as_str());
    scopes.dedup();
    purposes.sort_by_key(|p| p.as_str());
    purposes.dedup();
    Some(Settings {
        webhook_urls: urls.join("\n"),
        name: name?,
        scopes: scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" "),
        purposes: purposes.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(","),
        rate_per_minute: rate,
    })
}

/// A client and its secret, shown this once.
pub struct WithSecret {
    pub client: PartnerClient,
    pub secret: String,
}

/// 登记合作单位接入 — register a partner unit's system: its area (inside the
/// caller's), scopes, purposes and rate limit; its first secret is shown once.
pub async fn create_client(db: &Db, principal: &Principal, input: CreateClient) -> Result<WithSecret> {
    let scope = principal.scope_for(Action::ManagePartners)?;
    let mut errors = InputErrors::default();
    let rate = input.rate_per_minute.unwrap_or(DEFAULT_RATE_PER_MINUTE);
    let settings =
        check_settings(&mut errors, &input.name, input.scopes, input.purposes, rate, &input.webhook_urls);
    let mut tx = db.begin().await?;
    let area =
        area_store::areas_by_ids(&mut tx, &[input.area]).await?.pop().filter(|a| scope.covers_path(&a.path));
    if area.is_none() {
        errors.push(UserError::not_found("areaId", "area"));
    }
    let unit = match input.unit {
        Some(id) => {
            let unit = area_store::unit(&mut tx, id).await?;
            if unit.is_none() {
                errors.push(UserError::not_found("unitId", "unit"));
            }
            unit.map(|u| Some(u.id.0))
        }
        None => Some(None),
    };
    let (settings, area, unit) = errors.finish((settings, area, unit))?;
    let at = db.clock().now();
    let new = NewClient {
        name: &settings.name,
        unit_id: unit,
        area_id: area.id.0,
        area_path: &area.path,
        scopes: &settings.scopes,
        purposes: &settings.purposes,
        rate_per_minute: settings.rate_per_minute,
        trusted_documents_only: input.trusted_documents_only,
        webhook_urls: &settings.webhook_urls,
        created_by: &principal.subject,
    };
    let id = store::insert_client(&mut tx, &new, at).await?;
    let (secret, hash) = new_secret()?;
    store::insert_secret(&mut tx, id, &hash, at).await?;
    audit_change(&mut tx, principal, "create_partner_client", id, &settings.name, at).await?;
    let client = read_back(store::client(&mut tx, id).await?, "partner client")?;
    tx.commit().await?;
    Ok(WithSecret { client, secret })
}

/// 修改接入设置 — change a client's name, scopes, purposes, rate limit or
/// whether it runs trusted documents only. Tokens already issued keep what
/// they grant until they expire (at most [`TOKEN_SECONDS`]).
pub async fn update_client(
    db: &Db,
    principal: &Principal,
    id: PartnerClientId,
    input: UpdateClient,
) -> Result<PartnerClient> {
    let scope = principal.scope_for(Action::ManagePartners)?;
    let mut tx = db.begin().await?;
    let client = store::client(&mut tx, id)
        .await?
        .filter(|c| scope.covers_path(&c.area_path))
        .ok_or_else(|| UserError::not_found("clientId", "partner client"))?;
    let mut errors = InputErrors::default();
    let settings = check_settings(
        &mut errors,
        input.name.as_deref().unwrap_or(&client.name),
        input.scopes.unwrap_or_else(|| client.scope_list()),
        input.purposes.unwrap_or_else(|| client.purpose_list()),
        input.rate_per_minute.unwrap_or(client.rate_per_minute),
        &input.webhook_urls.unwrap_or_else(|| client.webhook_url_list()),
    );
    let settings = errors.finish(settings)?;
    let only = input.trusted_documents_only.unwrap_or(client.trusted_documents_only);
    let changes = store::ClientChanges {
        name: &settings.name,
        scopes: &settings.scopes,
        purposes: &settings.purposes,
        rate_per_minute: settings.rate_per_minute,
        trusted_documents_only: only,
        webhook_urls: &settings.webhook_urls,
    };
    store::update_client(&mut tx, id, &changes).await?;
    let at = db.clock().now();
    let detail = format!(
        "scopes {}; purposes {}; {} a minute; trusted documents only: {only}",
        settings.scopes, settings.purposes, settings.rate_per_minute
    );
    audit_change(&mut tx, principal, "update_partner_client", id, &detail, at).await?;
    let client = read_back(store::client(&mut tx, id).await?, "partner client")?;
    tx.commit().await?;
    Ok(client)
}

/// 登记可信文档 — register GraphQL documents a client may run (or, with
/// no client, documents any signed-in user may name by id). Each is checked
/// against the schema as a request would be; an id names its text's
/// SHA-256. Registering a document twice changes nothing.
pub async fn register_documents(
    db: &Db,
    principal: &Principal,
    client: Option<PartnerClientId>,
    texts: &[String],
    check: &dyn DocumentCheck,
) -> Result<Vec<ClientDocument>> {
    let scope = principal.scope_for(Action::ManagePartners)?;
    let mut errors = InputErrors::default();
    if texts.is_empty() || texts.len() > MAX_DOCUMENTS_PER_CALL {
        errors.push(UserError::bad_input(
            "documents",
            format!("1 to {MAX_DOCUMENTS_PER_CALL} documents a call"),
        ));
    }
    let mut checked = Vec::new();
    for (i, text) in texts.iter().enumerate().take(MAX_DOCUMENTS_PER_CALL) {
        let field = format!("documents[{i}]");
        if text.len() > MAX_DOCUMENT_BYTES {
            errors.push(UserError::bad_input(&field, format!("at most {MAX_DOCUMENT_BYTES} bytes")));
            continue;
        }
        match check.check(text).await {
            Ok(names) => checked.push((DocumentId::of(text), text.as_str(), names.join(","))),
            Err(why) => errors.push(UserError::bad_input(&field, why)),
        }
    }
    let mut tx = db.begin().await?;
    if let Some(id) = client {
        let found = store::client(&mut tx, id).await?.filter(|c| scope.covers_path(&c.area_path));
        if found.is_none() {
            errors.push(UserError::not_found("clientId", "partner client"));
        } else {
            let held = store::count_documents_of(&mut tx, id).await?;
            let mut ids: Vec<_> = checked.iter().map(|(id, ..)| id).collect();
            ids.sort_by_key(|id| id.as_str());
            ids.dedup();
            if held + ids.len() as i64 > MAX_DOCUMENTS_PER_CLIENT {
                errors.push(UserError::bad_input(
                    "documents",
                    format!("a client holds at most {MAX_DOCUMENTS_PER_CLIENT} documents; it has {held}"),
                ));
            }
        }
    }
    errors.finish(())?;
    let at = db.clock().now();
    let mut added = 0;
    for (id, body, names) in &checked {
        let new = store::NewDocument { id: id.as_str(), body, operation_names: names };
        added += usize::from(store::add_document(&mut tx, client, &new, &principal.subject, at).await?);
    }
    let registered = match client {
        Some(client) => {
            let detail = format!("{} documents, {added} new", checked.len());
            audit_change(&mut tx, principal, "register_trusted_documents", client, &detail, at).await?;
            let wanted: Vec<&str> = checked.iter().map(|(id, ..)| id.as_str()).collect();
            let mut held = store::documents_of(&mut tx, &[client]).await?;
            held.retain(|d| wanted.contains(&d.id.as_str()));
            held
        }
        None => checked
            .iter()
            .map(|(id, body, names)| ClientDocument {
                client_id: None,
                id: id.as_str().to_owned(),
                body: (*body).to_owned(),
                operation_names: names.clone(),
                added_by: principal.subject.clone(),
                added_at: at,
            })
            .collect(),
    };
    tx.commit().await?;
    Ok(registered)
}

/// 撤销可信文档 — stop a client running these documents.
pub async fn remove_documents(
    db: &Db,
    principal: &Principal,
    client: PartnerClientId,
    ids: &[String],
) -> Result<usize> {
    let scope = principal.scope_for(Action::ManagePartners)?;
    let mut errors = InputErrors::default();
    if ids.is_empty() || ids.len() > MAX_DOCUMENTS_PER_CALL {
        errors.push(UserError::bad_input("documentIds", format!("1 to {MAX_DOCUMENTS_PER_CALL} ids a call")));
    }
    let parsed: Vec<_> = ids
        .iter()
        .enumerate()
        .filter_map(|(i, id)| {
            let id = DocumentId::parse(id);
            if id.is_none() {
                errors.push(UserError::bad_input(
                    &format!("documentIds[{i}]"),
                    "`sha256:` and 64 hexadecimal digits",
                ));
            }
            id.map(|id| (i, id))
        })
        .collect();
    let mut tx = db.begin().await?;
    let found = store::client(&mut tx, client).await?.filter(|c| scope.covers_path(&c.area_path));
    if found.is_none() {
        errors.push(UserError::not_found("clientId", "partner client"));
    }
    errors.finish(())?;
    for (i, id) in &parsed {
        if !store::remove_document(&mut tx, client, id.as_str()).await? {
            // Nothing is written: the transaction is dropped.
            return Err(UserError::not_found(
                &format!("documentIds[{i}]"),
                "trusted document of this client",
            )
            .into());
        }
    }
    let at = db.clock().now();
    let detail = format!("{} documents", parsed.len());
    audit_change(&mut tx, principal, "remove_trusted_documents", client, &detail, at).await?;
    tx.commit().await?;
    Ok(parsed.len())
}

/// The text of trusted document `id` that `principal` may run: a partner
/// client only its own, anyone else any registered one.
pub async fn trusted_document(db: &Db, principal: &Principal, id: &DocumentId) -> Result<Option<String>> {
    let mut conn = db.conn().await?;
    match &principal.client {
        Some(client) => store::client_document(&mut conn, PartnerClientId(client.id), id.as_str()).await,
        None => store::document(&mut conn, id.as_str()).await,
    }
}

/// 轮换密钥 — a new secret for a client; the ones it had keep working for
/// `overlap_minutes` (default an hour, at most a week), so its systems can
/// move over without an outage.
pub async fn rotate_secret(
    db: &Db,
    principal: &Principal,
    id: PartnerClientId,
    overlap_minutes: Option<i32>,
) -> Result<WithSecret> {
    let scope = principal.scope_for(Action::ManagePartners)?;
    let overlap = overlap_minutes.unwrap_or(DEFAULT_OVERLAP_MINUTES);
    if !(0..=MAX_OVERLAP_MINUTES).contains(&overlap) {
        return Err(UserError::bad_input(
            "overlapMinutes",
            format!("0 to {MAX_OVERLAP_MINUTES} minutes (a week)"),
        )
        .into());
    }
    let mut tx = db.begin().await?;
    let client = store::client(&mut tx, id)
        .await?
        .filter(|c| scope.covers_path(&c.area_path))
        .ok_or_else(|| UserError::not_found("clientId", "partner client"))?;
    let at = db.clock().now();
    store::expire_secrets(&mut tx, client.id, at + chrono::Duration::minutes(i64::from(overlap))).await?;
    let (secret, hash) = new_secret()?;
    store::insert_secret(&mut tx, client.id, &hash, at).await?;
    audit_change(
        &mut tx,
        principal,
        "rotate_partner_secret",
        client.id,
        &format!("overlap {overlap} min"),
        at,
    )
    .await?;
    tx.commit().await?;
    Ok(WithSecret { client, secret })
}

/// The audit trail's record of a change to a client, by the caller.
async fn audit_change(
    tx: &mut crate::db::Conn,
    principal: &Principal,
    action: &str,
    client: PartnerClientId,
    detail: &str,
    at: crate::db::Timestamp,
) -> Result<()> {
    let record = audit::NewRecord {
        actor: &principal.subject,
        action,
        target: client.0,
        detail,
        client: None,
        purpose: None,
    };
    audit::record_all(tx, &[record], at).await
}

/// Why a token request was refused, as RFC 6749 §5.2 names it.
#[derive(Debug, PartialEq, Eq)]
pub enum TokenRefusal {
    /// Unknown client, or a secret that is not one of its working secrets.
    InvalidClient,
    /// A scope the client was not given, or one that does not exist.
    InvalidScope(String),
}

/// A token issued to a client.
pub struct Issued {
    pub token: String,
    pub expires_in: i64,
    pub scopes: Vec<ApiScope>,
}

/// Trade a client's id and secret for a token of the built-in issuer with
/// the scopes asked for (all of the client's when none are), its purposes,
/// rate limit and area.
#[allow(clippy::too_many_arguments)]
pub async fn issue_token(
    db: &Db,
    keys: &SigningKeys,
    issuer: &str,
    audience: &str,
    client_id: &str,
    secret: &str,
    scope: Option<&str>,
) -> Result<std::result::Result<Issued, TokenRefusal>> {
    let Ok(id) = client_id.parse::<uuid::Uuid>() else {
        return Ok(Err(TokenRefusal::InvalidClient));
    };
    let id = PartnerClientId(id);
    let mut conn = db.conn().await?;
    let Some(client) = store::client(&mut conn, id).await? else {
        return Ok(Err(TokenRefusal::InvalidClient));
    };
    let now = db.clock().now();
    let secrets = store::secrets_of(&mut conn, &[id]).await?;
    drop(conn);
    // argon2 is slow on purpose: verify off the async threads.
    let secret = secret.to_owned();
    let matched = tokio::task::spawn_blocking(move || {
        secrets.iter().filter(|s| s.works_at(now)).any(|s| s.matches(&secret))
    })
    .await
    .map_err(crate::Error::internal)?;
    if !matched {
        return Ok(Err(TokenRefusal::InvalidClient));
    }
    let granted = client.scope_list();
    let scopes = match scope.map(str::trim).filter(|s| !s.is_empty()) {
        None => granted,
        Some(asked) => {
            let mut scopes = Vec::new();
            for word in asked.split(' ').filter(|w| !w.is_empty()) {
                match ApiScope::parse(word).filter(|s| granted.contains(s)) {
                    Some(s) if !scopes.contains(&s) => scopes.push(s),
                    Some(_) => {}
                    None => return Ok(Err(TokenRefusal::InvalidScope(word.chars().take(100).collect()))),
                }
            }
            scopes
        }
    };
    let iat = now.timestamp();
    let claims = Claims {
        iss: issuer.to_owned(),
        aud: audience.to_owned(),
        sub: format!("client:{}", client.id.0),
        iat,
        exp: iat + TOKEN_SECONDS,
        roles: vec![crate::auth::Role::Partner],
        area: Some(client.area_id),
        person: None,
        permissions: Vec::new(),
        client: Some(client.grant(scopes.clone())),
    };
    let token = token::mint(keys, &claims)?;
    let mut tx = db.begin().await?;
    store::touch(&mut tx, client.id, now).await?;
    tx.commit().await?;
    Ok(Ok(Issued { token, expires_in: TOKEN_SECONDS, scopes }))
}
