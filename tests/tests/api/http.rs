//! GraphQL over HTTP: methods, media types, limits and their error codes.

use gongzhi_server::seed::Scale;
use gongzhi_tests::{R, TestApp};
use reqwest::header::HeaderValue;
use serde_json::{Value, json};

#[tokio::test]
async fn a_mutation_over_get_is_refused_and_a_query_over_get_answers() {
    let app = TestApp::spawn().await;
    let mutation = "mutation { registerResident(input: {name: \"a\", idCardNumber: \"b\", homeAreaId: \"c\"}) { userErrors { code } } }";
    let res = app.client.get(app.url("/graphql")).query(&[("query", mutation)]).send().await.unwrap();
    assert_eq!(res.status(), 405);
    assert_eq!(res.headers()["allow"], "POST");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "METHOD_NOT_ALLOWED");

    let res = app
        .client
        .get(app.url("/graphql"))
        .query(&[("query", "{ areas { totalCount } }")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/json");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body, json!({ "data": { "areas": { "totalCount": 0 } } }));
}

#[tokio::test]
async fn other_methods_are_405_with_a_graphql_error_body() {
    let app = TestApp::spawn().await;
    for method in [reqwest::Method::PUT, reqwest::Method::DELETE, reqwest::Method::PATCH] {
        let res = app
            .client
            .request(method.clone(), app.url("/graphql"))
            .header("accept", "application/graphql-response+json")
            .json(&json!({ "query": "{ __typename }" }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 405, "{method}");
        assert_eq!(res.headers()["allow"], "GET, HEAD, POST", "{method}");
        assert_eq!(res.headers()["content-type"], "application/graphql-response+json", "{method}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["errors"][0]["extensions"]["code"], "METHOD_NOT_ALLOWED", "{method}");
    }
}

#[tokio::test]
async fn a_post_without_a_json_content_type_and_a_batch_are_refused() {
    let app = TestApp::spawn().await;
    let form = app
        .client
        .post(app.url("/graphql"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("query={areas{totalCount}}")
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 415);
    let batch = app
        .client
        .post(app.url("/graphql"))
        .json(&json!([{ "query": "{ areas { totalCount } }" }, { "query": "{ areas { totalCount } }" }]))
        .send()
        .await
        .unwrap();
    assert_eq!(batch.status(), 400);
    let body: Value = batch.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_REQUEST");
}

#[tokio::test]
async fn graphql_response_json_gets_4xx_for_request_errors_and_plain_json_gets_200() {
    let app = TestApp::spawn().await;
    let post = |accept: &'static str, query: &'static str| {
        app.client.post(app.url("/graphql")).header("accept", accept).json(&json!({ "query": query })).send()
    };
    let res = post("application/graphql-response+json", "{ areas { totalCount ").await.unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(res.headers()["content-type"], "application/graphql-response+json");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "GRAPHQL_PARSE_FAILED");

    let res = post("application/graphql-response+json", "{ noSuchField }").await.unwrap();
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "GRAPHQL_VALIDATION_FAILED");

    let res = post("application/json", "{ noSuchField }").await.unwrap();
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "GRAPHQL_VALIDATION_FAILED");
}

#[tokio::test]
async fn too_deep_too_wide_and_too_many_aliases_are_refused_with_their_codes() {
    let app = TestApp::spawn().await;
    let mut deep = String::from("id");
    for _ in 0..16 {
        deep = format!("parent {{ {deep} }}");
    }
    let body = app.gql(None, &format!("{{ areas {{ nodes {{ {deep} }} }} }}"), json!({})).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "LIMIT_EXCEEDED");
    assert_eq!(body["errors"][0]["extensions"]["limit"], "depth");
    assert_eq!(body["data"], Value::Null);

    let body = app.gql(None, "{ areas(first: 1000) { totalCount } }", json!({})).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "first");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("100"));

    // Lists multiply by their page size: three nested pages of 100 are a million.
    let wide = "{ areas(first: 100) { nodes { children(first: 100) { nodes { children(first: 100) { nodes { name } } } } } } }";
    let body = app.gql(None, wide, json!({})).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "LIMIT_EXCEEDED");
    assert_eq!(body["errors"][0]["extensions"]["limit"], "complexity");

    let aliases: String = (0..40).map(|i| format!("a{i}: areas {{ totalCount }} ")).collect();
    let body = app.gql(None, &format!("{{ {aliases} }}"), json!({})).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "LIMIT_EXCEEDED");
    assert_eq!(body["errors"][0]["extensions"]["limit"], "aliases");
}

#[tokio::test]
async fn bad_tokens_are_unauthenticated_and_bad_ids_name_their_field() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .post(app.url("/graphql"))
        .bearer_auth("not.a.token")
        .json(&json!({ "query": "{ areas { totalCount } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");

    let body = app.gql(None, "{ areas(parentId: \"nonsense\") { totalCount } }", json!({})).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "parentId");

    let body = app.gql(None, "{ areas(after: \"%%%\") { totalCount } }", json!({})).await;
    assert_eq!(body["errors"][0]["extensions"]["field"], "after");
}

#[tokio::test]
async fn health_readiness_jwks_and_graphiql_answer() {
    let app = TestApp::spawn().await;
    let get = |p: &str| app.client.get(app.url(p)).send();
    assert_eq!(get("/healthz").await.unwrap().status(), 200);
    assert_eq!(get("/readyz").await.unwrap().status(), 200);
    let jwks: Value = get("/.well-known/jwks.json").await.unwrap().json().await.unwrap();
    assert_eq!(jwks["keys"][0]["kty"], "OKP");
    assert_eq!(jwks["keys"][0]["crv"], "Ed25519");
    assert_eq!(get("/").await.unwrap().status(), 404, "no GraphiQL unless enabled");
    let app = TestApp::spawn_with_config(|c| c.graphiql = true).await;
    let res = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let csp = res.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("default-src 'self'") && csp.contains("connect-src 'self'"), "{csp}");
    let page = res.text().await.unwrap();
    assert!(page.contains("GraphiQL"), "GraphiQL is served at / when enabled");
    // Offline: the page and everything it names come from this server.
    let assets: Vec<&str> = page
        .split(['"', '\''])
        .filter(|s| s.ends_with(".js") || s.ends_with(".css") || s.starts_with("http"))
        .collect();
    assert!(assets.len() >= 2, "{page}");
    for asset in assets {
        assert!(asset.starts_with("/console/assets/"), "{asset} is not served here");
        let res = app.client.get(app.url(asset)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{asset}");
        let kind = res.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(kind.contains("javascript") || kind.contains("css"), "{asset}: {kind}");
        assert!(res.headers()["cache-control"].to_str().unwrap().contains("immutable"));
        assert!(res.bytes().await.unwrap().len() > 1000, "{asset}");
    }
    assert_eq!(app.client.get(app.url("/console/assets/nope.js")).send().await.unwrap().status(), 404);
    assert_eq!(
        app.client.get(app.url("/console/assets/../../Cargo.toml")).send().await.unwrap().status(),
        404
    );
}

#[tokio::test]
async fn the_console_is_served_at_its_routes_without_demo_or_graphiql() {
    let app = TestApp::spawn().await;
    let mut first: Option<String> = None;
    for route in ["/console", "/console/", "/console/areas", "/console/services/U2VydmljZTox?day=2026-12-01"]
    {
        let res = app.client.get(app.url(route)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{route}");
        assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/html"), "{route}");
        let csp = res.headers()["content-security-policy"].to_str().unwrap().to_owned();
        assert!(csp.contains("default-src 'self'") && csp.contains("connect-src 'self'"), "{route}: {csp}");
        let page = res.text().await.unwrap();
        assert!(page.contains("共治") && !page.contains("GraphiQL"), "{route}: the console's page\n{page}");
        // Every route is the one page: the app reads the path itself.
        assert_eq!(first.get_or_insert_with(|| page.clone()), &page, "{route}");
    }
    // Its scripts come from this server; a missing asset is a 404, not the page.
    let page = first.unwrap();
    let scripts: Vec<&str> = page.split('"').filter(|s| s.ends_with(".js")).collect();
    assert!(!scripts.is_empty(), "{page}");
    for script in scripts {
        assert!(script.starts_with("/console/assets/"), "{script}");
        assert_eq!(app.client.get(app.url(script)).send().await.unwrap().status(), 200, "{script}");
    }
    assert_eq!(app.client.get(app.url("/console/assets/areas.js")).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn pages_follow_their_cursors_forwards_and_backwards() {
    let (app, _) = TestApp::seeded(Scale::small(5)).await;
    let q = "query($a: String, $b: String, $f: Int, $l: Int) {
      areas(kind: GRID, first: $f, after: $a, last: $l, before: $b) {
        totalCount pageInfo { hasNextPage hasPreviousPage endCursor startCursor } nodes { name } } }";
    let one = app.data(None, q, json!({ "f": 2 })).await;
    assert_eq!(one["areas"]["totalCount"], 5);
    assert_eq!(one["areas"]["pageInfo"]["hasNextPage"], true);
    let two = app.data(None, q, json!({ "f": 2, "a": one["areas"]["pageInfo"]["endCursor"] })).await;
    let three = app.data(None, q, json!({ "f": 2, "a": two["areas"]["pageInfo"]["endCursor"] })).await;
    assert_eq!(three["areas"]["nodes"].as_array().unwrap().len(), 1);
    assert_eq!(three["areas"]["pageInfo"]["hasNextPage"], false);
    let back = app.data(None, q, json!({ "l": 2, "b": three["areas"]["pageInfo"]["startCursor"] })).await;
    assert_eq!(back["areas"]["nodes"], two["areas"]["nodes"]);
}

#[tokio::test]
async fn an_authorization_header_that_is_not_a_bearer_token_is_unauthenticated_not_anonymous() {
    let app = TestApp::spawn().await;
    let token = app.token(&[R::DistrictAdmin], None, None, &[]);
    let post = |values: Vec<Vec<u8>>| {
        let mut req = app.client.post(app.url("/graphql")).json(&json!({ "query": "{ __typename }" }));
        for v in values {
            req = req.header("authorization", HeaderValue::from_bytes(&v).unwrap());
        }
        req.send()
    };
    let malformed: Vec<Vec<u8>> = vec![
        b"Basic abc".to_vec(),
        b"Bearer".to_vec(),
        b"".to_vec(),
        b"Token abc".to_vec(),
        // Not visible ASCII: Latin-1 and UTF-8 bytes (obs-text on the wire).
        b"Bearer \xe9t\xe9".to_vec(),
        "Bearer 共治".as_bytes().to_vec(),
        format!("Bearer {token}\u{e9}").into_bytes(),
    ];
    for value in malformed {
        let shown = String::from_utf8_lossy(&value).into_owned();
        let res = post(vec![value]).await.unwrap();
        assert_eq!(res.status(), 401, "{shown:?}");
        assert_eq!(res.headers()["www-authenticate"], "Bearer", "{shown:?}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{shown:?}");
        assert!(body.get("data").is_none(), "{shown:?}: {body}");
    }

    // Two credentials are one too many, even when both are good.
    let bearer = format!("Bearer {token}").into_bytes();
    let res = post(vec![bearer.clone(), bearer.clone()]).await.unwrap();
    assert_eq!(res.status(), 401);

    // The scheme is case-insensitive (RFC 9110 §11.1); no header is anonymous.
    for value in [bearer, format!("bearer {token}").into_bytes(), format!("BEARER {token}").into_bytes()] {
        let res = post(vec![value]).await.unwrap();
        assert_eq!(res.status(), 200);
    }
    let res = post(vec![]).await.unwrap();
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body, json!({ "data": { "__typename": "Query" } }));
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_graphql_error_with_413() {
    let app = TestApp::spawn().await;
    let limit = gongzhi_server::config::Limits::default().max_body_bytes;
    let padding = "x".repeat(limit);
    let body = json!({ "query": "{ __typename }", "variables": { "padding": padding } }).to_string();
    for (accept, media) in [
        ("application/graphql-response+json", "application/graphql-response+json"),
        ("application/json", "application/json"),
        ("*/*", "application/json"),
    ] {
        let res = app
            .client
            .post(app.url("/graphql"))
            .header("content-type", "application/json")
            .header("accept", accept)
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 413, "{accept}");
        assert_eq!(res.headers()["content-type"], media, "{accept}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["errors"][0]["extensions"]["code"], "LIMIT_EXCEEDED");
        assert_eq!(body["errors"][0]["extensions"]["limit"], "body");
        assert!(body["errors"][0]["message"].is_string());
        assert!(body.get("data").is_none());
    }

    // Just under the limit is still a request.
    let fits = json!({ "query": "{ __typename }", "variables": { "p": "x".repeat(limit - 100) } });
    let res = app.client.post(app.url("/graphql")).json(&fits).send().await.unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn a_field_error_is_200_under_graphql_response_json_because_execution_started() {
    let app = TestApp::spawn().await;
    let post = |query: &'static str| {
        app.client
            .post(app.url("/graphql"))
            .header("accept", "application/graphql-response+json")
            .json(&json!({ "query": query }))
            .send()
    };
    // The resolver refuses the page size: a field error, so the response has a
    // data entry (null here, as `areas` is non-null) and the status is 200.
    for query in ["{ areas(first: 1000) { totalCount } }", "{ areas(parentId: \"nonsense\") { totalCount } }"]
    {
        let res = post(query).await.unwrap();
        assert_eq!(res.status(), 200, "{query}");
        assert_eq!(res.headers()["content-type"], "application/graphql-response+json");
        let body: Value = res.json().await.unwrap();
        assert!(body.get("data").is_some(), "{query}: {body}");
        assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{query}");
    }

    // Not executed at all: a request error, 400 and no data entry.
    for (query, code) in [
        ("{ areas { totalCount ", "GRAPHQL_PARSE_FAILED"),
        ("{ noSuchField }", "GRAPHQL_VALIDATION_FAILED"),
        ("query A { __typename } query B { __typename }", "BAD_REQUEST"),
        // A required variable left out fails variable coercion, before
        // execution, though async-graphql would find it only in the resolver.
        ("query($id: ID!) { node(id: $id) { id } }", "BAD_USER_INPUT"),
    ] {
        let res = post(query).await.unwrap();
        assert_eq!(res.status(), 400, "{query}");
        let body: Value = res.json().await.unwrap();
        assert!(body.get("data").is_none(), "{query}: {body}");
        assert_eq!(body["errors"][0]["extensions"]["code"], code, "{query}");
    }
}
