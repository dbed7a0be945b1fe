//! A real OpenID provider for the stories: `oidc-provider` under node
//! (`tests/oidc/provider.js`), on a free loopback port, ended when dropped.
//! Without node the stories that need it are skipped, with the reason printed.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use gongzhi_server::config::{ClaimNames, IssuerConfig};
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// The data key the stories' servers use, so that the provider can put the
/// keyed hash of an ID-card number in a claim the way Gongzhi computes it.
pub const DATA_KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

/// Gongzhi's client at the provider (see `provider.js`).
pub const CLIENT_ID: &str = "gongzhi";
pub const CLIENT_SECRET: &str = "gongzhi-test-secret";

pub struct OidcProvider {
    /// `http://127.0.0.1:PORT`
    pub issuer: String,
    _child: Child,
}

fn provider_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("oidc")
}

/// `npm ci` once per test process when `node_modules` is missing.
async fn install() -> Result<(), String> {
    static INSTALLED: tokio::sync::OnceCell<Result<(), String>> = tokio::sync::OnceCell::const_new();
    INSTALLED
        .get_or_init(|| async {
            let dir = provider_dir();
            if dir.join("node_modules/oidc-provider").exists() {
                return Ok(());
            }
            let status = Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(&dir)
                .status()
                .await
                .map_err(|e| format!("npm ci could not run: {e}"))?;
            if status.success() {
                Ok(())
            } else {
                Err(format!("npm ci in {} failed: {status}", dir.display()))
            }
        })
        .await
        .clone()
}

impl OidcProvider {
    /// A running provider, or `None` (with the reason printed) when node is
    /// not installed. Any other failure fails the test.
    pub async fn start(test: &str) -> Option<OidcProvider> {
        let node = Command::new("node").arg("--version").output().await;
        if !node.is_ok_and(|o| o.status.success()) {
            println!("skipped {test}: node is not installed, so the OpenID provider cannot run");
            return None;
        }
        install().await.expect("the OpenID provider's packages install");
        let mut child = Command::new("node")
            .arg("provider.js")
            .current_dir(provider_dir())
            .env("GONGZHI_TEST_DATA_KEY", DATA_KEY)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("node starts the provider");
        let mut lines = BufReader::new(child.stdout.take().expect("piped stdout")).lines();
        let first = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
            .await
            .expect("the provider starts within 30 s")
            .expect("the provider's output")
            .expect("the provider prints its issuer");
        let started: Value = serde_json::from_str(&first).expect("the provider's first line is JSON");
        let issuer = started["issuer"].as_str().expect("an issuer").to_owned();
        // The provider logs notices on stdout as it goes: read them, so that
        // its writes never meet a closed pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Some(OidcProvider { issuer, _child: child })
    }

    pub fn discovery_url(&self) -> String {
        format!("{}/.well-known/openid-configuration", self.issuer)
    }

    /// Gongzhi's `[[issuer]]` table for this provider: its `roles` claim
    /// (`street_admin` is a street admin), `area` by code, and the person by
    /// the keyed hash in `id_card_hash`.
    pub fn issuer_config(&self) -> IssuerConfig {
        IssuerConfig {
            discovery_url: self.discovery_url(),
            audience: "gongzhi-api".into(),
            client_id: Some(CLIENT_ID.into()),
            client_secret: Some(CLIENT_SECRET.into()),
            scopes: vec!["openid".into(), "gongzhi".into()],
            resource: Some("urn:gongzhi:api".into()),
            jwks_refresh_seconds: 60,
            introspection_cache_seconds: 30,
            claims: ClaimNames {
                roles: "roles".into(),
                area: "area".into(),
                id_card_hash: Some("id_card_hash".into()),
            },
            roles: [("street_admin", "STREET_ADMIN"), ("resident", "RESIDENT")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
        }
    }

    /// How many times the provider's JWKS was fetched.
    pub async fn jwks_fetches(&self) -> u64 {
        let text = reqwest::get(format!("{}/test/jwks-fetches", self.issuer))
            .await
            .expect("the provider answers")
            .text()
            .await
            .expect("a count");
        text.parse().expect("a number")
    }

    /// An access token of the district system's client (client
    /// credentials) for `resource`: `urn:gongzhi:api` gives a JWT,
    /// `urn:gongzhi:api:opaque` an opaque token.
    pub async fn system_token(&self, resource: &str) -> String {
        let response = reqwest::Client::new()
            .post(format!("{}/token", self.issuer))
            .basic_auth("district-system", Some("district-system-secret"))
            .form(&[("grant_type", "client_credentials"), ("scope", "gongzhi"), ("resource", resource)])
            .send()
            .await
            .expect("the provider answers");
        let body: Value = response.json().await.expect("a JSON token response");
        body["access_token"].as_str().unwrap_or_else(|| panic!("no access token: {body}")).to_owned()
    }
}
