//! Logging and tracing set-up, once per process.

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

/// Install the global subscriber: human-readable by default, JSON lines with
/// `GONGZHI_LOG_FORMAT=json`. `RUST_LOG` picks the levels.
pub fn init(json: bool) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,async_graphql=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_span_events(FmtSpan::NONE);
    // A second call (tests start many servers in one process) keeps the first.
    let _ = if json { builder.json().try_init() } else { builder.try_init() };
}

tokio::task_local! {
    /// The id of the request being served, set by the HTTP layer.
    pub static TRACE_ID: String;
}

/// The current request's trace id, for logs and for `extensions.traceId`.
pub fn current_trace_id() -> String {
    TRACE_ID.try_with(Clone::clone).unwrap_or_else(|_| "-".to_owned())
}
