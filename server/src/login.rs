//! The console login: `/auth/login` starts the authorization-code flow with
//! PKCE at the district's identity provider, `/auth/callback` finishes it
//! (state, PKCE verifier and nonce checked) and keeps the login in an
//! HttpOnly, SameSite=Strict cookie: a token of the built-in issuer for the
//! principal the provider's claims map to. With that cookie, GraphQL POSTs
//! must still be `application/json` (`graphql/http.rs`), which a form on
//! another site cannot send.

use std::num::NonZeroUsize;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use cookie::{Cookie, SameSite};
use serde::Deserialize;

use crate::auth::{Authenticator, Claims, PendingLogins, SESSION_COOKIE, SigningKeys, token};
use crate::error::Result;

/// The cookie that binds a login under way to the browser that started it.
/// `Lax`, since the provider's redirect back is a cross-site navigation.
const LOGIN_COOKIE: &str = "gongzhi_login";

/// How long a console login lasts.
pub const SESSION_SECONDS: i64 = 8 * 3600;

#[derive(Clone)]
pub struct Login {
    pub auth: Arc<Authenticator>,
    pub signing: Arc<SigningKeys>,
    pub issuer: String,
    pub audience: String,
    /// `<public url>/auth/callback`, as registered at the provider.
    pub redirect_uri: String,
    pending: Arc<PendingLogins>,
}

impl Login {
    pub fn new(
        auth: Arc<Authenticator>,
        signing: Arc<SigningKeys>,
        issuer: String,
        audience: String,
        redirect_uri: String,
    ) -> Login {
        let pending = Arc::new(PendingLogins::new(NonZeroUsize::new(10_000).expect("not zero")));
        Login { auth, signing, issuer, audience, redirect_uri, pending }
    }

    fn secure(&self) -> bool {
        self.redirect_uri.starts_with("https://")
    }

    pub fn router(self) -> Router {
        Router::new().route("/auth/login", get(login)).route("/auth/callback", get(callback)).with_state(self)
    }
}

async fn login(State(login): State<Login>) -> Response {
    let Some(issuer) = login.auth.login_issuer() else {
        return refuse(StatusCode::NOT_FOUND, "no identity provider is configured for the console login");
    };
    let (url, pending) = match issuer.login_url(&login.redirect_uri) {
        Ok(started) => started,
        Err(e) => return failed(e),
    };
    let binding = Cookie::build((LOGIN_COOKIE, pending.state.clone()))
        .http_only(true)
        .secure(login.secure())
        .same_site(SameSite::Lax)
        .path("/auth/callback")
        .max_age(cookie::time::Duration::seconds(PendingLogins::TTL.as_secs() as i64))
        .build();
    login.pending.put(pending);
    (StatusCode::SEE_OTHER, [(header::LOCATION, url), (header::SET_COOKIE, binding.to_string())])
        .into_response()
}

#[derive(Deserialize)]
struct CallbackParams {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

async fn callback(
    State(login): State<Login>,
    headers: HeaderMap,
    Query(params): Query<CallbackParams>,
) -> Response {
    if let Some(error) = params.error {
        let why = params.error_description.unwrap_or_default();
        return refuse(StatusCode::UNAUTHORIZED, &format!("the provider refused the login: {error} {why}"));
    }
    let (Some(code), Some(state)) = (params.code, params.state) else {
        return refuse(StatusCode::BAD_REQUEST, "the callback needs the parameters code and state");
    };
    let bound = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(|c| c.ok())
        .any(|c| c.name() == LOGIN_COOKIE && c.value() == state);
    if !bound {
        return refuse(StatusCode::BAD_REQUEST, "the parameter state is not of a login this browser started");
    }
    let Some(pending) = login.pending.take(&state) else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "the parameter state names no login under way (expired or used)",
        );
    };
    match finish(&login, &code, pending).await {
        Ok(session) => {
            let session = Cookie::build((SESSION_COOKIE, session))
                .http_only(true)
                .secure(login.secure())
                .same_site(SameSite::Strict)
                .path("/")
                .max_age(cookie::time::Duration::seconds(SESSION_SECONDS))
                .build();
            let mut done = Cookie::build((LOGIN_COOKIE, "")).path("/auth/callback").build();
            done.make_removal();
            // To the console, which is always served (`/` is GraphiQL, and only when enabled).
            let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, "/console")]).into_response();
            let set = response.headers_mut();
            set.append(header::SET_COOKIE, session.to_string().parse().expect("a cookie is a header value"));
            set.append(header::SET_COOKIE, done.to_string().parse().expect("a cookie is a header value"));
            response
        }
        Err(e) => failed(e),
    }
}

/// The session token of a finished login.
async fn finish(login: &Login, code: &str, pending: crate::auth::PendingLogin) -> Result<String> {
    let issuer = login
        .auth
        .login_issuer()
        .ok_or_else(|| crate::Error::Unauthenticated("the console login is not configured".into()))?;
    let claims = issuer.finish_login(code, pending).await?;
    let principal = login.auth.principal_from(issuer, &claims).await?;
    let now = chrono::Utc::now().timestamp();
    token::mint(
        &login.signing,
        &Claims {
            iss: login.issuer.clone(),
            aud: login.audience.clone(),
            sub: principal.subject,
            iat: now,
            exp: now + SESSION_SECONDS,
            roles: principal.roles,
            area: principal.area.map(|a| a.id),
            person: principal.person,
            permissions: principal.permissions,
            client: None,
        },
    )
}

/// A failed login: what the provider or its tokens said is told; anything
/// unexpected is logged, never described.
fn failed(error: crate::Error) -> Response {
    match error {
        crate::Error::Unauthenticated(why) => refuse(StatusCode::UNAUTHORIZED, &why),
        other => {
            tracing::error!(error = ?other, "the console login failed");
            refuse(StatusCode::INTERNAL_SERVER_ERROR, "the login failed; the server logged why")
        }
    }
}

fn refuse(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "error": message }))).into_response()
}
