//! `POST /oauth/token`: the OAuth2 token endpoint of the built-in issuer,
//! for partner clients (RFC 6749 §4.4, client credentials). The client
//! authenticates with HTTP Basic (§2.3.1) or with `client_id` and
//! `client_secret` in the form body, never both; the answer is the RFC's
//! JSON, written with the `oauth2` crate's response types, and refusals are
//! its error codes with its statuses: `invalid_client` 401, the rest 400.

use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use oauth2::basic::{BasicErrorResponseType, BasicTokenType};
use oauth2::{AccessToken, EmptyExtraTokenFields, Scope, StandardErrorResponse, StandardTokenResponse};

use crate::auth::SigningKeys;
use crate::db::Db;
use crate::partners::service::{self, TokenRefusal};

/// What the endpoint needs: the database and the built-in issuer.
#[derive(Clone)]
pub struct TokenEndpoint {
    pub db: Db,
    pub signing: std::sync::Arc<SigningKeys>,
    pub issuer: String,
    pub audience: String,
}

/// The endpoint's route, to merge into the application's router.
pub fn router<S>(endpoint: TokenEndpoint) -> axum::Router<S> {
    axum::Router::new().route("/oauth/token", axum::routing::post(token)).with_state(endpoint)
}

/// The longest form body the endpoint reads.
const MAX_FORM_BYTES: usize = 4 * 1024;

async fn token(State(state): State<TokenEndpoint>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    match answer(&state, &headers, &body).await {
        Ok(r) | Err(r) => r,
    }
}

async fn answer(state: &TokenEndpoint, headers: &HeaderMap, body: &[u8]) -> Result<Response, Response> {
    let form_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| {
        v.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("application/x-www-form-urlencoded")
    });
    if !form_type {
        return Err(refuse(BasicErrorResponseType::InvalidRequest, "send application/x-www-form-urlencoded"));
    }
    if body.len() > MAX_FORM_BYTES {
        return Err(refuse(BasicErrorResponseType::InvalidRequest, "the form is too long"));
    }
    let pairs: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
    // A parameter given twice is refused (RFC 6749 §3.2).
    let field = |name: &str| -> Result<Option<&str>, String> {
        let mut values = pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let first = values.next();
        match values.next() {
            None => Ok(first),
            Some(_) => Err(format!("{name} is given more than once")),
        }
    };
    match field("grant_type").map_err(|why| refuse(BasicErrorResponseType::InvalidRequest, &why))? {
        Some("client_credentials") => {}
        Some(_) => {
            return Err(refuse(BasicErrorResponseType::UnsupportedGrantType, "only client_credentials"));
        }
        None => return Err(refuse(BasicErrorResponseType::InvalidRequest, "grant_type is missing")),
    }
    let basic = headers.get(header::AUTHORIZATION).map(basic_credentials);
    let by_basic = basic.is_some();
    let (id, secret) = match (basic, field("client_id"), field("client_secret")) {
        (_, Err(why), _) | (_, _, Err(why)) => {
            return Err(refuse(BasicErrorResponseType::InvalidRequest, &why));
        }
        (Some(Some(creds)), Ok(None), Ok(None)) => creds,
        (Some(None), ..) => return Err(invalid_client(true)),
        (Some(Some(_)), ..) => {
            return Err(refuse(
                BasicErrorResponseType::InvalidRequest,
                "authenticate the client one way only",
            ));
        }
        (None, Ok(Some(id)), Ok(Some(secret))) => (id.to_owned(), secret.to_owned()),
        (None, ..) => return Err(invalid_client(false)),
    };
    let issued = service::issue_token(
        &state.db,
        &state.signing,
        &state.issuer,
        &state.audience,
        &id,
        &secret,
        field("scope").map_err(|why| refuse(BasicErrorResponseType::InvalidRequest, &why))?,
    )
    .await
    .map_err(|e| {
        tracing::error!(error = ?e, "token request failed");
        (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
    })?;
    match issued {
        Ok(t) => {
            let mut body = StandardTokenResponse::new(
                AccessToken::new(t.token),
                BasicTokenType::Bearer,
                EmptyExtraTokenFields {},
            );
            body.set_expires_in(Some(&Duration::from_secs(t.expires_in.unsigned_abs())));
            body.set_scopes(Some(t.scopes.iter().map(|s| Scope::new(s.as_str().to_owned())).collect()));
            Ok(json(StatusCode::OK, &body))
        }
        Err(TokenRefusal::InvalidClient) => Err(invalid_client(by_basic)),
        Err(TokenRefusal::InvalidScope(scope)) => {
            Err(refuse(BasicErrorResponseType::InvalidScope, &format!("the client may not have {scope:?}")))
        }
    }
}

/// `Basic base64(urlencode(id):urlencode(secret))`, or `None` when the
/// header is not that.
fn basic_credentials(value: &HeaderValue) -> Option<(String, String)> {
    let (scheme, encoded) = value.to_str().ok()?.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let (id, secret) = std::str::from_utf8(&decoded).ok()?.split_once(':')?;
    let unescape =
        |s: &str| form_urlencoded::parse(format!("x={s}").as_bytes()).next().map(|(_, v)| v.into_owned());
    Some((unescape(id)?, unescape(secret)?))
}

fn invalid_client(basic: bool) -> Response {
    let mut r = json(
        StatusCode::UNAUTHORIZED,
        &StandardErrorResponse::new(
            BasicErrorResponseType::InvalidClient,
            Some("unknown client or wrong secret".to_owned()),
            None,
        ),
    );
    if basic {
        r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Basic realm=\"gongzhi\""));
    }
    r
}

fn refuse(kind: BasicErrorResponseType, why: &str) -> Response {
    json(StatusCode::BAD_REQUEST, &StandardErrorResponse::new(kind, Some(why.to_owned()), None))
}

/// A JSON answer that no cache keeps (RFC 6749 §5.1).
fn json(status: StatusCode, body: &impl serde::Serialize) -> Response {
    let mut r = (status, axum::Json(body)).into_response();
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r.headers_mut().insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    r
}
