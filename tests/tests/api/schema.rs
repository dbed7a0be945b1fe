//! `schema.graphql` is the SDL the code produces. Run with
//! `UPDATE_SCHEMA=1 cargo test -p gongzhi-tests --test api schema` to rewrite it.

#[test]
fn schema_graphql_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema.graphql");
    let sdl = gongzhi_server::graphql::schema::sdl();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(path, &sdl).expect("write schema.graphql");
    }
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        on_disk == sdl,
        "schema.graphql is out of date: run `UPDATE_SCHEMA=1 cargo test -p gongzhi-tests --test api schema`"
    );
}
