//! Bearer tokens: minted by the built-in issuer, verified against every
//! trusted issuer's JWKS (signature, expiry, issuer, audience).

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::keys::SigningKeys;
use super::principal::{Permission, Role};
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
            let alg = jwk
                .common
                .key_algorithm
                .and_then(|a| a.to_string().parse::<Algorithm>().ok())
                .unwrap_or(Algorithm::EdDSA);
            keys.push((jwk.common.key_id.clone(), alg, DecodingKey::from_jwk(jwk).map_err(Error::internal)?));
        }
        Ok(TrustedIssuer { issuer: issuer.to_owned(), audience: audience.to_owned(), keys })
    }
}

pub struct TokenVerifier {
    issuers: Vec<TrustedIssuer>,
}

impl TokenVerifier {
    pub fn new(issuers: Vec<TrustedIssuer>) -> TokenVerifier {
        TokenVerifier { issuers }
    }

    /// Check the token against the issuer that holds its key id.
    pub fn verify(&self, token: &str) -> Result<Claims> {
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
                validation.leeway = 30;
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

/// Mint a token with the built-in issuer's key.
pub fn mint(keys: &SigningKeys, claims: &Claims) -> Result<String> {
    let mut header = Header::new(Algorithm::EdDSA);
    header.kid = Some(keys.kid.clone());
    jsonwebtoken::encode(&header, claims, &keys.encoding).map_err(Error::internal)
}
