//! The database goes away and comes back: requests caught in the outage are
//! told UNAVAILABLE with 503 and `Retry-After` (never INTERNAL), `/readyz`
//! says so, and both recover by themselves once the database is back. On
//! PostgreSQL only, through a TCP proxy the story cuts and restores.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use gongzhi_server::seed::{self, Scale};
use gongzhi_tests::TestApp;
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// A TCP proxy to `upstream` that can be cut (every open connection is
/// closed and new ones are dropped as soon as they are accepted, like a
/// database that went down) and restored.
struct Proxy {
    addr: SocketAddr,
    open: watch::Sender<bool>,
}

impl Proxy {
    async fn start(upstream: String) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a proxy port");
        let addr = listener.local_addr().expect("the proxy's address");
        let (open, _) = watch::channel(true);
        let opened = open.clone();
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let mut state = opened.subscribe();
                if !*state.borrow() {
                    continue;
                }
                let upstream = upstream.clone();
                tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(&upstream).await else { return };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                        _ = state.wait_for(|open| !*open) => {}
                    }
                });
            }
        });
        Proxy { addr, open }
    }

    fn cut(&self) {
        self.open.send_replace(false);
    }

    fn restore(&self) {
        self.open.send_replace(true);
    }
}

const AREAS: &str = "{ areas(first: 1) { nodes { id name } } }";

async fn post(app: &TestApp, token: Option<&str>, query: &str, variables: Value) -> reqwest::Response {
    let mut req =
        app.client.post(app.url("/graphql")).json(&json!({ "query": query, "variables": variables }));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.expect("the server answers")
}

async fn assert_unavailable(res: reqwest::Response) {
    assert_eq!(res.status(), 503);
    assert!(res.headers().get("retry-after").is_some(), "a Retry-After header");
    let body: Value = res.json().await.expect("a JSON body");
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAVAILABLE", "{body:#}");
    assert!(body["errors"][0]["extensions"]["traceId"].is_string(), "{body:#}");
}

async fn readyz(app: &TestApp) -> u16 {
    app.client.get(app.url("/readyz")).send().await.expect("the server answers").status().as_u16()
}

#[tokio::test]
async fn a_database_outage_is_unavailable_with_retry_after_and_both_recover_by_themselves() {
    let Some(admin_url) = std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()) else {
        eprintln!(
            "skipped: the outage story cuts a TCP connection to a database server, so it runs on \
             PostgreSQL only (set TEST_DATABASE_URL); SQLite is a file inside the process"
        );
        return;
    };
    let mut url = reqwest::Url::parse(&admin_url).expect("TEST_DATABASE_URL is a URL");
    let upstream = format!("{}:{}", url.host_str().expect("a host"), url.port().unwrap_or(5432));
    let proxy = Proxy::start(upstream).await;
    url.set_host(Some("127.0.0.1")).expect("a host can be set");
    url.set_port(Some(proxy.addr.port())).expect("a port can be set");
    let app = TestApp::spawn_on_with_config(Some(url.to_string()), |config| {
        config.database.acquire_timeout_ms = 1_000;
    })
    .await;
    seed::seed(app.db(), &app.state.data_key, &Scale::small(1)).await.expect("seeding");
    let admin = app.district_admin().await;
    let building = app.first_area("BUILDING", None).await;
    assert_eq!(post(&app, None, AREAS, json!({})).await.status(), 200);
    assert_eq!(readyz(&app).await, 200);

    // A blip: the pool's connections die, the database is back at once. A
    // query caught in it runs once more, on a live connection, and answers.
    proxy.cut();
    proxy.restore();
    let res = post(&app, None, AREAS, json!({})).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert!(body.get("errors").is_none(), "{body:#}");
    assert_eq!(body["data"]["areas"]["nodes"].as_array().map(Vec::len), Some(1));

    // Down: queries and mutations are UNAVAILABLE, 503, Retry-After; not ready.
    proxy.cut();
    assert_unavailable(post(&app, None, AREAS, json!({})).await).await;
    let register = "mutation($i: RegisterResidentInput!) { registerResident(input: $i) { person { id } userErrors { code } } }";
    let input = json!({ "i": { "name": "王芳", "idCardNumber": gongzhi_tests::id_card("19800101", 1), "homeAreaId": building } });
    assert_unavailable(post(&app, Some(&admin), register, input.clone()).await).await;
    assert_eq!(readyz(&app).await, 503);

    // Back: readiness returns by itself, and so do queries and mutations.
    proxy.restore();
    let since = Instant::now();
    while readyz(&app).await != 200 {
        assert!(since.elapsed() < Duration::from_secs(15), "/readyz did not recover");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let res = post(&app, None, AREAS, json!({})).await;
    assert_eq!(res.status(), 200);
    let res = post(&app, Some(&admin), register, input).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["data"]["registerResident"]["userErrors"], json!([]), "{body:#}");
}
