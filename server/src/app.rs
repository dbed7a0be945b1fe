//! The application: configuration in, a listening server out. `main` and the
//! tests build it the same way.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use tower_http::trace::TraceLayer;

use crate::auth::{
    AreaGrant, Authenticator, DataKey, Directory, ExternalIssuer, RateLimits, SigningKeys, TokenVerifier,
    TrustedIssuer,
};
use crate::config::Config;
use crate::db::{Db, PoolSettings};
use crate::error::{Error, Result};
use crate::graphql::documents::Documents;
use crate::graphql::http::{self, Executed, Executor};
use crate::graphql::loading::{Gated, PollGate};
use crate::graphql::schema::{self, AppSchema};
use crate::graphql::trusted::Checker;
use crate::login::Login;
use crate::telemetry::stats;

/// Shared by every request.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub schema: AppSchema,
    /// Parsed and validated documents, by their text (for `schema`).
    pub documents: Arc<Documents>,
    pub auth: Arc<Authenticator>,
    pub signing: Arc<SigningKeys>,
    pub data_key: DataKey,
    pub issuer: String,
    pub audience: String,
    /// Each caller's rate limit.
    pub rates: Arc<RateLimits>,
    /// Checks documents on `schema` for their registration.
    pub checker: Checker,
}

impl Executor for AppState {
    fn documents(&self) -> &Documents {
        &self.documents
    }

    async fn authenticate(&self, headers: &axum::http::HeaderMap) -> Result<crate::auth::Principal> {
        self.auth.authenticate(headers).await
    }

    fn admit(
        &self,
        principal: &crate::auth::Principal,
        peer: Option<std::net::IpAddr>,
    ) -> std::result::Result<(), std::time::Duration> {
        self.rates.admit(principal, peer)
    }

    async fn trusted_document(
        &self,
        principal: &crate::auth::Principal,
        id: &crate::graphql::trusted::DocumentId,
    ) -> Result<Option<String>> {
        crate::partners::service::trusted_document(&self.db, principal, id).await
    }

    /// The request with the caller and its loader, run on the schema with
    /// loader batches released in waves (see [`PollGate`]).
    async fn execute(
        &self,
        request: async_graphql::Request,
        principal: crate::auth::Principal,
        trace_id: String,
        fresh: bool,
    ) -> Executed {
        let gate = Arc::new(PollGate::default());
        let db = self.db.for_request(fresh);
        let request = schema::request_data(request, &db, &self.data_key, principal, trace_id, gate.clone())
            .data(self.checker.clone());
        let response = Gated::new(self.schema.execute(request), gate).await;
        Executed { response, statements: db.request_statement_count() }
    }
}

/// What the authenticator asks of the graph: areas by id or code, people
/// by the keyed hash of their ID-card number, and providers' subject links.
struct GraphDirectory(Db);

#[async_trait::async_trait]
impl Directory for GraphDirectory {
    async fn area_path(&self, id: uuid::Uuid) -> Result<Option<String>> {
        crate::area::store::area_path(&mut self.0.conn().await?, crate::ids::AreaId(id)).await
    }

    async fn area_by_code(&self, code: &str) -> Result<Option<AreaGrant>> {
        let area = crate::area::store::area_by_full_code(&mut self.0.conn().await?, code).await?;
        Ok(area.map(|(id, path)| AreaGrant { id: id.0, path }))
    }

    async fn person_by_id_card_hash(&self, hash: &[u8]) -> Result<Option<uuid::Uuid>> {
        let person = crate::people::store::person_by_id_card_hash(&mut self.0.conn().await?, hash).await?;
        Ok(person.map(|p| p.0))
    }

    async fn linked_person(&self, issuer: &str, subject: &str) -> Result<Option<uuid::Uuid>> {
        crate::auth::store::linked_person(&mut self.0.conn().await?, issuer, subject).await
    }

    async fn link_person(&self, issuer: &str, subject: &str, person: uuid::Uuid) -> Result<()> {
        crate::auth::store::link_person(&mut self.0.conn().await?, issuer, subject, person).await
    }
}

pub struct Application {
    listener: tokio::net::TcpListener,
    state: AppState,
    login: Login,
    max_body_bytes: usize,
    /// Whether `/` serves GraphiQL.
    graphiql: bool,
}

/// Key material from configuration or from the data directory.
pub fn load_keys(config: &Config) -> Result<(SigningKeys, DataKey)> {
    let keys = &config.keys;
    let signing_path = keys.signing_key_file.clone().unwrap_or_else(|| keys.data_dir.join("signing-key.pem"));
    let signing = SigningKeys::load_or_create(&signing_path)?;
    let data_key = match &keys.data_key {
        Some(text) => DataKey::from_base64(text)?,
        None => DataKey::load_or_create(&keys.data_dir.join("data-key"))?,
    };
    Ok((signing, data_key))
}

impl Application {
    /// Connect, migrate, load keys, seed the demo if asked, and bind.
    pub async fn build(config: Config) -> Result<Application> {
        let pool = PoolSettings {
            acquire_timeout: std::time::Duration::from_millis(config.database.acquire_timeout_ms),
        };
        let db = Db::connect_with(&config.database.database_url, pool).await?;
        db.migrate().await?;
        let (signing, data_key) = load_keys(&config)?;
        if config.demo {
            crate::seed::seed_demo_if_empty(&db, &data_key).await?;
        }
        let verifier = TokenVerifier::new(vec![TrustedIssuer::from_jwks(
            &config.keys.issuer,
            &config.keys.audience,
            &signing.jwks,
        )?])
        .with_leeway(config.keys.token_leeway_seconds)
        .with_cache(config.limits.token_cache_size);
        let mut issuers = Vec::new();
        for issuer in &config.file.issuers {
            issuers.push(ExternalIssuer::discover(issuer, config.keys.token_leeway_seconds).await?);
        }
        let listener = tokio::net::TcpListener::bind(config.bind).await.map_err(Error::internal)?;
        let auth = Arc::new(Authenticator::new(
            verifier,
            issuers,
            Box::new(GraphDirectory(db.clone())),
            config.limits.token_cache_size,
        ));
        let signing = Arc::new(signing);
        let public_url = match &config.file.public_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("http://{}", listener.local_addr().map_err(Error::internal)?),
        };
        let login = Login::new(
            auth.clone(),
            signing.clone(),
            config.keys.issuer.clone(),
            config.keys.audience.clone(),
            format!("{public_url}/auth/callback"),
        );
        let schema = schema::schema(&config.limits);
        let state = AppState {
            db,
            checker: Checker(Arc::new(schema::SchemaCheck(schema.clone()))),
            schema,
            documents: Arc::new(Documents::new(
                config.limits.document_cache_size,
                config.limits.max_cached_document_bytes,
            )),
            auth,
            signing,
            data_key,
            issuer: config.keys.issuer.clone(),
            audience: config.keys.audience.clone(),
            rates: Arc::new(RateLimits::new(
                config.limits.rate_user_per_minute,
                config.limits.rate_anonymous_per_minute,
            )),
        };
        Ok(Application {
            listener,
            state,
            login,
            max_body_bytes: config.limits.max_body_bytes,
            graphiql: config.graphiql,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    pub fn router(&self) -> Router {
        crate::pages::router(self.graphiql)
            .route(
                "/graphql",
                get(http::get::<AppState>).post(http::post::<AppState>).fallback(http::other_method),
            )
            .route("/healthz", get(|| async { "ok" }))
            .route("/readyz", get(readyz))
            .route("/metrics", get(metrics))
            .route("/.well-known/jwks.json", get(jwks))
            .merge(crate::oauth::router(crate::oauth::TokenEndpoint {
                db: self.state.db.clone(),
                signing: self.state.signing.clone(),
                issuer: self.state.issuer.clone(),
                audience: self.state.audience.clone(),
            }))
            .with_state(self.state.clone())
            .merge(self.login.clone().router())
            // Enforced by the body extractors rather than by tower-http's
            // layer, so the GraphQL handler answers a body over the limit
            // itself, as a GraphQL error (tower-http's 413 is plain text).
            .layer(DefaultBodyLimit::max(self.max_body_bytes))
            .layer(TraceLayer::new_for_http())
    }

    /// Serve until Ctrl-C or SIGTERM, then finish the requests in flight.
    pub async fn run_until_stopped(self) -> Result<()> {
        let router = self.router();
        let sweeper = spawn_booking_sweeper(self.state.db.clone());
        match self.graphiql {
            true => {
                tracing::info!(addr = %self.local_addr(), "gongzhi listening; GraphiQL at http://{}/", self.local_addr())
            }
            false => {
                tracing::info!(addr = %self.local_addr(), "gongzhi listening; GraphQL at http://{}/graphql", self.local_addr())
            }
        }
        axum::serve(self.listener, router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown_signal())
            .await
            .map_err(Error::internal)?;
        sweeper.abort();
        self.state.db.close().await;
        Ok(())
    }

    /// Serve in the background (tests, benchmarks); returns the address.
    pub fn spawn(self) -> SocketAddr {
        let addr = self.local_addr();
        let router = self.router();
        spawn_booking_sweeper(self.state.db.clone());
        tokio::spawn(async move {
            axum::serve(self.listener, router.into_make_service_with_connect_info::<SocketAddr>()).await
        });
        addr
    }
}

/// How often the background task settles the bookings that are due.
pub const BOOKING_SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

/// The background task of the booking engine: at start and then every
/// [`BOOKING_SWEEP_EVERY`], offers that ran out expire and their places
/// pass to the next in line (reads and writes that touch a bookable settle
/// it too, so nobody waits for this round). A restart loses nothing: what
/// is due is read from the database.
fn spawn_booking_sweeper(db: Db) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(BOOKING_SWEEP_EVERY);
        loop {
            every.tick().await;
            loop {
                match crate::booking::service::sweep(&db, 100).await {
                    Ok(n) if n >= 100 => continue,
                    Ok(_) => break,
                    Err(e) => {
                        tracing::warn!(error = ?e, "the booking sweep failed; it runs again next round");
                        break;
                    }
                }
            }
        }
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}

/// How long `/readyz` waits for the database's answer to `select 1`.
pub const READY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

/// 200 when the database answers in time, 503 while it does not; it needs
/// no restart to come back, since every probe looks for a live connection.
async fn readyz(State(app): State<AppState>) -> impl IntoResponse {
    match app.db.ping(READY_TIMEOUT).await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(e) => {
            tracing::warn!(error = ?e, "database not reachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}

/// Prometheus' text format; the pool's use is read at the time of asking.
async fn metrics(State(app): State<AppState>) -> impl IntoResponse {
    let (size, idle) = app.db.pool_use();
    ([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4")], stats::render(size, idle))
}

async fn jwks(State(app): State<AppState>) -> impl IntoResponse {
    axum::Json(app.signing.jwks.clone())
}
