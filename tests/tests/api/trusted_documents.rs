//! Trusted documents (persisted operations): the district's admin registers
//! the documents a partner client may run; a trusted-documents-only client
//! then runs those, by id or by text, and nothing else. Everyone else may
//! send a registered document's id, and APQ's round trip (hash alone, then
//! hash and text) works in memory. `gongzhi documents add` registers files.

use clap::Parser;
use gongzhi_server::cli::{Cli, run};
use gongzhi_server::seed::Scale;
use gongzhi_tests::TestApp;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::partners::{client_token, create_client};

const AREAS: &str = "query Areas { areas(first: 1) { totalCount } }";
const VIEWER: &str = "query Me { viewer { subject } }";

/// `sha256:` and the hex SHA-256 of `text`, computed here rather than by the server.
fn id_of(text: &str) -> String {
    let hex: String = Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// POST `body` as JSON with `token`; the status and the JSON answer.
async fn post(app: &TestApp, token: Option<&str>, body: Value) -> (u16, Value) {
    let mut req = app
        .client
        .post(app.url("/graphql"))
        .header("accept", "application/graphql-response+json")
        .json(&body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"].as_str().unwrap_or_default()
}

async fn register(app: &TestApp, admin: &str, client: &str, documents: Value) -> Value {
    app.mutate(
        admin,
        "registerTrustedDocuments",
        "RegisterTrustedDocumentsInput",
        "documents { documentId operationNames body addedBy }",
        json!({ "clientId": client, "documents": documents }),
    )
    .await
}

#[tokio::test]
async fn a_trusted_documents_only_client_runs_its_registered_documents_and_nothing_else() {
    let (app, _) = TestApp::seeded(Scale::small(2)).await;
    let admin = app.district_admin().await;
    let community = app.first_area("COMMUNITY", None).await;
    let issued = create_client(
        &app,
        &admin,
        json!({ "name": "体检中心", "areaId": community, "scopes": ["PEOPLE_READ"], "trustedDocumentsOnly": true }),
    )
    .await;
    let client = issued["client"]["id"].as_str().unwrap().to_owned();
    let other = create_client(
        &app,
        &admin,
        json!({ "name": "派出所", "areaId": community, "scopes": ["PEOPLE_READ"] }),
    )
    .await["client"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // What could never run is refused, naming the document, and nothing is registered.
    let refused =
        register(&app, &admin, &client, json!([AREAS, "query Bad { noSuchField }", "{ areas("])).await;
    assert_eq!(refused["documents"], Value::Null, "{refused}");
    let errors = refused["userErrors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{refused}");
    assert_eq!(errors[0]["field"], json!(["input", "documents[1]"]));
    assert_eq!(errors[0]["code"], "BAD_USER_INPUT");
    assert!(errors[0]["message"].as_str().unwrap().contains("noSuchField"), "{refused}");
    assert_eq!(errors[1]["field"], json!(["input", "documents[2]"]));
    let none = register(&app, &admin, &other, json!([])).await;
    assert_eq!(none["userErrors"][0]["field"], json!(["input", "documents"]), "{none}");

    let registered = register(&app, &admin, &client, json!([AREAS, AREAS])).await;
    assert_eq!(registered["userErrors"], json!([]), "{registered}");
    let doc = &registered["documents"][0];
    assert_eq!(doc["documentId"], id_of(AREAS));
    assert_eq!(doc["operationNames"], json!(["Areas"]));
    assert_eq!(registered["documents"].as_array().unwrap().len(), 1, "registered once");
    let elsewhere = register(&app, &admin, &other, json!([VIEWER])).await;
    assert_eq!(elsewhere["userErrors"], json!([]), "{elsewhere}");

    let token = client_token(&app, &issued).await;
    // By id, in both forms, and by GET.
    let (status, body) = post(&app, Some(&token), json!({ "documentId": id_of(AREAS) })).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["data"]["areas"]["totalCount"].as_i64().unwrap() >= 1, "{body}");
    let apq =
        json!({ "extensions": { "persistedQuery": { "version": 1, "sha256Hash": &id_of(AREAS)[7..] } } });
    let (status, body) = post(&app, Some(&token), apq).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["data"]["areas"]["totalCount"].as_i64().unwrap() >= 1, "{body}");
    let res = app
        .client
        .get(app.url("/graphql"))
        .query(&[("documentId", id_of(AREAS))])
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.json::<Value>().await.unwrap()["data"]["areas"].is_object());
    // Its own document's text is fine too.
    let (status, body) = post(&app, Some(&token), json!({ "query": AREAS })).await;
    assert_eq!((status, body.get("errors")), (200, None), "{body}");

    // Anything else is refused before it runs.
    let (status, body) =
        post(&app, Some(&token), json!({ "query": "{ areas(first: 2) { totalCount } }" })).await;
    assert_eq!((status, code(&body)), (403, "FORBIDDEN"), "{body}");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("trusted documents only"), "{body}");
    assert!(body.get("data").is_none());
    // Another client's document, or one nobody registered, is not found for it.
    for id in [id_of(VIEWER), id_of("{ __typename }")] {
        let (status, body) = post(&app, Some(&token), json!({ "documentId": id })).await;
        assert_eq!((status, code(&body)), (404, "PERSISTED_QUERY_NOT_FOUND"), "{body}");
    }
    // Sending a text with its hash does not register it for such a client.
    let ad_hoc = "{ __typename }";
    let (status, _) = post(&app, Some(&token), json!({ "query": ad_hoc, "documentId": id_of(ad_hoc) })).await;
    assert_eq!(status, 403);
    let (status, _) = post(&app, Some(&token), json!({ "documentId": id_of(ad_hoc) })).await;
    assert_eq!(status, 404);

    // The admin sees what each client holds.
    let listed = app
        .data(
            Some(&admin),
            "{ partnerClients(first: 10) { nodes { name trustedDocumentsOnly trustedDocuments { documentId operationNames } } } }",
            json!({}),
        )
        .await;
    let nodes = listed["partnerClients"]["nodes"].as_array().unwrap();
    let clinic = nodes.iter().find(|n| n["name"] == "体检中心").unwrap();
    assert_eq!(clinic["trustedDocumentsOnly"], true);
    assert_eq!(
        clinic["trustedDocuments"],
        json!([{ "documentId": id_of(AREAS), "operationNames": ["Areas"] }])
    );

    // A removed document no longer runs; a bad or unknown id is named and nothing is removed.
    let bad = app
        .mutate(
            &admin,
            "removeTrustedDocuments",
            "RemoveTrustedDocumentsInput",
            "removed",
            json!({ "clientId": client, "documentIds": [id_of(AREAS), "sha256:nothex"] }),
        )
        .await;
    assert_eq!(bad["userErrors"][0]["field"], json!(["input", "documentIds[1]"]), "{bad}");
    let unknown = app
        .mutate(
            &admin,
            "removeTrustedDocuments",
            "RemoveTrustedDocumentsInput",
            "removed",
            json!({ "clientId": client, "documentIds": [id_of(AREAS), id_of(VIEWER)] }),
        )
        .await;
    assert_eq!(unknown["userErrors"][0]["code"], "NOT_FOUND", "{unknown}");
    assert_eq!(unknown["userErrors"][0]["field"], json!(["input", "documentIds[1]"]));
    let (status, _) = post(&app, Some(&token), json!({ "documentId": id_of(AREAS) })).await;
    assert_eq!(status, 200, "nothing was removed");
    let removed = app
        .mutate(
            &admin,
            "removeTrustedDocuments",
            "RemoveTrustedDocumentsInput",
            "removed",
            json!({ "clientId": client, "documentIds": [id_of(AREAS)] }),
        )
        .await;
    assert_eq!(removed["removed"], 1, "{removed}");
    let (status, body) = post(&app, Some(&token), json!({ "documentId": id_of(AREAS) })).await;
    assert_eq!((status, code(&body)), (404, "PERSISTED_QUERY_NOT_FOUND"), "{body}");

    // Lifted: the next token may send any document again.
    let updated = app
        .mutate(
            &admin,
            "updatePartnerClient",
            "UpdatePartnerClientInput",
            "client { trustedDocumentsOnly ratePerMinute scopes }",
            json!({ "clientId": client, "trustedDocumentsOnly": false }),
        )
        .await;
    assert_eq!(
        updated["client"],
        json!({ "trustedDocumentsOnly": false, "ratePerMinute": 600, "scopes": ["PEOPLE_READ"] })
    );
    let token = client_token(&app, &issued).await;
    let (status, body) =
        post(&app, Some(&token), json!({ "query": "{ areas(first: 2) { totalCount } }" })).await;
    assert_eq!((status, body.get("errors")), (200, None), "{body}");

    // Only the district's admins register documents.
    let street = app.first_area("STREET", None).await;
    let street_admin =
        app.token(&[gongzhi_tests::R::StreetAdmin], Some(TestApp::uuid_of(&json!(street))), None, &[]);
    let body = app
        .gql(
            Some(&street_admin),
            "mutation($i: RegisterTrustedDocumentsInput!) { registerTrustedDocuments(input: $i) { userErrors { field } } }",
            json!({ "i": { "clientId": client, "documents": [VIEWER] } }),
        )
        .await;
    assert_eq!(code(&body), "FORBIDDEN", "{body}");
}

#[tokio::test]
async fn anyone_else_may_name_a_document_by_id_and_apq_round_trips_in_memory() {
    let (app, _) = TestApp::seeded(Scale::small(1)).await;
    let admin = app.district_admin().await;
    let hash = &id_of(VIEWER)[7..];
    let apq = |query: Option<&str>| {
        let mut body = json!({ "extensions": { "persistedQuery": { "version": 1, "sha256Hash": hash } } });
        if let Some(q) = query {
            body["query"] = json!(q);
        }
        body
    };
    // Apollo's round: the hash alone is not known, the retry with its text
    // runs, and the hash alone then works.
    let (status, body) = post(&app, Some(&admin), apq(None)).await;
    assert_eq!((status, code(&body)), (404, "PERSISTED_QUERY_NOT_FOUND"), "{body}");
    let (status, body) = post(&app, Some(&admin), apq(Some(VIEWER))).await;
    assert_eq!((status, &body["data"]["viewer"]["subject"]), (200, &json!("test-[DistrictAdmin]")), "{body}");
    let (status, body) = post(&app, Some(&admin), apq(None)).await;
    assert_eq!((status, &body["data"]["viewer"]["subject"]), (200, &json!("test-[DistrictAdmin]")), "{body}");

    // A hash that is not the text's, or an id of the wrong shape, is a bad request.
    let (status, body) =
        post(&app, Some(&admin), json!({ "query": AREAS, "documentId": id_of(VIEWER) })).await;
    assert_eq!((status, code(&body)), (400, "BAD_REQUEST"), "{body}");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("SHA-256"), "{body}");
    for bad in [
        json!({ "documentId": "sha256:1234" }),
        json!({ "documentId": 7 }),
        json!({ "documentId": "x".repeat(50_000) }),
    ] {
        let (status, body) = post(&app, Some(&admin), bad).await;
        assert_eq!((status, code(&body)), (400, "BAD_REQUEST"), "{body}");
    }
    let (status, body) = post(
        &app,
        Some(&admin),
        json!({ "extensions": { "persistedQuery": { "version": 2, "sha256Hash": hash } } }),
    )
    .await;
    assert_eq!((status, code(&body)), (400, "BAD_REQUEST"), "{body}");
    let (status, body) = post(&app, Some(&admin), json!({ "variables": {} })).await;
    assert_eq!((status, code(&body)), (400, "BAD_REQUEST"), "{body}");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("documentId"), "{body}");

    // A mutation named by id still needs POST.
    let mutation = "mutation M($i: CreatePartnerClientInput!) { createPartnerClient(input: $i) { userErrors { field } } }";
    let (status, _) =
        post(&app, Some(&admin), json!({ "query": mutation, "documentId": id_of(mutation) })).await;
    assert_eq!(status, 400, "a missing variable");
    let res = app
        .client
        .get(app.url("/graphql"))
        .query(&[("documentId", id_of(mutation))])
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 405);
}

#[tokio::test]
async fn gongzhi_documents_add_registers_files_and_manifests_for_a_client() {
    let (app, _) = TestApp::seeded(Scale::small(1)).await;
    let admin = app.district_admin().await;
    let community = app.first_area("COMMUNITY", None).await;
    let issued = create_client(
        &app,
        &admin,
        json!({ "name": "物业", "areaId": community, "scopes": ["PEOPLE_READ"], "trustedDocumentsOnly": true }),
    )
    .await;
    let client_id = issued["client"]["clientId"].as_str().unwrap().to_owned();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("areas.graphql");
    std::fs::write(&file, AREAS).unwrap();
    let manifest = dir.path().join("persisted-documents.json");
    std::fs::write(&manifest, json!({ &id_of(VIEWER)[7..]: VIEWER }).to_string()).unwrap();
    let add = |files: Vec<&std::path::Path>| {
        let mut args = vec!["gongzhi".to_owned(), "documents".into(), "add".into()];
        args.extend(files.iter().map(|f| f.display().to_string()));
        args.extend([
            "--client".to_owned(),
            client_id.clone(),
            "--database-url".into(),
            app.database_url.clone(),
        ]);
        run(Cli::parse_from(args))
    };
    add(vec![&file, &manifest]).await.expect("registered");

    let token = client_token(&app, &issued).await;
    for (document, field) in [(AREAS, "areas"), (VIEWER, "viewer")] {
        let (status, body) = post(&app, Some(&token), json!({ "documentId": id_of(document) })).await;
        assert_eq!(status, 200, "{body}");
        assert!(body["data"][field].is_object(), "{body}");
    }

    // A manifest whose id is not its text's hash, or a document that does
    // not validate, registers nothing.
    let lying = dir.path().join("lying.json");
    std::fs::write(&lying, json!({ &id_of(VIEWER)[7..]: "query Other { viewer { subject } }" }).to_string())
        .unwrap();
    let err = add(vec![&lying]).await.unwrap_err().to_string();
    assert!(err.contains("SHA-256"), "{err}");
    let invalid = dir.path().join("invalid.graphql");
    std::fs::write(&invalid, "query X { nothing }").unwrap();
    let err = add(vec![&file, &invalid]).await.unwrap_err().to_string();
    assert!(err.contains("documents[1]") && err.contains("nothing"), "{err}");
    let listed = app
        .data(
            Some(&admin),
            "{ partnerClients(first: 5) { nodes { trustedDocuments { operationNames } } } }",
            json!({}),
        )
        .await;
    let mut names: Vec<String> = listed["partnerClients"]["nodes"][0]["trustedDocuments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["operationNames"].to_string())
        .collect();
    names.sort();
    assert_eq!(names, ["[\"Areas\"]", "[\"Me\"]"]);
}
