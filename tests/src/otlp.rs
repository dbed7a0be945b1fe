//! An OTLP receiver in the test process (HTTP/protobuf, `POST /v1/traces`,
//! decoded with `opentelemetry-proto`), and runtimes whose threads alone
//! export: the tests run many servers in one process, and only the one on
//! such a runtime sends its spans.

use std::cell::Cell;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use gongzhi_server::telemetry::{self, Exporter};
use opentelemetry_proto::tonic::collector::trace::v1::{
    ExportTraceServiceRequest, ExportTraceServiceResponse,
};
use opentelemetry_proto::tonic::common::v1::{AnyValue, KeyValue, any_value};
use prost::Message;

/// One span as it arrived, ids in lowercase hex.
#[derive(Clone, Debug)]
pub struct ReceivedSpan {
    pub service: String,
    pub trace_id: String,
    pub span_id: String,
    /// Empty for a root span.
    pub parent_span_id: String,
    pub name: String,
    /// OTLP's `SpanKind`: 2 server, 3 client.
    pub kind: i32,
    pub attributes: HashMap<String, String>,
}

impl ReceivedSpan {
    pub fn attribute(&self, key: &str) -> Option<&str> {
        self.attributes.get(key).map(String::as_str)
    }
}

#[derive(Default)]
struct Received {
    spans: Mutex<Vec<ReceivedSpan>>,
    arrived: tokio::sync::Notify,
}

/// A receiver listening on loopback until dropped.
pub struct Receiver {
    addr: SocketAddr,
    received: Arc<Received>,
    server: tokio::task::JoinHandle<()>,
}

impl Receiver {
    pub async fn start() -> Receiver {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port on loopback");
        let addr = listener.local_addr().expect("its address");
        let received = Arc::new(Received::default());
        let router =
            axum::Router::new().route("/v1/traces", axum::routing::post(export)).with_state(received.clone());
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        Receiver { addr, received, server }
    }

    /// Where the exporter posts: `http://127.0.0.1:port/v1/traces`.
    pub fn endpoint(&self) -> String {
        format!("http://{}/v1/traces", self.addr)
    }

    /// Every span received so far.
    pub fn spans(&self) -> Vec<ReceivedSpan> {
        self.received.spans.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.received.spans.lock().unwrap().len()
    }

    /// The spans received once `done` holds for them, calling `flush` (the
    /// exporter's `force_flush`, off the async threads) before each look.
    /// Panics if that has not happened within `patience`: a guard against
    /// hanging, never a measure of speed.
    pub async fn wait_until(
        &self,
        patience: Duration,
        flush: impl Fn() + Send + Sync + Clone + 'static,
        done: impl Fn(&[ReceivedSpan]) -> bool,
    ) -> Vec<ReceivedSpan> {
        let deadline = Instant::now() + patience;
        loop {
            let arrived = self.received.arrived.notified();
            tokio::task::spawn_blocking(flush.clone()).await.expect("the flush ends");
            let spans = self.spans();
            if done(&spans) {
                return spans;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "the spans did not arrive; received: {spans:#?}");
            let _ = tokio::time::timeout(left.min(Duration::from_secs(1)), arrived).await;
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn export(State(received): State<Arc<Received>>, body: Bytes) -> Response {
    let request = match ExportTraceServiceRequest::decode(body) {
        Ok(r) => r,
        Err(e) => return (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
    };
    let mut spans = Vec::new();
    for resource_spans in request.resource_spans {
        let resource = resource_spans.resource.map(|r| attributes(&r.attributes)).unwrap_or_default();
        let service = resource.get("service.name").cloned().unwrap_or_default();
        for scope in resource_spans.scope_spans {
            for s in scope.spans {
                spans.push(ReceivedSpan {
                    service: service.clone(),
                    trace_id: hex(&s.trace_id),
                    span_id: hex(&s.span_id),
                    parent_span_id: hex(&s.parent_span_id),
                    name: s.name,
                    kind: s.kind,
                    attributes: attributes(&s.attributes),
                });
            }
        }
    }
    received.spans.lock().unwrap().extend(spans);
    received.arrived.notify_waiters();
    let answer = ExportTraceServiceResponse::default().encode_to_vec();
    ([(header::CONTENT_TYPE, "application/x-protobuf")], answer).into_response()
}

fn attributes(list: &[KeyValue]) -> HashMap<String, String> {
    list.iter().map(|kv| (kv.key.clone(), kv.value.as_ref().map(text).unwrap_or_default())).collect()
}

fn text(value: &AnyValue) -> String {
    match &value.value {
        Some(any_value::Value::StringValue(s)) => s.clone(),
        Some(any_value::Value::BoolValue(b)) => b.to_string(),
        Some(any_value::Value::IntValue(i)) => i.to_string(),
        Some(any_value::Value::DoubleValue(d)) => d.to_string(),
        Some(other) => format!("{other:?}"),
        None => String::new(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

thread_local! {
    static TRACED: Cell<bool> = const { Cell::new(false) };
}

/// Whether this thread belongs to a [`traced_runtime`]: the filter that
/// [`install`] gives the exporter.
pub fn traced_thread() -> bool {
    TRACED.with(Cell::get)
}

/// Make the exporter's subscriber the process's global default, taking the
/// spans of the threads of [`traced_runtime`]s only, and no logs. Once per
/// process.
pub fn install(exporter: &Exporter) {
    let dispatch = telemetry::dispatch(None, Some(exporter), Some(traced_thread));
    tracing::dispatcher::set_global_default(dispatch).expect("the first subscriber of this process");
}

/// A multi-threaded runtime of `workers` threads whose spans (and those of
/// its blocking threads) [`install`]'s exporter takes: a server spawned on
/// it is the one that exports.
pub fn traced_runtime(workers: usize) -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .on_thread_start(|| TRACED.with(|t| t.set(true)))
        .build()
        .expect("a runtime")
}
