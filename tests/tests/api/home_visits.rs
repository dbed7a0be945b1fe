//! Stories of home visits (上门服务): an elderly resident's request goes
//! from REQUESTED to ASSIGNED, VISITED and CLOSED, or is cancelled; only
//! the person, the visitor and the admins and grid workers of the person's
//! home see it; every other change is refused with the field it concerns.

use gongzhi_server::seed::Scale;
use gongzhi_tests::{R, TestApp};
use serde_json::{Value, json};

const FIELDS: &str = "request { id state note preferredAt visitedAt visitNotes grid { id name }
    person { name } assignee { name } service { name mode }
    history { state by { name } note } }";

/// The grids of the test district, a grid worker of each (a token naming
/// their person), a HOME_VISIT service, and the district admin.
struct District {
    admin: String,
    grids: Vec<String>,
    workers: Vec<String>,
    worker_names: Vec<String>,
    service: String,
}

async fn district(app: &TestApp) -> District {
    let admin = app.district_admin().await;
    let data = app
        .data(
            Some(&admin),
            "{ areas(kind: GRID, first: 10) { nodes { id gridWorkers(first: 1) { nodes { person { id name } } } } } }",
            json!({}),
        )
        .await;
    let grids: Vec<Value> = data["areas"]["nodes"].as_array().unwrap().clone();
    let mut workers = Vec::new();
    let mut worker_names = Vec::new();
    for g in &grids {
        let person = &g["gridWorkers"]["nodes"][0]["person"];
        workers.push(app.token(
            &[R::GridWorker],
            Some(TestApp::uuid_of(&g["id"])),
            Some(TestApp::uuid_of(&person["id"])),
            &[],
        ));
        worker_names.push(person["name"].as_str().unwrap().to_owned());
    }
    let points = app
        .data(
            None,
            "{ servicePoints(kind: ELDERLY_CARE) { nodes { services { id name mode } } } }",
            json!({}),
        )
        .await;
    let service = points["servicePoints"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["services"].as_array().unwrap().clone())
        .find(|s| s["mode"] == "HOME_VISIT")
        .expect("the demo data has a home-visit service at the elderly-care point");
    assert_eq!(service["name"], "上门助老服务");
    District {
        admin,
        grids: grids.iter().map(|g| g["id"].as_str().unwrap().to_owned()).collect(),
        workers,
        worker_names,
        service: service["id"].as_str().unwrap().to_owned(),
    }
}

/// A resident of a building of `grid`, registered by the admin; born on `birth` (`YYYYMMDD`).
async fn resident(app: &TestApp, d: &District, grid: &str, name: &str, birth: &str, seq: u32) -> Value {
    let building = app.first_area("BUILDING", Some(grid)).await;
    app.register_resident(&d.admin, &building, name, birth, seq).await
}

fn resident_token(app: &TestApp, person: &Value) -> String {
    app.token(&[R::Resident], None, Some(TestApp::uuid_of(person)), &[])
}

fn in_days(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days)).to_rfc3339()
}

async fn request(app: &TestApp, token: &str, input: Value) -> Value {
    app.mutate(token, "requestHomeVisit", "RequestHomeVisitInput", FIELDS, input).await
}

async fn step(app: &TestApp, token: &str, name: &str, input: Value) -> Value {
    let input_type = format!("{}{}Input", name[..1].to_uppercase(), &name[1..]);
    app.mutate(token, name, &input_type, FIELDS, input).await
}

/// How many requests a caller sees, by filter.
async fn count(app: &TestApp, token: &str, args: &str) -> i64 {
    let query = format!("{{ homeVisitRequests({args}) {{ totalCount }} }}");
    app.data(Some(token), &query, json!({})).await["homeVisitRequests"]["totalCount"].as_i64().unwrap()
}

fn states(request: &Value) -> Vec<(String, Option<String>)> {
    request["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["state"].as_str().unwrap().to_owned(), c["by"]["name"].as_str().map(str::to_owned)))
        .collect()
}

#[tokio::test]
async fn a_grid_worker_asks_for_an_80_year_old_and_the_visit_is_assigned_made_and_closed() {
    let (app, _) = TestApp::seeded(Scale::small(3)).await;
    let d = district(&app).await;
    let (grid, worker, worker_name) = (&d.grids[0], &d.workers[0], d.worker_names[0].clone());
    let elder = resident(&app, &d, grid, "王秀英", "19460315", 1).await;
    let volunteer = resident(&app, &d, grid, "李红梅", "19900612", 2).await;
    let open = format!("gridId: \"{grid}\", state: REQUESTED");
    let open_before = count(&app, worker, &open).await;

    let asked = request(
        &app,
        worker,
        json!({ "serviceId": d.service, "personId": elder, "preferredAt": in_days(2), "note": "腿脚不便，需上门测量血压" }),
    )
    .await;
    assert_eq!(asked["userErrors"], json!([]), "{asked}");
    let r = &asked["request"];
    assert_eq!(r["state"], "REQUESTED");
    assert_eq!(r["person"]["name"], "王秀英");
    assert_eq!(r["grid"]["id"], grid.as_str(), "the request goes to the person's grid");
    assert_eq!(r["service"]["mode"], "HOME_VISIT");
    assert_eq!(r["note"], "腿脚不便，需上门测量血压");
    let id = r["id"].clone();
    assert_eq!(count(&app, worker, &open).await, open_before + 1);

    let assigned = step(&app, worker, "assignHomeVisit", json!({ "id": id, "assigneeId": volunteer })).await;
    assert_eq!(assigned["userErrors"], json!([]), "{assigned}");
    assert_eq!(assigned["request"]["state"], "ASSIGNED");
    assert_eq!(assigned["request"]["assignee"]["name"], "李红梅");
    assert_eq!(count(&app, worker, &open).await, open_before, "the grid's open list shrinks");
    let theirs = format!("assigneeId: \"{}\", state: ASSIGNED", volunteer.as_str().unwrap());
    assert_eq!(count(&app, worker, &theirs).await, 1, "the worker's list");

    // The volunteer sees the visit they make, and records it.
    let visitor = resident_token(&app, &volunteer);
    assert_eq!(count(&app, &visitor, &theirs).await, 1);
    // After the request, not after the server's now.
    let visited_at = chrono::Utc::now().to_rfc3339();
    let visited = step(
        &app,
        &visitor,
        "recordHomeVisit",
        json!({ "id": id, "visitedAt": visited_at, "notes": "已上门测量血压，情况稳定" }),
    )
    .await;
    assert_eq!(visited["userErrors"], json!([]), "{visited}");
    assert_eq!(visited["request"]["state"], "VISITED");
    assert_eq!(visited["request"]["visitNotes"], "已上门测量血压，情况稳定");
    // Closing is the grid's, not the visitor's.
    let not_theirs = app
        .gql(
            Some(&visitor),
            "mutation($i: CloseHomeVisitInput!) { closeHomeVisit(input: $i) { request { id } } }",
            json!({ "i": { "id": id } }),
        )
        .await;
    assert_eq!(not_theirs["errors"][0]["extensions"]["code"], "FORBIDDEN", "{not_theirs}");

    let closed = step(&app, worker, "closeHomeVisit", json!({ "id": id })).await;
    assert_eq!(closed["userErrors"], json!([]), "{closed}");
    let r = &closed["request"];
    assert_eq!(r["state"], "CLOSED");
    assert_eq!(
        states(r),
        vec![
            ("REQUESTED".to_owned(), Some(worker_name.clone())),
            ("ASSIGNED".to_owned(), Some(worker_name.clone())),
            ("VISITED".to_owned(), Some("李红梅".to_owned())),
            ("CLOSED".to_owned(), Some(worker_name)),
        ],
        "each state with who made it"
    );
    let closed_here = format!("gridId: \"{grid}\", state: CLOSED");
    assert!(count(&app, worker, &closed_here).await >= 1);

    // The resident sees their own request and how it went.
    let elder_token = resident_token(&app, &elder);
    let mine = app
        .data(
            Some(&elder_token),
            "{ myHomeVisitRequests { totalCount nodes { id state person { name } } } }",
            json!({}),
        )
        .await;
    assert_eq!(mine["myHomeVisitRequests"]["totalCount"], 1);
    assert_eq!(mine["myHomeVisitRequests"]["nodes"][0]["id"], id);
    assert_eq!(mine["myHomeVisitRequests"]["nodes"][0]["state"], "CLOSED");
    assert_eq!(mine["myHomeVisitRequests"]["nodes"][0]["person"]["name"], "王秀英");
}

#[tokio::test]
async fn another_grids_worker_neither_sees_nor_changes_a_request_and_the_resident_sees_their_own() {
    let (app, _) = TestApp::seeded(Scale::small(3)).await;
    let d = district(&app).await;
    let (grid_a, worker_a, worker_b) = (&d.grids[0], &d.workers[0], &d.workers[1]);
    let elder = resident(&app, &d, grid_a, "赵桂芝", "19450101", 3).await;
    let elder_token = resident_token(&app, &elder);

    // The resident asks for themself.
    let asked = request(
        &app,
        &elder_token,
        json!({ "serviceId": d.service, "preferredAt": in_days(3), "note": "独居，希望有人上门陪护聊天" }),
    )
    .await;
    assert_eq!(asked["userErrors"], json!([]), "{asked}");
    let id = asked["request"]["id"].clone();
    assert_eq!(states(&asked["request"]), vec![("REQUESTED".to_owned(), Some("赵桂芝".to_owned()))]);

    let node = "query($id: ID!) { node(id: $id) { ... on HomeVisitRequest { id state person { name } } } }";
    let seen_by = |token: String| {
        let (app, id) = (&app, id.clone());
        async move { app.data(Some(&token), node, json!({ "id": id })).await["node"].clone() }
    };
    assert_eq!(seen_by(worker_b.clone()).await, Value::Null, "another grid's worker sees nothing");
    assert_eq!(count(&app, worker_b, &format!("gridId: \"{grid_a}\"")).await, 0);
    let stranger = resident(&app, &d, &d.grids[1], "孙立新", "19700101", 4).await;
    assert_eq!(seen_by(resident_token(&app, &stranger)).await, Value::Null, "nor does another resident");
    assert_eq!(seen_by(worker_a.clone()).await["state"], "REQUESTED", "the grid's worker does");
    let own = seen_by(elder_token.clone()).await;
    assert_eq!((own["state"].as_str(), own["person"]["name"].as_str()), (Some("REQUESTED"), Some("赵桂芝")));

    for (mutation, input_type, input) in [
        ("assignHomeVisit", "AssignHomeVisitInput", json!({ "id": id, "assigneeId": stranger })),
        ("cancelHomeVisit", "CancelHomeVisitInput", json!({ "id": id })),
        ("closeHomeVisit", "CloseHomeVisitInput", json!({ "id": id })),
    ] {
        // A request out of sight answers like a missing one.
        let query = format!(
            "mutation($i: {input_type}!) {{ {mutation}(input: $i) {{ request {{ id }} userErrors {{ code field }} }} }}"
        );
        let refused = app.data(Some(worker_b), &query, json!({ "i": input })).await;
        assert_eq!(refused[mutation]["request"], Value::Null, "{mutation}: {refused}");
        assert_eq!(refused[mutation]["userErrors"][0]["code"], "NOT_FOUND", "{mutation}: {refused}");
    }
    assert_eq!(seen_by(worker_a.clone()).await["state"], "REQUESTED", "nothing changed");

    // A visitor from another grid, named by the district's admin, serves at
    // the home while the visit runs: the grid's worker sees who comes.
    let outsider = resident(&app, &d, &d.grids[1], "周志强", "19880808", 5).await;
    let outsider_node = app
        .data(
            Some(worker_a),
            node.replace("HomeVisitRequest { id state person { name } }", "Person { name }").as_str(),
            json!({ "id": outsider }),
        )
        .await;
    assert_eq!(outsider_node["node"], Value::Null, "not the grid's to see before");
    let assigned = step(&app, &d.admin, "assignHomeVisit", json!({ "id": id, "assigneeId": outsider })).await;
    assert_eq!(assigned["userErrors"], json!([]), "{assigned}");
    let as_seen = app
        .data(
            Some(worker_a),
            "query($id: ID!) { node(id: $id) { ... on HomeVisitRequest { state assignee { name } } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(as_seen["node"]["state"], "ASSIGNED");
    assert_eq!(as_seen["node"]["assignee"]["name"], "周志强", "the visitor serves at the home");

    // The resident cancels their own request.
    let cancelled =
        step(&app, &elder_token, "cancelHomeVisit", json!({ "id": id, "reason": "家属已自行安排" })).await;
    assert_eq!(cancelled["userErrors"], json!([]), "{cancelled}");
    assert_eq!(cancelled["request"]["state"], "CANCELLED");
    let last = cancelled["request"]["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["state"].as_str(), last["note"].as_str()), (Some("CANCELLED"), Some("家属已自行安排")));
}

#[tokio::test]
async fn changes_a_state_does_not_allow_and_bad_input_name_their_fields() {
    let (app, _) = TestApp::seeded(Scale::small(3)).await;
    let d = district(&app).await;
    let (grid, worker) = (&d.grids[0], &d.workers[0]);
    let elder = resident(&app, &d, grid, "钱玉兰", "19440220", 6).await;
    let ask = |token: String, input: Value| {
        let app = &app;
        async move { request(app, &token, input).await }
    };
    let asked = ask(
        worker.clone(),
        json!({ "serviceId": d.service, "personId": elder, "preferredAt": in_days(1), "note": "" }),
    )
    .await;
    assert_eq!(asked["userErrors"], json!([]), "{asked}");
    assert_eq!(asked["request"]["note"], Value::Null, "a blank note is none");
    let id = asked["request"]["id"].clone();
    let invalid = |payload: &Value| -> (String, Value) {
        let e = &payload["userErrors"][0];
        (e["code"].as_str().unwrap_or_default().to_owned(), e["field"].clone())
    };

    let close = step(&app, worker, "closeHomeVisit", json!({ "id": id })).await;
    assert_eq!(invalid(&close), ("INVALID_STATE".to_owned(), json!(["input", "id"])), "{close}");
    assert_eq!(close["request"], Value::Null);
    let cancelled = step(&app, worker, "cancelHomeVisit", json!({ "id": id })).await;
    assert_eq!(cancelled["request"]["state"], "CANCELLED");
    let visit = step(
        &app,
        worker,
        "recordHomeVisit",
        json!({ "id": id, "visitedAt": chrono::Utc::now().to_rfc3339(), "notes": "已上门" }),
    )
    .await;
    assert_eq!(invalid(&visit), ("INVALID_STATE".to_owned(), json!(["input", "id"])), "{visit}");
    let again = step(&app, worker, "cancelHomeVisit", json!({ "id": id })).await;
    assert_eq!(invalid(&again).0, "INVALID_STATE");
    let assign = step(&app, worker, "assignHomeVisit", json!({ "id": id, "assigneeId": elder })).await;
    assert_eq!(invalid(&assign).0, "INVALID_STATE");
    let history = app
        .data(
            Some(worker),
            "query($id: ID!) { node(id: $id) { ... on HomeVisitRequest { history { state } } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        history["node"]["history"],
        json!([{ "state": "REQUESTED" }, { "state": "CANCELLED" }]),
        "refused changes write nothing"
    );

    // Every bad field at once, each named.
    let past = (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339();
    let bad = ask(
        worker.clone(),
        json!({ "serviceId": d.service, "personId": elder, "preferredAt": past, "note": "x".repeat(50_000) }),
    )
    .await;
    let mut fields: Vec<(String, String)> = bad["userErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"][1].as_str().unwrap().to_owned(), e["code"].as_str().unwrap().to_owned()))
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        vec![
            ("note".to_owned(), "BAD_USER_INPUT".to_owned()),
            ("preferredAt".to_owned(), "BAD_USER_INPUT".to_owned())
        ],
        "{bad}"
    );
    assert_eq!(bad["request"], Value::Null);

    // An id of another kind is refused before anything runs, naming the field.
    let query = "mutation($i: RequestHomeVisitInput!) { requestHomeVisit(input: $i) { request { id } } }";
    let wrong = app
        .gql(
            Some(worker),
            query,
            json!({ "i": { "serviceId": elder, "preferredAt": in_days(1), "note": "" } }),
        )
        .await;
    assert_eq!(wrong["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{wrong}");
    assert_eq!(wrong["errors"][0]["extensions"]["field"], "input.serviceId");
    let wrong = app
        .gql(Some(worker), query, json!({ "i": { "serviceId": d.service, "personId": grid, "preferredAt": in_days(1), "note": "" } }))
        .await;
    assert_eq!(wrong["errors"][0]["extensions"]["field"], "input.personId", "{wrong}");

    // A service given at the point is not a home visit.
    let point = app
        .data(None, "{ servicePoints(kind: ELDERLY_CARE) { nodes { id } } }", json!({}))
        .await["servicePoints"]["nodes"][0]
        ["id"]
        .clone();
    let on_site = app
        .mutate(
            &d.admin,
            "createService",
            "CreateServiceInput",
            "service { id }",
            json!({ "pointId": point, "name": "健康讲座", "mode": "ON_SITE", "durationMinutes": 60, "capacity": 20 }),
        )
        .await;
    assert_eq!(on_site["userErrors"], json!([]), "{on_site}");
    let not_home = ask(
        worker.clone(),
        json!({ "serviceId": on_site["service"]["id"], "personId": elder, "preferredAt": in_days(1), "note": "" }),
    )
    .await;
    assert_eq!(invalid(&not_home), ("INVALID_STATE".to_owned(), json!(["input", "serviceId"])), "{not_home}");

    // A resident may ask only for themself; an admin names the person.
    let elder_token = resident_token(&app, &elder);
    let stranger = resident(&app, &d, &d.grids[1], "吴国庆", "19500101", 7).await;
    let for_other = app
        .gql(
            Some(&elder_token),
            query,
            json!({ "i": { "serviceId": d.service, "personId": stranger, "preferredAt": in_days(1), "note": "" } }),
        )
        .await;
    assert_eq!(for_other["errors"][0]["extensions"]["code"], "FORBIDDEN", "{for_other}");
    let nobody =
        ask(d.admin.clone(), json!({ "serviceId": d.service, "preferredAt": in_days(1), "note": "" })).await;
    assert_eq!(invalid(&nobody), ("BAD_USER_INPUT".to_owned(), json!(["input", "personId"])), "{nobody}");
    let elsewhere = ask(
        worker.clone(),
        json!({ "serviceId": d.service, "personId": stranger, "preferredAt": in_days(1), "note": "" }),
    )
    .await;
    assert_eq!(invalid(&elsewhere), ("NOT_FOUND".to_owned(), json!(["input", "personId"])), "{elsewhere}");
}
