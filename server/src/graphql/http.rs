//! GraphQL over HTTP (the GraphQL-over-HTTP spec): POST with JSON, GET for
//! queries only, `application/graphql-response+json` when the client accepts
//! it (then request errors get 4xx), no batching, no POST without a JSON
//! content type (a CSRF guard: HTML forms cannot send one). A document may
//! be named by its id instead of sent (`documentId`, or APQ's extension):
//! see `trusted.rs`.
//!
//! A *request error* is one raised before execution starts: a bad body or
//! parameter, a bad token, a document that does not parse or validate, a
//! limit. Its response has no `data` entry. Once execution has started every
//! error is a field error: the response has `data` (perhaps null) and is 200.
//! Every error body, of either kind, is a GraphQL response whose errors carry
//! `extensions.code`.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextExecute};
use async_graphql::parser::types::{ExecutableDocument, OperationDefinition, OperationType};
use async_graphql::{ServerError, Variables};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{Extensions, HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};
use tracing::Instrument;
use tracing::field::Empty;

use super::documents::Documents;
use super::limits::coded;
use super::trusted::DocumentId;
use crate::auth::Principal;
use crate::error::code;
use crate::telemetry::stats::{self, Outcome};
use crate::telemetry::{self, TRACE_ID};

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";
const JSON: &str = "application/json";

/// How the answer is framed: `application/graphql-response+json` lets us use
/// HTTP status codes for request errors; plain JSON answers them 200.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Media {
    GraphqlResponse,
    Json,
}

/// What the transport needs of the application: who is calling, and the
/// execution of a request on their behalf. `app.rs` implements it over the
/// schema, so this file knows neither the schema nor any domain.
pub trait Executor: Clone + Send + Sync + 'static {
    /// The parsed documents of earlier requests.
    fn documents(&self) -> &Documents;
    /// The caller named by the request's `Authorization` header.
    fn authenticate(&self, headers: &HeaderMap) -> impl Future<Output = crate::Result<Principal>> + Send;
    /// Count one request of the caller (from `peer`) against its rate
    /// limit, or say how long until it may call again.
    fn admit(&self, principal: &Principal, peer: Option<std::net::IpAddr>)
    -> Result<(), std::time::Duration>;
    /// The text of the trusted document `id` that `principal` may run (see
    /// `trusted.rs`), or `None`.
    fn trusted_document(
        &self,
        principal: &Principal,
        id: &DocumentId,
    ) -> impl Future<Output = crate::Result<Option<String>>> + Send;
    /// Run a request for `principal`, its logs and loader batches under
    /// `trace_id`. `fresh`: a retry after the database was unavailable, to
    /// run on connections checked to be alive.
    fn execute(
        &self,
        request: async_graphql::Request,
        principal: Principal,
        trace_id: String,
        fresh: bool,
    ) -> impl Future<Output = Executed> + Send;
}

/// What running a request gave: the response and how many SQL statements
/// it sent.
pub struct Executed {
    pub response: async_graphql::Response,
    pub statements: u64,
}

fn negotiate(headers: &HeaderMap) -> Media {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if accept.contains(GRAPHQL_RESPONSE) { Media::GraphqlResponse } else { Media::Json }
}

/// The address of the caller's end of the connection, when the server
/// was started with it (`Application::serve`).
fn peer(extensions: &Extensions) -> Option<std::net::IpAddr> {
    extensions.get::<ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip())
}

pub async fn post<E: Executor>(
    State(app): State<E>,
    headers: HeaderMap,
    extensions: Extensions,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let began = Instant::now();
    let media = negotiate(&headers);
    let incoming = post_params(&headers, body).map(|params| Incoming::of(app.documents(), params, false));
    serve(app, headers, peer(&extensions), media, incoming, began).await
}

pub async fn get<E: Executor>(
    State(app): State<E>,
    headers: HeaderMap,
    extensions: Extensions,
    params: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Response {
    let began = Instant::now();
    let media = negotiate(&headers);
    let incoming = params
        .map_err(|e| Refusal::bad_request(e.body_text()))
        .and_then(|Query(params)| Params::from_query_string(params))
        .map(|params| Incoming::of(app.documents(), params, true))
        .and_then(|incoming| match incoming {
            Incoming::Text(prepared) => only_queries(*prepared).map(|p| Incoming::Text(Box::new(p))),
            by_id => Ok(by_id),
        });
    serve(app, headers, peer(&extensions), media, incoming, began).await
}

/// One request, in its span (`graphql`, a child of the caller's when it
/// sent a `traceparent`) and under its trace id, which every log line,
/// every error's `extensions.traceId` and the `x-trace-id` header carry.
async fn serve<E: Executor>(
    app: E,
    headers: HeaderMap,
    peer: Option<std::net::IpAddr>,
    media: Media,
    incoming: Result<Incoming, Refusal>,
    began: Instant,
) -> Response {
    let (operation, operation_type) = match &incoming {
        Ok(Incoming::Text(p)) => (p.request.operation_name.clone(), p.operation_type),
        // Known once the document is looked up: the span keeps the name sent.
        Ok(Incoming::ById { params, .. }) => (params.operation_name.clone(), None),
        Err(_) => (None, None),
    };
    let kind = match operation_type {
        Some(OperationType::Query) => "query",
        Some(OperationType::Mutation) => "mutation",
        Some(OperationType::Subscription) => "subscription",
        None => "",
    };
    let span = tracing::info_span!(
        "graphql",
        trace_id = Empty,
        otel.kind = "server",
        otel.name = span_name(kind, operation.as_deref()),
        otel.status_code = Empty,
        graphql.operation.type = kind,
        graphql.operation.name = operation.as_deref().unwrap_or(""),
        gongzhi.client = Empty,
        http.response.status_code = Empty,
    );
    let trace_id = telemetry::join_trace(&span, &headers);
    let work = async {
        match incoming {
            Ok(incoming) => execute(app, headers, peer, media, incoming).await,
            Err(refusal) => (refusal.into_response(media), Outcome::Rejected, String::new()),
        }
    };
    let (mut res, outcome, subject) = TRACE_ID.scope(trace_id.clone(), work.instrument(span.clone())).await;
    stats::count_request(operation.as_deref(), &subject, outcome, began.elapsed());
    span.record("http.response.status_code", res.status().as_u16());
    if matches!(outcome, Outcome::Error | Outcome::Unavailable) {
        span.record("otel.status_code", "ERROR");
    }
    if let Ok(v) = HeaderValue::from_str(&trace_id) {
        res.headers_mut().insert("x-trace-id", v.clone());
        res.headers_mut().insert("x-request-id", v);
    }
    res
}

/// The name of a request's span, as OpenTelemetry's GraphQL conventions
/// have it: `query Name`, `mutation`, or `GraphQL Operation` before the
/// operation is known.
fn span_name(kind: &str, operation: Option<&str>) -> String {
    match (kind, operation) {
        ("", _) => "GraphQL Operation".to_owned(),
        (kind, Some(name)) if !name.is_empty() => format!("{kind} {name}"),
        (kind, _) => kind.to_owned(),
    }
}

/// What the span says of the caller: a partner client's id, else the
/// kind of subject (`user` or `anonymous`). Never a person's subject.
fn client_of(principal: &Principal) -> String {
    match &principal.client {
        Some(grant) => grant.id.to_string(),
        None if principal.is_anonymous() => stats::ANONYMOUS.to_owned(),
        None => "user".to_owned(),
    }
}

/// Any method but GET (and HEAD) and POST on the GraphQL endpoint.
pub async fn other_method(headers: HeaderMap) -> Response {
    let refusal = Refusal::new(
        StatusCode::METHOD_NOT_ALLOWED,
        code::METHOD_NOT_ALLOWED,
        "GraphQL is served by GET (queries) and POST",
    )
    .with_header(header::ALLOW, "GET, HEAD, POST");
    serve_refusal(refusal, &headers)
}

/// A refusal outside [`serve`], in a span and under a trace id of its own.
fn serve_refusal(refusal: Refusal, headers: &HeaderMap) -> Response {
    let span = tracing::info_span!("graphql", trace_id = Empty, otel.kind = "server");
    let trace_id = telemetry::join_trace(&span, headers);
    let mut res = TRACE_ID.sync_scope(trace_id.clone(), || refusal.into_response(negotiate(headers)));
    if let Ok(v) = HeaderValue::from_str(&trace_id) {
        res.headers_mut().insert("x-trace-id", v);
    }
    res
}

fn post_params(headers: &HeaderMap, body: Result<Bytes, BytesRejection>) -> Result<Params, Refusal> {
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
    let body = body.map_err(body_refusal)?;
    let value: Value = serde_json::from_slice(&body)
        .map_err(|e| Refusal::bad_request(format!("the body is not JSON: {e}")))?;
    match value {
        Value::Object(fields) => Params::from_body(fields),
        Value::Array(_) => Err(Refusal::bad_request("batched requests are not supported")),
        _ => Err(Refusal::bad_request("the body must be a JSON object")),
    }
}

/// The body limit (`DefaultBodyLimit` in the router) shows up here, as a
/// rejection of the body extractor, so that it is answered like every other
/// request error rather than as axum's plain text.
fn body_refusal(rejection: BytesRejection) -> Refusal {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Refusal::new(StatusCode::PAYLOAD_TOO_LARGE, code::LIMIT_EXCEEDED, "the request body is too large")
            .with_limit("body")
    } else {
        Refusal::bad_request(format!("the body could not be read: {}", rejection.body_text()))
    }
}

/// The parameters of one GraphQL request, checked alike whether they came in
/// a POST body or a GET query string.
#[derive(Clone)]
struct Params {
    query: String,
    operation_name: Option<String>,
    variables: Option<Map<String, Value>>,
    /// The trusted document's id, when the caller named one: with the
    /// query, checked to be its hash.
    document_id: Option<DocumentId>,
}

impl Params {
    /// From a POST body's JSON object.
    fn from_body(mut fields: Map<String, Value>) -> Result<Params, Refusal> {
        let query = match fields.remove("query") {
            Some(Value::String(query)) => Some(query),
            None | Some(Value::Null) => None,
            Some(_) => return Err(Refusal::bad_request("`query` must be a string")),
        };
        let operation_name = match fields.remove("operationName") {
            Some(Value::String(name)) => Some(name),
            None | Some(Value::Null) => None,
            Some(_) => return Err(Refusal::bad_request("`operationName` must be a string or null")),
        };
        let variables = map_param("variables", fields.remove("variables"))?;
        let document_id = match fields.remove("documentId") {
            Some(Value::String(id)) => Some(id),
            None | Some(Value::Null) => None,
            Some(_) => return Err(Refusal::bad_request("`documentId` must be a string")),
        };
        let extensions = map_param("extensions", fields.remove("extensions"))?;
        Params::checked(query, operation_name, variables, document_id, extensions)
    }

    /// From a GET query string, where `variables` and `extensions` are JSON text.
    fn from_query_string(mut params: HashMap<String, String>) -> Result<Params, Refusal> {
        let query = params.remove("query");
        let operation_name = params.remove("operationName");
        let variables = map_param("variables", json_param("variables", params.remove("variables"))?)?;
        let extensions = map_param("extensions", json_param("extensions", params.remove("extensions"))?)?;
        Params::checked(query, operation_name, variables, params.remove("documentId"), extensions)
    }

    /// The document is the query's text, or the id of a trusted one
    /// (`documentId`, or APQ's `extensions.persistedQuery`), or both when
    /// the id is the text's hash.
    fn checked(
        query: Option<String>,
        operation_name: Option<String>,
        variables: Option<Map<String, Value>>,
        document_id: Option<String>,
        extensions: Option<Map<String, Value>>,
    ) -> Result<Params, Refusal> {
        let named = document_id
            .map(|id| {
                DocumentId::parse(&id).ok_or_else(|| {
                    Refusal::bad_request("`documentId` must be `sha256:` and 64 hexadecimal digits")
                })
            })
            .transpose()?;
        let persisted = extensions.as_ref().and_then(|x| x.get("persistedQuery")).map(apq_id).transpose()?;
        let document_id = match (named, persisted) {
            (Some(a), Some(b)) if a != b => {
                return Err(Refusal::bad_request("`documentId` and `extensions.persistedQuery` differ"));
            }
            (a, b) => a.or(b),
        };
        let query = match (query, &document_id) {
            (Some(query), Some(id)) if DocumentId::of(&query) != *id => {
                return Err(Refusal::bad_request(
                    "the document's id is not the SHA-256 of the query sent with it",
                ));
            }
            (Some(query), _) => query,
            // Filled in once the caller is known: see `Incoming::ById`.
            (None, Some(_)) => String::new(),
            (None, None) => {
                return Err(Refusal::bad_request("missing the `query` parameter (or a `documentId`)"));
            }
        };
        Ok(Params { query, operation_name, variables, document_id })
    }
}

/// APQ's `{"version": 1, "sha256Hash": "<64 hex>"}`.
fn apq_id(value: &Value) -> Result<DocumentId, Refusal> {
    let bad = || {
        Refusal::bad_request(
            "`extensions.persistedQuery` must be {\"version\": 1, \"sha256Hash\": \"<64 hexadecimal digits>\"}",
        )
    };
    let version = value.get("version").and_then(Value::as_i64);
    let hash = value.get("sha256Hash").and_then(Value::as_str);
    match (version, hash) {
        (Some(1), Some(hash)) => DocumentId::parse(hash).ok_or_else(bad),
        _ => Err(bad()),
    }
}

/// A request as read from HTTP: its document parsed, or only named by an
/// id, to be looked up for the caller once they are known.
enum Incoming {
    Text(Box<Prepared>),
    ById { params: Params, get: bool },
}

impl Incoming {
    fn of(documents: &Documents, params: Params, get: bool) -> Incoming {
        if params.query.is_empty() && params.document_id.is_some() {
            Incoming::ById { params, get }
        } else {
            Incoming::Text(Box::new(prepare(documents, params)))
        }
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

/// A request for async-graphql, its document parsed ahead (or taken from
/// the document cache; async-graphql reuses it) so that we can look at the
/// operation it is to run.
struct Prepared {
    request: async_graphql::Request,
    /// `None` when the document does not parse or names no single operation;
    /// async-graphql then reports that as a request error.
    operation_type: Option<OperationType>,
    /// See [`missing_variables`].
    missing_variables: Vec<ServerError>,
    /// A query's parameters, to run it again if the database was unavailable.
    retry: Option<Params>,
    /// The id the caller sent with the text (checked to be its hash).
    document_id: Option<DocumentId>,
}

fn prepare(documents: &Documents, params: Params) -> Prepared {
    let retry = params.clone();
    let mut prepared = prepare_once(documents, params);
    if prepared.operation_type == Some(OperationType::Query) {
        prepared.retry = Some(retry);
    }
    prepared
}

fn prepare_once(documents: &Documents, params: Params) -> Prepared {
    let document_id = params.document_id;
    let mut request = async_graphql::Request::new(params.query);
    request.operation_name = params.operation_name;
    if let Some(vars) = params.variables {
        request.variables = Variables::from_json(Value::Object(vars));
    }
    let Some(parsed) = documents.parse(&request.query) else {
        return Prepared {
            request,
            operation_type: None,
            missing_variables: Vec::new(),
            retry: None,
            document_id,
        };
    };
    let operation = chosen_operation(&parsed.document, request.operation_name.as_deref());
    let operation_type = operation.map(|op| op.ty);
    let missing_variables = operation.map(|op| missing_variables(op, &request.variables)).unwrap_or_default();
    // A document validated before is checked again only for what the
    // variables change (see `documents.rs`).
    if parsed.validated {
        request.set_validated_query(parsed.document);
    } else {
        request.set_parsed_query(parsed.document);
    }
    Prepared {
        request: request.data(parsed.facts),
        operation_type,
        missing_variables,
        retry: None,
        document_id,
    }
}

/// The operation async-graphql will run: the one named, or the only one.
fn chosen_operation<'d>(doc: &'d ExecutableDocument, name: Option<&str>) -> Option<&'d OperationDefinition> {
    let mut operations = doc.operations.iter();
    let (_, op) = match name {
        Some(name) => operations.find(|(n, _)| n.is_some_and(|n| n.as_str() == name))?,
        None => match (operations.next(), operations.next()) {
            (Some(only), None) => only,
            _ => return None,
        },
    };
    Some(&op.node)
}

/// Required variables (non-null, no default) the client left out. The spec
/// makes them a request error (CoerceVariableValues), but async-graphql's
/// validation checks only the values that were sent and finds a missing one
/// when a resolver reads it, as a field error.
fn missing_variables(op: &OperationDefinition, variables: &Variables) -> Vec<ServerError> {
    op.variable_definitions
        .iter()
        .filter(|def| def.node.default_value().is_none() && !variables.contains_key(&def.node.name.node))
        .map(|def| {
            let (name, ty) = (&def.node.name.node, &def.node.var_type.node);
            let mut e =
                ServerError::new(format!("the variable ${name} of type {ty} is required"), Some(def.pos));
            e.extensions.get_or_insert_with(Default::default).set("code", code::BAD_USER_INPUT);
            e
        })
        .collect()
}

/// Only queries may travel by GET: a GET must be safe to repeat and to
/// prefetch.
fn only_queries(prepared: Prepared) -> Result<Prepared, Refusal> {
    match prepared.operation_type {
        Some(OperationType::Query) | None => Ok(prepared),
        Some(_) => Err(Refusal::new(
            StatusCode::METHOD_NOT_ALLOWED,
            code::METHOD_NOT_ALLOWED,
            "mutations and subscriptions must be sent by POST",
        )
        .with_header(header::ALLOW, "POST")),
    }
}

async fn execute<E: Executor>(
    app: E,
    headers: HeaderMap,
    peer: Option<std::net::IpAddr>,
    media: Media,
    incoming: Incoming,
) -> (Response, Outcome, String) {
    let trace_id = telemetry::current_trace_id();
    let principal = match app.authenticate(&headers).await {
        Ok(p) => p,
        Err(e) if e.is_unavailable() => {
            return (failed_before_execution(e, media), Outcome::Unavailable, String::new());
        }
        Err(e) => {
            return (Refusal::unauthenticated(e).into_response(media), Outcome::Rejected, String::new());
        }
    };
    tracing::Span::current().record("gongzhi.client", client_of(&principal).as_str());
    let subject = principal.subject.clone();
    if let Err(wait) = app.admit(&principal, peer) {
        stats::count_rate_limited(&subject);
        return (Refusal::rate_limited(wait).into_response(media), Outcome::Rejected, subject);
    }
    let prepared = match trusted(&app, &principal, incoming).await {
        Ok(prepared) => prepared,
        Err(Err(e)) => {
            let outcome = if e.is_unavailable() { Outcome::Unavailable } else { Outcome::Error };
            return (failed_before_execution(e, media), outcome, subject);
        }
        Err(Ok(refusal)) => return (refusal.into_response(media), Outcome::Rejected, subject),
    };
    let Prepared { request, missing_variables, retry, .. } = prepared;
    let operation = request.operation_name.clone();
    let preflight = Arc::new(Preflight { missing_variables, started: AtomicBool::new(false) });
    let retry = retry.map(|params| (params, principal.clone()));
    let executed = app.execute(request.data(preflight.clone()), principal, trace_id.clone(), false).await;
    let (mut response, mut statements) = (executed.response, executed.statements);
    let mut started = preflight.started.load(Ordering::Relaxed);
    if let Some((params, principal)) = retry.filter(|_| started && unavailable(&response)) {
        tracing::info!("the database was unavailable; running the query once more on a live connection");
        let Prepared { request, missing_variables, .. } = prepare_once(app.documents(), params);
        let preflight = Arc::new(Preflight { missing_variables, started: AtomicBool::new(false) });
        let executed = app.execute(request.data(preflight.clone()), principal, trace_id.clone(), true).await;
        (response, statements) = (executed.response, statements + executed.statements);
        started = preflight.started.load(Ordering::Relaxed);
    }
    if started {
        stats::count_statements(operation.as_deref(), statements);
    }
    let outcome = match (started, response.errors.is_empty()) {
        (false, _) => Outcome::Rejected,
        (true, true) => Outcome::Ok,
        (true, false) if unavailable(&response) => Outcome::Unavailable,
        (true, false) => Outcome::Error,
    };
    (graphql_response(media, response, started), outcome, subject)
}

/// The request's document, by what the caller may run (see `trusted.rs`):
/// - a document named by id is looked up, first among the texts callers
///   sent with their hash (not for trusted-documents-only clients), then
///   among the trusted documents the caller may use;
/// - a text sent with its hash is remembered for APQ's next round;
/// - a trusted-documents-only client's text must be one registered for it.
///
/// The error is a refusal, or a failure of the lookup.
async fn trusted<E: Executor>(
    app: &E,
    principal: &Principal,
    incoming: Incoming,
) -> Result<Prepared, Result<Refusal, crate::error::Error>> {
    let only_trusted = principal.client.as_ref().is_some_and(|c| c.trusted_documents_only);
    match incoming {
        Incoming::Text(prepared) => {
            if only_trusted {
                let id =
                    prepared.document_id.clone().unwrap_or_else(|| DocumentId::of(&prepared.request.query));
                if app.trusted_document(principal, &id).await.map_err(Err)?.is_none() {
                    return Err(Ok(Refusal::new(
                        StatusCode::FORBIDDEN,
                        code::FORBIDDEN,
                        "this client runs trusted documents only, and this document is not one of its own: \
                         have it registered (registerTrustedDocuments) and send its documentId",
                    )));
                }
            } else if let Some(id) = &prepared.document_id {
                app.documents().remember(id.clone(), &prepared.request.query);
            }
            Ok(*prepared)
        }
        Incoming::ById { mut params, get } => {
            let id = params.document_id.clone().expect("an id is what makes a request ById");
            let remembered = if only_trusted { None } else { app.documents().recall(&id) };
            let text = match remembered {
                Some(text) => Some(text.to_string()),
                None => app.trusted_document(principal, &id).await.map_err(Err)?,
            };
            let Some(text) = text else {
                return Err(Ok(Refusal::new(
                    StatusCode::NOT_FOUND,
                    code::PERSISTED_QUERY_NOT_FOUND,
                    format!("no trusted document {} is known for this caller: send its text", id.as_str()),
                )));
            };
            params.query = text;
            let prepared = prepare(app.documents(), params);
            if get { only_queries(prepared).map_err(Ok) } else { Ok(prepared) }
        }
    }
}

/// Seconds a client is asked to wait before it retries an `UNAVAILABLE`.
pub const RETRY_AFTER_SECONDS: &str = "2";

/// The database failed us before execution (to authenticate the caller,
/// or to look their document up): a request error, coded and answered like
/// the executed ones; 503 and `Retry-After` when it was out of reach.
fn failed_before_execution(e: crate::error::Error, media: Media) -> Response {
    let unavailable = e.is_unavailable();
    let e = async_graphql::Error::from(e);
    let mut error = ServerError::new(e.message, None);
    error.extensions = e.extensions;
    let error = with_trace_id(error);
    let status =
        if unavailable { StatusCode::SERVICE_UNAVAILABLE } else { StatusCode::INTERNAL_SERVER_ERROR };
    let mut res = json_response(media, status, &RequestErrors { errors: &[error] });
    if unavailable {
        res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER_SECONDS));
    }
    res
}

/// Whether an error of the response says the database was out of reach.
fn unavailable(response: &async_graphql::Response) -> bool {
    response.errors.iter().any(|e| {
        e.extensions
            .as_ref()
            .and_then(|x| x.get("code"))
            .is_some_and(|c| matches!(c, async_graphql::Value::String(c) if c == code::UNAVAILABLE))
    })
}

/// Frames what async-graphql answered. Whether execution started decides it,
/// not whether `data` came back null: a non-null field's error nulls `data`
/// too, yet that is a field error of a well-formed request.
fn graphql_response(media: Media, mut response: async_graphql::Response, executed: bool) -> Response {
    if executed {
        response.errors = std::mem::take(&mut response.errors)
            .into_iter()
            // Our own errors are coded where they are made; what is left is
            // async-graphql refusing an argument or variable value.
            .map(|e| with_trace_id(coded(e, code::BAD_USER_INPUT)))
            .collect();
        if unavailable(&response) {
            let mut res = json_response(media, StatusCode::SERVICE_UNAVAILABLE, &response);
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER_SECONDS));
            return res;
        }
        return json_response(media, StatusCode::OK, &response);
    }
    // Parse, validation and limit errors are coded by `limits`, missing
    // variables where they are found; what is left is the choice of
    // operation (an unknown or missing operation name).
    let errors: Vec<_> =
        response.errors.into_iter().map(|e| with_trace_id(coded(e, code::BAD_REQUEST))).collect();
    let status = match media {
        Media::GraphqlResponse => StatusCode::BAD_REQUEST,
        Media::Json => StatusCode::OK,
    };
    json_response(media, status, &RequestErrors { errors: &errors })
}

/// `error` with the request's trace id in `extensions.traceId`, where the
/// error does not carry it yet.
fn with_trace_id(mut error: ServerError) -> ServerError {
    let extensions = error.extensions.get_or_insert_with(Default::default);
    if extensions.get("traceId").is_none() {
        extensions.set("traceId", telemetry::current_trace_id());
    }
    error
}

/// The body of a request error: errors and no `data`.
#[derive(serde::Serialize)]
struct RequestErrors<'a> {
    errors: &'a [ServerError],
}

/// What the handler and [`ExecutionStart`] share about one request, through
/// its data.
struct Preflight {
    /// Required variables the client left out: a request error, answered
    /// where execution would start, so after parsing and validation as the
    /// spec orders them.
    missing_variables: Vec<ServerError>,
    /// Set once execution has started.
    started: AtomicBool,
}

/// The schema extension at the start of execution. async-graphql calls an
/// extension's `execute` only once the request is parsed, validated and its
/// operation chosen, and answers every failure before that with errors
/// alone, which the response does not tell apart from a field error that
/// nulled `data`. So here is where we learn that execution started.
pub struct ExecutionStart;

impl ExtensionFactory for ExecutionStart {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ExecutionStart)
    }
}

#[async_trait::async_trait]
impl Extension for ExecutionStart {
    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> async_graphql::Response {
        if ctx.data_opt::<super::trusted::DryRun>().is_some() {
            // A registration's check: parsed, validated, limited; nothing runs.
            return async_graphql::Response::new(async_graphql::Value::Null);
        }
        let Some(preflight) = ctx.data_opt::<Arc<Preflight>>() else {
            return next.run(ctx, operation_name).await;
        };
        if !preflight.missing_variables.is_empty() {
            return async_graphql::Response::from_errors(preflight.missing_variables.clone());
        }
        preflight.started.store(true, Ordering::Relaxed);
        next.run(ctx, operation_name).await
    }

    // Nothing per field: see `vendor/async-graphql/PATCHES.md`, point 7.
    fn resolves_fields(&self) -> bool {
        false
    }
}

/// The body written in one pass from what it is made of: for an executed
/// request, async-graphql's `Response` (its `data` is the execution's
/// `ConstValue` tree, objects as `IndexMap`s in selection order), through
/// serde straight into the bytes, with no `serde_json::Value` between.
fn json_response(media: Media, status: StatusCode, body: &impl serde::Serialize) -> Response {
    let content_type = match media {
        Media::GraphqlResponse => GRAPHQL_RESPONSE,
        Media::Json => JSON,
    };
    let mut bytes = Vec::with_capacity(8 * 1024);
    if serde_json::to_writer(&mut bytes, body).is_err() {
        bytes = b"{\"errors\":[{\"message\":\"internal error\"}]}".to_vec();
    }
    (status, [(header::CONTENT_TYPE, content_type)], bytes).into_response()
}

/// A request refused before GraphQL execution: one coded error, a status,
/// perhaps a header. Its body is a GraphQL response without `data`, in
/// whichever media type the client accepts.
struct Refusal {
    status: StatusCode,
    code: &'static str,
    message: String,
    limit: Option<&'static str>,
    /// Boxed: a `Refusal` travels in every `Result` of this file.
    header: Option<Box<(HeaderName, HeaderValue)>>,
}

impl Refusal {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Refusal {
        Refusal { status, code, message: message.into(), limit: None, header: None }
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

    /// Over the caller's rate limit: 429 and when to come back (whole
    /// seconds, rounded up).
    fn rate_limited(wait: std::time::Duration) -> Refusal {
        let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        let mut r = Refusal::new(
            StatusCode::TOO_MANY_REQUESTS,
            code::RATE_LIMITED,
            format!("too many requests: try again in {seconds} s"),
        );
        r.header = Some(Box::new((header::RETRY_AFTER, HeaderValue::from(seconds.max(1)))));
        r
    }

    /// Names the limit of a `LIMIT_EXCEEDED`, like the query limits do.
    fn with_limit(mut self, limit: &'static str) -> Refusal {
        self.limit = Some(limit);
        self
    }

    fn with_header(mut self, name: HeaderName, value: &'static str) -> Refusal {
        self.header = Some(Box::new((name, HeaderValue::from_static(value))));
        self
    }

    fn into_response(self, media: Media) -> Response {
        let mut e = ServerError::new(self.message, None);
        let extensions = e.extensions.get_or_insert_with(Default::default);
        extensions.set("code", self.code);
        if let Some(limit) = self.limit {
            extensions.set("limit", limit);
        }
        let e = with_trace_id(e);
        let mut res = json_response(media, self.status, &RequestErrors { errors: &[e] });
        if let Some(h) = self.header {
            let (name, value) = *h;
            res.headers_mut().insert(name, value);
        }
        res
    }
}
