//! Logging and tracing set-up, once per process; the traces exported by
//! OTLP; and the metrics served at `/metrics`.
//!
//! One subscriber carries two layers, each with its own filter: the logs
//! (`RUST_LOG`, INFO by default) and, when `OTEL_EXPORTER_OTLP_ENDPOINT` (or
//! `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set, the spans exported by OTLP
//! over HTTP/protobuf through `tracing-opentelemetry`: the request's span,
//! its loader batches' and its SQL statements' (`db/traced.rs`, left out of
//! the logs by default).
//! A span nobody wants costs a level check and formats nothing.

use std::time::Duration;

use anyhow::Context as _;

use axum::http::HeaderMap;
use opentelemetry::propagation::TextMapPropagator;
use opentelemetry::trace::{TraceContextExt, TraceId, TracerProvider as _};
use opentelemetry_http::{Bytes, HeaderExtractor, HttpClient, HttpError, Request, Response};
use opentelemetry_otlp::{Protocol, WithExportConfig, WithHttpConfig};
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::SdkTracerProvider;
use tracing::level_filters::LevelFilter;
use tracing_opentelemetry::OpenTelemetrySpanExt;
use tracing_subscriber::filter::{FilterExt, Targets, dynamic_filter_fn};
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::layer::{Filter, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer, Registry};

/// The `service.name` of the exported spans, unless `OTEL_SERVICE_NAME` says otherwise.
pub const SERVICE_NAME: &str = "gongzhi";

/// Install the global subscriber: logs human-readable by default, JSON
/// lines with `GONGZHI_LOG_FORMAT=json` (`RUST_LOG` picks the levels), and
/// the OTLP exporter when the standard environment variables ask for one.
/// The exporter is returned, to be shut down (flushed) when the server stops.
pub fn init(json: bool) -> Option<Exporter> {
    let exporter = match Exporter::from_env() {
        Ok(exporter) => exporter,
        Err(e) => {
            eprintln!("traces are not exported: {e:#}");
            None
        }
    };
    // A second call (tests start many servers in one process) keeps the first.
    let _ = tracing_subscriber::registry().with(layers(Some(json), exporter.as_ref(), None)).try_init();
    exporter
}

/// A subscriber like the one [`init`] installs, for tests and benchmarks,
/// which run many servers in one process: logs only when `logs` says in
/// which format (JSON or not), and the exporter's spans only from the
/// threads where `only_where` is true (a server's runtime). Install it as
/// the global default: a child span that outlives its parent closes the
/// parent through the default dispatcher, so a thread-local one
/// (`set_default`) can leave a request's span open for good.
pub fn dispatch(
    logs: Option<bool>,
    exporter: Option<&Exporter>,
    only_where: Option<fn() -> bool>,
) -> tracing::Dispatch {
    tracing::Dispatch::new(tracing_subscriber::registry().with(layers(logs, exporter, only_where)))
}

/// The logs without `RUST_LOG`: INFO, less the chatter of sqlx and
/// async-graphql and the spans of SQL statements (`db/traced.rs`), which
/// are for the exporter.
pub const DEFAULT_LOGS: &str = "info,sqlx=warn,async_graphql=warn,gongzhi_server::db::traced=warn";

type BoxedLayer = Box<dyn Layer<Registry> + Send + Sync>;

fn layers(
    logs: Option<bool>,
    exporter: Option<&Exporter>,
    only_where: Option<fn() -> bool>,
) -> Vec<BoxedLayer> {
    let mut layers = Vec::new();
    if let Some(json) = logs {
        let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_LOGS));
        let logs = tracing_subscriber::fmt::layer().with_span_events(FmtSpan::NONE);
        layers.push(if json {
            logs.json().with_filter(asked_each_time(filter)).boxed()
        } else {
            logs.with_filter(asked_each_time(filter)).boxed()
        });
    }
    layers.extend(exporter.map(|e| e.layer(only_where)));
    layers
}

/// `filter`, asked about every span and event, never once for all.
///
/// tracing-subscriber hands a per-layer filter's verdict from `enabled` to
/// `on_new_span` and `on_event` through a thread-local. A callsite whose
/// interest is cached as "always" skips `enabled`, so its span reads the
/// verdict a previous, unrelated `enabled` call left there. sqlx calls
/// `log_enabled!` after each statement (through the `log` bridge that
/// `try_init` installs), and on PostgreSQL it does so on the request's own
/// thread: the next request span was then dropped from the exporter and the
/// logs, and its loader batches exported as roots (tokio-rs/tracing#2519).
/// A filter that answers "sometimes" at most (a dynamic one: a plain
/// `filter_fn`'s answer is cached per callsite) makes `enabled` run each time.
fn asked_each_time<F: Filter<Registry>>(filter: F) -> impl Filter<Registry> {
    // The hint keeps `filter`'s own: without one, the pair would have none.
    filter.and(dynamic_filter_fn(|_, _| true).with_max_level_hint(LevelFilter::TRACE))
}

/// Spans to an OTLP receiver, in batches (`OTEL_BSP_*` size them), over
/// HTTP/protobuf: the protocol every collector accepts by default (port
/// 4318), sent by the reqwest client the server already has (rustls), with
/// no gRPC stack to build.
#[derive(Clone)]
pub struct Exporter {
    provider: SdkTracerProvider,
}

impl Exporter {
    /// The exporter the standard variables ask for: `None` unless
    /// `OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`
    /// is set (and `OTEL_SDK_DISABLED` is not `true`). The exporter reads
    /// the others itself (`OTEL_EXPORTER_OTLP_HEADERS`, `..._TIMEOUT`,
    /// `OTEL_BSP_*`, `OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`).
    pub fn from_env() -> anyhow::Result<Option<Exporter>> {
        let set = |name: &str| std::env::var(name).is_ok_and(|v| !v.trim().is_empty());
        if std::env::var("OTEL_SDK_DISABLED").is_ok_and(|v| v.trim().eq_ignore_ascii_case("true")) {
            return Ok(None);
        }
        if !set("OTEL_EXPORTER_OTLP_ENDPOINT") && !set("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") {
            return Ok(None);
        }
        Exporter::build(None).map(Some)
    }

    /// An exporter to `endpoint`, the full URL traces are posted to
    /// (`http://host:4318/v1/traces`).
    pub fn to(endpoint: &str) -> anyhow::Result<Exporter> {
        Exporter::build(Some(endpoint))
    }

    fn build(endpoint: Option<&str>) -> anyhow::Result<Exporter> {
        let mut builder = opentelemetry_otlp::SpanExporter::builder()
            .with_http()
            .with_protocol(Protocol::HttpBinary)
            .with_http_client(BlockingClient::new()?);
        if let Some(endpoint) = endpoint {
            builder = builder.with_endpoint(endpoint);
        }
        let exporter = builder.build().context("building the OTLP exporter")?;
        let mut resource = Resource::builder();
        if std::env::var_os("OTEL_SERVICE_NAME").is_none() {
            resource = resource.with_service_name(SERVICE_NAME);
        }
        let resource = resource
            .with_attribute(opentelemetry::KeyValue::new("service.version", env!("CARGO_PKG_VERSION")))
            .build();
        let provider =
            SdkTracerProvider::builder().with_batch_exporter(exporter).with_resource(resource).build();
        Ok(Exporter { provider })
    }

    /// The layer that turns `tracing` spans into exported ones: this
    /// crate's spans down to DEBUG, others' from WARN,
    /// none of the exporter's own crates (their logs would make spans).
    fn layer(&self, only_where: Option<fn() -> bool>) -> BoxedLayer {
        let tracer = self.provider.tracer("gongzhi");
        let targets = Targets::new()
            .with_default(LevelFilter::WARN)
            .with_target("gongzhi_server", LevelFilter::DEBUG)
            .with_target("opentelemetry", LevelFilter::OFF)
            .with_target("reqwest", LevelFilter::OFF)
            .with_target("hyper", LevelFilter::OFF);
        let layer = tracing_opentelemetry::layer()
            .with_tracer(tracer)
            // What is left off costs per span and tells nothing here.
            .with_tracked_inactivity(false)
            .with_threads(false)
            .with_location(false)
            .with_target(false)
            .with_context_activation(false);
        match only_where {
            None => layer.with_filter(asked_each_time(targets)).boxed(),
            // Dynamic: asked on the thread of each span, not once per
            // callsite on whichever thread came first. With a hint of its
            // own: without one, the logs' INFO would cap the whole subscriber.
            Some(only) => {
                let only = dynamic_filter_fn(move |_, _| only()).with_max_level_hint(LevelFilter::TRACE);
                layer.with_filter(targets.and(only)).boxed()
            }
        }
    }

    /// Export every finished span now; blocks until the receiver answered.
    pub fn force_flush(&self) -> anyhow::Result<()> {
        Ok(self.provider.force_flush()?)
    }

    /// Export what is left and stop; blocks (call it off the async threads).
    pub fn shutdown(&self) -> anyhow::Result<()> {
        Ok(self.provider.shutdown()?)
    }
}

/// The exporter's HTTP client: reqwest's blocking one, since the batch
/// processor exports from a thread of its own, outside any runtime.
#[derive(Debug)]
struct BlockingClient(reqwest::blocking::Client);

impl BlockingClient {
    /// Built on a thread of its own: reqwest's blocking client starts (and
    /// on drop stops) a runtime, which may not happen on an async thread.
    fn new() -> anyhow::Result<BlockingClient> {
        let timeout = export_timeout();
        std::thread::spawn(move || reqwest::blocking::Client::builder().timeout(timeout).build())
            .join()
            .map_err(|_| anyhow::anyhow!("building the OTLP client panicked"))?
            .map(BlockingClient)
            .context("building the OTLP client")
    }
}

/// `OTEL_EXPORTER_OTLP_TRACES_TIMEOUT` or `OTEL_EXPORTER_OTLP_TIMEOUT`
/// (milliseconds), 10 s by default, as the specification has it.
fn export_timeout() -> Duration {
    ["OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT"]
        .iter()
        .find_map(|name| std::env::var(name).ok()?.trim().parse().ok())
        .map_or(Duration::from_secs(10), Duration::from_millis)
}

#[async_trait::async_trait]
impl HttpClient for BlockingClient {
    async fn send_bytes(&self, request: Request<Bytes>) -> Result<Response<Bytes>, HttpError> {
        let response = self.0.execute(request.try_into()?)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes()?;
        let mut answer = Response::builder().status(status).body(body)?;
        *answer.headers_mut() = headers;
        Ok(answer)
    }
}

/// Make `span` (a request's, not yet entered) a child of the caller's span
/// when the request carries a W3C `traceparent`, and return the request's
/// trace id, 32 hex digits: the exported span's, else the caller's, else a
/// new random one. Logs, `extensions.traceId`, the `x-trace-id` header
/// and the exported trace all show this one id.
pub fn join_trace(span: &tracing::Span, headers: &HeaderMap) -> String {
    let mut id = TraceId::INVALID;
    if headers.contains_key("traceparent") {
        let parent = TraceContextPropagator::new().extract(&HeaderExtractor(headers));
        id = parent.span().span_context().trace_id();
        // Fails only without an exporter, which then has no use for it.
        let _ = span.set_parent(parent);
    }
    let exported = span.context().span().span_context().trace_id();
    if exported != TraceId::INVALID {
        id = exported;
    }
    while id == TraceId::INVALID {
        id = TraceId::from(rand::random::<u128>());
    }
    let id = id.to_string();
    span.record("trace_id", id.as_str());
    id
}

tokio::task_local! {
    /// The trace id of the request being served, set by the HTTP layer.
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The SQL statements' spans are left out of the logs, not out of the
    /// exporter; and a verdict that an `enabled` call left behind, with no
    /// span or event after it (sqlx's `log_enabled!` after each statement),
    /// does not decide the next span's fate. One test: the interest of a
    /// callsite is shared by every subscriber of the process.
    #[test]
    fn each_layer_takes_its_own_spans_whatever_was_asked_before() {
        let exporter = Exporter::to("http://127.0.0.1:9/v1/traces").expect("an exporter");
        for only_where in [None, Some((|| true) as fn() -> bool)] {
            let dispatch = dispatch(Some(false), Some(&exporter), only_where);
            tracing::dispatcher::with_default(&dispatch, || {
                let sql = tracing::info_span!(target: "gongzhi_server::db::traced", "sql");
                assert!(!sql.is_disabled());
                // Other crates' DEBUG spans are wanted by neither layer.
                assert!(tracing::debug_span!(target: "sqlx::query", "sqlx").is_disabled());
            });
        }
        let logs_only = dispatch(Some(false), None, None);
        tracing::dispatcher::with_default(&logs_only, || {
            if std::env::var_os("RUST_LOG").is_none() {
                assert!(tracing::info_span!(target: "gongzhi_server::db::traced", "sql").is_disabled());
            }
        });
        struct Bridge;
        impl tracing::callsite::Callsite for Bridge {
            fn set_interest(&self, _: tracing::subscriber::Interest) {}
            fn metadata(&self) -> &tracing::Metadata<'_> {
                &BRIDGED
            }
        }
        static BRIDGE: Bridge = Bridge;
        // What the `log` bridge asks about: a record no layer wants.
        static BRIDGED: tracing::Metadata<'static> = tracing::Metadata::new(
            "log record",
            "sqlx::query",
            tracing::Level::DEBUG,
            None,
            None,
            None,
            tracing::field::FieldSet::new(&[], tracing::callsite::Identifier(&BRIDGE)),
            tracing::metadata::Kind::EVENT,
        );
        let dispatch = dispatch(Some(false), Some(&exporter), None);
        tracing::dispatcher::with_default(&dispatch, || {
            for _ in 0..3 {
                // Answered, with nothing after it: the verdicts stay behind.
                tracing::dispatcher::get_default(|d| d.enabled(&BRIDGED));
                let request = tracing::info_span!("request");
                assert!(request.context().span().span_context().is_valid(), "the exporter has the span");
            }
        });
        let _ = exporter.shutdown();
    }
}
