//! Authentication (bearer JWTs from trusted issuers) and the `Principal`
//! every resolver and store call is given.

pub mod keys;
pub mod oidc;
pub mod principal;
pub mod rate;
pub mod store;
pub mod token;

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::{Mutex, RwLock};
use std::time::Instant;

use axum::http::{HeaderMap, HeaderValue, header};
use base64::Engine;
use lru::LruCache;
use serde_json::Value;
use uuid::Uuid;

pub use keys::{DataKey, SigningKeys};
pub use oidc::{ClaimSet, ExternalIssuer, PendingLogin, PendingLogins};
pub use principal::{Action, ApiScope, AreaGrant, ClientGrant, Permission, Principal, Purpose, Role};
pub use rate::RateLimits;
pub use token::{Claims, TokenVerifier, TrustedIssuer};

use crate::error::{Error, Result};

/// The console's session cookie: a token of the built-in issuer.
pub const SESSION_COOKIE: &str = "gongzhi_session";

/// What the authenticator needs to know of the graph: areas and people
/// belong to domains above this layer, so the application passes this in.
#[async_trait::async_trait]
pub trait Directory: Send + Sync {
    /// The path of the area with this id, if there is one.
    async fn area_path(&self, id: Uuid) -> Result<Option<String>>;
    /// The area whose full code (its path's codes one after another,
    /// `340405001`) is `code`.
    async fn area_by_code(&self, code: &str) -> Result<Option<AreaGrant>>;
    /// The person whose ID-card number has this keyed hash.
    async fn person_by_id_card_hash(&self, hash: &[u8]) -> Result<Option<Uuid>>;
    /// The person a provider's subject is linked to.
    async fn linked_person(&self, issuer: &str, subject: &str) -> Result<Option<Uuid>>;
    /// Link a provider's subject to a person (kept if a link exists).
    async fn link_person(&self, issuer: &str, subject: &str, person: Uuid) -> Result<()>;
}

/// Turns an `Authorization` header (or the console's session cookie) into a [`Principal`].
pub struct Authenticator {
    verifier: TokenVerifier,
    issuers: Vec<ExternalIssuer>,
    directory: Box<dyn Directory>,
    /// Area id → path. Areas never move, so a path once read stays true.
    area_paths: RwLock<HashMap<Uuid, String>>,
    /// Area code → area, likewise.
    area_codes: RwLock<HashMap<String, AreaGrant>>,
    /// Principals of the providers' tokens, by the whole token: a JWT until
    /// its `exp`, an introspected token for the issuer's short cache time.
    external: Option<Mutex<LruCache<String, (Instant, Principal)>>>,
}

impl Authenticator {
    pub fn new(
        verifier: TokenVerifier,
        issuers: Vec<ExternalIssuer>,
        directory: Box<dyn Directory>,
        cache_size: usize,
    ) -> Authenticator {
        Authenticator {
            verifier,
            issuers,
            directory,
            area_paths: RwLock::new(HashMap::new()),
            area_codes: RwLock::new(HashMap::new()),
            external: NonZeroUsize::new(cache_size).map(|n| Mutex::new(LruCache::new(n))),
        }
    }

    /// The provider the console logs in through: the first with a client for it.
    pub fn login_issuer(&self) -> Option<&ExternalIssuer> {
        self.issuers.iter().find(|i| i.has_login())
    }

    /// The caller of a request with these headers: the subject of its
    /// bearer token, else of its session cookie, else anonymous.
    pub async fn authenticate(&self, headers: &HeaderMap) -> Result<Principal> {
        let mut values = headers.get_all(header::AUTHORIZATION).iter();
        let token = match values.next() {
            Some(value) => {
                if values.next().is_some() {
                    return Err(Error::Unauthenticated("more than one Authorization header".into()));
                }
                bearer_token(value)?
            }
            None => match session_cookie(headers) {
                Some(token) => token,
                None => return Ok(Principal::anonymous()),
            },
        };
        self.principal_of(token).await
    }

    /// The caller a token names: a JWT of the built-in issuer or of a
    /// trusted provider, or an opaque token a provider knows (RFC 7662).
    pub async fn principal_of(&self, token: &str) -> Result<Principal> {
        let issuer = oidc::unverified_issuer(token);
        let external = issuer.as_deref().and_then(|iss| self.issuers.iter().find(|i| i.issuer == iss));
        let opaque = jsonwebtoken::decode_header(token).is_err();
        if external.is_none() && !opaque {
            // The verifier holds the built-in issuer's keys only: the one
            // issuer whose tokens may carry a partner client's grant.
            let claims = self.verifier.verify(token)?;
            let area = match claims.area {
                Some(id) => Some(AreaGrant { id, path: self.area_path(id).await? }),
                None => None,
            };
            return Ok(Principal {
                subject: claims.sub,
                roles: claims.roles,
                area,
                person: claims.person,
                permissions: claims.permissions,
                client: claims.client,
            });
        }
        if let Some(principal) = self.remembered(token) {
            return Ok(principal);
        }
        let (principal, until) = match external {
            Some(issuer) => {
                let claims = issuer.verify(token, &issuer.audience, None).await?;
                let exp = claims.get("exp").and_then(Value::as_i64).unwrap_or_default();
                let left = exp.saturating_sub(chrono::Utc::now().timestamp()).max(0) as u64;
                (
                    self.principal_from(issuer, &claims).await?,
                    Instant::now() + std::time::Duration::from_secs(left),
                )
            }
            None => self.introspect(token).await?,
        };
        if let Some(cache) = &self.external {
            cache.lock().expect("token cache").put(token.to_owned(), (until, principal.clone()));
        }
        Ok(principal)
    }

    fn remembered(&self, token: &str) -> Option<Principal> {
        let mut cache = self.external.as_ref()?.lock().expect("token cache");
        match cache.get(token) {
            Some((until, principal)) if *until > Instant::now() => Some(principal.clone()),
            Some(_) => {
                cache.pop(token);
                None
            }
            None => None,
        }
    }

    async fn introspect(&self, token: &str) -> Result<(Principal, Instant)> {
        if !self.issuers.iter().any(|i| i.introspects()) {
            return Err(Error::Unauthenticated("invalid token: malformed".into()));
        }
        for issuer in self.issuers.iter().filter(|i| i.introspects()) {
            if let Some((claims, until)) = issuer.introspect(token).await? {
                return Ok((self.principal_from(issuer, &claims).await?, until));
            }
        }
        Err(Error::Unauthenticated("invalid token: not known to any trusted issuer".into()))
    }

    /// Gongzhi's principal for a provider's claims: roles through the
    /// issuer's table, the area by code or id, the person by a stored
    /// subject link or by the keyed hash of their ID-card number.
    pub async fn principal_from(&self, issuer: &ExternalIssuer, claims: &ClaimSet) -> Result<Principal> {
        let subject = claims
            .get("sub")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| Error::Unauthenticated("the token has no subject".into()))?;
        let area = match claims.get(&issuer.claims.area) {
            None | Some(Value::Null) => None,
            Some(Value::String(value)) => Some(self.area_of_claim(&issuer.claims.area, value).await?),
            Some(_) => {
                return Err(Error::Unauthenticated(format!(
                    "the token's claim {:?} is not an area code or id",
                    issuer.claims.area
                )));
            }
        };
        Ok(Principal {
            subject: format!("{}|{subject}", issuer.issuer),
            roles: issuer.roles_of(claims)?,
            area,
            person: self.person_of(issuer, subject, claims).await?,
            permissions: Vec::new(),
            client: None,
        })
    }

    async fn area_of_claim(&self, claim: &str, value: &str) -> Result<AreaGrant> {
        if let Ok(id) = Uuid::parse_str(value) {
            return Ok(AreaGrant { id, path: self.area_path(id).await? });
        }
        if let Some(area) = self.area_codes.read().expect("area code cache").get(value) {
            return Ok(area.clone());
        }
        let area =
            self.directory.area_by_code(value).await?.ok_or_else(|| {
                Error::Unauthenticated(format!("the token's claim {claim:?} names no area"))
            })?;
        self.area_codes.write().expect("area code cache").insert(value.to_owned(), area.clone());
        Ok(area)
    }

    async fn person_of(
        &self,
        issuer: &ExternalIssuer,
        subject: &str,
        claims: &ClaimSet,
    ) -> Result<Option<Uuid>> {
        if let Some(person) = self.directory.linked_person(&issuer.issuer, subject).await? {
            return Ok(Some(person));
        }
        let Some(claim) = &issuer.claims.id_card_hash else {
            return Ok(None);
        };
        let Some(value) = claims.get(claim).and_then(Value::as_str) else {
            return Ok(None);
        };
        let hash =
            base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(value).ok().filter(|h| h.len() == 32);
        let hash = hash.ok_or_else(|| {
            Error::Unauthenticated(format!(
                "the token's claim {claim:?} is not a keyed hash (base64url of 32 bytes)"
            ))
        })?;
        let person = self.directory.person_by_id_card_hash(&hash).await?;
        if let Some(person) = person {
            self.directory.link_person(&issuer.issuer, subject, person).await?;
        }
        Ok(person)
    }

    async fn area_path(&self, id: Uuid) -> Result<String> {
        if let Some(path) = self.area_paths.read().expect("area path cache").get(&id) {
            return Ok(path.clone());
        }
        let path = self
            .directory
            .area_path(id)
            .await?
            .ok_or_else(|| Error::Unauthenticated("the token's area does not exist".into()))?;
        self.area_paths.write().expect("area path cache").insert(id, path.clone());
        Ok(path)
    }
}

/// The session token in a `Cookie` header, if there is one.
fn session_cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(|c| c.ok())
        .find(|c| c.name() == SESSION_COOKIE)
        .map(|c| c.value_raw().unwrap_or_default())
        .filter(|v| !v.is_empty())
}

/// The token of `Authorization: Bearer <token>` (RFC 6750 §2.1; the scheme is
/// case-insensitive). A header that is anything else is refused, never read
/// as no header: a client that sent credentials must learn they were not
/// accepted, not be served quietly as anonymous.
fn bearer_token(value: &HeaderValue) -> Result<&str> {
    // Visible ASCII only: tokens are base64url, and bytes beyond ASCII
    // (obs-text on the wire) are never part of one.
    let value = value
        .to_str()
        .map_err(|_| Error::Unauthenticated("the Authorization header is not visible ASCII".into()))?;
    let expected = || Error::Unauthenticated("expected an Authorization: Bearer token".into());
    let (scheme, token) = value.split_once(' ').ok_or_else(expected)?;
    let token = token.trim_matches(' ');
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() || token.contains([' ', '\t']) {
        return Err(expected());
    }
    Ok(token)
}
