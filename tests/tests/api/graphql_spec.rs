//! Execution and validation as the GraphQL spec has them: results in
//! selection order, errors nulling the nearest nullable position, enum
//! literals, unique directives, aliases counted where they execute, who may
//! introspect, and `gongzhi token` before there is a database.
//!
//! The rules of null propagation are shown twice: on a small schema of its
//! own (where a nullable field can be made to fail), and on the real one.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use gongzhi_server::config::{Introspection, Limits};
use gongzhi_server::seed::Scale;
use gongzhi_tests::{R, TestApp};
use serde_json::{Value, json};

/// A JSON value that keeps the order of object keys as sent.
#[derive(Debug)]
enum Ordered {
    Object(Vec<(String, Ordered)>),
    Array(Vec<Ordered>),
    Other,
}

impl<'de> serde::Deserialize<'de> for Ordered {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut entries = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Ordered>()? {
                    entries.push((k, v));
                }
                Ok(Ordered::Object(entries))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Ordered, A::Error> {
                let mut items = Vec::new();
                while let Some(v) = seq.next_element::<Ordered>()? {
                    items.push(v);
                }
                Ok(Ordered::Array(items))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Ordered, E> {
                Ok(Ordered::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Ordered, E> {
                Ok(Ordered::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Ordered, E> {
                Ok(Ordered::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Ordered, E> {
                Ok(Ordered::Other)
            }
            fn visit_str<E>(self, _: &str) -> Result<Ordered, E> {
                Ok(Ordered::Other)
            }
            fn visit_unit<E>(self) -> Result<Ordered, E> {
                Ok(Ordered::Other)
            }
        }
        d.deserialize_any(V)
    }
}

impl Ordered {
    /// The keys of the object at `path` (object keys and array indexes).
    fn keys_at(&self, path: &[&str]) -> Vec<String> {
        let mut at = self;
        for step in path {
            at = match at {
                Ordered::Object(entries) => {
                    &entries.iter().find(|(k, _)| k == step).unwrap_or_else(|| panic!("no {step}")).1
                }
                Ordered::Array(items) => &items[step.parse::<usize>().expect("an index")],
                Ordered::Other => panic!("{step} below a scalar"),
            };
        }
        match at {
            Ordered::Object(entries) => entries.iter().map(|(k, _)| k.clone()).collect(),
            other => panic!("not an object: {other:?}"),
        }
    }
}

/// The response body as sent, text and all.
async fn raw(app: &TestApp, token: Option<&str>, query: &str, variables: Value) -> String {
    let mut req =
        app.client.post(app.url("/graphql")).json(&json!({ "query": query, "variables": variables }));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.expect("the server answers").text().await.expect("a body")
}

fn codes(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|errors| {
            errors.iter().map(|e| e["extensions"]["code"].as_str().unwrap_or("<none>").to_owned()).collect()
        })
        .unwrap_or_default()
}

fn error_paths(body: &Value) -> Vec<Value> {
    let mut paths: Vec<Value> =
        body["errors"].as_array().map(|e| e.iter().map(|e| e["path"].clone()).collect()).unwrap_or_default();
    paths.sort_by_key(|p| p.to_string());
    paths
}

// ---------------------------------------------------------------------------
// 1. Ordered results

#[tokio::test]
async fn results_follow_the_selection_order_every_time() {
    let (app, _) = TestApp::seeded(Scale::small(3)).await;
    let admin = app.district_admin().await;
    // `totalCount` waits for a count loader and `nodes` for a page loader,
    // `__typename` waits for nothing: completion order is not selection order.
    let queries = [
        (
            "{ areas(first: 3) { totalCount nodes { name } pageInfo { hasNextPage } __typename } }",
            vec!["totalCount", "nodes", "pageInfo", "__typename"],
        ),
        (
            "{ areas(first: 3) { __typename pageInfo { hasNextPage } nodes { name } totalCount } }",
            vec!["__typename", "pageInfo", "nodes", "totalCount"],
        ),
    ];
    for (query, expected) in queries {
        for _ in 0..10 {
            let body: Ordered =
                serde_json::from_str(&raw(&app, Some(&admin), query, json!({})).await).unwrap();
            assert_eq!(body.keys_at(&["data", "areas"]), expected, "{query}");
        }
    }
    // Root fields, aliases and fields merged from fragments keep the order of
    // their first appearance; objects in lists too.
    let query = "{
      b: areas(kind: GRID, first: 3) { totalCount nodes { ...N } }
      a: __typename
      c: areas(first: 1) { totalCount }
    }
    fragment N on Area { children { totalCount } name id parent { name } }";
    for _ in 0..10 {
        let body: Ordered = serde_json::from_str(&raw(&app, Some(&admin), query, json!({})).await).unwrap();
        assert_eq!(body.keys_at(&["data"]), ["b", "a", "c"]);
        for i in ["0", "1", "2"] {
            assert_eq!(body.keys_at(&["data", "b", "nodes", i]), ["children", "name", "id", "parent"]);
        }
    }
}

// ---------------------------------------------------------------------------
// 2. Null propagation, on a schema of its own

mod engine {
    use super::*;
    use async_graphql::{EmptySubscription, Object, Schema};

    pub struct Query;

    pub struct Obj(pub i32);

    #[Object]
    impl Obj {
        async fn ok(&self) -> i32 {
            self.0
        }
        async fn nullable_fails(&self) -> async_graphql::Result<Option<i32>> {
            Err("nullable failed".into())
        }
        async fn non_null_fails(&self) -> async_graphql::Result<i32> {
            Err("non-null failed".into())
        }
    }

    #[Object]
    impl Query {
        async fn ok(&self) -> i32 {
            1
        }
        /// Resolves after yielding a few times, so it completes after `ok`.
        async fn slow(&self) -> i32 {
            for _ in 0..3 {
                tokio::task::yield_now().await;
            }
            2
        }
        async fn nullable_fails(&self) -> async_graphql::Result<Option<i32>> {
            Err("nullable failed".into())
        }
        async fn non_null_fails(&self) -> async_graphql::Result<i32> {
            Err("non-null failed".into())
        }
        async fn obj(&self) -> Option<Obj> {
            Some(Obj(3))
        }
        async fn sure_obj(&self) -> Obj {
            Obj(4)
        }
        async fn objs(&self) -> Vec<Obj> {
            vec![Obj(5), Obj(6)]
        }
        async fn maybe_objs(&self) -> Vec<Option<Obj>> {
            vec![Some(Obj(7)), Some(Obj(8))]
        }
        async fn nullable_objs(&self) -> Option<Vec<Obj>> {
            Some(vec![Obj(9)])
        }
    }

    pub struct Mutation(pub Arc<AtomicUsize>);

    #[Object]
    impl Mutation {
        async fn fail(&self) -> async_graphql::Result<i32> {
            Err("failed".into())
        }
        async fn count(&self) -> i32 {
            self.0.fetch_add(1, Ordering::SeqCst) as i32 + 1
        }
    }

    pub fn schema(counter: Arc<AtomicUsize>) -> Schema<Query, Mutation, EmptySubscription> {
        Schema::new(Query, Mutation(counter), EmptySubscription)
    }

    /// `data` and the error paths, sorted.
    pub async fn run(query: &str) -> (Value, Vec<Value>) {
        let response = schema(Arc::default()).execute(query).await;
        let body = serde_json::to_value(&response).unwrap();
        (body["data"].clone(), error_paths(&body))
    }
}

#[tokio::test]
async fn a_nullable_field_that_fails_is_null_with_its_error() {
    let (data, errors) = engine::run("{ ok nullableFails }").await;
    assert_eq!(data, json!({ "ok": 1, "nullableFails": null }));
    assert_eq!(errors, [json!(["nullableFails"])]);

    let (data, errors) = engine::run("{ obj { nullableFails } }").await;
    assert_eq!(
        data,
        json!({ "obj": { "nullableFails": null } }),
        "an object whose fields failed is not null"
    );
    assert_eq!(errors, [json!(["obj", "nullableFails"])]);
}

#[tokio::test]
async fn a_non_null_field_that_fails_nulls_its_nearest_nullable_ancestor() {
    // The nearest nullable position is the object holding the field.
    let (data, errors) = engine::run("{ ok obj { ok nonNullFails } }").await;
    assert_eq!(data, json!({ "ok": 1, "obj": null }));
    assert_eq!(errors, [json!(["obj", "nonNullFails"])]);

    // Through a non-null object, up to `data`.
    let (data, errors) = engine::run("{ ok sureObj { ok nonNullFails } }").await;
    assert_eq!(data, Value::Null);
    assert_eq!(errors, [json!(["sureObj", "nonNullFails"])]);

    let (data, errors) = engine::run("{ ok nonNullFails }").await;
    assert_eq!(data, Value::Null);
    assert_eq!(errors, [json!(["nonNullFails"])]);

    // Items of `[Obj]!` are nullable: each failed item is null, the list stays.
    let (data, errors) = engine::run("{ ok maybeObjs { ok nonNullFails } }").await;
    assert_eq!(data, json!({ "ok": 1, "maybeObjs": [null, null] }));
    assert_eq!(errors, [json!(["maybeObjs", 0, "nonNullFails"]), json!(["maybeObjs", 1, "nonNullFails"])]);

    // Items of `[Obj!]` null the list, which is nullable here...
    let (data, errors) = engine::run("{ ok nullableObjs { ok nonNullFails } }").await;
    assert_eq!(data, json!({ "ok": 1, "nullableObjs": null }));
    assert_eq!(errors, [json!(["nullableObjs", 0, "nonNullFails"])]);

    // ... and of `[Obj!]!` null whatever holds the list: here `data`.
    // Every failure has its one error.
    let (data, errors) = engine::run("{ ok objs { ok nonNullFails } }").await;
    assert_eq!(data, Value::Null);
    assert_eq!(errors, [json!(["objs", 0, "nonNullFails"]), json!(["objs", 1, "nonNullFails"])]);
}

#[tokio::test]
async fn skipped_fields_leave_an_empty_object_and_order_holds_on_the_engine_too() {
    let (data, errors) = engine::run("{ obj { ok @skip(if: true) } }").await;
    assert_eq!(data, json!({ "obj": {} }));
    assert!(errors.is_empty());
    let (data, _) = engine::run("{ ok @include(if: false) }").await;
    assert_eq!(data, json!({}));

    let response = engine::schema(Arc::default()).execute("{ slow ok b: slow a: ok }").await;
    let async_graphql::Value::Object(map) = response.data else { panic!("an object") };
    assert_eq!(map.keys().map(|k| k.as_str()).collect::<Vec<_>>(), ["slow", "ok", "b", "a"]);
}

#[tokio::test]
async fn a_failed_mutation_field_stops_the_ones_after_it() {
    let counter = Arc::new(AtomicUsize::new(0));
    let schema = engine::schema(counter.clone());
    let body = serde_json::to_value(schema.execute("mutation { a: count b: fail c: count }").await).unwrap();
    assert_eq!(body["data"], Value::Null);
    assert_eq!(error_paths(&body), [json!(["b"])]);
    assert_eq!(counter.load(Ordering::SeqCst), 1, "`c` never ran: its result could not be returned");
}

// ---------------------------------------------------------------------------
// 2. Null propagation, on the real schema

#[tokio::test]
async fn a_failing_non_null_root_field_makes_data_null() {
    let (app, _) = TestApp::seeded(Scale::small(1)).await;
    let body = app.gql(None, "{ units { totalCount } areas(first: -1) { totalCount } }", json!({})).await;
    assert_eq!(body["data"], Value::Null, "{body:#}");
    assert_eq!(codes(&body), ["BAD_USER_INPUT"]);
    assert_eq!(error_paths(&body), [json!(["areas"])]);
}

#[tokio::test]
async fn a_failing_item_of_a_non_null_list_nulls_the_nearest_nullable_field() {
    let (app, _) = TestApp::seeded(Scale::small(2)).await;
    let community = app.area_id("团结社区").await;
    // Area.children is `AreaConnection!`, its nodes `[Area!]!`: a failing
    // item nulls the connection, which nulls its area, up to `node`.
    let query = "query($id: ID!) { node(id: $id) { ... on Area { name children(first: 1) {
        totalCount nodes { children(first: -1) { totalCount } } } } } }";
    let body = app.gql(None, query, json!({ "id": community })).await;
    assert_eq!(body["data"], json!({ "node": null }), "{body:#}");
    assert_eq!(codes(&body), ["BAD_USER_INPUT"]);
    assert_eq!(error_paths(&body), [json!(["node", "children", "nodes", 0, "children"])]);

    // In `nodes`, `[Node]!`, the failing item alone is null.
    let unit =
        app.data(None, "{ units(first: 1) { nodes { id } } }", json!({})).await["units"]["nodes"][0]["id"]
            .clone();
    let query =
        "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Area { children(first: -1) { totalCount } } } }";
    let body = app.gql(None, query, json!({ "ids": [community, unit] })).await;
    assert_eq!(body["data"], json!({ "nodes": [null, { "id": unit }] }), "{body:#}");
    assert_eq!(error_paths(&body), [json!(["nodes", 0, "children"])]);
}

#[tokio::test]
async fn an_object_whose_fields_are_all_skipped_is_empty_not_null() {
    let (app, _) = TestApp::seeded(Scale::small(1)).await;
    let data = app.data(None, "{ areas { totalCount @skip(if: true) } }", json!({})).await;
    assert_eq!(data, json!({ "areas": {} }));
}

// ---------------------------------------------------------------------------
// 3. Enum literals

#[tokio::test]
async fn a_string_is_not_an_enum_literal_but_a_variable_may_carry_one() {
    let (app, _) = TestApp::seeded(Scale::small(1)).await;
    for query in [
        r#"{ areas(kind: "STREET") { totalCount } }"#,
        r#"query($k: AreaKind = "STREET") { areas(kind: $k) { totalCount } }"#,
        r#"{ partyMembers(category: "IN_SERVICE") { totalCount } }"#,
    ] {
        let body = app.gql(None, query, json!({})).await;
        assert!(body["data"].is_null(), "{query}: {body:#}");
        assert_eq!(codes(&body), ["GRAPHQL_VALIDATION_FAILED"], "{query}: {body:#}");
    }
    let literal = app.data(None, "{ areas(kind: STREET) { totalCount } }", json!({})).await;
    assert_eq!(literal["areas"]["totalCount"], 1);
    let variable = app
        .data(None, "query($k: AreaKind) { areas(kind: $k) { totalCount } }", json!({ "k": "STREET" }))
        .await;
    assert_eq!(variable, literal);
    let default =
        app.data(None, "query($k: AreaKind = STREET) { areas(kind: $k) { totalCount } }", json!({})).await;
    assert_eq!(default, literal);
}

// ---------------------------------------------------------------------------
// 4. Repeated directives

#[tokio::test]
async fn a_non_repeatable_directive_may_appear_once_per_location() {
    let app = TestApp::spawn().await;
    for query in [
        "{ areas { totalCount @skip(if: false) @skip(if: false) } }",
        "{ areas { ... @include(if: true) @include(if: true) { totalCount } } }",
        "{ areas { ...F @skip(if: false) @skip(if: true) } } fragment F on AreaConnection { totalCount }",
    ] {
        let body = app.gql(None, query, json!({})).await;
        assert_eq!(codes(&body), ["GRAPHQL_VALIDATION_FAILED"], "{query}: {body:#}");
    }
    let once =
        app.data(None, "{ areas { totalCount @skip(if: false) @include(if: true) } }", json!({})).await;
    assert_eq!(once, json!({ "areas": { "totalCount": 0 } }));
}

// ---------------------------------------------------------------------------
// 5. Aliases

fn aliased(n: usize) -> String {
    (0..n).map(|i| format!("a{i}: totalCount ")).collect()
}

fn is_alias_limit(body: &Value) -> bool {
    codes(body) == ["LIMIT_EXCEEDED"] && body["errors"][0]["extensions"]["limit"] == "aliases"
}

#[tokio::test]
async fn aliases_in_a_fragment_count_at_every_spread() {
    let app = TestApp::spawn().await;
    let fragment = format!("fragment F on AreaConnection {{ {} }}", aliased(10));
    // 10 aliases once: within the limit of 30.
    let once = app.gql(None, &format!("{{ areas {{ ...F }} }} {fragment}"), json!({})).await;
    assert!(once.get("errors").is_none(), "{once:#}");
    // The same fragment spread four times runs 40 aliased fields.
    let spread = format!(
        "{{ w: areas {{ ...F }} x: areas {{ ...F }} y: areas {{ ...F }} z: areas {{ ...F }} }} {fragment}"
    );
    assert!(is_alias_limit(&app.gql(None, &spread, json!({})).await));
    // Transitively: G spreads F twice, and G is spread twice (and F's 10 aliases run 4 times).
    let nested = format!(
        "{{ areas {{ ...G }} units {{ totalCount }} more: areas {{ ...G }} }} \
         fragment G on AreaConnection {{ ...F ... {{ ...F }} }} {fragment}"
    );
    assert!(is_alias_limit(&app.gql(None, &nested, json!({})).await));
    // A fragment spread inside itself is refused, not followed.
    let cycle = "{ areas { ...A } } fragment A on AreaConnection { x: totalCount ...B } \
                 fragment B on AreaConnection { y: totalCount ...A }";
    let body = app.gql(None, cycle, json!({})).await;
    assert!(body["data"].is_null(), "{body:#}");
    assert_eq!(codes(&body), ["GRAPHQL_PARSE_FAILED"], "{body:#}");
}

/// Fragments that each spread the next one twice, `levels` deep, the last
/// selecting `leaf`.
fn doubling(levels: usize, leaf: &str) -> String {
    let fragments: String = (0..levels)
        .map(|i| format!("fragment D{i} on AreaConnection {{ ...D{n} ...D{n} }} ", n = i + 1))
        .collect();
    format!("{{ areas {{ ...D0 }} }} {fragments} fragment D{levels} on AreaConnection {{ {leaf} }}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fragments_that_multiply_are_counted_without_being_walked() {
    let app = TestApp::spawn().await;
    let ask = |query: String| {
        let app = &app;
        async move {
            tokio::time::timeout(std::time::Duration::from_secs(20), app.gql(None, &query, json!({})))
                .await
                .expect("answered in time, not walked 2^30 times")
        }
    };
    // 2^30 aliases and 2^30 fields, 32 levels deep (the most parsing allows).
    let body = ask(doubling(30, "x: totalCount")).await;
    assert!(is_alias_limit(&body), "{body:#}");
    let body = ask(doubling(30, "totalCount")).await;
    assert_eq!(codes(&body), ["LIMIT_EXCEEDED"], "{body:#}");
    assert_eq!(body["errors"][0]["extensions"]["limit"], "complexity");
    // Deeper than that is a parse error, as it was.
    let body = ask(doubling(40, "totalCount")).await;
    assert_eq!(codes(&body), ["GRAPHQL_PARSE_FAILED"], "{body:#}");
    // Few enough multiplied fields pass.
    let body = ask(doubling(4, "a: totalCount")).await;
    assert_eq!(body["data"]["areas"]["a"], 0, "{body:#}");
}

#[tokio::test]
async fn aliases_in_a_page_count_once_not_per_item() {
    let (app, _) = TestApp::seeded(Scale::small(3)).await;
    let query = "{ areas(first: 100) { totalCount nodes { a: name b: code c: kind d: id e: name f: code \
                 g: kind h: id i: name j: code k: name l: code m: kind n: id } } }";
    let body = app.gql(None, query, json!({})).await;
    assert!(body.get("errors").is_none(), "14 aliases in a page of many areas: {body:#}");
}

// ---------------------------------------------------------------------------
// 6. Suggestions and introspection

const SCHEMA_QUERY: &str = "{ __schema { queryType { name } } }";
const TYPE_QUERY: &str = "query { ...T } fragment T on Query { __type(name: \"Area\") { name } }";
const GRAPHIQL_QUERY: &str =
    "query IntrospectionQuery { __schema { queryType { name } types { ...FullType } } }
    fragment FullType on __Type { kind name fields(includeDeprecated: true) { name type { name kind } } }";

#[tokio::test]
async fn unknown_fields_get_no_suggestions_unless_configured() {
    let app = TestApp::spawn().await;
    let body = app.gql(None, "{ areas { totalCont } }", json!({})).await;
    assert_eq!(codes(&body), ["GRAPHQL_VALIDATION_FAILED"]);
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(!message.contains("Did you mean"), "{message}");
    let body = app.gql(None, "{ areas { totalCount @skip(iff: true) } }", json!({})).await;
    assert!(
        body["errors"].as_array().unwrap().iter().all(|e| !e["message"].to_string().contains("Did you mean"))
    );

    let app = TestApp::spawn_with(Limits { graphql_suggestions: true, ..Limits::default() }).await;
    let body = app.gql(None, "{ areas { totalCont } }", json!({})).await;
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("Did you mean"), "{body:#}");
}

#[tokio::test]
async fn only_signed_in_callers_may_introspect_by_default() {
    let (app, _) = TestApp::seeded(Scale::small(1)).await;
    for query in [SCHEMA_QUERY, TYPE_QUERY, GRAPHIQL_QUERY] {
        let body = app.gql(None, query, json!({})).await;
        assert!(body["data"].is_null(), "{query}: {body:#}");
        assert_eq!(codes(&body), ["UNAUTHENTICATED"], "{query}: {body:#}");
    }
    // `__typename` tells nothing of the schema.
    assert_eq!(app.data(None, "{ __typename }", json!({})).await, json!({ "__typename": "Query" }));

    // Signed in, GraphiQL's introspection works.
    let admin = app.district_admin().await;
    let data = app.data(Some(&admin), GRAPHIQL_QUERY, json!({})).await;
    assert_eq!(data["__schema"]["queryType"]["name"], "Query");
    assert!(data["__schema"]["types"].as_array().unwrap().iter().any(|t| t["name"] == "Area"));
    let resident = app.token(&[R::Resident], None, None, &[]);
    let data = app.data(Some(&resident), TYPE_QUERY, json!({})).await;
    assert_eq!(data["__type"]["name"], "Area");
}

#[tokio::test]
async fn introspection_can_be_off_for_everyone_or_open_to_anyone() {
    let app = TestApp::spawn_with(Limits { introspection: Introspection::Off, ..Limits::default() }).await;
    let token = app.token(&[R::DistrictAdmin], None, None, &[]);
    for query in [SCHEMA_QUERY, TYPE_QUERY] {
        let body = app.gql(Some(&token), query, json!({})).await;
        assert!(body["data"].is_null(), "{body:#}");
        assert_eq!(codes(&body), ["FORBIDDEN"], "{body:#}");
    }

    let app =
        TestApp::spawn_with(Limits { introspection: Introspection::Everyone, ..Limits::default() }).await;
    let data = app.data(None, SCHEMA_QUERY, json!({})).await;
    assert_eq!(data["__schema"]["queryType"]["name"], "Query");
}

#[test]
fn suggestions_and_introspection_are_options_of_serve() {
    use clap::Parser;
    use gongzhi_server::cli::{Cli, Command};
    let limits = |args: &[&str]| match Cli::parse_from(args).command {
        Some(Command::Serve { serve, .. }) => serve.limits,
        other => panic!("not serve: {other:?}"),
    };
    let default = limits(&["gongzhi", "serve"]);
    if std::env::var_os("GONGZHI_GRAPHQL_SUGGESTIONS").is_none() {
        assert!(!default.graphql_suggestions);
    }
    if std::env::var_os("GONGZHI_INTROSPECTION").is_none() {
        assert_eq!(default.introspection, Introspection::Authenticated);
    }
    let set = limits(&["gongzhi", "serve", "--graphql-suggestions", "--introspection", "off"]);
    assert!(set.graphql_suggestions);
    assert_eq!(set.introspection, Introspection::Off);
    assert_eq!(
        limits(&["gongzhi", "serve", "--introspection", "everyone"]).introspection,
        Introspection::Everyone
    );
    // `gongzhi schema` prints the whole schema whoever may introspect.
    assert!(gongzhi_server::graphql::schema::sdl().contains("type Area implements Node"));
}

// ---------------------------------------------------------------------------
// 7. `gongzhi token` before there is a database

async fn token_command(dir: &std::path::Path, database_url: &str) -> anyhow::Result<()> {
    use clap::Parser;
    use gongzhi_server::cli::{Cli, run};
    let data_dir = dir.display().to_string();
    run(Cli::parse_from([
        "gongzhi",
        "token",
        "--role",
        "STREET_ADMIN",
        "--area",
        "新庄孜街道",
        "--data-dir",
        &data_dir,
        "--database-url",
        database_url,
    ]))
    .await
}

#[tokio::test]
async fn a_token_for_an_area_by_name_needs_a_migrated_database_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db_file = dir.path().join("gongzhi.db");
    let url = format!("sqlite://{}", db_file.display());

    let err = token_command(dir.path(), &url).await.expect_err("there is no database");
    let message = format!("{err:#}");
    for hint in ["gongzhi migrate", "gongzhi serve", "--database-url"] {
        assert!(message.contains(hint), "{message}");
    }
    assert!(!message.contains("no such table"), "{message}");
    assert!(!db_file.exists(), "no empty database is left behind");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nor keys for a token never minted");

    // A database file without the tables: the same advice.
    gongzhi_server::db::Db::connect(&url).await.unwrap().close().await;
    let message = format!("{:#}", token_command(dir.path(), &url).await.expect_err("no tables"));
    assert!(message.contains("gongzhi migrate"), "{message}");

    // Once the database is there, the token is minted.
    let (app, _) = TestApp::seeded(Scale::small(1)).await;
    let keys = tempfile::tempdir().unwrap();
    token_command(keys.path(), &app.database_url).await.expect("a token");
}

/// A document of several operations runs the one named, with its own
/// variables: the others' variables are not asked for, and their cost is
/// not counted (`vendor/async-graphql/PATCHES.md`, point 8).
#[tokio::test]
async fn a_document_of_several_operations_runs_the_named_one_with_its_own_variables() {
    let app = TestApp::spawn().await;
    let doc = "query Pages($first: Int!) { areas(first: $first) { totalCount } }
               query Kinds($kind: AreaKind) { areas(kind: $kind, first: 1) { totalCount } }";
    let run = |op: &'static str, variables: Value| {
        let body = json!({ "query": doc, "operationName": op, "variables": variables });
        let req = app.client.post(app.url("/graphql")).json(&body);
        async move { req.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let kinds = run("Kinds", json!({ "kind": "GRID" })).await;
    assert_eq!(kinds["data"]["areas"]["totalCount"], 0, "{kinds}");
    let pages = run("Pages", json!({ "first": 3 })).await;
    assert_eq!(pages["data"]["areas"]["totalCount"], 0, "{pages}");
}
