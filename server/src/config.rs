//! Configuration: every option is a CLI flag and an environment variable.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;
use serde::Deserialize;

use crate::error::{Error, Result};

#[derive(Args, Clone, Debug)]
pub struct DatabaseArgs {
    /// `sqlite:` (embedded default) or `postgres://` URL.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/gongzhi.db")]
    pub database_url: String,
    /// Milliseconds a statement waits for a database connection before the
    /// request fails as UNAVAILABLE (HTTP 503): while the database is down,
    /// requests fail after this long rather than hang.
    #[arg(long, env = "GONGZHI_DB_ACQUIRE_TIMEOUT_MS", default_value_t = 5_000)]
    pub acquire_timeout_ms: u64,
}

#[derive(Args, Clone, Debug)]
pub struct KeyArgs {
    /// Where generated keys live when none are configured.
    #[arg(long, env = "GONGZHI_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// PKCS#8 PEM file of the built-in issuer's Ed25519 key (default: DATA_DIR/signing-key.pem, created if missing).
    #[arg(long, env = "GONGZHI_SIGNING_KEY_FILE")]
    pub signing_key_file: Option<PathBuf>,
    /// Base64 of the 32-byte key that encrypts personal data (default: DATA_DIR/data-key, created if missing).
    #[arg(long, env = "GONGZHI_DATA_KEY", hide_env_values = true)]
    pub data_key: Option<String>,
    /// `iss` of the built-in issuer's tokens.
    #[arg(long, env = "GONGZHI_ISSUER", default_value = "gongzhi")]
    pub issuer: String,
    /// `aud` every accepted token must carry.
    #[arg(long, env = "GONGZHI_AUDIENCE", default_value = "gongzhi-api")]
    pub audience: String,
    /// Seconds a token is still accepted after its `exp`, for clocks that differ.
    #[arg(long, env = "GONGZHI_TOKEN_LEEWAY", default_value_t = 30)]
    pub token_leeway_seconds: u64,
}

#[derive(Args, Clone, Debug)]
pub struct ServeArgs {
    #[arg(long, env = "GONGZHI_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Load the article-scale demo data into an empty database (and serve GraphiQL).
    #[arg(long, env = "GONGZHI_DEMO")]
    pub demo: bool,
    /// Serve GraphiQL at `/` (on with `--demo`).
    #[arg(long, env = "GONGZHI_GRAPHIQL")]
    pub graphiql: bool,
    /// Log JSON lines instead of text.
    #[arg(long, env = "GONGZHI_LOG_JSON")]
    pub log_json: bool,
    /// The configuration file (trusted identity providers), TOML (default: `gongzhi.toml` when it exists).
    #[arg(long = "config", env = "GONGZHI_CONFIG")]
    pub config_file: Option<PathBuf>,
    #[command(flatten)]
    pub limits: Limits,
}

/// Limits on what one GraphQL request may ask for.
#[derive(Args, Clone, Debug)]
pub struct Limits {
    /// Deepest selection nesting allowed.
    #[arg(long, env = "GONGZHI_MAX_DEPTH", default_value_t = 15)]
    pub max_depth: usize,
    /// Highest complexity score allowed (each field counts 1, lists multiply by their page size).
    #[arg(long, env = "GONGZHI_MAX_COMPLEXITY", default_value_t = 250_000)]
    pub max_complexity: usize,
    /// Most aliases in one document.
    #[arg(long, env = "GONGZHI_MAX_ALIASES", default_value_t = 30)]
    pub max_aliases: usize,
    /// Largest request body in bytes.
    #[arg(long, env = "GONGZHI_MAX_BODY", default_value_t = 256 * 1024)]
    pub max_body_bytes: usize,
    /// Answer an unknown field or argument with "Did you mean …?" (it tells
    /// the caller names of the schema).
    #[arg(long, env = "GONGZHI_GRAPHQL_SUGGESTIONS")]
    pub graphql_suggestions: bool,
    /// Who may read the schema through introspection (`__schema`, `__type`).
    /// `gongzhi schema` prints it whatever this says.
    #[arg(long, env = "GONGZHI_INTROSPECTION", value_enum, default_value_t = Introspection::Authenticated)]
    pub introspection: Introspection,
    /// How many parsed and validated documents to keep, by their text (0: none).
    #[arg(long, env = "GONGZHI_DOCUMENT_CACHE", default_value_t = 1_000)]
    pub document_cache_size: usize,
    /// The longest document (in bytes) the document cache keeps; longer ones are parsed every time.
    #[arg(long, env = "GONGZHI_MAX_CACHED_DOCUMENT", default_value_t = 16 * 1024)]
    pub max_cached_document_bytes: usize,
    /// How many verified tokens to keep, each until its `exp` (0: verify every request).
    #[arg(long, env = "GONGZHI_TOKEN_CACHE", default_value_t = 10_000)]
    pub token_cache_size: usize,
    /// Requests a minute of one signed-in user (a burst of as many); partner clients have their own.
    #[arg(long, env = "GONGZHI_RATE_USER_PER_MINUTE", default_value_t = 6_000)]
    pub rate_user_per_minute: u32,
    /// Requests a minute of anonymous callers from one IP address (a burst of as many).
    #[arg(long, env = "GONGZHI_RATE_ANONYMOUS_PER_MINUTE", default_value_t = 1_200)]
    pub rate_anonymous_per_minute: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 15,
            max_complexity: 250_000,
            max_aliases: 30,
            max_body_bytes: 256 * 1024,
            graphql_suggestions: false,
            introspection: Introspection::Authenticated,
            document_cache_size: 1_000,
            max_cached_document_bytes: 16 * 1024,
            token_cache_size: 10_000,
            rate_user_per_minute: 6_000,
            rate_anonymous_per_minute: 1_200,
        }
    }
}

/// Who may introspect the schema.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Introspection {
    /// Nobody.
    Off,
    /// Signed-in users (GraphiQL works once it sends a token); not partner clients.
    Authenticated,
    /// Anyone, signed in or not.
    Everyone,
}

impl Introspection {
    /// Whether a caller, signed in or anonymous, may introspect.
    pub fn allows(self, signed_in: bool) -> bool {
        match self {
            Introspection::Off => false,
            Introspection::Authenticated => signed_in,
            Introspection::Everyone => true,
        }
    }
}

/// What the configuration file says: the identity providers whose users
/// Gongzhi accepts, besides its built-in issuer.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// Where browsers reach this server (for the console login's redirect
    /// URI); default `http://` and the address it listens on.
    pub public_url: Option<String>,
    /// `[[issuer]]` tables.
    #[serde(default, rename = "issuer")]
    pub issuers: Vec<IssuerConfig>,
}

/// One trusted OpenID provider.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssuerConfig {
    /// `https://idp.example/.well-known/openid-configuration`
    pub discovery_url: String,
    /// The `aud` its access tokens carry for Gongzhi.
    pub audience: String,
    /// Gongzhi's client at the provider: for the console login and for introspection.
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    /// Scopes the console login asks for (`openid` is always asked).
    #[serde(default)]
    pub scopes: Vec<String>,
    /// The resource indicator (RFC 8707) the console login asks an access token for.
    pub resource: Option<String>,
    /// At most one JWKS refresh on an unknown `kid` in this many seconds.
    #[serde(default = "default_jwks_refresh_seconds")]
    pub jwks_refresh_seconds: u64,
    /// How long an introspection answer is reused (never past the token's `exp`).
    #[serde(default = "default_introspection_cache_seconds")]
    pub introspection_cache_seconds: u64,
    #[serde(default)]
    pub claims: ClaimNames,
    /// The provider's role names → Gongzhi roles (`street_admin = "STREET_ADMIN"`);
    /// names not listed give no role.
    #[serde(default)]
    pub roles: std::collections::BTreeMap<String, String>,
}

fn default_jwks_refresh_seconds() -> u64 {
    60
}

fn default_introspection_cache_seconds() -> u64 {
    30
}

/// Which claims hold what.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ClaimNames {
    /// A string or a list of the provider's role names.
    pub roles: String,
    /// The area the roles apply in: its full code (`340405001`: the codes
    /// down its path) or its id.
    pub area: String,
    /// The keyed hash of the person's ID-card number (base64url of
    /// HMAC-SHA256 under the lookup key derived from the data key). A plain
    /// ID-card number is never read from a claim.
    pub id_card_hash: Option<String>,
}

impl Default for ClaimNames {
    fn default() -> Self {
        ClaimNames { roles: "roles".into(), area: "area".into(), id_card_hash: None }
    }
}

impl FileConfig {
    /// The file named by `--config`, else `gongzhi.toml` when it exists, else nothing.
    pub fn load(path: Option<&std::path::Path>) -> Result<FileConfig> {
        let default = std::path::Path::new("gongzhi.toml");
        let path = match path {
            Some(path) => path,
            None if default.exists() => default,
            None => return Ok(FileConfig::default()),
        };
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::internal(anyhow::anyhow!("{}: {e}", path.display())))?;
        FileConfig::parse(&text).map_err(|e| Error::internal(anyhow::anyhow!("{}: {e}", path.display())))
    }

    pub fn parse(text: &str) -> std::result::Result<FileConfig, toml::de::Error> {
        toml::from_str(text)
    }
}

/// Everything `Application::build` needs.
#[derive(Clone, Debug)]
pub struct Config {
    pub database: DatabaseArgs,
    pub keys: KeyArgs,
    pub bind: SocketAddr,
    pub demo: bool,
    /// Serve GraphiQL at `/`.
    pub graphiql: bool,
    pub limits: Limits,
    pub file: FileConfig,
}

impl Config {
    /// A configuration for tests and benchmarks: port 0, keys in `data_dir`,
    /// and user and anonymous rate limits no test or benchmark reaches
    /// (partner clients keep their own).
    pub fn for_tests(database_url: &str, data_dir: PathBuf) -> Config {
        Config {
            database: DatabaseArgs { database_url: database_url.to_owned(), acquire_timeout_ms: 5_000 },
            keys: KeyArgs {
                data_dir,
                signing_key_file: None,
                data_key: None,
                issuer: "gongzhi".into(),
                audience: "gongzhi-api".into(),
                token_leeway_seconds: 30,
            },
            bind: "127.0.0.1:0".parse().expect("a valid address"),
            demo: false,
            graphiql: false,
            limits: Limits {
                rate_user_per_minute: 10_000_000,
                rate_anonymous_per_minute: 10_000_000,
                ..Limits::default()
            },
            file: FileConfig::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuers_are_read_with_their_claims_and_roles() {
        let file = FileConfig::parse(
            r#"
            [[issuer]]
            discovery_url = "https://idp.example/.well-known/openid-configuration"
            audience = "gongzhi-api"
            claims = { roles = "groups", id_card_hash = "idh" }
            roles = { street_admin = "STREET_ADMIN" }
            "#,
        )
        .unwrap();
        let issuer = &file.issuers[0];
        assert_eq!(issuer.claims.roles, "groups");
        assert_eq!(issuer.claims.area, "area");
        assert_eq!(issuer.claims.id_card_hash.as_deref(), Some("idh"));
        assert_eq!(issuer.roles["street_admin"], "STREET_ADMIN");
        assert_eq!(issuer.jwks_refresh_seconds, 60);
        let err = FileConfig::parse("[[issuer]]\naudience = \"a\"\n").unwrap_err();
        assert!(err.to_string().contains("discovery_url"), "{err}");
    }
}
