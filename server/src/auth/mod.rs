//! Authentication (bearer JWTs from trusted issuers) and the `Principal`
//! every resolver and store call is given.

pub mod keys;
pub mod principal;
pub mod rate;
pub mod token;

use std::collections::HashMap;
use std::sync::RwLock;

use axum::http::{HeaderMap, HeaderValue, header};
use futures::future::BoxFuture;
use uuid::Uuid;

pub use keys::{DataKey, SigningKeys};
pub use principal::{Action, ApiScope, AreaGrant, ClientGrant, Permission, Principal, Purpose, Role};
pub use rate::RateLimits;
pub use token::{Claims, TokenVerifier, TrustedIssuer};

use crate::error::{Error, Result};

/// The path of the area with this id, if there is one. The area tree belongs
/// to a domain above this layer: the application passes the lookup in.
pub type AreaPathLookup = Box<dyn Fn(Uuid) -> BoxFuture<'static, Result<Option<String>>> + Send + Sync>;

/// Turns an `Authorization` header into a [`Principal`].
pub struct Authenticator {
    verifier: TokenVerifier,
    /// The built-in issuer: the only one whose tokens may carry a partner
    /// client's grant.
    own_issuer: String,
    lookup: AreaPathLookup,
    /// Area id → path. Areas never move, so a path once read stays true.
    area_paths: RwLock<HashMap<Uuid, String>>,
}

impl Authenticator {
    pub fn new(verifier: TokenVerifier, own_issuer: &str, lookup: AreaPathLookup) -> Authenticator {
        Authenticator {
            verifier,
            own_issuer: own_issuer.to_owned(),
            lookup,
            area_paths: RwLock::new(HashMap::new()),
        }
    }

    /// The caller of a request with these headers: anonymous without an
    /// `Authorization` header, else the subject of its bearer token.
    pub async fn authenticate(&self, headers: &HeaderMap) -> Result<Principal> {
        let mut values = headers.get_all(header::AUTHORIZATION).iter();
        let Some(value) = values.next() else {
            return Ok(Principal::anonymous());
        };
        if values.next().is_some() {
            return Err(Error::Unauthenticated("more than one Authorization header".into()));
        }
        let token = bearer_token(value)?;
        let claims = self.verifier.verify(token)?;
        if claims.client.is_some() && claims.iss != self.own_issuer {
            return Err(Error::Unauthenticated("invalid token: only Gongzhi issues client grants".into()));
        }
        let area = match claims.area {
            Some(id) => Some(AreaGrant { id, path: self.area_path(id).await? }),
            None => None,
        };
        Ok(Principal {
            subject: claims.sub,
            roles: claims.roles,
            area,
            person: claims.person,
            permissions: claims.permissions,
            client: claims.client,
        })
    }

    async fn area_path(&self, id: Uuid) -> Result<String> {
        if let Some(path) = self.area_paths.read().expect("area path cache").get(&id) {
            return Ok(path.clone());
        }
        let path = (self.lookup)(id)
            .await?
            .ok_or_else(|| Error::Unauthenticated("the token's area does not exist".into()))?;
        self.area_paths.write().expect("area path cache").insert(id, path.clone());
        Ok(path)
    }
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
