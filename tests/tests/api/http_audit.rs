//! The server audit of the npm package `graphql-http` (1.23, `auditServer`,
//! src/audits/server.ts), item by item, without node: one row per audit item
//! with its id and name as the audit gives them, the request it sends, and
//! what we answer, which is stricter than what the audit asserts (an exact
//! status where it allows a range, the media type, the body's shape and
//! error code). The audit counts MUST, SHOULD and MAY alike here: every item
//! is to pass.
//!
//! The audit is run as a signed-in client: several items ask for
//! `__type(name:)`, and by default anonymous callers may not introspect.
//!
//! A second table holds checks of our own that the audit leaves out: the
//! same parameter rules for GET, and real validation and variable coercion
//! failures (the audit's "validation failure" document does not parse, and
//! its "coercion failure" is an unused variable, a validation error).

use gongzhi_tests::{R, TestApp};
use serde_json::{Value, json};

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";
const JSON: &str = "application/json";

/// One request of the audit.
enum Request {
    Post { content_type: Option<&'static str>, accept: Option<&'static str>, body: Option<String> },
    Get { accept: Option<&'static str>, params: Vec<(&'static str, String)> },
}

/// A JSON POST with this body and no `Accept` header.
fn post(body: Value) -> Request {
    post_raw(body.to_string())
}

fn post_raw(body: impl Into<String>) -> Request {
    Request::Post { content_type: Some(JSON), accept: None, body: Some(body.into()) }
}

fn get(params: &[(&'static str, &str)]) -> Request {
    Request::Get { accept: None, params: params.iter().map(|(k, v)| (*k, v.to_string())).collect() }
}

impl Request {
    fn accept(mut self, media: &'static str) -> Request {
        match &mut self {
            Request::Post { accept, .. } | Request::Get { accept, .. } => *accept = Some(media),
        }
        self
    }

    fn content_type(mut self, media: Option<&'static str>) -> Request {
        if let Request::Post { content_type, .. } = &mut self {
            *content_type = media;
        }
        self
    }

    fn without_body(mut self) -> Request {
        if let Request::Post { body, .. } = &mut self {
            *body = None;
        }
        self
    }
}

/// What the body must look like.
enum Shape {
    /// An execution result with `data` and no `errors`.
    Data,
    /// A request error: no `data` entry, errors whose first has this code.
    RequestError(&'static str),
}

struct Check {
    id: &'static str,
    name: &'static str,
    request: Request,
    status: u16,
    media: &'static str,
    shape: Shape,
}

fn check(
    id: &'static str,
    name: &'static str,
    request: Request,
    status: u16,
    media: &'static str,
    shape: Shape,
) -> Check {
    Check { id, name, request, status, media, shape }
}

/// Answered 200 with data, in this media type.
fn ok(id: &'static str, name: &'static str, request: Request, media: &'static str) -> Check {
    check(id, name, request, 200, media, Shape::Data)
}

/// `{ query: "{ __typename }", [key]: value }`
fn typename_with(key: &str, value: Value) -> Value {
    let mut body = json!({ "query": "{ __typename }" });
    body[key] = value;
    body
}

const TYPENAME: &str = "{ __typename }";
const TYPE_BY_NAME: &str = "query Type($name: String!) { __type(name: $name) { name } }";
const NOT_A_FIELD: &str = "{ 8f31403dfe404bccbb0e835f2629c6a7 }";
const COERCE_FAILURE: &str = "query CoerceFailure($id: ID!){ __typename }";

/// The audit's items in its order; 61 in all.
fn audit() -> Vec<Check> {
    use Shape::RequestError;
    let typename = || post(json!({ "query": TYPENAME }));
    let invalid = || [json!({ "obj": "ect" }), json!(0), json!(false), json!(["array"])];
    let not_maps = || [json!("string"), json!(0), json!(false), json!(["array"])];
    let mut checks = vec![
        // Media types
        ok(
            "22EB",
            "SHOULD accept application/graphql-response+json and match the content-type",
            typename().accept(GRAPHQL_RESPONSE),
            GRAPHQL_RESPONSE,
        ),
        ok("4655", "MUST accept application/json and match the content-type", typename().accept(JSON), JSON),
        ok(
            "47DE",
            "SHOULD accept */* and use application/json for the content-type",
            typename().accept("*/*"),
            JSON,
        ),
        ok("80D8", "SHOULD assume application/json content-type when accept is missing", typename(), JSON),
        ok("82A3", "MUST use utf-8 encoding when responding", typename(), JSON),
        ok(
            "BF61",
            "MUST accept utf-8 encoded request",
            post(json!({ "query": "{ __type(name: \"Run🏃Swim🏊\") { name } }" }))
                .content_type(Some("application/json; charset=utf-8")),
            JSON,
        ),
        ok("78D5", "MUST assume utf-8 in request if encoding is unspecified", typename(), JSON),
        // Request
        ok("2C94", "MUST accept POST requests", typename(), JSON),
        ok(
            "5A70",
            "MAY accept application/x-www-form-urlencoded formatted GET requests",
            get(&[("query", TYPENAME)]),
            JSON,
        ),
        // Request GET
        check(
            "9C48",
            "MAY NOT allow executing mutations on GET requests",
            get(&[("query", "mutation { __typename }")]).accept(GRAPHQL_RESPONSE),
            405,
            GRAPHQL_RESPONSE,
            RequestError("METHOD_NOT_ALLOWED"),
        ),
        // Request POST
        check(
            "9ABE",
            "SHOULD respond with 4xx status code if content-type is not supplied on POST requests",
            typename().content_type(None),
            415,
            JSON,
            RequestError("BAD_REQUEST"),
        ),
        ok("03D4", "MUST accept application/json POST requests", typename(), JSON),
        check(
            "A5BF",
            "MAY use 400 status code when request body is missing on POST",
            typename().without_body(),
            400,
            JSON,
            RequestError("BAD_REQUEST"),
        ),
        // Request parameters
        check(
            "423L",
            "MAY use 400 status code on missing {query} parameter",
            post(json!({ "notquery": TYPENAME })).accept(GRAPHQL_RESPONSE),
            400,
            GRAPHQL_RESPONSE,
            RequestError("BAD_REQUEST"),
        ),
    ];
    let lkj = ["LKJ0", "LKJ1", "LKJ2", "LKJ3"];
    let lkj_names = [
        "MAY use 400 status code on object {query} parameter",
        "MAY use 400 status code on number {query} parameter",
        "MAY use 400 status code on boolean {query} parameter",
        "MAY use 400 status code on array {query} parameter",
    ];
    for ((id, name), value) in lkj.into_iter().zip(lkj_names).zip(invalid()) {
        checks.push(check(id, name, post(json!({ "query": value })), 400, JSON, RequestError("BAD_REQUEST")));
    }
    checks.extend([
        ok(
            "34A2",
            "SHOULD allow string {query} parameter when accepting application/graphql-response+json",
            typename().accept(GRAPHQL_RESPONSE),
            GRAPHQL_RESPONSE,
        ),
        ok(
            "13EE",
            "MUST allow string {query} parameter when accepting application/json",
            typename().accept(JSON),
            JSON,
        ),
    ]);
    let c60 = ["6C00", "6C01", "6C02", "6C03"];
    let c60_names = [
        "MAY use 400 status code on object {operationName} parameter",
        "MAY use 400 status code on number {operationName} parameter",
        "MAY use 400 status code on boolean {operationName} parameter",
        "MAY use 400 status code on array {operationName} parameter",
    ];
    for ((id, name), value) in c60.into_iter().zip(c60_names).zip(invalid()) {
        let body = typename_with("operationName", value);
        checks.push(check(id, name, post(body), 400, JSON, RequestError("BAD_REQUEST")));
    }
    let named = || post(json!({ "operationName": "Query", "query": "query Query { __typename }" }));
    checks.extend([
        ok(
            "8161",
            "SHOULD allow string {operationName} parameter when accepting application/graphql-response+json",
            named().accept(GRAPHQL_RESPONSE),
            GRAPHQL_RESPONSE,
        ),
        ok(
            "B8B3",
            "MUST allow string {operationName} parameter when accepting application/json",
            named().accept(JSON),
            JSON,
        ),
    ]);
    let nulls =
        [("variables", "94B0", "0220"), ("operationName", "94B1", "0221"), ("extensions", "94B2", "0222")];
    let null_names = [
        (
            "SHOULD allow null {variables} parameter when accepting application/graphql-response+json",
            "MUST allow null {variables} parameter when accepting application/json",
        ),
        (
            "SHOULD allow null {operationName} parameter when accepting application/graphql-response+json",
            "MUST allow null {operationName} parameter when accepting application/json",
        ),
        (
            "SHOULD allow null {extensions} parameter when accepting application/graphql-response+json",
            "MUST allow null {extensions} parameter when accepting application/json",
        ),
    ];
    for ((parameter, should, must), (should_name, must_name)) in nulls.into_iter().zip(null_names) {
        let body = || post(typename_with(parameter, Value::Null));
        checks.push(ok(should, should_name, body().accept(GRAPHQL_RESPONSE), GRAPHQL_RESPONSE));
        checks.push(ok(must, must_name, body().accept(JSON), JSON));
    }
    let v476 = ["4760", "4761", "4762", "4763"];
    let v476_names = [
        "MAY use 400 status code on string {variables} parameter",
        "MAY use 400 status code on number {variables} parameter",
        "MAY use 400 status code on boolean {variables} parameter",
        "MAY use 400 status code on array {variables} parameter",
    ];
    for ((id, name), value) in v476.into_iter().zip(v476_names).zip(not_maps()) {
        let body = typename_with("variables", value);
        checks.push(check(id, name, post(body), 400, JSON, RequestError("BAD_REQUEST")));
    }
    let with_variables = || post(json!({ "query": TYPE_BY_NAME, "variables": { "name": "sometype" } }));
    let get_with_variables = || get(&[("query", TYPE_BY_NAME), ("variables", r#"{"name":"sometype"}"#)]);
    checks.extend([
        ok(
            "2EA1",
            "SHOULD allow map {variables} parameter when accepting application/graphql-response+json",
            with_variables().accept(GRAPHQL_RESPONSE),
            GRAPHQL_RESPONSE,
        ),
        ok(
            "28B9",
            "MUST allow map {variables} parameter when accepting application/json",
            with_variables().accept(JSON),
            JSON,
        ),
        ok(
            "D6D5",
            "MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/graphql-response+json",
            get_with_variables().accept(GRAPHQL_RESPONSE),
            GRAPHQL_RESPONSE,
        ),
        ok(
            "6A70",
            "MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/json",
            get_with_variables().accept(JSON),
            JSON,
        ),
    ]);
    let e58 = ["58B0", "58B1", "58B2", "58B3"];
    let e58_names = [
        "MAY use 400 status code on string {extensions} parameter",
        "MAY use 400 status code on number {extensions} parameter",
        "MAY use 400 status code on boolean {extensions} parameter",
        "MAY use 400 status code on array {extensions} parameter",
    ];
    for ((id, name), value) in e58.into_iter().zip(e58_names).zip(not_maps()) {
        let body = typename_with("extensions", value);
        checks.push(check(id, name, post(body), 400, JSON, RequestError("BAD_REQUEST")));
    }
    let with_extensions = || post(typename_with("extensions", json!({ "some": "value" })));
    let not_json = || post_raw(r#"{ "not a JSON"#);
    let typo = || post(json!({ "qeury": TYPENAME }));
    checks.extend([
        ok(
            "428F",
            "SHOULD allow map {extensions} parameter when accepting application/graphql-response+json",
            with_extensions().accept(GRAPHQL_RESPONSE),
            GRAPHQL_RESPONSE,
        ),
        ok(
            "1B7A",
            "MUST allow map {extensions} parameter when accepting application/json",
            with_extensions().accept(JSON),
            JSON,
        ),
        check(
            "B6DC",
            "MAY use 2xx, 4xx, or 5xx status codes on JSON parsing failure when accepting application/json",
            not_json().accept(JSON),
            400,
            JSON,
            RequestError("BAD_REQUEST"),
        ),
        check(
            "BCF8",
            "SHOULD use 400 status code on JSON parsing failure when accepting application/json",
            not_json().accept(JSON),
            400,
            JSON,
            RequestError("BAD_REQUEST"),
        ),
        check(
            "B7N8",
            "SHOULD use 400 status code on JSON parsing failure when accepting application/graphql-response+json",
            not_json().accept(GRAPHQL_RESPONSE),
            400,
            GRAPHQL_RESPONSE,
            RequestError("BAD_REQUEST"),
        ),
        check(
            "8764",
            "MAY use 4xx or 5xx status codes if parameters are invalid",
            typo(),
            400,
            JSON,
            RequestError("BAD_REQUEST"),
        ),
        check(
            "3E3A",
            "MAY use 400 status code if parameters are invalid",
            typo(),
            400,
            JSON,
            RequestError("BAD_REQUEST"),
        ),
    ]);
    // Response application/json: request errors are 200.
    let unparsable = || post(json!({ "query": "{" }));
    let not_a_field = || post(json!({ "query": NOT_A_FIELD }));
    let coerce_failure = || post(json!({ "query": COERCE_FAILURE, "variables": { "id": null } }));
    checks.extend([
        check(
            "572B",
            "SHOULD use 200 status code on document parsing failure when accepting application/json",
            unparsable().accept(JSON),
            200,
            JSON,
            RequestError("GRAPHQL_PARSE_FAILED"),
        ),
        // A name cannot start with a digit: this "validation failure" does not parse.
        check(
            "FDE2",
            "SHOULD use 200 status code on document validation failure when accepting application/json",
            not_a_field().accept(JSON),
            200,
            JSON,
            RequestError("GRAPHQL_PARSE_FAILED"),
        ),
        // `$id` is unused, which validation reports before any coercion.
        check(
            "7B9B",
            "SHOULD use a status code of 200 on variable coercion failure when accepting application/json",
            coerce_failure().accept(JSON),
            200,
            JSON,
            RequestError("GRAPHQL_VALIDATION_FAILED"),
        ),
    ]);
    // Response application/graphql-response+json: request errors are 400.
    let rows = [
        (
            "865D",
            "SHOULD use 4xx or 5xx status codes on document parsing failure when accepting application/graphql-response+json",
            unparsable(),
            "GRAPHQL_PARSE_FAILED",
        ),
        (
            "556A",
            "SHOULD use 400 status code on document parsing failure when accepting application/graphql-response+json",
            unparsable(),
            "GRAPHQL_PARSE_FAILED",
        ),
        (
            "D586",
            "SHOULD not contain the data entry on document parsing failure when accepting application/graphql-response+json",
            unparsable(),
            "GRAPHQL_PARSE_FAILED",
        ),
        (
            "51FE",
            "SHOULD use 4xx or 5xx status codes on document validation failure when accepting application/graphql-response+json",
            not_a_field(),
            "GRAPHQL_PARSE_FAILED",
        ),
        (
            "74FF",
            "SHOULD use 400 status code on document validation failure when accepting application/graphql-response+json",
            not_a_field(),
            "GRAPHQL_PARSE_FAILED",
        ),
        (
            "5E5B",
            "SHOULD not contain the data entry on document validation failure when accepting application/graphql-response+json",
            not_a_field(),
            "GRAPHQL_PARSE_FAILED",
        ),
        (
            "86EE",
            "SHOULD use a status code of 400 on variable coercion failure when accepting application/graphql-response+json",
            coerce_failure(),
            "GRAPHQL_VALIDATION_FAILED",
        ),
    ];
    for (id, name, request, code) in rows {
        checks.push(check(
            id,
            name,
            request.accept(GRAPHQL_RESPONSE),
            400,
            GRAPHQL_RESPONSE,
            RequestError(code),
        ));
    }
    checks
}

/// What the audit leaves out.
fn beyond_the_audit() -> Vec<Check> {
    use Shape::RequestError;
    let mut checks = Vec::new();
    for parameter in ["variables", "extensions"] {
        for text in ["\"string\"", "0", "false", "[\"array\"]", "{ not json"] {
            let request = get(&[("query", TYPENAME), (parameter, text)]).accept(GRAPHQL_RESPONSE);
            let name = "a GET's variables and extensions are maps too";
            checks.push(check("GET", name, request, 400, GRAPHQL_RESPONSE, RequestError("BAD_REQUEST")));
        }
        let request = get(&[("query", TYPENAME), (parameter, "null")]);
        checks.push(ok("GET", "a GET may send null variables and extensions", request, JSON));
    }
    let no_such_field = || post(json!({ "query": "{ noSuchField }" }));
    let missing_variable = || post(json!({ "query": "query($id: ID!) { node(id: $id) { id } }" }));
    let wrong_variable = || {
        post(
            json!({ "query": "query($n: Int) { areas(first: $n) { totalCount } }", "variables": { "n": "many" } }),
        )
    };
    for (media, status) in [(GRAPHQL_RESPONSE, 400), (JSON, 200)] {
        checks.extend([
            check(
                "VALIDATION",
                "a document that parses but does not validate",
                no_such_field().accept(media),
                status,
                media,
                RequestError("GRAPHQL_VALIDATION_FAILED"),
            ),
            check(
                "COERCION",
                "a required variable left out",
                missing_variable().accept(media),
                status,
                media,
                RequestError("BAD_USER_INPUT"),
            ),
            check(
                "COERCION",
                "a variable of the wrong type",
                wrong_variable().accept(media),
                status,
                media,
                RequestError("GRAPHQL_VALIDATION_FAILED"),
            ),
        ]);
    }
    checks
}

/// Send a check's request; the first way the answer differs from it.
async fn verify(app: &TestApp, token: &str, check: &Check) -> Result<(), String> {
    let url = app.url("/graphql");
    let request = match &check.request {
        Request::Post { content_type, accept, body } => {
            let mut r = app.client.post(url).bearer_auth(token);
            if let Some(c) = content_type {
                r = r.header("content-type", *c);
            }
            if let Some(a) = accept {
                r = r.header("accept", *a);
            }
            if let Some(b) = body {
                r = r.body(b.clone());
            }
            r
        }
        Request::Get { accept, params } => {
            let mut r = app.client.get(url).bearer_auth(token).query(params);
            if let Some(a) = accept {
                r = r.header("accept", *a);
            }
            r
        }
    };
    let res = request.send().await.map_err(|e| format!("no answer: {e}"))?;
    let status = res.status().as_u16();
    let media = res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let bytes = res.bytes().await.map_err(|e| format!("no body: {e}"))?;
    let text = std::str::from_utf8(&bytes).map_err(|_| "the body is not UTF-8".to_owned())?;
    let body: Value = serde_json::from_str(text).map_err(|_| format!("the body is not JSON: {text}"))?;
    if status != check.status {
        return Err(format!("status {status}, expected {}: {body}", check.status));
    }
    if media != check.media {
        return Err(format!("content-type {media:?}, expected {:?}", check.media));
    }
    match check.shape {
        Shape::Data => {
            if !body["data"].is_object() || body.get("errors").is_some() {
                return Err(format!("expected data and no errors: {body}"));
            }
        }
        Shape::RequestError(code) => {
            if body.get("data").is_some() {
                return Err(format!("a request error has no data entry: {body}"));
            }
            let errors = body["errors"].as_array().filter(|e| !e.is_empty());
            let Some(errors) = errors else {
                return Err(format!("expected errors: {body}"));
            };
            if errors.iter().any(|e| !e["message"].is_string() || !e["extensions"]["code"].is_string()) {
                return Err(format!("every error has a message and a code: {body}"));
            }
            if errors[0]["extensions"]["code"] != code {
                return Err(format!("code {}, expected {code}: {body}", errors[0]["extensions"]["code"]));
            }
        }
    }
    Ok(())
}

async fn verify_all(checks: &[Check]) {
    let app = TestApp::spawn().await;
    let token = app.token(&[R::Resident], None, None, &[]);
    let mut failures = Vec::new();
    for check in checks {
        if let Err(why) = verify(&app, &token, check).await {
            failures.push(format!("{} {}: {why}", check.id, check.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} checks failed:\n{}",
        failures.len(),
        checks.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn every_graphql_http_audit_item_passes() {
    let checks = audit();
    let mut ids: Vec<_> = checks.iter().map(|c| c.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!((checks.len(), ids.len()), (61, 61), "one row per audit item");
    verify_all(&checks).await;
}

#[tokio::test]
async fn the_rules_the_audit_leaves_out_hold_too() {
    verify_all(&beyond_the_audit()).await;
}
