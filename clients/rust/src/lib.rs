//! `gongzhi-client`: the Rust SDK for a partner unit's system (a clinic,
//! a police station, a property company) calling Gongzhi.
//!
//! - **Tokens**: OAuth2 client credentials at `/oauth/token` through the
//!   `oauth2` crate, cached, and fetched again a minute before they expire
//!   or when the server answers UNAUTHENTICATED.
//! - **Typed operations**: [`operations`], generated from `schema.graphql`
//!   by `graphql_client`; [`Client::run`] takes any of them.
//! - **Trusted documents**: with [`Config::trusted_documents`] the SDK sends
//!   `documentId` (the SHA-256 of the operation's document) instead of the
//!   text, as a trusted-documents-only client must.
//! - **Retries**: RATE_LIMITED (429) and UNAVAILABLE (503) are retried after
//!   the server's `Retry-After`, with a growing wait when it gives none, at
//!   most [`Config::max_retries`] times. A mutation is retried with the same
//!   variables, so with the same idempotency key ([`idempotency_key`]): the
//!   server answers a retried booking with the first one.
//! - **Pages**: [`all_pages`] walks a Relay connection.

use std::future::Future;
use std::time::{Duration, Instant};

use graphql_client::GraphQLQuery;
use oauth2::basic::BasicClient;
use oauth2::{AuthUrl, ClientId, ClientSecret, Scope, TokenResponse, TokenUrl};
use serde_json::Value;
use sha2::{Digest, Sha256};

pub mod operations;

/// Where the server is and who the client is.
#[derive(Clone, Debug)]
pub struct Config {
    /// The server's base URL, e.g. `https://gongzhi.district.example`.
    pub url: String,
    pub client_id: String,
    pub client_secret: String,
    /// Scopes to ask for (`people:read services:book`); empty: all of the client's.
    pub scopes: Vec<String>,
    /// Send each operation's `documentId` instead of its text.
    pub trusted_documents: bool,
    /// Retries of a RATE_LIMITED or UNAVAILABLE answer.
    pub max_retries: u32,
    /// The longest wait between two tries, whatever `Retry-After` says.
    pub max_wait: Duration,
}

impl Config {
    pub fn new(url: &str, client_id: &str, client_secret: &str) -> Config {
        Config {
            url: url.trim_end_matches('/').to_owned(),
            client_id: client_id.to_owned(),
            client_secret: client_secret.to_owned(),
            scopes: Vec::new(),
            trusted_documents: false,
            max_retries: 3,
            max_wait: Duration::from_secs(30),
        }
    }
}

/// Why a call failed.
#[derive(Debug)]
pub enum Error {
    /// The token endpoint refused the client (a wrong secret, a scope it does not have).
    Token(String),
    /// The server could not be reached, or answered something that is not GraphQL.
    Transport(String),
    /// A top-level GraphQL error, with its `extensions.code` (FORBIDDEN,
    /// PERSISTED_QUERY_NOT_FOUND, RATE_LIMITED after the retries…).
    Graphql { code: String, message: String },
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Token(m) => write!(f, "token: {m}"),
            Error::Transport(m) => write!(f, "transport: {m}"),
            Error::Graphql { code, message } => write!(f, "{code}: {message}"),
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    /// The `extensions.code` of a GraphQL error.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Graphql { code, .. } => Some(code),
            _ => None,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A fresh idempotency key for a mutation that takes one (`book`): keep it
/// with the request, so a retry of the same request carries the same key.
pub fn idempotency_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The id of a document for `documentId`: `sha256:` and its hex SHA-256.
pub fn document_id(document: &str) -> String {
    let hex: String = Sha256::digest(document.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

struct Cached {
    token: String,
    /// When to fetch a new one: a minute before it expires.
    renew_at: Instant,
}

/// A partner client's connection to Gongzhi. Cheap to share behind an `Arc`.
pub struct Client {
    config: Config,
    http: oauth2::reqwest::Client,
    token: tokio::sync::Mutex<Option<Cached>>,
}

impl Client {
    pub fn new(config: Config) -> Result<Client> {
        let http = oauth2::reqwest::Client::builder()
            // The token endpoint must not redirect (the oauth2 crate's advice).
            .redirect(oauth2::reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Transport(e.to_string()))?;
        Ok(Client { config, http, token: tokio::sync::Mutex::new(None) })
    }

    /// A token, from the cache or from `/oauth/token`.
    pub async fn token(&self) -> Result<String> {
        let mut cached = self.token.lock().await;
        if let Some(c) = cached.as_ref().filter(|c| Instant::now() < c.renew_at) {
            return Ok(c.token.clone());
        }
        let token_url = TokenUrl::new(format!("{}/oauth/token", self.config.url))
            .map_err(|e| Error::Token(format!("the token URL: {e}")))?;
        // The crate's client wants an authorization URL; client credentials never use it.
        let auth_url = AuthUrl::new(format!("{}/auth/login", self.config.url))
            .map_err(|e| Error::Token(format!("the login URL: {e}")))?;
        let oauth = BasicClient::new(ClientId::new(self.config.client_id.clone()))
            .set_client_secret(ClientSecret::new(self.config.client_secret.clone()))
            .set_auth_uri(auth_url)
            .set_token_uri(token_url);
        let response = oauth
            .exchange_client_credentials()
            .add_scopes(self.config.scopes.iter().map(|s| Scope::new(s.clone())))
            .request_async(&self.http)
            .await
            .map_err(|e| Error::Token(token_error(e)))?;
        let lifetime = response.expires_in().unwrap_or(Duration::from_secs(300));
        let token = response.access_token().secret().clone();
        *cached = Some(Cached {
            token: token.clone(),
            renew_at: Instant::now() + lifetime.saturating_sub(Duration::from_secs(60)),
        });
        Ok(token)
    }

    async fn forget_token(&self) {
        *self.token.lock().await = None;
    }

    /// Run operation `Q` with `variables`: its typed data, or the first
    /// top-level error. Retries as the crate's documentation says.
    pub async fn run<Q: GraphQLQuery>(&self, variables: Q::Variables) -> Result<Q::ResponseData> {
        let request = Q::build_query(variables);
        let mut body = serde_json::to_value(&request).map_err(|e| Error::Transport(e.to_string()))?;
        if self.config.trusted_documents {
            let fields = body.as_object_mut().expect("a request is an object");
            fields.remove("query");
            fields.insert("documentId".into(), Value::String(document_id(request.query)));
        }
        let mut tries = 0;
        let mut signed_in_again = false;
        loop {
            let token = self.token().await?;
            let res = self
                .http
                .post(format!("{}/graphql", self.config.url))
                .bearer_auth(&token)
                .json(&body)
                .send()
                .await
                .map_err(|e| Error::Transport(e.to_string()))?;
            let status = res.status().as_u16();
            let retry_after = res
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok())
                .map(Duration::from_secs);
            let answer: graphql_client::Response<Q::ResponseData> =
                res.json().await.map_err(|e| Error::Transport(format!("HTTP {status}: {e}")))?;
            let error = answer.errors.as_ref().and_then(|e| e.first()).map(|e| {
                let code = e
                    .extensions
                    .as_ref()
                    .and_then(|x| x.get("code"))
                    .and_then(Value::as_str)
                    .unwrap_or("UNKNOWN")
                    .to_owned();
                Error::Graphql { code, message: e.message.clone() }
            });
            match (error, answer.data) {
                (None, Some(data)) => return Ok(data),
                (None, None) => return Err(Error::Transport(format!("HTTP {status} without data"))),
                (Some(e), _) if e.code() == Some("UNAUTHENTICATED") && !signed_in_again => {
                    // The token expired or the client's grant changed: once more with a new one.
                    signed_in_again = true;
                    self.forget_token().await;
                }
                (Some(e), _)
                    if matches!(e.code(), Some("RATE_LIMITED" | "UNAVAILABLE"))
                        && tries < self.config.max_retries =>
                {
                    tries += 1;
                    let wait =
                        retry_after.unwrap_or(Duration::from_millis(250 << tries)).min(self.config.max_wait);
                    tokio::time::sleep(wait).await;
                }
                (Some(e), _) => return Err(e),
            }
        }
    }
}

/// The RFC 6749 error of a refused token request, or what went wrong.
fn token_error<E: std::error::Error>(
    e: oauth2::RequestTokenError<E, oauth2::StandardErrorResponse<oauth2::basic::BasicErrorResponseType>>,
) -> String {
    match e {
        oauth2::RequestTokenError::ServerResponse(r) => r.error().to_string(),
        other => other.to_string(),
    }
}

/// One page of a Relay connection: its nodes and where the next begins.
pub struct Page<T> {
    pub nodes: Vec<T>,
    pub end_cursor: Option<String>,
    pub has_next_page: bool,
}

/// Every node of a connection, page by page: `fetch(after)` gets the page
/// after a cursor (the first page for `None`). Stops after `max_pages`.
pub async fn all_pages<T, F, Fut>(max_pages: usize, mut fetch: F) -> Result<Vec<T>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>>>,
{
    let mut nodes = Vec::new();
    let mut after = None;
    for _ in 0..max_pages {
        let page = fetch(after.take()).await?;
        nodes.extend(page.nodes);
        match page.end_cursor.filter(|_| page.has_next_page) {
            Some(cursor) => after = Some(cursor),
            None => break,
        }
    }
    Ok(nodes)
}
