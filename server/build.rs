// The migrations are embedded by `sqlx::migrate!`, which cannot see a new
// file appear: rebuild whenever the migrations folder changes.
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
