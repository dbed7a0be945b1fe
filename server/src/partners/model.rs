//! Partner clients and their secrets, and the rules of both.

use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use uuid::Uuid;

use crate::auth::{ApiScope, ClientGrant, Purpose};
use crate::db::Timestamp;
use crate::error::{Error, Result};
use crate::ids::PartnerClientId;

/// A partner client as stored.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct PartnerClient {
    pub id: PartnerClientId,
    pub name: String,
    pub unit_id: Option<Uuid>,
    pub area_id: Uuid,
    pub area_path: String,
    /// Space-separated, as a token writes them (`people:read services:book`).
    pub scopes: String,
    /// Comma-separated `Purpose` names.
    pub purposes: String,
    pub rate_per_minute: i32,
    pub trusted_documents_only: bool,
    /// One URL a line.
    pub webhook_urls: String,
    pub created_by: String,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
}

impl PartnerClient {
    pub fn scope_list(&self) -> Vec<ApiScope> {
        self.scopes.split(' ').filter_map(ApiScope::parse).collect()
    }

    pub fn webhook_url_list(&self) -> Vec<String> {
        self.webhook_urls.lines().map(str::to_owned).collect()
    }

    pub fn purpose_list(&self) -> Vec<Purpose> {
        self.purposes.split(',').filter_map(Purpose::parse).collect()
    }

    /// What a token of this client grants, for `scopes` of its own.
    pub fn grant(&self, scopes: Vec<ApiScope>) -> ClientGrant {
        ClientGrant {
            id: self.id.0,
            scopes,
            purposes: self.purpose_list(),
            rate_per_minute: u32::try_from(self.rate_per_minute).unwrap_or(1),
            trusted_documents_only: self.trusted_documents_only,
        }
    }
}

/// One of a client's secrets, as its argon2 hash.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct PartnerSecret {
    pub id: Uuid,
    pub client_id: PartnerClientId,
    pub hash: String,
    pub created_at: Timestamp,
    /// When a rotated secret stops working; `None` until it is rotated.
    pub expires_at: Option<Timestamp>,
}

impl PartnerSecret {
    pub fn works_at(&self, now: Timestamp) -> bool {
        self.expires_at.is_none_or(|e| now < e)
    }

    /// Whether `secret` is this one (argon2 verification, in constant time).
    pub fn matches(&self, secret: &str) -> bool {
        PasswordHash::new(&self.hash)
            .is_ok_and(|h| Argon2::default().verify_password(secret.as_bytes(), &h).is_ok())
    }
}

/// A trusted document registered for a client (`graphql/trusted.rs`).
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct ClientDocument {
    /// `None` for a document registered for no client (any user may name it).
    pub client_id: Option<PartnerClientId>,
    /// `sha256:<64 hex>` of `body`.
    pub id: String,
    pub body: String,
    /// Comma-separated names of its operations; empty for one anonymous operation.
    pub operation_names: String,
    pub added_by: String,
    pub added_at: Timestamp,
}

impl ClientDocument {
    pub fn operation_name_list(&self) -> Vec<String> {
        self.operation_names.split(',').filter(|n| !n.is_empty()).map(str::to_owned).collect()
    }
}

/// Most documents registered in one call.
pub const MAX_DOCUMENTS_PER_CALL: usize = 100;
/// Most webhook endpoints of a client.
pub const MAX_WEBHOOKS: usize = 5;
/// The longest webhook URL.
pub const MAX_WEBHOOK_URL_CHARS: usize = 500;

/// A webhook endpoint, checked: an absolute `https` URL without
/// credentials (`http` only to this machine, for a partner's test rig).
pub fn check_webhook_url(text: &str) -> std::result::Result<String, String> {
    let text = text.trim();
    if text.chars().count() > MAX_WEBHOOK_URL_CHARS {
        return Err(format!("at most {MAX_WEBHOOK_URL_CHARS} characters"));
    }
    let url = oauth2::url::Url::parse(text).map_err(|e| format!("not an absolute URL: {e}"))?;
    let local = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    match url.scheme() {
        "https" => {}
        "http" if local => {}
        _ => return Err("an https URL (http only to localhost)".to_owned()),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("no credentials in the URL: webhooks will be signed".to_owned());
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("a URL with a host".to_owned());
    }
    Ok(url.to_string())
}

/// The longest document that may be registered, in bytes.
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024;
/// Most documents a client holds.
pub const MAX_DOCUMENTS_PER_CLIENT: i64 = 1_000;

/// The prefix of every client secret, so a leaked one is recognisable.
pub const SECRET_PREFIX: &str = "gzs_";

/// A new secret and its argon2 hash (Argon2id, a random salt, the crate's
/// default cost): the secret is shown once and never stored.
pub fn new_secret() -> Result<(String, String)> {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let secret = format!("{SECRET_PREFIX}{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes));
    let salt = SaltString::generate(&mut OsRng);
    let hash = Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map_err(|e| Error::internal(anyhow::anyhow!("hashing a secret: {e}")))?
        .to_string();
    Ok((secret, hash))
}

/// The longest name of a client.
pub const MAX_NAME_CHARS: usize = 100;
/// The rate limit a client gets unless one is given: requests a minute.
pub const DEFAULT_RATE_PER_MINUTE: i32 = 600;
/// The highest rate limit a client may be given.
pub const MAX_RATE_PER_MINUTE: i32 = 60_000;
/// How long a rotated secret keeps working unless told otherwise.
pub const DEFAULT_OVERLAP_MINUTES: i32 = 60;
/// The longest overlap of a rotation: a week.
pub const MAX_OVERLAP_MINUTES: i32 = 7 * 24 * 60;
/// How long a client-credentials token lives.
pub const TOKEN_SECONDS: i64 = 15 * 60;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhooks_are_https_urls_without_credentials() {
        assert_eq!(
            check_webhook_url(" https://clinic.example/hooks ").unwrap(),
            "https://clinic.example/hooks"
        );
        assert!(check_webhook_url("http://127.0.0.1:9000/h").is_ok());
        for bad in [
            "http://clinic.example/h",
            "ftp://x/",
            "clinic.example",
            "https://u:p@x.example/",
            "",
            "javascript:alert(1)",
        ] {
            assert!(check_webhook_url(bad).is_err(), "{bad}");
        }
        assert!(check_webhook_url(&format!("https://x.example/{}", "a".repeat(500))).is_err());
    }

    #[test]
    fn a_secret_matches_its_hash_only() {
        let (secret, hash) = new_secret().unwrap();
        assert!(secret.starts_with(SECRET_PREFIX) && secret.len() > 40);
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        let stored = PartnerSecret {
            id: Uuid::nil(),
            client_id: PartnerClientId(Uuid::nil()),
            hash,
            created_at: chrono::Utc::now(),
            expires_at: None,
        };
        assert!(stored.matches(&secret));
        assert!(!stored.matches(&format!("{secret}x")));
        assert!(!stored.matches(""));
    }
}
