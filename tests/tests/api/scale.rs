//! Stories of the root lists at scale: a scoped page is the union of the
//! scope's branches (a range per path column and the caller's own records),
//! the district's page walks the primary key, people are counted from
//! tallies kept by triggers, and names are found through the gram index.
//! Each answer is checked against the one predicate it replaced, run here in
//! SQL on the same database: the rows must be exactly those, in id order,
//! paging forward and backward.

use gongzhi_server::db::{Date, SearchTerm, prefix_range};
use gongzhi_server::seed::Scale;
use gongzhi_tests::{R, TestApp};
use serde_json::{Value, json};
use uuid::Uuid;

/// Direct SQL on the test's database, for the expected answers.
enum Sql {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

#[derive(Clone)]
enum Bind {
    Text(String),
    Id(Uuid),
    Date(Date),
}

macro_rules! bound {
    ($query:expr, $binds:expr) => {{
        let mut q = $query;
        for b in $binds {
            q = match b.clone() {
                Bind::Text(t) => q.bind(t),
                Bind::Id(u) => q.bind(u),
                Bind::Date(d) => q.bind(d),
            };
        }
        q
    }};
}

impl Sql {
    async fn open(app: &TestApp) -> Sql {
        if app.database_url.starts_with("sqlite:") {
            Sql::Sqlite(sqlx::SqlitePool::connect(&app.database_url).await.unwrap())
        } else {
            Sql::Postgres(sqlx::PgPool::connect(&app.database_url).await.unwrap())
        }
    }

    async fn ids(&self, sql: &str, binds: &[Bind]) -> Vec<Uuid> {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        match self {
            Sql::Sqlite(p) => bound!(sqlx::query_scalar::<_, Uuid>(sql), binds).fetch_all(p).await.unwrap(),
            Sql::Postgres(p) => bound!(sqlx::query_scalar::<_, Uuid>(sql), binds).fetch_all(p).await.unwrap(),
        }
    }

    async fn count(&self, sql: &str, binds: &[Bind]) -> i64 {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        match self {
            Sql::Sqlite(p) => bound!(sqlx::query_scalar::<_, i64>(sql), binds).fetch_one(p).await.unwrap(),
            Sql::Postgres(p) => bound!(sqlx::query_scalar::<_, i64>(sql), binds).fetch_one(p).await.unwrap(),
        }
    }

    async fn execute(&self, sql: &str, binds: &[Bind]) {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        match self {
            Sql::Sqlite(p) => {
                bound!(sqlx::query(sql), binds).execute(p).await.unwrap();
            }
            Sql::Postgres(p) => {
                bound!(sqlx::query(sql), binds).execute(p).await.unwrap();
            }
        }
    }

    /// The path of an area.
    async fn path(&self, area: &str) -> String {
        let sql = "select path from area where id = $1";
        let id = TestApp::uuid_of(&json!(area));
        match self {
            Sql::Sqlite(p) => sqlx::query_scalar(sql).bind(id).fetch_one(p).await.unwrap(),
            Sql::Postgres(p) => sqlx::query_scalar(sql).bind(id).fetch_one(p).await.unwrap(),
        }
    }
}

/// `(<col> in the subtree of path)`, with the range bound as `$lo`/`$hi`.
fn range(col: &str, lo: usize) -> String {
    format!("({col} >= ${lo} and {col} < ${})", lo + 1)
}

fn subtree(path: &str) -> [Bind; 2] {
    let (lo, hi) = prefix_range(path);
    [Bind::Text(lo), Bind::Text(hi)]
}

/// A whole list through the API: every page of `size` forward from the
/// start, then every page backward from the end; the ids in each direction
/// (the backward pages put back in id order) and the total count.
async fn walk(
    app: &TestApp,
    token: &str,
    field: &str,
    args: &str,
    size: usize,
) -> (Vec<Uuid>, Vec<Uuid>, i64) {
    let forward = format!(
        "query($c: String) {{ {field}({args} first: {size}, after: $c) {{ totalCount \
         pageInfo {{ hasNextPage endCursor }} nodes {{ id }} }} }}"
    );
    let backward = format!(
        "query($c: String) {{ {field}({args} last: {size}, before: $c) {{ \
         pageInfo {{ hasPreviousPage startCursor }} nodes {{ id }} }} }}"
    );
    let ids = |v: &Value| -> Vec<Uuid> {
        v["nodes"].as_array().unwrap().iter().map(|n| TestApp::uuid_of(&n["id"])).collect()
    };
    let (mut ahead, mut cursor, mut total) = (Vec::new(), Value::Null, None);
    loop {
        let page = app.data(Some(token), &forward, json!({ "c": cursor })).await[field].clone();
        total.get_or_insert(page["totalCount"].as_i64().unwrap());
        ahead.extend(ids(&page));
        if !page["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            break;
        }
        cursor = page["pageInfo"]["endCursor"].clone();
    }
    let (mut behind, mut cursor) = (Vec::new(), Value::Null);
    loop {
        let page = app.data(Some(token), &backward, json!({ "c": cursor })).await[field].clone();
        let mut chunk = ids(&page);
        chunk.extend(behind);
        behind = chunk;
        if !page["pageInfo"]["hasPreviousPage"].as_bool().unwrap() {
            break;
        }
        cursor = page["pageInfo"]["startCursor"].clone();
    }
    (ahead, behind, total.unwrap())
}

/// `walk` must give exactly `expected` (in id order) both ways, and count it.
async fn assert_walk(app: &TestApp, token: &str, field: &str, args: &str, expected: &[Uuid]) {
    let (ahead, behind, total) = walk(app, token, field, args, 37).await;
    assert!(expected.windows(2).all(|w| w[0] < w[1]), "the expected rows come in id order");
    assert_eq!(ahead, expected, "{field}({args}) forward");
    assert_eq!(behind, expected, "{field}({args}) backward");
    assert_eq!(total, expected.len() as i64, "{field}({args}) totalCount");
}

#[tokio::test]
async fn a_street_s_scoped_lists_hold_exactly_the_rows_of_the_old_predicate_both_ways() {
    let (app, _) = TestApp::seeded(Scale::article()).await;
    let sql = Sql::open(&app).await;
    let street = app.area_id("新庄孜街道").await;
    let community = app.first_area("COMMUNITY", Some(&street)).await;
    let (street_path, community_path) = (sql.path(&street).await, sql.path(&community).await);
    let [lo, hi] = subtree(&street_path);

    // Callers who are themselves someone living, serving and organized
    // outside the area: their own records are in their lists too.
    let outside = |table: &str, cols: &[&str], more: &str| {
        let conds: Vec<String> = cols.iter().map(|c| format!("not {}", range(c, 1))).collect();
        format!("select person_id from {table} where {}{more} order by id limit 1", conds.join(" and "))
    };
    let street_range = [lo.clone(), hi.clone()];
    let me_member =
        sql.ids(&outside("party_member", &["area_path", "org_area_path"], ""), &street_range).await[0];
    let running_worker = " and role = 'GRID_WORKER' and to_on is null";
    let me_worker =
        sql.ids(&outside("role_assignment", &["area_path"], running_worker), &street_range).await[0];
    let [clo, chi] = subtree(&community_path);
    let me_resident = sql
        .ids(
            &format!("select id from person where not {} order by id limit 1", range("area_path", 1)),
            &[clo.clone(), chi.clone()],
        )
        .await[0];

    // People of a community, and the caller living elsewhere.
    let token =
        app.token(&[R::CommunityAdmin], Some(TestApp::uuid_of(&json!(community))), Some(me_resident), &[]);
    let expected = sql
        .ids(
            &format!("select id from person where {} or id = $3 order by id", range("area_path", 1)),
            &[clo.clone(), chi.clone(), Bind::Id(me_resident)],
        )
        .await;
    assert!(expected.len() > 100 && expected.contains(&me_resident));
    assert_walk(&app, &token, "people", "", &expected).await;

    // Party members of a street: where they live, where their organization
    // works (members living elsewhere), and the caller.
    let token = app.token(&[R::StreetAdmin], Some(TestApp::uuid_of(&json!(street))), Some(me_member), &[]);
    let expected = sql
        .ids(
            &format!(
                "select id from party_member where {} or {} or person_id = $3 order by id",
                range("area_path", 1),
                range("org_area_path", 1)
            ),
            &[lo.clone(), hi.clone(), Bind::Id(me_member)],
        )
        .await;
    let through_org = sql
        .count(
            &format!(
                "select count(*) from party_member where {} and not {}",
                range("org_area_path", 1),
                range("area_path", 1)
            ),
            &[lo.clone(), hi.clone()],
        )
        .await;
    assert!(through_org > 0, "some members live outside the street their organization works in");
    assert_walk(&app, &token, "partyMembers", "", &expected).await;

    // Grid workers of the street, and the caller's own assignment elsewhere.
    let token = app.token(&[R::StreetAdmin], Some(TestApp::uuid_of(&json!(street))), Some(me_worker), &[]);
    let expected = sql
        .ids(
            &format!(
                "select id from role_assignment where role = 'GRID_WORKER' and (to_on is null or to_on >= $4) \
                 and ({} or person_id = $3) order by id",
                range("area_path", 1)
            ),
            &[lo.clone(), hi.clone(), Bind::Id(me_worker), Bind::Date(Date::today())],
        )
        .await;
    assert!(expected.len() > 10);
    assert_walk(&app, &token, "gridWorkers", "", &expected).await;
}

#[tokio::test]
async fn the_district_s_lists_walk_everything_and_leave_out_a_second_root() {
    let (app, _) = TestApp::seeded(Scale::small(3)).await;
    let sql = Sql::open(&app).await;
    let district = app.district_admin().await;
    let all = sql.ids("select id from person order by id", &[]).await;
    assert_walk(&app, &district, "people", "", &all).await;
    let members = sql.ids("select id from party_member order by id", &[]).await;
    assert_walk(&app, &district, "partyMembers", "", &members).await;

    // A second tree appears beside the district, with a resident and a
    // member: the district's admin sees neither, and its counts stay its own.
    let root = Uuid::now_v7();
    sql.execute(
        "insert into area (id, kind, name, code, parent_id, path, depth, created_at) \
         select $1, kind, '另一区', '999999', null, '/999999/', depth, created_at from area where parent_id is null",
        &[Bind::Id(root)],
    )
    .await;
    let stranger = Uuid::now_v7();
    sql.execute(
        "insert into person (id, name, gender, birth_date, id_card_cipher, id_card_hash, id_card_masked, \
         phone_cipher, phone_hash, phone_masked, home_area_id, area_path, created_at, updated_at) \
         select $1, name, gender, birth_date, id_card_cipher, id_card_hash || id_card_hash, id_card_masked, \
         phone_cipher, phone_hash, phone_masked, $2, '/999999/', created_at, updated_at from person \
         where id = $3",
        &[Bind::Id(stranger), Bind::Id(root), Bind::Id(all[0])],
    )
    .await;
    sql.execute(
        "insert into party_member (id, person_id, org_id, org_path, org_area_path, area_path, status, category, \
         joined_on, created_at, updated_at) select $1, $2, org_id, org_path, '/999999/', '/999999/', status, \
         category, joined_on, created_at, updated_at from party_member where id = $3",
        &[Bind::Id(Uuid::now_v7()), Bind::Id(stranger), Bind::Id(members[0])],
    )
    .await;
    assert_eq!(sql.count("select count(*) from person", &[]).await, all.len() as i64 + 1);
    assert_walk(&app, &district, "people", "", &all).await;
    assert_walk(&app, &district, "partyMembers", "", &members).await;
    let named = app
        .data(
            Some(&district),
            "query($n: String) { people(nameContains: $n) { totalCount } }",
            json!({ "n": "" }),
        )
        .await;
    assert_eq!(named["people"]["totalCount"], all.len() as i64);
}

const PEOPLE_COUNT: &str = "query($w: ID) { people(within: $w) { totalCount } }";

/// The people of the street and of each of its first two grids, as counted
/// by the API and as counted in SQL.
async fn counts(app: &TestApp, sql: &Sql, token: &str, areas: &[&str]) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    for area in areas {
        let counted = app.data(Some(token), PEOPLE_COUNT, json!({ "w": area })).await["people"]["totalCount"]
            .as_i64()
            .unwrap();
        let path = sql.path(area).await;
        let expected = sql
            .count(&format!("select count(*) from person where {}", range("area_path", 1)), &subtree(&path))
            .await;
        out.push((counted, expected));
    }
    out
}

#[tokio::test]
async fn counts_stay_exact_through_registering_moving_and_appointing() {
    let (app, _) = TestApp::seeded(Scale::small(3)).await;
    let sql = Sql::open(&app).await;
    let district = app.district_admin().await;
    let street = app.area_id("新庄孜街道").await;
    let grids = app.data(None, "{ areas(kind: GRID, first: 2) { nodes { id } } }", json!({})).await;
    let grid = |i: usize| grids["areas"]["nodes"][i]["id"].as_str().unwrap().to_owned();
    let (grid_a, grid_b) = (grid(0), grid(1));
    let areas = [street.as_str(), grid_a.as_str(), grid_b.as_str()];
    let same = |c: &[(i64, i64)]| c.iter().all(|(a, b)| a == b);

    let before = counts(&app, &sql, &district, &areas).await;
    assert!(same(&before), "{before:?}");

    // Registered in grid A: one more there and in the street.
    let home_a = app.first_area("BUILDING", Some(&grid_a)).await;
    let home_b = app.first_area("BUILDING", Some(&grid_b)).await;
    let person = app.register_resident(&district, &home_a, "钱多多", "19800101", 61).await;
    let after = counts(&app, &sql, &district, &areas).await;
    assert!(same(&after), "{after:?}");
    assert_eq!(
        after.iter().map(|c| c.0).collect::<Vec<_>>(),
        vec![before[0].0 + 1, before[1].0 + 1, before[2].0]
    );

    // Moved to grid B: one fewer in A, one more in B, the street the same.
    let moved = app
        .mutate(
            &district,
            "updatePerson",
            "UpdatePersonInput",
            "person { id }",
            json!({ "id": person, "homeAreaId": home_b }),
        )
        .await;
    assert_eq!(moved["userErrors"], json!([]));
    let after_move = counts(&app, &sql, &district, &areas).await;
    assert!(same(&after_move), "{after_move:?}");
    assert_eq!(
        after_move.iter().map(|c| c.0).collect::<Vec<_>>(),
        vec![before[0].0 + 1, before[1].0, before[2].0 + 1]
    );

    // Appointed grid worker of grid A: A's worker now sees the person by id
    // (they serve there) while A's list, which holds the people living in A,
    // and its count are unchanged; the worker of B lists and counts them.
    let appointed = app
        .mutate(
            &district,
            "assignGridWorker",
            "AssignGridWorkerInput",
            "assignment { id }",
            json!({ "personId": person, "gridId": grid_a, "fromOn": "2024-01-01" }),
        )
        .await;
    assert_eq!(appointed["userErrors"], json!([]));
    let worker = |g: &str| app.token(&[R::GridWorker], Some(TestApp::uuid_of(&json!(g))), None, &[]);
    let (worker_a, worker_b) = (worker(&grid_a), worker(&grid_b));
    let node = "query($id: ID!) { node(id: $id) { ... on Person { name } } }";
    assert_eq!(app.data(Some(&worker_a), node, json!({ "id": person })).await["node"]["name"], "钱多多");
    let listed = |token: String| {
        let app = &app;
        async move {
            let data =
                app.data(Some(&token), "{ people(first: 100) { totalCount nodes { id } } }", json!({})).await;
            let ids: Vec<String> = data["people"]["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n["id"].as_str().unwrap().to_owned())
                .collect();
            (data["people"]["totalCount"].as_i64().unwrap(), ids)
        }
    };
    let (count_a, ids_a) = listed(worker_a).await;
    assert_eq!((count_a, ids_a.len() as i64), (after_move[1].0, after_move[1].0));
    assert!(!ids_a.iter().any(|i| json!(i) == person));
    let (count_b, ids_b) = listed(worker_b).await;
    assert_eq!(count_b, after_move[2].0);
    assert!(ids_b.iter().any(|i| json!(i) == person));
    assert!(same(&counts(&app, &sql, &district, &areas).await));

    // The tally moves with the transaction: a person written and rolled back
    // leaves it as it was, seen from inside the transaction as counted.
    let tally = "select cast(coalesce(sum(residents), 0) as bigint) from person_tally";
    let total = sql.count(tally, &[]).await;
    let mut tx = app.db().begin().await.unwrap();
    let copy = "insert into person (id, name, gender, birth_date, id_card_cipher, id_card_hash, id_card_masked, \
                home_area_id, area_path, created_at, updated_at) select $1, name, gender, birth_date, \
                id_card_cipher, id_card_hash || id_card_hash, id_card_masked, home_area_id, area_path, created_at, \
                updated_at from person where id = $2";
    let id = TestApp::uuid_of(&person);
    gongzhi_server::execute!(tx, copy, Uuid::now_v7(), id).unwrap();
    let inside: i64 =
        gongzhi_server::run!(tx, |c| sqlx::query_scalar::<_, i64>(tally).fetch_one(c).await).unwrap();
    assert_eq!(inside, total + 1);
    drop(tx);
    assert_eq!(sql.count(tally, &[]).await, total);
}

#[tokio::test]
async fn names_are_found_by_one_two_three_and_more_characters_with_wildcards_taken_literally() {
    let (app, _) = TestApp::seeded(Scale::small(2)).await;
    let sql = Sql::open(&app).await;
    let district = app.district_admin().await;
    let home = app.first_area("BUILDING", None).await;
    let names = ["欧阳修远", "欧阳娜", "司马%光", "司马_光", "司马光", "王小明", "Alice王", "a\\b"];
    let mut registered = Vec::new();
    for (i, name) in names.iter().enumerate() {
        registered.push(app.register_resident(&district, &home, name, "19900101", 70 + i as u32).await);
    }
    // Some become party members, so the members' search (which reads only
    // members' grams) must find them from then on.
    let orgs =
        app.data(None, "{ partyOrganizations(kind: BRANCH, first: 1) { nodes { id } } }", json!({})).await;
    let org = orgs["partyOrganizations"]["nodes"][0]["id"].clone();
    let admit = |person: Value| {
        let (app, district, org) = (&app, &district, org.clone());
        async move {
            let admitted = app
                .mutate(
                    district,
                    "admitPartyMember",
                    "AdmitPartyMemberInput",
                    "member { id }",
                    json!({ "personId": person, "organizationId": org, "category": "IN_SERVICE", "joinedOn": "2020-07-01" }),
                )
                .await;
            assert_eq!(admitted["userErrors"], json!([]));
        }
    };
    for i in [1, 3, 6] {
        admit(registered[i].clone()).await;
    }
    // Renamed, a member already: the old name's grams go, the new name's come, still a member's.
    let renamed = app.register_resident(&district, &home, "诸葛亮", "19900101", 90).await;
    admit(renamed.clone()).await;
    let update = app
        .mutate(
            &district,
            "updatePerson",
            "UpdatePersonInput",
            "person { name }",
            json!({ "id": renamed, "name": "诸葛孔明" }),
        )
        .await;
    assert_eq!(update["userErrors"], json!([]));

    let terms = [
        "欧",
        "王",
        "%",
        "_",
        "\\",
        "欧阳",
        "马%",
        "马_",
        "司马",
        "孔明",
        "阳修远",
        "欧阳修远",
        "欧阳修远了",
        "司马%光",
        "诸葛亮",
        "诸葛孔",
        "ali",
        "ALICE",
        "e王",
        "",
        "a\\b",
    ];
    let query = "query($n: String, $c: String) { people(nameContains: $n, first: 100, after: $c) { totalCount \
                 pageInfo { hasNextPage endCursor } nodes { id } } }";
    let members =
        "query($n: String) { partyMembers(nameContains: $n, first: 100) { totalCount nodes { id } } }";
    for term in terms {
        let pattern = SearchTerm::parse(term, "nameContains").unwrap().like_pattern();
        let expected = sql
            .ids(
                "select id from person where name like $1 escape '\\' order by id",
                &[Bind::Text(pattern.clone())],
            )
            .await;
        let (mut found, mut cursor, mut total) = (Vec::new(), Value::Null, None);
        loop {
            let page =
                app.data(Some(&district), query, json!({ "n": term, "c": cursor })).await["people"].clone();
            total.get_or_insert(page["totalCount"].as_i64().unwrap());
            found.extend(page["nodes"].as_array().unwrap().iter().map(|n| TestApp::uuid_of(&n["id"])));
            if !page["pageInfo"]["hasNextPage"].as_bool().unwrap() {
                break;
            }
            cursor = page["pageInfo"]["endCursor"].clone();
        }
        assert_eq!(found, expected, "people named like {term:?}");
        assert_eq!(total, Some(expected.len() as i64), "the count of {term:?}");

        let expected_members = sql
            .ids(
                "select m.id from party_member m join person p on p.id = m.person_id \
                 where p.name like $1 escape '\\' order by m.id",
                &[Bind::Text(pattern)],
            )
            .await;
        let listed = app.data(Some(&district), members, json!({ "n": term })).await["partyMembers"].clone();
        let ids: Vec<Uuid> =
            listed["nodes"].as_array().unwrap().iter().map(|n| TestApp::uuid_of(&n["id"])).collect();
        assert_eq!(
            ids,
            expected_members.iter().take(100).copied().collect::<Vec<_>>(),
            "members named like {term:?}"
        );
        assert_eq!(listed["totalCount"], expected_members.len() as i64);
    }
    // The surnames and names above are found at all.
    let count = |term: &str| {
        let app = &app;
        let district = &district;
        let term = term.to_owned();
        async move {
            app.data(Some(district), query, json!({ "n": term, "c": null })).await["people"]["totalCount"]
                .as_i64()
                .unwrap()
        }
    };
    assert_eq!(count("欧阳").await, 2);
    assert_eq!(count("司马%").await, 1);
    assert_eq!(count("司马_光").await, 1);
    assert_eq!(count("诸葛亮").await, 0);
    assert_eq!(count("诸葛孔明").await, 1);
    assert_eq!(count("a\\b").await, 1);
}

#[tokio::test]
async fn the_caller_s_own_record_counts_once_inside_or_outside_the_area() {
    let (app, _) = TestApp::seeded(Scale::small(2)).await;
    let grids = app.data(None, "{ areas(kind: GRID, first: 2) { nodes { id } } }", json!({})).await;
    let grid = |i: usize| grids["areas"]["nodes"][i]["id"].as_str().unwrap().to_owned();
    let district = app.district_admin().await;
    let count = |token: String, within: Option<String>| {
        let app = &app;
        async move {
            app.data(Some(&token), PEOPLE_COUNT, json!({ "w": within })).await["people"]["totalCount"]
                .as_i64()
                .unwrap()
        }
    };
    let in_a = count(district.clone(), Some(grid(0))).await;
    let in_b = count(district.clone(), Some(grid(1))).await;
    let home_a = app.first_area("BUILDING", Some(&grid(0))).await;
    let me = TestApp::uuid_of(&app.register_resident(&district, &home_a, "孙悟空", "19850101", 80).await);
    let token =
        |g: usize| app.token(&[R::GridWorker], Some(TestApp::uuid_of(&json!(grid(g)))), Some(me), &[]);
    assert_eq!(count(token(0), None).await, in_a + 1, "inside: counted once");
    assert_eq!(count(token(1), None).await, in_b + 1, "outside: counted as well");
    assert_eq!(count(token(1), Some(grid(1))).await, in_b, "but not within an area they do not live in");
    assert_eq!(count(token(1), Some(grid(0))).await, 1, "within their own home's grid: themself alone");
    let resident = app.token(&[R::Resident], None, Some(me), &[]);
    assert_eq!(count(resident, None).await, 1);
}
