//! Configuration: every option is a CLI flag and an environment variable.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;

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
    /// Load the article-scale demo data into an empty database.
    #[arg(long, env = "GONGZHI_DEMO")]
    pub demo: bool,
    /// Log JSON lines instead of text.
    #[arg(long, env = "GONGZHI_LOG_JSON")]
    pub log_json: bool,
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
        }
    }
}

/// Who may introspect the schema.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Introspection {
    /// Nobody.
    Off,
    /// Signed-in callers (GraphiQL works once it sends a token).
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

/// Everything `Application::build` needs.
#[derive(Clone, Debug)]
pub struct Config {
    pub database: DatabaseArgs,
    pub keys: KeyArgs,
    pub bind: SocketAddr,
    pub demo: bool,
    pub limits: Limits,
}

impl Config {
    /// A configuration for tests and benchmarks: port 0, keys in `data_dir`.
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
            limits: Limits::default(),
        }
    }
}
