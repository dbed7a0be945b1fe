//! Stories of the caches: parsed and validated documents by their text,
//! verified tokens by the whole token. Nothing in them belongs to a caller,
//! so the same document answers each caller in their own scope, and whatever
//! depends on the caller or the variables is checked at every request: a
//! refusal the second time is the refusal of the first time, word for word,
//! and the same as on a server that caches nothing.

use gongzhi_server::config::{Config, Limits};
use gongzhi_server::seed::Scale;
use gongzhi_tests::{R, TestApp};
use serde_json::{Value, json};

/// POST with `application/graphql-response+json`, so that request errors
/// get their 4xx; the status and the body.
async fn post(app: &TestApp, token: Option<&str>, query: &str, variables: Value) -> (u16, Value) {
    let mut req = app
        .client
        .post(app.url("/graphql"))
        .header("accept", "application/graphql-response+json")
        .json(&json!({ "query": query, "variables": variables }));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.expect("the server answers");
    let status = res.status().as_u16();
    // Every error carries its request's own trace id: the rest must match.
    let mut body: Value = res.json().await.expect("a JSON body");
    for error in body.get_mut("errors").and_then(Value::as_array_mut).into_iter().flatten() {
        if let Some(x) = error.get_mut("extensions").and_then(Value::as_object_mut) {
            x.remove("traceId");
        }
    }
    (status, body)
}

fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"].as_str().unwrap_or_default()
}

/// A server that caches no document, to compare answers with.
fn without_document_cache(limits: Limits) -> Limits {
    Limits { document_cache_size: 0, ..limits }
}

const PEOPLE: &str = "{ people(first: 100) { totalCount nodes { id name } } }";

#[tokio::test]
async fn the_same_document_answers_each_caller_in_their_own_scope() {
    let (app, _) = TestApp::seeded(Scale::small(2)).await;
    let grids = app.data(None, "{ areas(kind: GRID, first: 2) { nodes { id } } }", json!({})).await;
    let grid = |i: usize| TestApp::uuid_of(&grids["areas"]["nodes"][i]["id"]);
    let one = app.token(&[R::GridWorker], Some(grid(0)), None, &[]);
    let two = app.token(&[R::GridWorker], Some(grid(1)), None, &[]);

    // What each sees through texts of their own (another text is another
    // cache entry).
    let own = |n: usize| format!("{}{PEOPLE}", " ".repeat(n));
    let seen_by_one = app.data(Some(&one), &own(1), json!({})).await;
    let seen_by_two = app.data(Some(&two), &own(2), json!({})).await;
    assert_ne!(seen_by_one, seen_by_two, "two grids, two sets of people");
    for seen in [&seen_by_one, &seen_by_two] {
        assert!(seen["people"]["totalCount"].as_i64().unwrap() > 0, "{seen}");
    }

    // One text, sent by both in turn: parsed once, each answer the caller's own.
    let cached_before = app.state.documents.len();
    for _ in 0..2 {
        assert_eq!(app.data(Some(&one), PEOPLE, json!({})).await, seen_by_one);
        assert_eq!(app.data(Some(&two), PEOPLE, json!({})).await, seen_by_two);
        assert_eq!(app.data(None, PEOPLE, json!({})).await["people"]["totalCount"], 0, "anonymous: nobody");
    }
    assert_eq!(app.state.documents.len(), cached_before + 1, "one document for the one text");
}

/// The same requests, in the same order, on a server with the document
/// cache and on one without: the same statuses and bodies.
async fn same_answers_with_and_without_the_cache(limits: Limits, requests: &[(&str, Value)]) -> Vec<Value> {
    let cached = TestApp::spawn_with(limits.clone()).await;
    let uncached = TestApp::spawn_with(without_document_cache(limits)).await;
    let token = cached.token(&[R::Resident], None, None, &[]);
    let other_token = uncached.token(&[R::Resident], None, None, &[]);
    let mut bodies = Vec::new();
    for (query, variables) in requests {
        let got = post(&cached, Some(&token), query, variables.clone()).await;
        let expected = post(&uncached, Some(&other_token), query, variables.clone()).await;
        assert_eq!(got, expected, "{query} with {variables}");
        bodies.push(got.1);
    }
    assert!(uncached.state.documents.is_empty());
    bodies
}

#[tokio::test]
async fn a_cached_document_is_checked_again_for_new_variables() {
    // `first` multiplies the selection: 3 per item, so 5 items pass a limit of 60 and 50 do not.
    let limits = Limits { max_complexity: 60, ..Limits::default() };
    let query = "query($n: Int) { areas(first: $n) { nodes { id name } } }";
    let required = "query($n: Int!) { areas(first: $n) { totalCount } }";
    let bodies = same_answers_with_and_without_the_cache(
        limits,
        &[
            (query, json!({ "n": 5 })),
            (query, json!({ "n": 50 })),
            (query, json!({ "n": "five" })),
            (query, json!({ "n": 5 })),
            (query, json!({ "n": [5] })),
            (query, json!({ "n": 50 })),
            (required, json!({ "n": 1 })),
            (required, json!({})),
            (required, json!({ "n": null })),
        ],
    )
    .await;
    assert_eq!(bodies[0], json!({ "data": { "areas": { "nodes": [] } } }));
    for i in [1, 5] {
        assert_eq!(code(&bodies[i]), "LIMIT_EXCEEDED", "{}", bodies[i]);
        assert_eq!(bodies[i]["errors"][0]["extensions"]["limit"], "complexity");
    }
    for i in [2, 4] {
        assert_eq!(code(&bodies[i]), "GRAPHQL_VALIDATION_FAILED", "{}", bodies[i]);
        assert!(bodies[i].get("data").is_none());
    }
    assert_eq!(bodies[3], bodies[0]);
    assert_eq!(bodies[6], json!({ "data": { "areas": { "totalCount": 0 } } }));
    // A required variable left out, used where the complexity reads it: validation finds it first.
    assert_eq!(code(&bodies[7]), "GRAPHQL_VALIDATION_FAILED", "{}", bodies[7]);
}

#[tokio::test]
async fn a_refused_document_is_refused_the_same_way_every_time() {
    let limits = Limits { max_depth: 3, ..Limits::default() };
    let deep = "{ areas { nodes { parent { parent { name } } } } }";
    let bodies = same_answers_with_and_without_the_cache(
        limits,
        &[
            ("{ areas { nope } }", json!({})),
            ("{ areas { nope } }", json!({})),
            ("{ areas {", json!({})),
            ("{ areas {", json!({})),
            (deep, json!({})),
            (deep, json!({})),
            ("query A { areas { totalCount } } query B { __typename }", json!({})),
            ("query A { areas { totalCount } } query B { __typename }", json!({})),
        ],
    )
    .await;
    let codes: Vec<&str> = bodies.iter().map(code).collect();
    assert_eq!(
        codes,
        [
            "GRAPHQL_VALIDATION_FAILED",
            "GRAPHQL_VALIDATION_FAILED",
            "GRAPHQL_PARSE_FAILED",
            "GRAPHQL_PARSE_FAILED",
            "LIMIT_EXCEEDED",
            "LIMIT_EXCEEDED",
            "BAD_REQUEST",
            "BAD_REQUEST",
        ]
    );
    assert_eq!(bodies[4]["errors"][0]["extensions"]["limit"], "depth");
}

#[tokio::test]
async fn introspection_cached_for_a_signed_in_caller_stays_closed_to_anonymous_ones() {
    let app = TestApp::spawn().await;
    let uncached = TestApp::spawn_with(without_document_cache(Limits::default())).await;
    let admin = app.token(&[R::DistrictAdmin], None, None, &[]);
    let query = "{ __schema { queryType { name } } }";
    for _ in 0..2 {
        let (status, body) = post(&app, Some(&admin), query, json!({})).await;
        assert_eq!(
            (status, &body),
            (200, &json!({ "data": { "__schema": { "queryType": { "name": "Query" } } } }))
        );
        let anonymous = post(&app, None, query, json!({})).await;
        assert_eq!(anonymous.0, 400);
        assert_eq!(code(&anonymous.1), "UNAUTHENTICATED", "{}", anonymous.1);
        assert_eq!(anonymous, post(&uncached, None, query, json!({})).await);
    }
}

const AREAS: &str = "{ areas { totalCount } }";

#[tokio::test]
async fn a_token_is_refused_once_it_expires_though_it_was_cached() {
    // No leeway past `exp`, so the expiry shows within seconds.
    let app = TestApp::spawn_with_config(|config: &mut Config| config.keys.token_leeway_seconds = 0).await;
    let exp = chrono::Utc::now().timestamp() + 3;
    let token = app.token_expiring(&[R::Resident], None, None, &[], exp);
    for _ in 0..2 {
        let (status, body) = post(&app, Some(&token), AREAS, json!({})).await;
        assert_eq!((status, body), (200, json!({ "data": { "areas": { "totalCount": 0 } } })));
    }
    while chrono::Utc::now().timestamp() <= exp {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let (status, body) = post(&app, Some(&token), AREAS, json!({})).await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(code(&body), "UNAUTHENTICATED");
    assert_eq!(body["errors"][0]["message"], "invalid token: expired");
}

/// `token` with the character at `index` (from the end when negative)
/// replaced by another base64url character.
fn changed_at(token: &str, index: isize) -> String {
    let at = if index < 0 { token.len() - index.unsigned_abs() } else { index as usize };
    let mut bytes = token.as_bytes().to_vec();
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    String::from_utf8(bytes).expect("ASCII")
}

#[tokio::test]
async fn a_token_changed_by_one_byte_is_refused_after_the_real_one_was_cached() {
    let app = TestApp::spawn().await;
    let token = app.token(&[R::DistrictAdmin], None, None, &[]);
    let ok = (200, json!({ "data": { "areas": { "totalCount": 0 } } }));
    assert_eq!(post(&app, Some(&token), AREAS, json!({})).await, ok);
    assert_eq!(post(&app, Some(&token), AREAS, json!({})).await, ok);

    let (_, signature) = token.rsplit_once('.').expect("a JWT");
    assert!(signature.len() > 20);
    for forged in [changed_at(&token, -10), changed_at(&token, -40)] {
        assert_ne!(forged, token);
        let (status, body) = post(&app, Some(&forged), AREAS, json!({})).await;
        assert_eq!(status, 401, "{body}");
        assert_eq!(code(&body), "UNAUTHENTICATED");
        assert_eq!(body["errors"][0]["message"], "invalid token: bad signature");
    }
    // Claims edited, the real signature kept.
    let (header, rest) = token.split_once('.').expect("a JWT");
    let (_, signature) = rest.split_once('.').expect("a JWT");
    let other = app.token(&[R::DistrictAdmin], None, Some(uuid::Uuid::now_v7()), &[]);
    let other_claims = other.split('.').nth(1).expect("claims");
    let edited = format!("{header}.{other_claims}.{signature}");
    let (status, body) = post(&app, Some(&edited), AREAS, json!({})).await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(body["errors"][0]["message"], "invalid token: bad signature");
    // A prefix or an extension of the real token is another token.
    for near in [&token[..token.len() - 1], &format!("{token}A")] {
        let (status, _) = post(&app, Some(near), AREAS, json!({})).await;
        assert_eq!(status, 401, "{near}");
    }
    assert_eq!(post(&app, Some(&token), AREAS, json!({})).await, ok, "the real one still works");
}
