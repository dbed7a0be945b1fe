//! Trusted OpenID providers (the district's identity provider): discovery,
//! their signing keys (JWKS, cached, refreshed on an unknown `kid` at most
//! once per `jwks_refresh_seconds`), RFC 7662 introspection of opaque
//! tokens, and the console login's authorization-code flow with PKCE. The
//! last two go through the `oauth2` crate.
//!
//! What their claims mean for Gongzhi (roles, area, person) is read by
//! [`super::Authenticator`]; this file only checks tokens and returns claims.

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use lru::LruCache;
use oauth2::basic::{BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenType};
use oauth2::{
    AccessToken, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet,
    EndpointNotSet, ExtraTokenFields, IntrospectionUrl, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl,
    Scope, StandardRevocableToken, StandardTokenIntrospectionResponse, StandardTokenResponse,
    TokenIntrospectionResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::principal::Role;
use super::token::TrustedIssuer;
use crate::config::{ClaimNames, IssuerConfig};
use crate::error::{Error, Result};

/// A token's claims, as the provider wrote them.
pub type ClaimSet = Map<String, Value>;

/// The ID token in a token response (OpenID Connect Core §3.1.3.3).
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct IdTokenField {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id_token: Option<String>,
}
impl ExtraTokenFields for IdTokenField {}

/// Every member of an introspection answer beyond RFC 7662's own: the
/// provider's claims (roles, area...).
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct OtherClaims {
    #[serde(flatten)]
    claims: ClaimSet,
}
impl ExtraTokenFields for OtherClaims {}

type Introspection = StandardTokenIntrospectionResponse<OtherClaims, BasicTokenType>;

type OAuthClient = oauth2::Client<
    BasicErrorResponse,
    StandardTokenResponse<IdTokenField, BasicTokenType>,
    Introspection,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointMaybeSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointNotSet,
    EndpointMaybeSet,
>;

/// The part of the discovery document Gongzhi uses.
#[derive(Deserialize)]
struct Discovery {
    issuer: String,
    jwks_uri: String,
    authorization_endpoint: Option<String>,
    token_endpoint: Option<String>,
    introspection_endpoint: Option<String>,
}

type Keys = Vec<(Option<String>, Algorithm, DecodingKey)>;

/// One trusted OpenID provider, as discovered at start.
pub struct ExternalIssuer {
    /// `iss` of its tokens, from its discovery document.
    pub issuer: String,
    pub audience: String,
    pub claims: ClaimNames,
    roles: HashMap<String, Role>,
    client_id: Option<String>,
    scopes: Vec<String>,
    resource: Option<String>,
    jwks_uri: String,
    keys: RwLock<Keys>,
    refresh: RateLimit,
    introspection_ttl: Duration,
    oauth: OAuthClient,
    http: reqwest::Client,
    leeway: u64,
}

impl ExternalIssuer {
    /// Fetch the discovery document and the keys of the provider `config` names.
    pub async fn discover(config: &IssuerConfig, leeway: u64) -> Result<ExternalIssuer> {
        let http = reqwest::Client::builder()
            // Following redirects would let a provider point Gongzhi anywhere (SSRF).
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(Error::internal)?;
        let at = |what: &str, e: &dyn std::fmt::Display| {
            Error::internal(anyhow::anyhow!("issuer {}: {what}: {e}", config.discovery_url))
        };
        let discovery: Discovery =
            get_json(&http, &config.discovery_url).await.map_err(|e| at("discovery", &format!("{e:?}")))?;
        let expected = format!("{}/.well-known/openid-configuration", discovery.issuer.trim_end_matches('/'));
        if expected != config.discovery_url {
            return Err(at("discovery", &format!("the document names issuer {}", discovery.issuer)));
        }
        let mut roles = HashMap::new();
        for (theirs, ours) in &config.roles {
            let role = serde_json::from_value::<Role>(Value::String(ours.clone()))
                .map_err(|_| at("roles", &format!("{ours:?} (for {theirs:?}) is not a Gongzhi role")))?;
            roles.insert(theirs.clone(), role);
        }
        // The endpoints that need Gongzhi's client are used only when it has one.
        let url_of = |url: &Option<String>| url.clone().filter(|_| config.client_id.is_some());
        let mut oauth = oauth2::Client::new(ClientId::new(config.client_id.clone().unwrap_or_default()))
            .set_auth_uri_option(
                url_of(&discovery.authorization_endpoint)
                    .map(AuthUrl::new)
                    .transpose()
                    .map_err(|e| at("authorization_endpoint", &e))?,
            )
            .set_token_uri_option(
                url_of(&discovery.token_endpoint)
                    .map(TokenUrl::new)
                    .transpose()
                    .map_err(|e| at("token_endpoint", &e))?,
            )
            .set_introspection_url_option(
                url_of(&discovery.introspection_endpoint)
                    .map(IntrospectionUrl::new)
                    .transpose()
                    .map_err(|e| at("introspection_endpoint", &e))?,
            );
        if let Some(secret) = &config.client_secret {
            oauth = oauth.set_client_secret(ClientSecret::new(secret.clone()));
        }
        let issuer = ExternalIssuer {
            issuer: discovery.issuer,
            audience: config.audience.clone(),
            claims: config.claims.clone(),
            roles,
            client_id: config.client_id.clone(),
            scopes: config.scopes.clone(),
            resource: config.resource.clone(),
            jwks_uri: discovery.jwks_uri,
            keys: RwLock::new(Vec::new()),
            refresh: RateLimit::new(Duration::from_secs(config.jwks_refresh_seconds)),
            introspection_ttl: Duration::from_secs(config.introspection_cache_seconds),
            oauth,
            http,
            leeway,
        };
        issuer.refresh.try_at(Instant::now());
        issuer.fetch_keys().await.map_err(|e| at("jwks", &format!("{e:?}")))?;
        Ok(issuer)
    }

    async fn fetch_keys(&self) -> Result<()> {
        let jwks: JwkSet = get_json(&self.http, &self.jwks_uri).await?;
        let keys = TrustedIssuer::from_jwks(&self.issuer, &self.audience, &jwks)?.keys;
        *self.keys.write().expect("issuer keys") = keys;
        Ok(())
    }

    fn key(&self, kid: Option<&str>, alg: Algorithm) -> Option<DecodingKey> {
        self.keys
            .read()
            .expect("issuer keys")
            .iter()
            .find(|(k, a, _)| *a == alg && (k.is_none() || k.as_deref() == kid))
            .map(|(_, _, key)| key.clone())
    }

    /// The claims of a JWT this provider signed for `audience` (its access
    /// tokens for Gongzhi, or an ID token for the console login's client,
    /// then with the login's `nonce`).
    pub async fn verify(&self, token: &str, audience: &str, nonce: Option<&str>) -> Result<ClaimSet> {
        let bad = |why: &str| Error::Unauthenticated(format!("invalid token: {why}"));
        let header = jsonwebtoken::decode_header(token).map_err(|_| bad("malformed"))?;
        if matches!(header.alg, Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512) {
            return Err(bad("a shared-secret signature is not accepted"));
        }
        let key = match self.key(header.kid.as_deref(), header.alg) {
            Some(key) => key,
            // The provider may have rotated its keys: look again, but not
            // more often than the rate limit lets a flood of made-up kids.
            None if self.refresh.try_at(Instant::now()) => {
                self.fetch_keys().await?;
                self.key(header.kid.as_deref(), header.alg).ok_or_else(|| bad("unknown signing key"))?
            }
            None => return Err(bad("unknown signing key")),
        };
        let mut validation = Validation::new(header.alg);
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = self.leeway;
        let claims = jsonwebtoken::decode::<ClaimSet>(token, &key, &validation)
            .map_err(|e| {
                bad(match e.kind() {
                    jsonwebtoken::errors::ErrorKind::ExpiredSignature => "expired",
                    jsonwebtoken::errors::ErrorKind::InvalidIssuer => "wrong issuer",
                    jsonwebtoken::errors::ErrorKind::InvalidAudience => "wrong audience",
                    jsonwebtoken::errors::ErrorKind::InvalidSignature => "bad signature",
                    _ => "rejected",
                })
            })?
            .claims;
        if let Some(nonce) = nonce
            && claims.get("nonce").and_then(Value::as_str) != Some(nonce)
        {
            return Err(bad("the nonce does not match the login's"));
        }
        Ok(claims)
    }

    /// Whether opaque tokens can be introspected here.
    pub fn introspects(&self) -> bool {
        self.oauth.introspection_url().is_some()
    }

    /// RFC 7662: the claims of an active token for Gongzhi's audience and
    /// how long they may be reused, or `None` when the provider does not
    /// know the token as active.
    pub async fn introspect(&self, token: &str) -> Result<Option<(ClaimSet, Instant)>> {
        let token = AccessToken::new(token.to_owned());
        let answer = self
            .oauth
            .introspect(&token)
            .map_err(Error::internal)?
            .request_async(&self.http)
            .await
            .map_err(|e| Error::internal(anyhow::anyhow!("introspection at {}: {e}", self.issuer)))?;
        if !answer.active() {
            return Ok(None);
        }
        if answer.iss().is_some_and(|iss| iss != self.issuer)
            || !answer.aud().is_some_and(|aud| aud.contains(&self.audience))
        {
            return Ok(None);
        }
        let now = chrono::Utc::now();
        let Some(exp) = answer.exp().filter(|exp| *exp > now) else {
            return Ok(None);
        };
        let left = (exp - now).to_std().unwrap_or_default();
        let mut claims = answer.extra_fields().claims.clone();
        let subject = answer.sub().map(str::to_owned).or_else(|| answer.client_id().map(|c| c.to_string()));
        let Some(subject) = subject else {
            return Ok(None);
        };
        claims.insert("sub".into(), Value::String(subject));
        Ok(Some((claims, Instant::now() + left.min(self.introspection_ttl))))
    }

    /// The Gongzhi roles of a roles claim (a name or a list of names);
    /// names the configuration does not map give none.
    pub fn roles_of(&self, claims: &ClaimSet) -> Result<Vec<Role>> {
        let names: Vec<&str> = match claims.get(&self.claims.roles) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::String(name)) => vec![name],
            Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
            Some(_) => {
                return Err(Error::Unauthenticated(format!(
                    "the token's claim {:?} is neither a role name nor a list of them",
                    self.claims.roles
                )));
            }
        };
        let mut roles: Vec<Role> = names.iter().filter_map(|n| self.roles.get(*n).copied()).collect();
        roles.sort_by_key(|r| *r as u8);
        roles.dedup();
        Ok(roles)
    }

    /// Whether Gongzhi's console logs in through this provider.
    pub fn has_login(&self) -> bool {
        self.client_id.is_some() && self.oauth.auth_uri().is_some() && self.oauth.token_uri().is_some()
    }

    /// Where to send the browser to log in, and what the callback must check.
    pub fn login_url(&self, redirect_uri: &str) -> Result<(String, PendingLogin)> {
        let redirect = RedirectUrl::new(redirect_uri.to_owned()).map_err(Error::internal)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let nonce = CsrfToken::new_random();
        let mut request = self
            .oauth
            .authorize_url(CsrfToken::new_random)
            .map_err(Error::internal)?
            .set_redirect_uri(std::borrow::Cow::Owned(redirect))
            .add_scope(Scope::new("openid".into()))
            .add_scopes(self.scopes.iter().filter(|s| *s != "openid").map(|s| Scope::new(s.clone())))
            .add_extra_param("nonce", nonce.secret().clone())
            .set_pkce_challenge(challenge);
        if let Some(resource) = &self.resource {
            request = request.add_extra_param("resource", resource.clone());
        }
        let (url, state) = request.url();
        let pending = PendingLogin {
            state: state.secret().clone(),
            verifier: verifier.secret().clone(),
            nonce: nonce.secret().clone(),
            redirect_uri: redirect_uri.to_owned(),
            started: Instant::now(),
        };
        Ok((url.to_string(), pending))
    }

    /// Trade the callback's code for tokens (with the PKCE verifier) and
    /// check the ID token: this provider's, for Gongzhi's client, with the
    /// login's nonce. Its claims.
    pub async fn finish_login(&self, code: &str, pending: PendingLogin) -> Result<ClaimSet> {
        let redirect = RedirectUrl::new(pending.redirect_uri).map_err(Error::internal)?;
        let tokens = self
            .oauth
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(Error::internal)?
            .set_redirect_uri(std::borrow::Cow::Owned(redirect))
            .set_pkce_verifier(PkceCodeVerifier::new(pending.verifier))
            .request_async(&self.http)
            .await
            .map_err(|e| Error::Unauthenticated(format!("the provider refused the login's code: {e}")))?;
        let id_token = tokens
            .extra_fields()
            .id_token
            .as_deref()
            .ok_or_else(|| Error::Unauthenticated("the provider's answer has no ID token".into()))?;
        let client_id = self.client_id.as_deref().unwrap_or_default();
        self.verify(id_token, client_id, Some(&pending.nonce)).await
    }
}

async fn get_json<T: serde::de::DeserializeOwned>(http: &reqwest::Client, url: &str) -> Result<T> {
    let response = http.get(url).send().await.map_err(Error::internal)?;
    let response = response.error_for_status().map_err(Error::internal)?;
    response.json().await.map_err(Error::internal)
}

/// The `iss` of a JWT, read without checking anything, to pick who checks it.
pub fn unverified_issuer(token: &str) -> Option<String> {
    use base64::Engine;
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).ok()?;
    #[derive(Deserialize)]
    struct Iss {
        iss: Option<String>,
    }
    serde_json::from_slice::<Iss>(&bytes).ok()?.iss
}

/// What the console login's callback checks, kept from `/auth/login`.
#[derive(Clone, Debug)]
pub struct PendingLogin {
    pub state: String,
    verifier: String,
    nonce: String,
    redirect_uri: String,
    started: Instant,
}

/// Logins under way, by their `state`: each is taken once, and only for
/// [`PendingLogins::TTL`]. Bounded, so a flood of started logins only evicts.
pub struct PendingLogins {
    logins: Mutex<LruCache<String, PendingLogin>>,
}

impl PendingLogins {
    pub const TTL: Duration = Duration::from_secs(600);

    pub fn new(capacity: NonZeroUsize) -> PendingLogins {
        PendingLogins { logins: Mutex::new(LruCache::new(capacity)) }
    }

    pub fn put(&self, login: PendingLogin) {
        self.logins.lock().expect("pending logins").put(login.state.clone(), login);
    }

    pub fn take(&self, state: &str) -> Option<PendingLogin> {
        let login = self.logins.lock().expect("pending logins").pop(state)?;
        (login.started.elapsed() < Self::TTL).then_some(login)
    }
}

/// Lets something happen at most once per period.
struct RateLimit {
    every: Duration,
    last: Mutex<Option<Instant>>,
}

impl RateLimit {
    fn new(every: Duration) -> RateLimit {
        RateLimit { every, last: Mutex::new(None) }
    }

    /// Whether it may happen at `now`; if so, the period starts again.
    fn try_at(&self, now: Instant) -> bool {
        let mut last = self.last.lock().expect("rate limit");
        match *last {
            Some(at) if now.saturating_duration_since(at) < self.every => false,
            _ => {
                *last = Some(now);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_kids_refresh_the_keys_at_most_once_a_period() {
        let limit = RateLimit::new(Duration::from_secs(60));
        let start = Instant::now();
        assert!(limit.try_at(start));
        assert!(!limit.try_at(start + Duration::from_secs(1)));
        assert!(!limit.try_at(start + Duration::from_secs(59)));
        assert!(limit.try_at(start + Duration::from_secs(60)));
        assert!(!limit.try_at(start + Duration::from_secs(61)));
    }

    #[test]
    fn the_issuer_is_read_from_the_payload() {
        let token = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwOi8vaWRwIn0.c2ln";
        assert_eq!(unverified_issuer(token).as_deref(), Some("http://idp"));
        assert_eq!(unverified_issuer("opaque-token"), None);
    }
}
