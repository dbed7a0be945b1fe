//! Traces exported by OTLP: a caller's `traceparent` → the request's span →
//! its loader batches → their SQL statements, received by a real OTLP
//! receiver in this process; the trace id the caller sent is the one in the
//! response's `x-trace-id` header and its errors' `extensions.traceId`.

use std::time::Duration;

use gongzhi_server::seed::{self, Scale};
use gongzhi_server::telemetry::Exporter;
use gongzhi_tests::otlp::{self, ReceivedSpan, Receiver};
use gongzhi_tests::{R, TestApp};
use serde_json::{Value, json};

const OVERVIEW: &str = "query Overview($id: ID!) { node(id: $id) { ... on Area { name children(first: 100) {
  nodes { name gridWorkers { nodes { person { name phone } } }
  children(first: 100) { nodes { name buildingLeader { person { name partyMember { organization { name } } } } } } } } } } }";

/// Set in the process that runs the story alone.
const ALONE: &str = "GONGZHI_TRACES_STORY_ALONE";

/// The caller's trace and span (W3C trace context, sampled).
const CALLER_TRACE: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN: &str = "00f067aa0ba902b7";

fn children<'a>(spans: &'a [ReceivedSpan], parent: &str) -> Vec<&'a ReceivedSpan> {
    spans.iter().filter(|s| s.parent_span_id == parent).collect()
}

#[tokio::test]
async fn a_callers_trace_runs_through_the_request_its_batches_and_their_statements() {
    // The exporting subscriber is the process's global one, and the other
    // stories of this binary run in the same process: this story runs in a
    // process of its own, the same binary asked for this one test.
    if std::env::var_os(ALONE).is_none() {
        let name = "traces::a_callers_trace_runs_through_the_request_its_batches_and_their_statements";
        let status = std::process::Command::new(std::env::current_exe().expect("the test binary"))
            .args(["--exact", name, "--nocapture"])
            .env(ALONE, "1")
            .status()
            .expect("the story's process runs");
        assert!(status.success(), "the story failed in its own process (its output is above)");
        return;
    }
    let receiver = Receiver::start().await;
    let exporter = Exporter::to(&receiver.endpoint()).expect("an exporter");
    // Only this server's runtime exports (this is the one test that installs a subscriber).
    otlp::install(&exporter);
    let runtime = otlp::traced_runtime(2);
    let app = runtime.spawn(TestApp::spawn()).await.expect("the server starts");

    // The demo data, written from here: its statements are not traced.
    let db = gongzhi_server::db::Db::connect(&app.database_url).await.expect("the database");
    seed::seed(&db, &app.state.data_key, &Scale::article()).await.expect("seeding");
    db.close().await;
    let community = app.data(None, "{ areas(kind: COMMUNITY, first: 1) { nodes { id } } }", json!({})).await
        ["areas"]["nodes"][0]["id"]
        .as_str()
        .expect("a community")
        .to_owned();
    let district = app.area_id("八公山区").await;
    let token = app.token(&[R::DistrictAdmin], Some(TestApp::uuid_of(&json!(district))), None, &[]);

    let res = app
        .client
        .post(app.url("/graphql"))
        .bearer_auth(&token)
        .header("traceparent", format!("00-{CALLER_TRACE}-{CALLER_SPAN}-01"))
        .json(&json!({ "query": OVERVIEW, "operationName": "Overview", "variables": { "id": community } }))
        .send()
        .await
        .expect("the server answers");
    assert_eq!(res.headers()["x-trace-id"], CALLER_TRACE);
    let body: Value = res.json().await.expect("a JSON body");
    assert!(body.get("errors").is_none(), "{body:#}");
    assert!(!body["data"]["node"]["children"]["nodes"].as_array().expect("grids").is_empty());

    let flushing = exporter.clone();
    let flush = move || flushing.force_flush().expect("the spans are exported");
    let spans = receiver
        .wait_until(Duration::from_secs(60), flush.clone(), |spans| {
            spans.iter().any(|s| s.trace_id == CALLER_TRACE && s.name == "query Overview")
        })
        .await;
    let trace: Vec<ReceivedSpan> = spans.into_iter().filter(|s| s.trace_id == CALLER_TRACE).collect();

    // The request's span is the caller's span's child.
    let request = trace.iter().find(|s| s.name == "query Overview").expect("the request's span");
    assert_eq!(request.parent_span_id, CALLER_SPAN);
    assert_eq!(request.kind, 2, "a server span");
    assert_eq!(request.service, "gongzhi");
    assert_eq!(request.attribute("graphql.operation.name"), Some("Overview"));
    assert_eq!(request.attribute("graphql.operation.type"), Some("query"));
    assert_eq!(request.attribute("gongzhi.client"), Some("user"));
    assert_eq!(request.attribute("http.response.status_code"), Some("200"));
    assert_eq!(request.attribute("trace_id"), Some(CALLER_TRACE));

    // Its children are the loader batches (one per wave), each with its statements.
    let (batches, others): (Vec<_>, Vec<_>) =
        children(&trace, &request.span_id).into_iter().partition(|s| s.name == "loader_batch");
    assert!(batches.len() >= 3, "the area, its grids, their buildings and workers: {batches:#?}");
    // Anything else straight under the request is a statement (reading the caller's area).
    assert!(others.iter().all(|s| s.attribute("db.query.text").is_some()), "{others:#?}");
    let system = match app.db().backend() {
        gongzhi_server::db::Backend::Sqlite => "sqlite",
        gongzhi_server::db::Backend::Postgres => "postgresql",
    };
    let community_uuid = TestApp::uuid_of(&json!(community)).to_string();
    let (mut statements, mut placeholders) = (0, 0);
    for batch in &batches {
        let sql = children(&trace, &batch.span_id);
        assert!(!sql.is_empty(), "a batch without statements: {batch:#?}");
        for s in sql {
            statements += 1;
            assert_eq!(s.kind, 3, "a client span: {s:#?}");
            assert_eq!(s.attribute("db.system"), Some(system));
            let text = s.attribute("db.query.text").expect("the statement's text");
            assert!(text.starts_with("select") || text.starts_with("with"), "{text}");
            assert_eq!(Some(s.name.as_str()), text.split_whitespace().next());
            // Values are bound, never in the text: not the community's id.
            assert!(!text.contains(&community_uuid), "{text}");
            placeholders += usize::from(text.contains("$1") || text.contains('?'));
            assert!(text.len() <= gongzhi_server::db::MAX_STATEMENT_TEXT);
        }
    }
    assert!(statements >= batches.len());
    assert!(placeholders > 0, "the statements bind their values");
    assert!(children(&trace, "").is_empty(), "every span of the trace hangs from the caller's");

    // A request without a traceparent gets a new trace, exported as such;
    // its errors carry that trace's id.
    let res = app
        .client
        .post(app.url("/graphql"))
        .bearer_auth(&token)
        .json(&json!({ "query": "query Bad { areas(first: 1000) { totalCount } }", "operationName": "Bad" }))
        .send()
        .await
        .expect("the server answers");
    let trace_id = res.headers()["x-trace-id"].to_str().unwrap().to_owned();
    let body: Value = res.json().await.expect("a JSON body");
    assert_eq!(trace_id.len(), 32, "{trace_id}");
    assert!(trace_id.chars().all(|c| c.is_ascii_hexdigit()) && trace_id != CALLER_TRACE);
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{body:#}");
    assert_eq!(body["errors"][0]["extensions"]["traceId"], trace_id.as_str(), "{body:#}");
    let spans = receiver
        .wait_until(Duration::from_secs(60), flush, |spans| {
            spans.iter().any(|s| s.trace_id == trace_id && s.name == "query Bad")
        })
        .await;
    let bad = spans.iter().find(|s| s.trace_id == trace_id && s.name == "query Bad").unwrap();
    assert_eq!(bad.parent_span_id, "", "a root span");

    drop(app);
    runtime.shutdown_background();
    tokio::task::spawn_blocking(move || exporter.shutdown()).await.unwrap().expect("the exporter stops");
}
