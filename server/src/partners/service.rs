//! Writes of partner clients, by the district's admins, and the trade of a
//! client's secret for a token (`/oauth/token`).

use super::model::*;
use super::store::{self, NewClient};
use crate::area::store as area_store;
use crate::auth::token::{self, Claims};
use crate::auth::{Action, ApiScope, Principal, Purpose, SigningKeys};
use crate::db::{Db, audit, parse_text, read_back};
use crate::error::{InputErrors, Result, UserError};
use crate::ids::{AreaId, PartnerClientId, UnitId};

pub struct CreateClient {
    pub name: String,
    pub unit: Option<UnitId>,
    pub area: AreaId,
    pub scopes: Vec<ApiScope>,
    pub purposes: Vec<Purpose>,
    pub rate_per_minute: Option<i32>,
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
    let name = errors.check(parse_text(&input.name, MAX_NAME_CHARS, "name"));
    if input.scopes.is_empty() {
        errors.push(UserError::bad_input("scopes", "name at least one scope"));
    }
    if !input.purposes.is_empty() && !input.scopes.contains(&ApiScope::PeopleRead) {
        errors.push(UserError::bad_input("purposes", "purposes unmask people's data: they need PEOPLE_READ"));
    }
    let rate = input.rate_per_minute.unwrap_or(DEFAULT_RATE_PER_MINUTE);
    if !(1..=MAX_RATE_PER_MINUTE).contains(&rate) {
        errors.push(UserError::bad_input(
            "ratePerMinute",
            format!("1 to {MAX_RATE_PER_MINUTE} requests a minute"),
        ));
    }
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
    let (name, area, unit) = errors.finish((name, area, unit))?;
    let mut scopes = input.scopes;
    scopes.sort_by_key(|s| s.as_str());
    scopes.dedup();
    let mut purposes = input.purposes;
    purposes.sort_by_key(|p| p.as_str());
    purposes.dedup();
    let scopes = scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ");
    let purposes = purposes.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(",");
    let at = db.clock().now();
    let new = NewClient {
        name: &name,
        unit_id: unit,
        area_id: area.id.0,
        area_path: &area.path,
        scopes: &scopes,
        purposes: &purposes,
        rate_per_minute: rate,
        created_by: &principal.subject,
    };
    let id = store::insert_client(&mut tx, &new, at).await?;
    let (secret, hash) = new_secret()?;
    store::insert_secret(&mut tx, id, &hash, at).await?;
    audit_change(&mut tx, principal, "create_partner_client", id, &name, at).await?;
    let client = read_back(store::client(&mut tx, id).await?, "partner client")?;
    tx.commit().await?;
    Ok(WithSecret { client, secret })
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
    principal.scope_for(Action::ManagePartners)?;
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
