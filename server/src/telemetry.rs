//! Logging and tracing set-up, once per process, and the metrics served at
//! `/metrics`.

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

/// Metrics in Prometheus' text format, at `/metrics`. They go through the
/// `metrics` facade to one recorder per process (installed on first use),
/// so anything in the process counts with one call.
pub mod stats {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    use std::time::Duration;

    use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

    pub const REQUESTS: &str = "gongzhi_requests_total";
    pub const REQUEST_SECONDS: &str = "gongzhi_request_duration_seconds";
    pub const REQUEST_STATEMENTS: &str = "gongzhi_request_sql_statements";
    pub const POOL_SIZE: &str = "gongzhi_db_pool_connections";
    pub const POOL_IDLE: &str = "gongzhi_db_pool_idle_connections";
    pub const RATE_LIMITED: &str = "gongzhi_rate_limited_total";

    /// Most distinct values of a label (clients, operations); later values
    /// are counted as [`OTHER`], so a flood of new subjects or operation
    /// names cannot grow the metrics without bound.
    pub const MAX_LABEL_VALUES: usize = 1_000;
    /// Longest value of a label kept as it is; longer ones are [`OTHER`].
    pub const MAX_LABEL_CHARS: usize = 100;
    pub const OTHER: &str = "other";
    pub const ANONYMOUS: &str = "anonymous";

    /// How a request ended, the `outcome` label.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Outcome {
        /// Executed without errors.
        Ok,
        /// Executed, with field errors.
        Error,
        /// Refused before execution (a request error: 4xx, or 200 with plain JSON).
        Rejected,
        /// The database was out of reach (503).
        Unavailable,
    }

    impl Outcome {
        pub fn as_str(self) -> &'static str {
            match self {
                Outcome::Ok => "ok",
                Outcome::Error => "error",
                Outcome::Rejected => "rejected",
                Outcome::Unavailable => "unavailable",
            }
        }
    }

    fn handle() -> &'static PrometheusHandle {
        static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
        HANDLE.get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full(REQUEST_SECONDS.to_owned()),
                    &[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0],
                )
                .and_then(|b| {
                    b.set_buckets_for_metric(
                        Matcher::Full(REQUEST_STATEMENTS.to_owned()),
                        &[0.0, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 21.0, 34.0, 55.0, 89.0],
                    )
                })
                .expect("bucket lists are not empty")
                .build_recorder();
            let handle = recorder.handle();
            if metrics::set_global_recorder(recorder).is_err() {
                tracing::warn!("another metrics recorder was installed first; /metrics shows none");
            }
            handle
        })
    }

    /// The bounded values of one label.
    struct Bounded(OnceLock<Mutex<HashSet<String>>>);

    impl Bounded {
        const fn new() -> Bounded {
            Bounded(OnceLock::new())
        }

        fn label(&self, value: &str) -> String {
            if value.chars().count() > MAX_LABEL_CHARS {
                return OTHER.to_owned();
            }
            let mut seen = self.0.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
            if seen.contains(value) {
                return value.to_owned();
            }
            if seen.len() >= MAX_LABEL_VALUES {
                return OTHER.to_owned();
            }
            seen.insert(value.to_owned());
            value.to_owned()
        }
    }

    static CLIENTS: Bounded = Bounded::new();
    static OPERATIONS: Bounded = Bounded::new();

    /// The `client` label of a principal's subject (`anonymous` when none).
    pub fn client_label(subject: &str) -> String {
        if subject.is_empty() { ANONYMOUS.to_owned() } else { CLIENTS.label(subject) }
    }

    /// The `operation` label of an operation name (`anonymous` when none).
    pub fn operation_label(name: Option<&str>) -> String {
        match name {
            None | Some("") => ANONYMOUS.to_owned(),
            Some(name) => OPERATIONS.label(name),
        }
    }

    /// One GraphQL request answered.
    pub fn count_request(operation: Option<&str>, subject: &str, outcome: Outcome, took: Duration) {
        handle();
        let operation = operation_label(operation);
        metrics::counter!(REQUESTS, "operation" => operation.clone(), "client" => client_label(subject), "outcome" => outcome.as_str())
            .increment(1);
        metrics::histogram!(REQUEST_SECONDS, "operation" => operation).record(took.as_secs_f64());
    }

    /// The SQL statements one execution of a request sent.
    pub fn count_statements(operation: Option<&str>, statements: u64) {
        handle();
        metrics::histogram!(REQUEST_STATEMENTS, "operation" => operation_label(operation))
            .record(statements as f64);
    }

    /// A request the rate limiter refused, by the principal's subject
    /// (empty: anonymous).
    pub fn count_rate_limited(subject: &str) {
        handle();
        metrics::counter!(RATE_LIMITED, "client" => client_label(subject)).increment(1);
    }

    /// Everything recorded, in Prometheus' text format, with the pool's use
    /// (connections open, idle) as of now.
    pub fn render(pool_size: u32, pool_idle: usize) -> String {
        let handle = handle();
        metrics::gauge!(POOL_SIZE).set(pool_size);
        metrics::gauge!(POOL_IDLE).set(pool_idle as f64);
        handle.render()
    }
}

pub use stats::count_rate_limited;
