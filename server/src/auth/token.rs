//! Bearer tokens: minted by the built-in issuer, verified against every
//! trusted issuer's JWKS (signature, expiry, issuer, audience).

use std::num::NonZeroUsize;
use std::sync::Mutex;

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey, Header, Validation};
use lru::LruCache;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::keys::SigningKeys;
use super::principal::{ClientGrant, Permission, Role};
use crate::error::{Error, Result};

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    pub sub: String,
    pub iat: i64,
    pub exp: i64,
    #[serde(default)]
    pub roles: Vec<Role>,
    /// The area the roles apply in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<Uuid>,
    /// The caller's own person record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub permissions: Vec<Permission>,
    /// A partner client's grant (client-credentials tokens of the built-in
    /// issuer only; any other issuer's is refused).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<ClientGrant>,
}

/// An issuer whose tokens are accepted, with the keys it signs with.
pub struct TrustedIssuer {
    pub issuer: String,
    pub audience: String,
    pub keys: Vec<(Option<String>, Algorithm, DecodingKey)>,
}

impl TrustedIssuer {
    pub fn from_jwks(issuer: &str, audience: &str, jwks: &JwkSet) -> Result<TrustedIssuer> {
        let mut keys = Vec::new();
        for jwk in &jwks.keys {
            // A key without `alg` is used with its family's usual one.
            let alg =
                jwk.common.key_algorithm.and_then(|a| a.to_string().parse::<Algorithm>().ok()).unwrap_or(
                    match &jwk.algorithm {
                        AlgorithmParameters::RSA(_) => Algorithm::RS256,
                        AlgorithmParameters::EllipticCurve(p) if p.curve == EllipticCurve::P384 => {
                            Algorithm::ES384
                        }
                        AlgorithmParameters::EllipticCurve(_) => Algorithm::ES256,
                        _ => Algorithm::EdDSA,
                    },
                );
            keys.push((jwk.common.key_id.clone(), alg, DecodingKey::from_jwk(jwk).map_err(Error::internal)?));
        }
        Ok(TrustedIssuer { issuer: issuer.to_owned(), audience: audience.to_owned(), keys })
    }
}

/// Checks tokens, and remembers the ones it accepted until they expire.
pub struct TokenVerifier {
    issuers: Vec<TrustedIssuer>,
    /// Seconds a token is still accepted after its `exp`.
    leeway: u64,
    verified: VerifiedTokens,
}

impl TokenVerifier {
    /// A verifier with 30 seconds of leeway and no cache.
    pub fn new(issuers: Vec<TrustedIssuer>) -> TokenVerifier {
        TokenVerifier { issuers, leeway: 30, verified: VerifiedTokens::new(0) }
    }

    /// Accept a token until `seconds` after its `exp` (clock skew).
    pub fn with_leeway(self, seconds: u64) -> TokenVerifier {
        TokenVerifier { leeway: seconds, ..self }
    }

    /// Remember up to `capacity` accepted tokens (see [`VerifiedTokens`]).
    pub fn with_cache(self, capacity: usize) -> TokenVerifier {
        TokenVerifier { verified: VerifiedTokens::new(capacity), ..self }
    }

    /// The claims of a token that is signed by a trusted issuer's key, for
    /// this audience, and not expired: from the cache, or checked now.
    pub fn verify(&self, token: &str) -> Result<Claims> {
        let now = jsonwebtoken::get_current_timestamp();
        if let Some(claims) = self.verified.get(token, now) {
            return Ok(claims);
        }
        let claims = self.check(token)?;
        self.verified.put(token, &claims, now);
        Ok(claims)
    }

    /// Check the token against the issuer that holds its key id.
    fn check(&self, token: &str) -> Result<Claims> {
        let bad = |why: &str| Error::Unauthenticated(format!("invalid token: {why}"));
        let header = jsonwebtoken::decode_header(token).map_err(|_| bad("malformed"))?;
        for issuer in &self.issuers {
            for (kid, alg, key) in &issuer.keys {
                if kid.is_some() && kid != &header.kid || *alg != header.alg {
                    continue;
                }
                let mut validation = Validation::new(*alg);
                validation.set_issuer(&[&issuer.issuer]);
                validation.set_audience(&[&issuer.audience]);
                validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
                validation.leeway = self.leeway;
                return match jsonwebtoken::decode::<Claims>(token, key, &validation) {
                    Ok(data) => Ok(data.claims),
                    Err(e) => Err(bad(&match e.kind() {
                        jsonwebtoken::errors::ErrorKind::ExpiredSignature => "expired".to_owned(),
                        jsonwebtoken::errors::ErrorKind::InvalidIssuer => "wrong issuer".to_owned(),
                        jsonwebtoken::errors::ErrorKind::InvalidAudience => "wrong audience".to_owned(),
                        jsonwebtoken::errors::ErrorKind::InvalidSignature => "bad signature".to_owned(),
                        _ => "rejected".to_owned(),
                    })),
                };
            }
        }
        Err(bad("unknown signing key"))
    }
}

/// Tokens that passed [`TokenVerifier::verify`], each kept until its `exp`
/// and never past it (the leeway is for a clock that differs from the
/// issuer's, not for the cache): checking an Ed25519 signature costs more
/// than the rest of authenticating a request.
///
/// Keyed by the whole token, so a token that differs from a remembered one
/// by any byte (a forged signature, edited claims) is a miss and is checked
/// like any other; a refused token is never remembered. Bounded: an LRU of
/// `capacity` tokens from the `lru` crate behind a mutex (0: nothing kept),
/// so a flood of distinct tokens only evicts; an expired token found on
/// lookup is dropped.
///
/// The trade-off: a token stays accepted until its `exp` however its issuer
/// comes to see it. Gongzhi has no revocation (a token is valid until it
/// expires, whether cached or not) and loads the trusted keys once at start;
/// revocation, or keys that rotate while the server runs, would have to
/// clear this cache.
pub struct VerifiedTokens {
    cache: Option<Mutex<LruCache<String, Claims>>>,
}

impl VerifiedTokens {
    pub fn new(capacity: usize) -> VerifiedTokens {
        VerifiedTokens { cache: NonZeroUsize::new(capacity).map(|n| Mutex::new(LruCache::new(n))) }
    }

    /// The claims of `token` if it was verified and its `exp` is after `now`
    /// (seconds since the epoch).
    pub fn get(&self, token: &str, now: u64) -> Option<Claims> {
        let mut cache = self.cache.as_ref()?.lock().expect("token cache");
        let claims = cache.get(token)?;
        if unexpired(claims, now) {
            return Some(claims.clone());
        }
        cache.pop(token);
        None
    }

    /// Remember a verified token, unless it expires by `now`.
    pub fn put(&self, token: &str, claims: &Claims, now: u64) {
        if let Some(cache) = &self.cache
            && unexpired(claims, now)
        {
            cache.lock().expect("token cache").put(token.to_owned(), claims.clone());
        }
    }
}

fn unexpired(claims: &Claims, now: u64) -> bool {
    u64::try_from(claims.exp).is_ok_and(|exp| now < exp)
}

/// Mint a token with the built-in issuer's key.
pub fn mint(keys: &SigningKeys, claims: &Claims) -> Result<String> {
    let mut header = Header::new(Algorithm::EdDSA);
    header.kid = Some(keys.kid.clone());
    jsonwebtoken::encode(&header, claims, &keys.encoding).map_err(Error::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: i64) -> Claims {
        Claims {
            iss: "gongzhi".into(),
            aud: "gongzhi-api".into(),
            sub: "s".into(),
            iat: 0,
            exp,
            roles: vec![],
            area: None,
            person: None,
            permissions: vec![],
            client: None,
        }
    }

    #[test]
    fn a_token_is_kept_until_its_exp_and_never_past_it() {
        let tokens = VerifiedTokens::new(10);
        tokens.put("a.b.c", &claims(100), 50);
        assert_eq!(tokens.get("a.b.c", 99), Some(claims(100)));
        assert_eq!(tokens.get("a.b.c", 100), None, "expired at its exp");
        assert_eq!(tokens.get("a.b.c", 99), None, "and dropped");
        tokens.put("d.e.f", &claims(100), 100);
        assert_eq!(tokens.get("d.e.f", 1), None, "an expired token is not kept");
    }

    #[test]
    fn only_the_same_whole_token_hits_and_the_cache_is_bounded() {
        let tokens = VerifiedTokens::new(2);
        tokens.put("a.b.c", &claims(100), 0);
        assert_eq!(tokens.get("a.b.C", 1), None);
        assert_eq!(tokens.get("a.b.", 1), None);
        assert_eq!(tokens.get("a.b.cd", 1), None);
        tokens.put("x", &claims(100), 0);
        tokens.put("y", &claims(100), 0);
        assert_eq!(tokens.get("a.b.c", 1), None, "the least recently used went");
        assert!(tokens.get("y", 1).is_some());
        let none = VerifiedTokens::new(0);
        none.put("a.b.c", &claims(100), 0);
        assert_eq!(none.get("a.b.c", 1), None);
    }
}
