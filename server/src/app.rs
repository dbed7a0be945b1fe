//! The application: configuration in, a listening server out. `main` and the
//! tests build it the same way.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use tower_http::trace::TraceLayer;

use crate::auth::{AreaPathLookup, Authenticator, DataKey, SigningKeys, TokenVerifier, TrustedIssuer};
use crate::config::Config;
use crate::db::{Db, PoolSettings};
use crate::error::{Error, Result};
use crate::graphql::documents::Documents;
use crate::graphql::http::{self, Executed, Executor};
use crate::graphql::loading::{Gated, PollGate};
use crate::graphql::schema::{self, AppSchema};
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
}

impl Executor for AppState {
    fn documents(&self) -> &Documents {
        &self.documents
    }

    async fn authenticate(&self, headers: &axum::http::HeaderMap) -> Result<crate::auth::Principal> {
        self.auth.authenticate(headers).await
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
        let request = schema::request_data(request, &db, &self.data_key, principal, trace_id, gate.clone());
        let response = Gated::new(self.schema.execute(request), gate).await;
        Executed { response, statements: db.request_statement_count() }
    }
}

/// How the authenticator finds the path of a token's area: in the area tree.
fn area_path_lookup(db: &Db) -> AreaPathLookup {
    let db = db.clone();
    Box::new(move |id| {
        let db = db.clone();
        Box::pin(
            async move { crate::area::store::area_path(&mut db.conn().await?, crate::ids::AreaId(id)).await },
        )
    })
}

pub struct Application {
    listener: tokio::net::TcpListener,
    state: AppState,
    max_body_bytes: usize,
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
        let listener = tokio::net::TcpListener::bind(config.bind).await.map_err(Error::internal)?;
        let auth = Authenticator::new(verifier, area_path_lookup(&db));
        let state = AppState {
            db,
            schema: schema::schema(&config.limits),
            documents: Arc::new(Documents::new(
                config.limits.document_cache_size,
                config.limits.max_cached_document_bytes,
            )),
            auth: Arc::new(auth),
            signing: Arc::new(signing),
            data_key,
            issuer: config.keys.issuer.clone(),
            audience: config.keys.audience.clone(),
        };
        Ok(Application { listener, state, max_body_bytes: config.limits.max_body_bytes })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    pub fn router(&self) -> Router {
        Router::new()
            .route("/", get(graphiql))
            .route(
                "/graphql",
                get(http::get::<AppState>).post(http::post::<AppState>).fallback(http::other_method),
            )
            .route("/healthz", get(|| async { "ok" }))
            .route("/readyz", get(readyz))
            .route("/metrics", get(metrics))
            .route("/.well-known/jwks.json", get(jwks))
            // Enforced by the body extractors rather than by tower-http's
            // layer, so the GraphQL handler answers a body over the limit
            // itself, as a GraphQL error (tower-http's 413 is plain text).
            .layer(DefaultBodyLimit::max(self.max_body_bytes))
            .layer(TraceLayer::new_for_http())
            .with_state(self.state.clone())
    }

    /// Serve until Ctrl-C or SIGTERM, then finish the requests in flight.
    pub async fn run_until_stopped(self) -> Result<()> {
        let router = self.router();
        let sweeper = spawn_booking_sweeper(self.state.db.clone());
        tracing::info!(addr = %self.local_addr(), "gongzhi listening; GraphiQL at http://{}/", self.local_addr());
        axum::serve(self.listener, router)
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
        tokio::spawn(async move { axum::serve(self.listener, router).await });
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

async fn graphiql() -> Html<String> {
    Html(async_graphql::http::GraphiQLSource::build().endpoint("/graphql").title("Gongzhi 共治").finish())
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
