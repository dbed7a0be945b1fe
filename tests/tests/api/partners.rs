//! Partner units' systems: a client registered by the district's admin gets
//! a token by client credentials, acts only in its area and within its
//! scopes, sees whole only the personal data its purpose needs (each such
//! read audited with the client and the purpose), keeps working across a
//! secret's rotation until the overlap ends, and is held to its rate limit.

use base64::Engine;
use chrono::{Duration, Utc};
use gongzhi_server::config::Limits;
use gongzhi_server::seed::Scale;
use gongzhi_tests::TestApp;
use serde_json::{Value, json};

/// Register a client acting in `area`; its payload (`issued { client { id clientId } secret }`).
pub(crate) async fn create_client(app: &TestApp, admin: &str, input: Value) -> Value {
    let payload = app
        .mutate(
            admin,
            "createPartnerClient",
            "CreatePartnerClientInput",
            "issued { secret client { id clientId name scopes purposes ratePerMinute lastUsedAt area { name } } }",
            input,
        )
        .await;
    assert_eq!(payload["userErrors"], json!([]), "{payload}");
    payload["issued"].clone()
}

/// POST /oauth/token with HTTP Basic; the status and the JSON body.
async fn token_request(
    app: &TestApp,
    id: &str,
    secret: &str,
    form: &[(&str, &str)],
) -> (u16, Value, reqwest::header::HeaderMap) {
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
    let body: String =
        form.iter().map(|(k, v)| format!("{k}={}", v.replace(' ', "+"))).collect::<Vec<_>>().join("&");
    let res = app
        .client
        .post(app.url("/oauth/token"))
        .header("authorization", format!("Basic {basic}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    (status, res.json().await.unwrap_or(Value::Null), headers)
}

pub(crate) async fn client_token(app: &TestApp, issued: &Value) -> String {
    let (status, body, _) = token_request(
        app,
        issued["client"]["clientId"].as_str().unwrap(),
        issued["secret"].as_str().unwrap(),
        &[("grant_type", "client_credentials")],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body["access_token"].as_str().unwrap().to_owned()
}

/// A point in `community` open every day 08:00–20:00 with a free health
/// check for people aged 60 and over; the service's id.
pub(crate) async fn health_check(app: &TestApp, admin: &str, community: &str) -> String {
    let point = app.open_point(admin, community).await;
    let service = app
        .mutate(
            admin,
            "createService",
            "CreateServiceInput",
            "service { id }",
            json!({ "pointId": point, "name": "免费体检", "mode": "ON_SITE", "durationMinutes": 30, "capacity": 10,
                    "opensDaysAhead": 30, "eligibility": { "minAge": 60 } }),
        )
        .await;
    assert_eq!(service["userErrors"], json!([]), "{service}");
    service["service"]["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_clinic_books_a_health_check_in_its_area_and_sees_only_what_its_purpose_needs() {
    let (app, _) = TestApp::seeded(Scale::small(3)).await;
    let admin = app.district_admin().await;
    let community = app.first_area("COMMUNITY", None).await;
    let grids = app
        .data(
            None,
            "query($c: ID) { areas(kind: GRID, within: $c, first: 2) { nodes { id } } }",
            json!({ "c": community }),
        )
        .await;
    let (grid, other_grid) = (
        grids["areas"]["nodes"][0]["id"].as_str().unwrap().to_owned(),
        grids["areas"]["nodes"][1]["id"].as_str().expect("two grids").to_owned(),
    );
    let building = app.first_area("BUILDING", Some(&grid)).await;
    let year: i32 = Utc::now().format("%Y").to_string().parse().unwrap();
    let elder = app.register_resident(&admin, &building, "周玉兰", &format!("{}0601", year - 68), 1).await;
    let far_building = app.first_area("BUILDING", Some(&other_grid)).await;
    let stranger =
        app.register_resident(&admin, &far_building, "钱国华", &format!("{}0202", year - 70), 2).await;
    let service = health_check(&app, &admin, &community).await;

    let issued = create_client(
        &app,
        &admin,
        json!({ "name": "八公山区人民医院体检中心", "areaId": grid, "scopes": ["PEOPLE_READ", "SERVICES_BOOK"],
                "purposes": ["HEALTH_CHECK"], "ratePerMinute": 1000 }),
    )
    .await;
    assert_eq!(issued["client"]["scopes"], json!(["PEOPLE_READ", "SERVICES_BOOK"]));
    assert!(issued["secret"].as_str().unwrap().starts_with("gzs_"));

    // Client credentials: the RFC's answer, every scope of the client.
    let (status, body, headers) = token_request(
        &app,
        issued["client"]["clientId"].as_str().unwrap(),
        issued["secret"].as_str().unwrap(),
        &[("grant_type", "client_credentials")],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["token_type"].as_str().map(str::to_ascii_lowercase), Some("bearer".into()));
    assert_eq!(body["expires_in"], 900);
    assert_eq!(body["scope"], "people:read services:book");
    assert_eq!(headers["cache-control"], "no-store");
    let clinic = body["access_token"].as_str().unwrap().to_owned();

    // It books for a resident of its area.
    let slot = app
        .data(
            None,
            "query($s: ID!, $d: Date!) { availability(serviceId: $s, from: $d, to: $d) { id } }",
            json!({ "s": service, "d": (Utc::now() + Duration::hours(8) + Duration::days(2)).format("%Y-%m-%d").to_string() }),
        )
        .await["availability"][0]["id"]
        .clone();
    let booked = app
        .mutate(
            &clinic,
            "book",
            "BookInput",
            "booking { state person { name } }",
            json!({ "slot": slot, "personId": elder }),
        )
        .await;
    assert_eq!(booked["userErrors"], json!([]), "{booked}");
    assert_eq!(booked["booking"]["state"], "CONFIRMED");

    // Its purpose unmasks the ID-card number and the phone; each read is audited with it.
    let read = app
        .data(
            Some(&clinic),
            "query($p: ID!) { node(id: $p) { ... on Person { name idCardNumber } } }",
            json!({ "p": elder }),
        )
        .await;
    let whole = read["node"]["idCardNumber"].as_str().unwrap();
    assert!(!whole.contains('*') && whole.len() == 18, "{read}");
    let mut conn = app.db().conn().await.unwrap();
    let client_uuid = TestApp::uuid_of(&issued["client"]["id"]);
    let audited: i64 = gongzhi_server::run!(conn, |c| {
        sqlx::query_scalar(
        "select count(*) from audit_log where target_id = $1 and client_id = $2 and purpose = 'HEALTH_CHECK'"
    )
    .bind(TestApp::uuid_of(&elder))
    .bind(client_uuid)
    .fetch_one(c)
    .await
    })
    .unwrap();
    assert_eq!(audited, 1);

    // The person sees who read their data whole, and why: the clinic, and an admin with the permission.
    let auditor = app.token(
        &[gongzhi_tests::R::DistrictAdmin],
        Some(TestApp::uuid_of(&json!(app.area_id("八公山区").await))),
        None,
        &[gongzhi_server::auth::Permission::PersonalData],
    );
    app.data(
        Some(&auditor),
        "query($p: ID!) { node(id: $p) { ... on Person { idCardNumber } } }",
        json!({ "p": elder }),
    )
    .await;
    let own = app.token(&[gongzhi_tests::R::Resident], None, Some(TestApp::uuid_of(&elder)), &[]);
    let reads = app
        .data(
            Some(&own),
            "{ me { whoReadMyData(first: 10) { totalCount nodes { actor detail clientId purpose } } } }",
            json!({}),
        )
        .await;
    let nodes = &reads["me"]["whoReadMyData"]["nodes"];
    assert_eq!(reads["me"]["whoReadMyData"]["totalCount"], 2, "{reads}");
    assert_eq!(nodes[0]["clientId"], issued["client"]["clientId"]);
    assert_eq!(
        (nodes[0]["detail"].clone(), nodes[0]["purpose"].clone()),
        (json!("id_card_number"), json!("HEALTH_CHECK"))
    );
    assert_eq!(
        (nodes[1]["detail"].clone(), nodes[1]["clientId"].clone()),
        (json!("id_card_number"), Value::Null)
    );
    let theirs = app
        .gql(
            Some(&auditor),
            "query($p: ID!) { node(id: $p) { ... on Person { whoReadMyData { totalCount } } } }",
            json!({ "p": elder }),
        )
        .await;
    assert_eq!(theirs["errors"][0]["extensions"]["code"], "FORBIDDEN", "only the person asks: {theirs}");
    // The district's admins read the whole trail, by client and purpose.
    let trail = app
        .data(
            Some(&admin),
            "query($c: String) { auditLog(filter: { clientId: $c, purpose: HEALTH_CHECK }) { totalCount nodes { actor action } } }",
            json!({ "c": issued["client"]["clientId"] }),
        )
        .await;
    assert_eq!(trail["auditLog"]["totalCount"], 1, "{trail}");
    let managed = app
        .data(
            Some(&admin),
            "{ auditLog(filter: { action: \"create_partner_client\" }) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(managed["auditLog"]["totalCount"], 1);
    let nope = app.gql(Some(&clinic), "{ auditLog { totalCount } }", json!({})).await;
    assert_eq!(nope["errors"][0]["extensions"]["code"], "FORBIDDEN");

    // Outside its area: nobody to book for, nobody to read.
    let outside = app
        .mutate(
            &clinic,
            "book",
            "BookInput",
            "booking { state }",
            json!({ "slot": slot, "personId": stranger }),
        )
        .await;
    assert_eq!(outside["userErrors"][0]["code"], "NOT_FOUND", "{outside}");
    assert_eq!(outside["userErrors"][0]["field"], json!(["input", "personId"]));
    let unseen = app
        .data(
            Some(&clinic),
            "query($p: ID!) { node(id: $p) { ... on Person { name } } }",
            json!({ "p": stranger }),
        )
        .await;
    assert_eq!(unseen["node"], Value::Null);

    // Outside its scopes: refused before anything runs, naming the scope.
    let party =
        app.gql(Some(&clinic), "{ partyOrganizations(first: 1) { nodes { name } } }", json!({})).await;
    assert_eq!(party["errors"][0]["extensions"]["code"], "FORBIDDEN", "{party}");
    assert!(party["errors"][0]["message"].as_str().unwrap().contains("party:read"), "{party}");
    let hidden = app
        .gql(Some(&clinic), "query($a: ID!) { node(id: $a) { ... on Area { name ...P } } } fragment P on Area { partyOrganizations(first: 1) { totalCount } }", json!({ "a": community }))
        .await;
    assert_eq!(hidden["errors"][0]["extensions"]["code"], "FORBIDDEN", "a fragment hides nothing: {hidden}");
    let write = app
        .gql(Some(&clinic), "mutation { createPartnerClient(input: { name: \"x\", areaId: \"x\", scopes: [PEOPLE_READ] }) { userErrors { code } } }", json!({}))
        .await;
    assert_eq!(write["errors"][0]["extensions"]["code"], "FORBIDDEN", "{write}");
    let schema = app.gql(Some(&clinic), "{ __schema { queryType { name } } }", json!({})).await;
    assert_eq!(
        schema["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "no introspection for partners: {schema}"
    );

    // A client without a purpose sees the same person masked.
    let nosy =
        create_client(&app, &admin, json!({ "name": "物业公司", "areaId": grid, "scopes": ["PEOPLE_READ"] }))
            .await;
    let nosy = client_token(&app, &nosy).await;
    let masked = app
        .data(
            Some(&nosy),
            "query($p: ID!) { node(id: $p) { ... on Person { idCardNumber } } }",
            json!({ "p": elder }),
        )
        .await;
    assert!(masked["node"]["idCardNumber"].as_str().unwrap().contains('*'), "{masked}");

    // The district admin sees the clients, with their last use.
    let listed = app
        .data(
            Some(&admin),
            "{ partnerClients(first: 10) { totalCount nodes { name lastUsedAt secrets { expiresAt } } } }",
            json!({}),
        )
        .await;
    assert_eq!(listed["partnerClients"]["totalCount"], 2);
    assert!(!listed["partnerClients"]["nodes"][0]["lastUsedAt"].is_null());
    // A street's admin may not.
    let street = app.first_area("STREET", None).await;
    let street_admin =
        app.token(&[gongzhi_tests::R::StreetAdmin], Some(TestApp::uuid_of(&json!(street))), None, &[]);
    let refused =
        app.gql(Some(&street_admin), "{ partnerClients(first: 1) { totalCount } }", json!({})).await;
    assert_eq!(refused["errors"][0]["extensions"]["code"], "FORBIDDEN", "{refused}");
}

#[tokio::test]
async fn a_rotated_secret_works_during_the_overlap_and_fails_after_it() {
    let (app, _) = TestApp::seeded(Scale::small(2)).await;
    let admin = app.district_admin().await;
    let community = app.first_area("COMMUNITY", None).await;
    let first = create_client(
        &app,
        &admin,
        json!({ "name": "派出所", "areaId": community, "scopes": ["PEOPLE_READ"] }),
    )
    .await;
    let id = first["client"]["clientId"].as_str().unwrap().to_owned();
    let old = first["secret"].as_str().unwrap().to_owned();
    let rotated = app
        .mutate(
            &admin,
            "rotatePartnerSecret",
            "RotatePartnerSecretInput",
            "issued { secret client { secrets { expiresAt } } }",
            json!({ "clientId": first["client"]["id"], "overlapMinutes": 30 }),
        )
        .await;
    assert_eq!(rotated["userErrors"], json!([]), "{rotated}");
    let new = rotated["issued"]["secret"].as_str().unwrap().to_owned();
    assert_ne!(new, old);
    let grant = [("grant_type", "client_credentials")];
    assert_eq!(token_request(&app, &id, &old, &grant).await.0, 200, "the old secret during the overlap");
    assert_eq!(token_request(&app, &id, &new, &grant).await.0, 200);
    app.db().clock().advance(Duration::minutes(31));
    let (status, body, headers) = token_request(&app, &id, &old, &grant).await;
    assert_eq!((status, body["error"].clone()), (401, json!("invalid_client")), "after the overlap: {body}");
    assert!(headers.contains_key("www-authenticate"));
    assert_eq!(token_request(&app, &id, &new, &grant).await.0, 200);

    // The RFC's other refusals.
    let (status, body, _) =
        token_request(&app, &id, &new, &[("grant_type", "client_credentials"), ("scope", "party:read")])
            .await;
    assert_eq!((status, body["error"].clone()), (400, json!("invalid_scope")), "{body}");
    let (status, body, _) = token_request(&app, &id, &new, &[("grant_type", "password")]).await;
    assert_eq!((status, body["error"].clone()), (400, json!("unsupported_grant_type")));
    let (status, body, _) = token_request(&app, "not-a-client", &new, &grant).await;
    assert_eq!((status, body["error"].clone()), (401, json!("invalid_client")));
    let res = app
        .client
        .post(app.url("/oauth/token"))
        .json(&json!({ "grant_type": "client_credentials" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);
    // Bad input to the mutations names the field.
    let bad = app
        .mutate(
            &admin,
            "createPartnerClient",
            "CreatePartnerClientInput",
            "issued { secret }",
            json!({ "name": "x".repeat(50_000), "areaId": community, "scopes": [], "purposes": ["HOME_CARE"], "ratePerMinute": 0 }),
        )
        .await;
    let fields: Vec<Value> =
        bad["userErrors"].as_array().unwrap().iter().map(|e| e["field"].clone()).collect();
    assert_eq!(
        fields,
        vec![
            json!(["input", "name"]),
            json!(["input", "scopes"]),
            json!(["input", "purposes"]),
            json!(["input", "ratePerMinute"])
        ],
        "{bad}"
    );
}

#[tokio::test]
async fn the_eleventh_request_over_a_limit_of_ten_is_refused_with_when_to_retry() {
    let (app, _) = TestApp::seeded(Scale::small(2)).await;
    let admin = app.district_admin().await;
    let community = app.first_area("COMMUNITY", None).await;
    let issued = create_client(
        &app,
        &admin,
        json!({ "name": "物业", "areaId": community, "scopes": ["PEOPLE_READ"], "ratePerMinute": 10 }),
    )
    .await;
    let token = client_token(&app, &issued).await;
    for i in 0..10 {
        let body = app.gql(Some(&token), "{ areas(first: 1) { totalCount } }", json!({})).await;
        assert!(body.get("errors").is_none(), "request {i}: {body}");
    }
    let res = app
        .client
        .post(app.url("/graphql"))
        .bearer_auth(&token)
        .json(&json!({ "query": "{ areas(first: 1) { totalCount } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 429);
    let wait: u64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "RATE_LIMITED");
    // Others are not held back by it.
    assert!(
        app.gql(Some(&admin), "{ areas(first: 1) { totalCount } }", json!({})).await.get("errors").is_none()
    );

    // Anonymous callers share a bucket per address.
    let app = TestApp::spawn_with(Limits { rate_anonymous_per_minute: 3, ..Limits::default() }).await;
    for _ in 0..3 {
        assert!(app.gql(None, "{ __typename }", json!({})).await.get("errors").is_none());
    }
    let res = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 429);
}

/// Every client, as the admin lists them.
async fn listed(app: &TestApp, admin: &str) -> Value {
    let query = "{ partnerClients(first: 5) { totalCount nodes { name webhookUrls ratePerMinute } } }";
    app.data(Some(admin), query, json!({})).await["partnerClients"].clone()
}

#[tokio::test]
async fn a_client_keeps_its_webhook_endpoints_checked_and_an_update_keeps_what_it_leaves_out() {
    let (app, _) = TestApp::seeded(Scale::small(1)).await;
    let admin = app.district_admin().await;
    let community = app.first_area("COMMUNITY", None).await;
    let long = format!("https://clinic.example/{}", "a".repeat(50_000));
    let refused = app
        .mutate(
            &admin,
            "createPartnerClient",
            "CreatePartnerClientInput",
            "issued { secret }",
            json!({ "name": "体检中心", "areaId": community, "scopes": ["PEOPLE_READ"],
                    "webhookUrls": ["http://clinic.example/h", long, "https://ok.example/h"] }),
        )
        .await;
    assert_eq!(refused["issued"], Value::Null);
    let fields: Vec<&Value> = refused["userErrors"].as_array().unwrap().iter().map(|e| &e["field"]).collect();
    assert_eq!(
        fields,
        [&json!(["input", "webhookUrls[0]"]), &json!(["input", "webhookUrls[1]"])],
        "{refused}"
    );
    assert_eq!(listed(&app, &admin).await["totalCount"], 0, "nothing was written");

    let issued = create_client(
        &app,
        &admin,
        json!({ "name": "体检中心", "areaId": community, "scopes": ["PEOPLE_READ"], "ratePerMinute": 60,
                "webhookUrls": ["https://clinic.example/hooks", "https://clinic.example/hooks"] }),
    )
    .await;
    assert_eq!(
        listed(&app, &admin).await["nodes"],
        json!([{ "name": "体检中心", "webhookUrls": ["https://clinic.example/hooks"], "ratePerMinute": 60 }])
    );
    let updated = app
        .mutate(
            &admin,
            "updatePartnerClient",
            "UpdatePartnerClientInput",
            "client { name webhookUrls ratePerMinute }",
            json!({ "clientId": issued["client"]["id"], "webhookUrls": ["http://localhost:9000/test"] }),
        )
        .await;
    assert_eq!(
        updated["client"],
        json!({ "name": "体检中心", "webhookUrls": ["http://localhost:9000/test"], "ratePerMinute": 60 })
    );
    let bad = app
        .mutate(
            &admin,
            "updatePartnerClient",
            "UpdatePartnerClientInput",
            "client { name }",
            json!({ "clientId": issued["client"]["id"], "name": " ", "scopes": [], "ratePerMinute": 0 }),
        )
        .await;
    let fields: Vec<&Value> = bad["userErrors"].as_array().unwrap().iter().map(|e| &e["field"]).collect();
    assert_eq!(
        fields,
        [&json!(["input", "name"]), &json!(["input", "scopes"]), &json!(["input", "ratePerMinute"])],
        "{bad}"
    );
    assert_eq!(listed(&app, &admin).await["nodes"][0]["ratePerMinute"], 60, "nothing was written");
}

/// Every object type of the schema is classified for partner clients.
#[test]
fn every_object_type_is_public_guarded_or_closed_to_partners() {
    let sdl = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../schema.graphql")).unwrap();
    let unclassified: Vec<&str> = sdl
        .lines()
        .filter_map(|l| l.strip_prefix("type "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|t| gongzhi_server::graphql::scopes::access(t).is_none())
        .collect();
    assert_eq!(unclassified, Vec::<&str>::new(), "classify these in graphql/scopes.rs");
}
