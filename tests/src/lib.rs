//! The harness of the end-to-end stories: a real server on a random port
//! over a fresh database, a client that speaks GraphQL over HTTP, and tokens
//! minted by the server's own issuer.
//!
//! Backend: SQLite by default; PostgreSQL when `TEST_DATABASE_URL` is set, in
//! a database created for the test and dropped when it ends.

use std::net::SocketAddr;

use gongzhi_server::Application;
use gongzhi_server::app::AppState;
use gongzhi_server::auth::{Claims, Permission, Role, token};
use gongzhi_server::config::{Config, Limits};
use gongzhi_server::db::Db;
use gongzhi_server::seed::{self, Counts, Scale};
use serde_json::{Value, json};
use uuid::Uuid;

pub mod oidc;
pub mod otlp;

pub use gongzhi_server::auth::{Permission as Perm, Role as R};

pub struct TestApp {
    pub addr: SocketAddr,
    pub state: AppState,
    pub client: reqwest::Client,
    /// The database this server runs on.
    pub database_url: String,
    _dir: tempfile::TempDir,
    postgres: Option<(String, String)>,
}

impl TestApp {
    /// A server over an empty, migrated database: PostgreSQL under
    /// `TEST_DATABASE_URL` when it is set, else SQLite.
    pub async fn spawn() -> TestApp {
        TestApp::spawn_on(std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty())).await
    }

    /// A server over a fresh database created under the PostgreSQL server
    /// `postgres_admin_url`, or over SQLite when `None`.
    pub async fn spawn_on(postgres_admin_url: Option<String>) -> TestApp {
        TestApp::spawn_configured(postgres_admin_url, Limits::default()).await
    }

    /// A server like [`spawn`](Self::spawn) with other request limits and
    /// GraphQL options (introspection, suggestions).
    pub async fn spawn_with(limits: Limits) -> TestApp {
        TestApp::spawn_configured(std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()), limits)
            .await
    }

    /// A server like [`spawn`](Self::spawn) with its configuration changed
    /// by `configure` (the database and the data directory are the test's).
    pub async fn spawn_with_config(configure: impl FnOnce(&mut Config)) -> TestApp {
        TestApp::spawn_configured_by(
            std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()),
            configure,
        )
        .await
    }

    /// A server over a fresh database under the PostgreSQL server
    /// `postgres_admin_url` (SQLite when `None`), its configuration changed
    /// by `configure`.
    pub async fn spawn_on_with_config(
        postgres_admin_url: Option<String>,
        configure: impl FnOnce(&mut Config),
    ) -> TestApp {
        TestApp::spawn_configured_by(postgres_admin_url, configure).await
    }

    async fn spawn_configured(postgres_admin_url: Option<String>, limits: Limits) -> TestApp {
        TestApp::spawn_configured_by(postgres_admin_url, |config| config.limits = limits).await
    }

    async fn spawn_configured_by(
        postgres_admin_url: Option<String>,
        configure: impl FnOnce(&mut Config),
    ) -> TestApp {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let (url, postgres) = match postgres_admin_url {
            Some(admin_url) => {
                let name = format!("gongzhi_test_{}", Uuid::new_v4().simple());
                let admin = Db::connect(&admin_url).await.expect("TEST_DATABASE_URL reachable");
                admin
                    .execute_admin(&format!("create database {name}"))
                    .await
                    .expect("create the test database");
                admin.close().await;
                (database_url_with_name(&admin_url, &name), Some((admin_url, name)))
            }
            _ => (format!("sqlite://{}/gongzhi.db", dir.path().display()), None),
        };
        let mut config = Config::for_tests(&url, dir.path().to_path_buf());
        configure(&mut config);
        let app = Application::build(config).await.expect("the application builds");
        let state = app.state().clone();
        let addr = app.spawn();
        TestApp { addr, state, client: reqwest::Client::new(), database_url: url, _dir: dir, postgres }
    }

    /// A server over seeded demo data of the given scale.
    pub async fn seeded(scale: Scale) -> (TestApp, Counts) {
        let app = TestApp::spawn().await;
        let counts = seed::seed(&app.state.db, &app.state.data_key, &scale).await.expect("seeding");
        (app, counts)
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub fn db(&self) -> &Db {
        &self.state.db
    }

    /// The data directory: its keys sign tokens and encrypt personal data,
    /// so a second server over the same database and directory reads alike.
    pub fn data_dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    /// A token of the server's own issuer.
    pub fn token(
        &self,
        roles: &[Role],
        area: Option<Uuid>,
        person: Option<Uuid>,
        permissions: &[Permission],
    ) -> String {
        self.token_expiring(roles, area, person, permissions, chrono::Utc::now().timestamp() + 600)
    }

    /// A token of the server's own issuer that expires at `exp` (seconds
    /// since the epoch).
    pub fn token_expiring(
        &self,
        roles: &[Role],
        area: Option<Uuid>,
        person: Option<Uuid>,
        permissions: &[Permission],
        exp: i64,
    ) -> String {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            iss: self.state.issuer.clone(),
            aud: self.state.audience.clone(),
            sub: person.map(|p| p.to_string()).unwrap_or_else(|| format!("test-{roles:?}")),
            iat: now,
            exp,
            roles: roles.to_vec(),
            area,
            person,
            permissions: permissions.to_vec(),
            client: None,
        };
        token::mint(&self.state.signing, &claims).expect("minting")
    }

    /// POST a GraphQL request as JSON; the parsed body.
    pub async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let mut req = self
            .client
            .post(self.url("/graphql"))
            .header("content-type", "application/json")
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.expect("the server answers");
        res.json().await.expect("a JSON body")
    }

    /// Like [`gql`](Self::gql) but fails the test on any top-level error; returns `data`.
    pub async fn data(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let body = self.gql(token, query, variables).await;
        assert!(body.get("errors").is_none(), "unexpected errors: {body:#}");
        body["data"].clone()
    }

    /// Run mutation `name` with `input` (of GraphQL type `input_type`),
    /// selecting `fields` and the user errors; returns the payload.
    pub async fn mutate(
        &self,
        token: &str,
        name: &str,
        input_type: &str,
        fields: &str,
        input: Value,
    ) -> Value {
        let query = format!(
            "mutation($i: {input_type}!) {{ {name}(input: $i) {{ {fields} userErrors {{ field code message }} }} }}"
        );
        self.data(Some(token), &query, json!({ "i": input })).await[name].clone()
    }

    /// Register a resident born on `birth` (`YYYYMMDD`) in `home` (a
    /// building or village), failing the test on any user error; the new
    /// person's global id. `seq` keeps ID-card numbers apart.
    pub async fn register_resident(
        &self,
        token: &str,
        home: &str,
        name: &str,
        birth: &str,
        seq: u32,
    ) -> Value {
        let payload = self
            .mutate(
                token,
                "registerResident",
                "RegisterResidentInput",
                "person { id }",
                json!({ "name": name, "idCardNumber": id_card(birth, seq), "homeAreaId": home }),
            )
            .await;
        assert_eq!(payload["userErrors"], json!([]), "registering {name}");
        payload["person"]["id"].clone()
    }

    /// The id of the first area of a kind (within an area, if given).
    pub async fn first_area(&self, kind: &str, within: Option<&str>) -> String {
        let query =
            format!("query($w: ID) {{ areas(kind: {kind}, within: $w, first: 1) {{ nodes {{ id }} }} }}");
        let data = self.data(None, &query, json!({ "w": within })).await;
        data["areas"]["nodes"][0]["id"].as_str().unwrap_or_else(|| panic!("no {kind}")).to_owned()
    }

    /// A health station in `area` open every day from 08:00 to 20:00,
    /// created by `admin`; its id.
    pub async fn open_point(&self, admin: &str, area: &str) -> String {
        let payload = self
            .mutate(
                admin,
                "createServicePoint",
                "CreateServicePointInput",
                "point { id }",
                json!({ "name": "社区卫生服务站", "kind": "HEALTH_STATION", "areaId": area, "address": "健康路1号",
                        "location": { "latitude": 32.63, "longitude": 116.83 } }),
            )
            .await;
        assert_eq!(payload["userErrors"], json!([]), "{payload}");
        let point = payload["point"]["id"].as_str().expect("a point").to_owned();
        let periods: Vec<Value> =
            (1..=7).map(|d| json!({ "weekday": d, "starts": "08:00", "ends": "20:00" })).collect();
        let set = self
            .mutate(
                admin,
                "setOpeningHours",
                "SetOpeningHoursInput",
                "point { id }",
                json!({ "pointId": point, "periods": periods }),
            )
            .await;
        assert_eq!(set["userErrors"], json!([]), "{set}");
        point
    }

    /// A district admin's token.
    pub async fn district_admin(&self) -> String {
        let district = self.area_id("八公山区").await;
        self.token(&[Role::DistrictAdmin], Some(Self::uuid_of(&json!(district))), None, &[])
    }

    /// The ids of the first `n` people `token` may see, paging through
    /// `people` (the test fails when there are fewer).
    pub async fn people(&self, token: &str, n: usize) -> Vec<String> {
        let mut ids = Vec::new();
        let mut after = Value::Null;
        while ids.len() < n {
            let data = self
                .data(
                    Some(token),
                    "query($a: String) { people(first: 100, after: $a) { nodes { id } pageInfo { endCursor } } }",
                    json!({ "a": after }),
                )
                .await;
            let nodes = data["people"]["nodes"].as_array().expect("people");
            assert!(!nodes.is_empty(), "fewer than {n} people");
            ids.extend(nodes.iter().map(|p| p["id"].as_str().expect("an id").to_owned()));
            after = data["people"]["pageInfo"]["endCursor"].clone();
        }
        ids.truncate(n);
        ids
    }

    /// The uuid behind a global id.
    pub fn uuid_of(global: &Value) -> Uuid {
        let (_, id) =
            gongzhi_server::ids::parse_global(global.as_str().expect("an id string")).expect("a global id");
        id
    }

    /// The global id of the first area with this name.
    pub async fn area_id(&self, name: &str) -> String {
        let data = self
            .data(
                None,
                "query($n: String) { areas(nameContains: $n, first: 100) { nodes { id name } } }",
                json!({ "n": name }),
            )
            .await;
        data["areas"]["nodes"]
            .as_array()
            .and_then(|a| a.iter().find(|n| n["name"] == name))
            .map(|n| n["id"].as_str().expect("id").to_owned())
            .unwrap_or_else(|| panic!("no area named {name}"))
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some((admin_url, name)) = self.postgres.take() {
            // Best effort: the server's pool may still hold connections, so force them out.
            let sql = format!("drop database if exists {name} with (force)");
            std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build();
                if let Ok(rt) = rt {
                    rt.block_on(async {
                        if let Ok(admin) = Db::connect(&admin_url).await {
                            let _ = admin.execute_admin(&sql).await;
                            admin.close().await;
                        }
                    });
                }
            })
            .join()
            .ok();
        }
    }
}

fn database_url_with_name(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// A valid ID-card number for a birth date, from a running number (GB 11643 check digit).
pub fn id_card(birth: &str, seq: u32) -> String {
    let first17 = format!("340405{birth}{:03}", seq % 1000);
    let check = gongzhi_server::people::model::IdCardNumber::check_char(&first17);
    format!("{first17}{check}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn database_names_replace_the_path() {
        assert_eq!(
            super::database_url_with_name("postgres://root@127.0.0.1:5432/test?sslmode=disable", "x"),
            "postgres://root@127.0.0.1:5432/x?sslmode=disable"
        );
        assert_eq!(super::database_url_with_name("postgres://127.0.0.1", "x"), "postgres://127.0.0.1/x");
    }
}
