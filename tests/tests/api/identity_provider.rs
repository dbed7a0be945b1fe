//! Stories of users from the district's identity provider: a real OpenID
//! provider (`oidc-provider` under node, `tests/oidc/`) is trusted through
//! the configuration's `[[issuer]]` table; its users log in to the console,
//! and its access tokens (JWTs, and opaque ones by introspection) are
//! accepted. Skipped, with the reason printed, where node is not installed.

use gongzhi_server::seed::{self, Scale};
use gongzhi_tests::TestApp;
use gongzhi_tests::oidc::{DATA_KEY, OidcProvider};
use reqwest::StatusCode;
use serde_json::{Value, json};

const VIEWER: &str = "{ viewer { subject roles area { name kind } person { id name } } }";

/// A server that trusts `provider`, over the small test district
/// (八公山区 → 新庄孜街道 → 团结社区), with GraphiQL at `/` where the
/// console login comes home.
async fn app_trusting(provider: &OidcProvider) -> TestApp {
    let app = TestApp::spawn_with_config(|config| {
        config.graphiql = true;
        config.keys.data_key = Some(DATA_KEY.into());
        config.file.issuers = vec![provider.issuer_config()];
    })
    .await;
    seed::seed(app.db(), &app.state.data_key, &Scale::small(2)).await.expect("seeding");
    app
}

/// The `action` of the form on a page of the provider, made absolute.
fn form_action(page: &reqwest::Url, html: &str) -> reqwest::Url {
    let start = html.find("action=\"").expect("a form on the page") + "action=\"".len();
    let end = start + html[start..].find('"').expect("a closing quote");
    page.join(&html[start..end]).expect("a form action URL")
}

/// Log in through the console with a browser-like client that keeps
/// cookies: `/auth/login`, the provider's login and consent pages, back to
/// `/auth/callback`, which sets the session cookie and sends the browser to
/// the console.
async fn console_login(app: &TestApp, provider: &OidcProvider, login: &str) -> reqwest::Client {
    let browser = reqwest::Client::builder().cookie_store(true).build().expect("a client");
    let page = browser.get(app.url("/auth/login")).send().await.expect("the login starts");
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.url().as_str().starts_with(&provider.issuer), "at the provider: {}", page.url());
    let url = page.url().clone();
    let html = page.text().await.expect("the login page");
    assert!(html.contains("name=\"login\""), "the provider asks who logs in: {html}");

    let page = browser
        .post(form_action(&url, &html))
        .form(&[("prompt", "login"), ("login", login), ("password", "any")])
        .send()
        .await
        .expect("the login form posts");
    let url = page.url().clone();
    let html = page.text().await.expect("the consent page");
    assert!(html.contains("value=\"consent\""), "the provider asks for consent: {html}");

    let home = browser
        .post(form_action(&url, &html))
        .form(&[("prompt", "consent")])
        .send()
        .await
        .expect("the consent form posts");
    assert_eq!(home.status(), StatusCode::OK);
    assert_eq!(home.url().as_str(), app.url("/console"), "the callback sends the browser to the console");
    assert!(home.text().await.expect("the console page").contains("<div id=\"root\""), "the console's page");
    browser
}

async fn viewer(client: &reqwest::Client, app: &TestApp, token: Option<&str>) -> Value {
    let mut request = client.post(app.url("/graphql")).json(&json!({ "query": VIEWER }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let body: Value = request.send().await.expect("an answer").json().await.expect("JSON");
    assert!(body.get("errors").is_none(), "unexpected errors: {body:#}");
    body["data"]["viewer"].clone()
}

#[tokio::test]
async fn a_user_logs_in_through_the_openid_provider_and_their_claims_map_to_a_street_admin() {
    let Some(provider) = OidcProvider::start("the console login story").await else { return };
    let app = app_trusting(&provider).await;

    let browser = console_login(&app, &provider, "street.admin").await;
    let me = viewer(&browser, &app, None).await;
    assert_eq!(me["roles"], json!(["STREET_ADMIN"]), "mail_user maps to no role");
    assert_eq!(me["area"], json!({ "name": "新庄孜街道", "kind": "STREET" }));
    assert_eq!(me["subject"], format!("{}|street.admin", provider.issuer));
    assert_eq!(me["person"], Value::Null);

    // The street admin's authority follows the cookie: they read their street's areas' people.
    let people: Value = browser
        .post(app.url("/graphql"))
        .json(&json!({ "query": "{ people(first: 1) { totalCount } }" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(people["data"]["people"]["totalCount"].as_i64().unwrap() > 0, "{people:#}");

    // A form post cannot ride the cookie: a GraphQL POST must be JSON.
    let form =
        browser.post(app.url("/graphql")).form(&[("query", "mutation { __typename }")]).send().await.unwrap();
    assert_eq!(form.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    // Without the cookie the same client is nobody.
    assert_eq!(viewer(&reqwest::Client::new(), &app, None).await, Value::Null);
}

#[tokio::test]
async fn a_callback_that_is_not_of_a_login_this_browser_started_is_refused() {
    let Some(provider) = OidcProvider::start("the forged callback story").await else { return };
    let app = app_trusting(&provider).await;

    // A login started elsewhere: its state is not bound to this browser.
    let elsewhere = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let started = elsewhere.get(app.url("/auth/login")).send().await.unwrap();
    assert_eq!(started.status(), StatusCode::SEE_OTHER);
    let location = started.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.contains("code_challenge_method=S256"), "PKCE: {location}");
    assert!(location.contains("nonce="), "a nonce: {location}");
    let state = location.split("state=").nth(1).unwrap().split('&').next().unwrap().to_owned();

    let forged = reqwest::Client::new()
        .get(app.url(&format!("/auth/callback?code=made-up&state={state}")))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::BAD_REQUEST);
    let body: Value = forged.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("state"), "{body}");
}

#[tokio::test]
async fn a_resident_known_by_the_keyed_hash_of_their_id_card_number_logs_in_as_themself() {
    let Some(provider) = OidcProvider::start("the resident login story").await else { return };
    let app = app_trusting(&provider).await;
    let admin = app.district_admin().await;
    let building = app.first_area("BUILDING", None).await;
    // The provider's resident.li carries the keyed hash of 34040519900101001X.
    let person = app.register_resident(&admin, &building, "李秀英", "19900101", 1).await;

    let browser = console_login(&app, &provider, "resident.li").await;
    let me = viewer(&browser, &app, None).await;
    assert_eq!(me["roles"], json!(["RESIDENT"]));
    assert_eq!(me["person"], json!({ "id": person, "name": "李秀英" }));

    // The subject is now linked: a second login finds the person by the link.
    let again = console_login(&app, &provider, "resident.li").await;
    assert_eq!(viewer(&again, &app, None).await["person"]["id"], person);
}

#[tokio::test]
async fn a_district_systems_access_tokens_are_accepted_as_jwts_and_by_introspection() {
    let Some(provider) = OidcProvider::start("the access token story").await else { return };
    let app = app_trusting(&provider).await;
    let client = reqwest::Client::new();

    let jwt = provider.system_token("urn:gongzhi:api").await;
    assert_eq!(jwt.matches('.').count(), 2, "a JWT access token");
    let me = viewer(&client, &app, Some(&jwt)).await;
    assert_eq!(me["roles"], json!(["STREET_ADMIN"]));
    assert_eq!(me["area"]["name"], "新庄孜街道");

    let opaque = provider.system_token("urn:gongzhi:api:opaque").await;
    assert!(!opaque.contains('.'), "an opaque token: {opaque}");
    let me = viewer(&client, &app, Some(&opaque)).await;
    assert_eq!(me["roles"], json!(["STREET_ADMIN"]));
    assert_eq!(me["subject"], format!("{}|district-system", provider.issuer));

    // A token the provider never issued is refused, whichever shape it has.
    let mut forged = jwt.clone().into_bytes();
    let at = forged.len() - 10;
    forged[at] = if forged[at] == b'A' { b'B' } else { b'A' };
    let forged = String::from_utf8(forged).unwrap();
    for token in ["made-up-opaque-token", forged.as_str()] {
        let body = app.gql(Some(token), VIEWER, json!({})).await;
        assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{body:#}");
    }

    // Tokens of the built-in issuer keep working beside the provider's.
    let own = app.token(&[gongzhi_tests::R::DistrictAdmin], None, None, &[]);
    assert_eq!(viewer(&client, &app, Some(&own)).await["roles"], json!(["DISTRICT_ADMIN"]));
}

#[tokio::test]
async fn a_token_with_an_unknown_key_refetches_the_providers_keys_at_most_once_a_period() {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    let Some(provider) = OidcProvider::start("the key cache story").await else { return };
    // A real token of the provider, its header naming a key it never published.
    let jwt = provider.system_token("urn:gongzhi:api").await;
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","typ":"at+jwt","kid":"rotated-away"}"#);
    let unknown_kid = format!("{header}{}", &jwt[jwt.find('.').unwrap()..]);

    for (refresh_seconds, refetches) in [(3600, 0), (0, 2)] {
        let app = TestApp::spawn_with_config(|config| {
            let mut issuer = provider.issuer_config();
            issuer.jwks_refresh_seconds = refresh_seconds;
            config.file.issuers = vec![issuer];
        })
        .await;
        seed::seed(app.db(), &app.state.data_key, &Scale::small(1)).await.expect("seeding");
        let before = provider.jwks_fetches().await;
        for _ in 0..2 {
            let body = app.gql(Some(&unknown_kid), VIEWER, json!({})).await;
            assert_eq!(body["errors"][0]["message"], "invalid token: unknown signing key", "{body:#}");
        }
        // The keys fetched at start open the period: within it nothing is
        // fetched again; with no period, every unknown kid looks again.
        assert_eq!(provider.jwks_fetches().await - before, refetches, "refresh every {refresh_seconds} s");
        // The known key still works.
        assert_eq!(viewer(&reqwest::Client::new(), &app, Some(&jwt)).await["roles"], json!(["STREET_ADMIN"]));
    }
}
