//! `/metrics` in Prometheus' text format: a resident's query shows up as a
//! request by operation, client and outcome, with its latency and its SQL
//! statements; the rate limiter's refusals are counted by client.

use gongzhi_tests::{R, TestApp};
use serde_json::json;
use uuid::Uuid;

/// The value of the sample of `metric` whose labels include every one of
/// `labels` (`name="value"`), if /metrics has it.
fn sample(text: &str, metric: &str, labels: &[&str]) -> Option<f64> {
    text.lines()
        .filter(|line| line.starts_with(&format!("{metric}{{")))
        .find(|line| labels.iter().all(|l| line.contains(l)))
        .and_then(|line| line.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

async fn scrape(app: &TestApp) -> String {
    let res = app.client.get(app.url("/metrics")).send().await.expect("the server answers");
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    res.text().await.expect("a text body")
}

#[tokio::test]
async fn a_residents_queries_are_counted_by_operation_client_and_outcome() {
    let app = TestApp::spawn().await;
    let person = Uuid::new_v4();
    let token = app.token(&[R::Resident], None, Some(person), &[]);
    let client = format!("client=\"{person}\"");
    for _ in 0..2 {
        let body = app
            .client
            .post(app.url("/graphql"))
            .bearer_auth(&token)
            .json(&json!({ "query": "query CountAreas { areas { totalCount } }", "operationName": "CountAreas" }))
            .send()
            .await
            .unwrap();
        assert_eq!(body.status(), 200);
    }
    let bad = json!({ "query": "query CountAreas { areas { nope } }", "operationName": "CountAreas" });
    app.client.post(app.url("/graphql")).bearer_auth(&token).json(&bad).send().await.unwrap();

    // Not even GraphQL: refused before anyone is known.
    let form = app.client.post(app.url("/graphql")).header("content-type", "text/plain").body("{}");
    assert_eq!(form.send().await.unwrap().status(), 415);

    let text = scrape(&app).await;
    let refused = ["operation=\"anonymous\"", "client=\"anonymous\"", "outcome=\"rejected\""];
    assert!(sample(&text, "gongzhi_requests_total", &refused).is_some_and(|n| n >= 1.0), "{text}");
    let ok = ["operation=\"CountAreas\"", &client, "outcome=\"ok\""];
    assert_eq!(sample(&text, "gongzhi_requests_total", &ok), Some(2.0), "{text}");
    let rejected = ["operation=\"CountAreas\"", &client, "outcome=\"rejected\""];
    assert_eq!(sample(&text, "gongzhi_requests_total", &rejected), Some(1.0), "{text}");
    // Latency and statements per request are histograms with buckets.
    let latency = sample(&text, "gongzhi_request_duration_seconds_count", &["operation=\"CountAreas\""]);
    assert!(latency.is_some_and(|n| n >= 3.0), "{text}");
    let inf = ["operation=\"CountAreas\"", "le=\"+Inf\""];
    // Counting the areas is a statement or two; a request refused before
    // execution sends none and is not among them.
    let three = ["operation=\"CountAreas\"", "le=\"3\""];
    assert_eq!(sample(&text, "gongzhi_request_sql_statements_bucket", &inf), Some(2.0), "{text}");
    assert_eq!(sample(&text, "gongzhi_request_sql_statements_bucket", &three), Some(2.0), "{text}");
    let none = ["operation=\"CountAreas\"", "le=\"0\""];
    assert_eq!(sample(&text, "gongzhi_request_sql_statements_bucket", &none), Some(0.0), "{text}");
    assert!(text.lines().any(|l| l.starts_with("gongzhi_db_pool_connections ")), "{text}");
    assert!(text.lines().any(|l| l.starts_with("gongzhi_db_pool_idle_connections ")), "{text}");
}

#[tokio::test]
async fn rate_limit_refusals_are_counted_by_client() {
    let app = TestApp::spawn().await;
    let subject = format!("limited-{}", Uuid::new_v4());
    gongzhi_server::telemetry::count_rate_limited(&subject);
    gongzhi_server::telemetry::count_rate_limited(&subject);
    let text = scrape(&app).await;
    let client = format!("client=\"{subject}\"");
    assert_eq!(sample(&text, "gongzhi_rate_limited_total", &[&client]), Some(2.0), "{text}");
}
