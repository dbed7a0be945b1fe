//! GraphQL over HTTP (the GraphQL-over-HTTP spec): POST with JSON, GET for
//! queries only, `application/graphql-response+json` when the client accepts
//! it (then request errors get 4xx), no batching, no POST without a JSON
//! content type (a CSRF guard: HTML forms cannot send one).
//!
//! Every error body is a GraphQL response whose errors carry
//! `extensions.code`.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::parser::types::OperationType;
use async_graphql::{ServerError, Variables};
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};
use tracing::Instrument;

use super::limits::coded;
use crate::app::AppState;
use crate::error::code;
use crate::telemetry::TRACE_ID;

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";
const JSON: &str = "application/json";

/// How the answer is framed: `application/graphql-response+json` lets us use
/// HTTP status codes for request errors; plain JSON answers them 200.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Media {
    GraphqlResponse,
    Json,
}

fn negotiate(headers: &HeaderMap) -> Media {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if accept.contains(GRAPHQL_RESPONSE) { Media::GraphqlResponse } else { Media::Json }
}

pub async fn post(State(app): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let media = negotiate(&headers);
    match post_params(&headers, body) {
        Ok(params) => execute(app, headers, media, params).await,
        Err(refusal) => refusal.into_response(media),
    }
}

pub async fn get(
    State(app): State<AppState>,
    headers: HeaderMap,
    params: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Response {
    let media = negotiate(&headers);
    let params = params
        .map_err(|e| Refusal::bad_request(e.body_text()))
        .and_then(|Query(params)| Params::from_query_string(params))
        .and_then(|params| only_queries(&params).map(|()| params));
    match params {
        Ok(params) => execute(app, headers, media, params).await,
        Err(refusal) => refusal.into_response(media),
    }
}

fn post_params(headers: &HeaderMap, body: Bytes) -> Result<Params, Refusal> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    if essence != JSON && essence != "application/graphql+json" {
        return Err(Refusal::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code::BAD_REQUEST,
            "a GraphQL POST must have Content-Type: application/json",
        ));
    }
    let value: Value = serde_json::from_slice(&body)
        .map_err(|e| Refusal::bad_request(format!("the body is not JSON: {e}")))?;
    match value {
        Value::Object(fields) => Params::from_body(fields),
        Value::Array(_) => Err(Refusal::bad_request("batched requests are not supported")),
        _ => Err(Refusal::bad_request("the body must be a JSON object")),
    }
}

/// The parameters of one GraphQL request, checked alike whether they came in
/// a POST body or a GET query string.
struct Params {
    query: String,
    operation_name: Option<String>,
    variables: Option<Map<String, Value>>,
}

impl Params {
    /// From a POST body's JSON object.
    fn from_body(mut fields: Map<String, Value>) -> Result<Params, Refusal> {
        let query = match fields.remove("query") {
            Some(Value::String(query)) => query,
            None | Some(Value::Null) => return Err(Refusal::bad_request("missing the `query` parameter")),
            Some(_) => return Err(Refusal::bad_request("`query` must be a string")),
        };
        let operation_name = match fields.remove("operationName") {
            Some(Value::String(name)) => Some(name),
            None | Some(Value::Null) => None,
            Some(_) => return Err(Refusal::bad_request("`operationName` must be a string or null")),
        };
        let variables = map_param("variables", fields.remove("variables"))?;
        // Checked for the spec's sake, then dropped: nothing here reads
        // request extensions (no persisted queries).
        map_param("extensions", fields.remove("extensions"))?;
        Ok(Params { query, operation_name, variables })
    }

    /// From a GET query string, where `variables` and `extensions` are JSON text.
    fn from_query_string(mut params: HashMap<String, String>) -> Result<Params, Refusal> {
        let query =
            params.remove("query").ok_or_else(|| Refusal::bad_request("missing the `query` parameter"))?;
        let operation_name = params.remove("operationName");
        let variables = map_param("variables", json_param("variables", params.remove("variables"))?)?;
        map_param("extensions", json_param("extensions", params.remove("extensions"))?)?;
        Ok(Params { query, operation_name, variables })
    }
}

/// `variables` and `extensions` are maps: anything else (a string, number,
/// boolean or array) is a bad request rather than silently ignored.
fn map_param(name: &str, value: Option<Value>) -> Result<Option<Map<String, Value>>, Refusal> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(map)) => Ok(Some(map)),
        Some(_) => Err(Refusal::bad_request(format!("`{name}` must be an object or null"))),
    }
}

fn json_param(name: &str, text: Option<String>) -> Result<Option<Value>, Refusal> {
    text.map(|t| serde_json::from_str(&t))
        .transpose()
        .map_err(|e| Refusal::bad_request(format!("`{name}` is not JSON: {e}")))
}

/// Only queries may travel by GET: a GET must be safe to repeat and to
/// prefetch. A document that does not parse is left to execution to report.
fn only_queries(params: &Params) -> Result<(), Refusal> {
    let Ok(doc) = async_graphql::parser::parse_query(&params.query) else {
        return Ok(());
    };
    let op = match &params.operation_name {
        Some(name) => doc.operations.iter().find(|(n, _)| n.is_some_and(|n| n.as_str() == name)),
        None => doc.operations.iter().next(),
    };
    match op {
        Some((_, op)) if op.node.ty != OperationType::Query => Err(Refusal::new(
            StatusCode::METHOD_NOT_ALLOWED,
            code::METHOD_NOT_ALLOWED,
            "mutations and subscriptions must be sent by POST",
        )
        .with_header(header::ALLOW, "POST")),
        _ => Ok(()),
    }
}

async fn execute(app: AppState, headers: HeaderMap, media: Media, params: Params) -> Response {
    let trace_id = uuid::Uuid::new_v4().simple().to_string();
    let span = tracing::info_span!("graphql", trace_id = %trace_id, operation = params.operation_name.as_deref().unwrap_or(""));
    let work = async {
        let authorization = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
        let principal = match app.auth.authenticate(&app.db, authorization).await {
            Ok(p) => p,
            Err(e) => return Refusal::unauthenticated(e).into_response(media),
        };
        let mut request = async_graphql::Request::new(params.query);
        request.operation_name = params.operation_name;
        if let Some(vars) = params.variables {
            request.variables = Variables::from_json(Value::Object(vars));
        }
        let gate = Arc::new(super::loading::PollGate::default());
        let request = super::request_data(request, &app, principal, trace_id.clone(), gate.clone());
        let mut response = super::loading::Gated::new(app.schema.execute(request), gate).await;
        let request_failed = response.data == async_graphql::Value::Null && !response.errors.is_empty();
        response.errors = std::mem::take(&mut response.errors)
            .into_iter()
            // Our own errors are coded where they are made; what is left is
            // async-graphql refusing an argument or variable value.
            .map(|e| coded(e, code::BAD_USER_INPUT))
            .collect();
        let status = if media == Media::GraphqlResponse && request_failed {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::OK
        };
        json_response(media, status, &response)
    };
    let mut res = TRACE_ID.scope(trace_id.clone(), work.instrument(span)).await;
    if let Ok(v) = HeaderValue::from_str(&trace_id) {
        res.headers_mut().insert("x-request-id", v);
    }
    res
}

fn json_response(media: Media, status: StatusCode, body: &impl serde::Serialize) -> Response {
    let content_type = match media {
        Media::GraphqlResponse => GRAPHQL_RESPONSE,
        Media::Json => JSON,
    };
    let bytes = serde_json::to_vec(body)
        .unwrap_or_else(|_| b"{\"errors\":[{\"message\":\"internal error\"}]}".to_vec());
    (status, [(header::CONTENT_TYPE, content_type)], bytes).into_response()
}

/// A request refused before GraphQL execution: one coded error, a status,
/// perhaps a header. Its body is a GraphQL response without `data`, in
/// whichever media type the client accepts.
struct Refusal {
    status: StatusCode,
    code: &'static str,
    message: String,
    header: Option<(HeaderName, &'static str)>,
}

impl Refusal {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Refusal {
        Refusal { status, code, message: message.into(), header: None }
    }

    fn bad_request(message: impl Into<String>) -> Refusal {
        Refusal::new(StatusCode::BAD_REQUEST, code::BAD_REQUEST, message)
    }

    /// A bad or unreadable token: 401 and a challenge, like RFC 6750 asks.
    fn unauthenticated(e: crate::error::Error) -> Refusal {
        let message = async_graphql::Error::from(e).message;
        Refusal::new(StatusCode::UNAUTHORIZED, code::UNAUTHENTICATED, message)
            .with_header(header::WWW_AUTHENTICATE, "Bearer")
    }

    fn with_header(mut self, name: HeaderName, value: &'static str) -> Refusal {
        self.header = Some((name, value));
        self
    }

    fn into_response(self, media: Media) -> Response {
        let mut e = ServerError::new(self.message, None);
        e.extensions.get_or_insert_with(Default::default).set("code", self.code);
        let mut res = json_response(media, self.status, &serde_json::json!({ "errors": [e] }));
        if let Some((name, value)) = self.header {
            res.headers_mut().insert(name, HeaderValue::from_static(value));
        }
        res
    }
}
