//! GraphQL over HTTP (the GraphQL-over-HTTP spec): POST with JSON, GET for
//! queries only, `application/graphql-response+json` when the client accepts
//! it (then request errors get 4xx), no batching, no POST without a JSON
//! content type (a CSRF guard: HTML forms cannot send one).

use std::collections::HashMap;

use async_graphql::parser::types::OperationType;
use async_graphql::{ServerError, Variables};
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tracing::Instrument;

use super::limits::coded;
use crate::app::AppState;
use crate::error::code;
use crate::telemetry::TRACE_ID;

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";
const JSON: &str = "application/json";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Body {
    query: String,
    #[serde(default)]
    variables: Option<serde_json::Value>,
    #[serde(default)]
    operation_name: Option<String>,
}

/// How the answer is framed: `application/graphql-response+json` lets us use
/// HTTP status codes for request errors; plain JSON answers 200.
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
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    if essence != JSON && essence != "application/graphql+json" {
        return http_error(
            media,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code::BAD_REQUEST,
            "a GraphQL POST must have Content-Type: application/json",
        );
    }
    let value: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => {
            return http_error(
                media,
                StatusCode::BAD_REQUEST,
                code::BAD_REQUEST,
                &format!("the body is not JSON: {e}"),
            );
        }
    };
    if value.is_array() {
        return http_error(
            media,
            StatusCode::BAD_REQUEST,
            code::BAD_REQUEST,
            "batched requests are not supported",
        );
    }
    let body: Body = match serde_json::from_value(value) {
        Ok(b) => b,
        Err(e) => {
            return http_error(
                media,
                StatusCode::BAD_REQUEST,
                code::BAD_REQUEST,
                &format!("the body is not a GraphQL request: {e}"),
            );
        }
    };
    execute(app, headers, media, body).await
}

pub async fn get(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let media = negotiate(&headers);
    let Some(query) = params.get("query").cloned() else {
        return http_error(
            media,
            StatusCode::BAD_REQUEST,
            code::BAD_REQUEST,
            "missing the `query` parameter",
        );
    };
    let variables = match params.get("variables").map(|v| serde_json::from_str(v)).transpose() {
        Ok(v) => v,
        Err(_) => {
            return http_error(media, StatusCode::BAD_REQUEST, code::BAD_REQUEST, "`variables` is not JSON");
        }
    };
    let operation_name = params.get("operationName").cloned();
    // Only queries may travel by GET: a GET must be safe to repeat and to prefetch.
    if let Ok(doc) = async_graphql::parser::parse_query(&query) {
        let op = match &operation_name {
            Some(name) => doc.operations.iter().find(|(n, _)| n.is_some_and(|n| n.as_str() == name)),
            None => doc.operations.iter().next(),
        };
        if let Some((_, op)) = op
            && op.node.ty != OperationType::Query
        {
            let mut res = http_error(
                media,
                StatusCode::METHOD_NOT_ALLOWED,
                code::METHOD_NOT_ALLOWED,
                "mutations and subscriptions must be sent by POST",
            );
            res.headers_mut().insert(header::ALLOW, HeaderValue::from_static("POST"));
            return res;
        }
    }
    execute(app, headers, media, Body { query, variables, operation_name }).await
}

async fn execute(app: AppState, headers: HeaderMap, media: Media, body: Body) -> Response {
    let trace_id = uuid::Uuid::new_v4().simple().to_string();
    let span = tracing::info_span!("graphql", trace_id = %trace_id, operation = body.operation_name.as_deref().unwrap_or(""));
    let work = async {
        let authorization = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
        let principal = match app.auth.authenticate(&app.db, authorization).await {
            Ok(p) => p,
            Err(e) => {
                let err: async_graphql::Error = e.into();
                let message = err.message.clone();
                let mut res = http_error(media, StatusCode::UNAUTHORIZED, code::UNAUTHENTICATED, &message);
                res.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                return res;
            }
        };
        let mut request = async_graphql::Request::new(body.query);
        if let Some(name) = body.operation_name {
            request = request.operation_name(name);
        }
        if let Some(vars) = body.variables {
            request = request.variables(Variables::from_json(vars));
        }
        let gate = std::sync::Arc::new(super::loading::PollGate::default());
        let request = super::schema::request_data(
            request,
            &app.db,
            &app.data_key,
            principal,
            trace_id.clone(),
            gate.clone(),
        );
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

/// An error answered before GraphQL execution, as a GraphQL response body.
fn http_error(media: Media, status: StatusCode, code: &str, message: &str) -> Response {
    let mut e = ServerError::new(message, None);
    e.extensions.get_or_insert_with(Default::default).set("code", code);
    let body = serde_json::json!({ "errors": [e] });
    json_response(media, status, &body)
}
