//! The browser pages, served from files embedded in the binary: the
//! console (a single-page app) at `/console`, `/console/` and every client
//! route under `/console/…` that is not an asset, always; GraphiQL at `/`
//! (when enabled); and their assets under `/console/assets/`. They are
//! built by Vite from `clients/console` and committed as `dist/`; `.ci/run`
//! builds them again and fails if they differ. No page loads anything from
//! another origin, and the Content-Security-Policy says so to the browser.

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

#[derive(rust_embed::Embed)]
#[folder = "../clients/console/dist/"]
struct Built;

/// Only this origin: scripts, styles (GraphiQL sets inline styles), images
/// (and `data:` icons), and the GraphQL endpoint.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                   img-src 'self' data:; font-src 'self' data:; connect-src 'self'; \
                   frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// The routes of the pages; `graphiql` puts GraphiQL at `/`. The console
/// holds no data itself (it asks `/graphql` with the caller's token or
/// session), so it is served with or without `--demo`.
pub fn router<S: Clone + Send + Sync + 'static>(graphiql: bool) -> Router<S> {
    let console = || async { page("index.html") };
    let router = Router::new()
        .route("/console/assets/{*path}", get(asset))
        .route("/console", get(console))
        .route("/console/", get(console))
        // The console's own routes (/console/areas/…): the app reads the path.
        .route("/console/{*route}", get(console));
    if graphiql { router.route("/", get(|| async { page("graphiql.html") })) } else { router }
}

/// An HTML page: never cached, since its assets' names change with each build.
fn page(name: &str) -> Response {
    let Some(file) = Built::get(name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut res = (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")],
        file.data,
    )
        .into_response();
    res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    res.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    res
}

/// A built asset: its name carries its content's hash, so it is cached for good.
async fn asset(Path(path): Path<String>) -> Response {
    let Some(file) = Built::get(&format!("assets/{path}")) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mime = file.metadata.mimetype().to_owned();
    (
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable".to_owned()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        file.data,
    )
        .into_response()
}
