//! `newsindex serve`: the JSON API ([`api`]) and the search page ([`page`]) over HTTP.
//!
//! The index is opened read-only ([`archive`]) and reloaded when an ingest in another
//! process commits. Everything a client controls is bounded: the size of a request's
//! head and body, the time to send its first byte and its head, the time a request may
//! take (and a search stops itself at its own limit, [`crate::search::budget`]), the
//! number of connections and the life of one connection. Heavy searches run a few at a
//! time, so that they cannot keep cheap ones waiting.

pub mod api;
pub mod archive;
pub mod edit;
pub mod page;

use std::io::Write;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

use archive::Archive;

/// The address `serve` listens on unless told otherwise: this machine only.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8421";
/// Open connections at once; more wait to be accepted. An idle connection costs a task and
/// a socket, so the cap is high: clients that connect and say nothing cannot fill it.
const MAX_CONNECTIONS: usize = 4096;
/// Time a new connection has to send its first byte; a silent one is closed.
const FIRST_BYTE_TIMEOUT: Duration = Duration::from_secs(2);
/// Time a client has to send a request's head.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Time one request may take, search included.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Life of one connection: after it, the connection is closed once its request is done.
const CONNECTION_LIFETIME: Duration = Duration::from_secs(120);
/// Largest request head (request line and headers) and body, in bytes.
const MAX_HEAD_BYTES: usize = 64 * 1024;
const MAX_BODY_BYTES: usize = 16 * 1024;

/// The names a browser may use for a server bound to a loopback address. Any other `Host`
/// is refused, so a web page elsewhere cannot read the index through DNS rebinding.
fn loopback_hosts(addr: SocketAddr) -> Vec<String> {
    let port = addr.port();
    let mut names = vec![
        "localhost".to_string(),
        "127.0.0.1".to_string(),
        "[::1]".to_string(),
    ];
    match addr.ip() {
        IpAddr::V4(ip) => names.push(ip.to_string()),
        IpAddr::V6(ip) => names.push(format!("[{ip}]")),
    }
    let with_ports: Vec<String> = names.iter().map(|n| format!("{n}:{port}")).collect();
    names.extend(with_ports);
    names
}

async fn check_host(
    State(allowed): State<Arc<Vec<String>>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .map(|h| h.to_str().unwrap_or("").to_ascii_lowercase());
    match host {
        Some(h) if !allowed.contains(&h) => api::ApiError::forbidden(
            "this server answers only to localhost; start it with --addr to serve other names",
        )
        .into_response(),
        _ => next.run(request).await,
    }
}

/// Refuses requests that a strict HTTP/1.1 server refuses: a target other than a path
/// (`GET http://elsewhere/`), no `Host` in HTTP/1.1, or more than one `Host`. Such
/// requests come from tools probing for proxies and confused intermediaries, not browsers.
async fn check_request(request: Request, next: Next) -> Response {
    let hosts = request.headers().get_all(header::HOST).iter().count();
    let origin_form = request.uri().scheme().is_none()
        && request.uri().authority().is_none()
        && request.uri().path().starts_with('/');
    let problem = if !origin_form {
        Some("the request target must be a path (origin form), such as /api/search")
    } else if hosts > 1 {
        Some("a request must have exactly one Host header")
    } else if hosts == 0 && request.version() >= axum::http::Version::HTTP_11 {
        Some("an HTTP/1.1 request must have a Host header")
    } else {
        None
    };
    match problem {
        Some(why) => api::ApiError::bad_request(why).into_response(),
        None => next.run(request).await,
    }
}

/// The routes, with the headers and limits every response carries.
pub fn router(archive: Arc<Archive>, allowed_hosts: Option<Vec<String>>) -> Router {
    let mut app = Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/app.css", get(page::style))
        .route("/api/search", get(api::search))
        .route("/api/entities", get(api::entities))
        .route("/api/entity", get(api::entity))
        .route("/api/edit", get(edit::status).post(edit::edit))
        .route("/api/stats", get(api::stats))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/{*rest}", any(api::unknown))
        .fallback(page::not_found)
        .with_state(archive);
    if let Some(hosts) = allowed_hosts {
        app = app.layer(middleware::from_fn_with_state(Arc::new(hosts), check_host));
    }
    app = app.layer(middleware::from_fn(check_request));
    let headers = [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
             img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            "same-origin",
        ),
    ];
    for (name, value) in headers {
        app = app.layer(SetResponseHeaderLayer::overriding(
            name,
            HeaderValue::from_static(value),
        ));
    }
    app.layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
}

/// Resolves `--addr`: `HOST:PORT`, or a bare `PORT` on 127.0.0.1.
pub fn parse_addr(text: &str) -> Result<SocketAddr> {
    let text = text.trim();
    if let Ok(port) = text.parse::<u16>() {
        return Ok(SocketAddr::from(([127, 0, 0, 1], port)));
    }
    text.to_socket_addrs()
        .with_context(|| format!("--addr {text:?}: expected HOST:PORT, e.g. 127.0.0.1:8421"))?
        .next()
        .with_context(|| format!("--addr {text:?} resolves to no address"))
}

/// Whether the search page may correct entities (`serve --edit`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Editing {
    pub enabled: bool,
    /// Also on an address other than loopback.
    pub from_anywhere: bool,
}

/// The address of the client of a connection, for the log of edits.
#[derive(Debug, Clone, Copy)]
pub struct Peer(pub SocketAddr);

/// Serves the index at `dir` on `addr` until interrupted. Prints the URL first.
pub fn run(dir: &Path, addr: SocketAddr, editing: Editing, out: &mut dyn Write) -> Result<()> {
    if editing.enabled && !addr.ip().is_loopback() && !editing.from_anywhere {
        anyhow::bail!(
            "serve --edit on {addr}: anyone who can reach this address could change the \
             archive's entities (there is no login). Serve on 127.0.0.1, or add \
             --edit-from-anywhere to allow it"
        );
    }
    let mut archive = Archive::open(dir)?;
    archive.editable = editing.enabled;
    let archive = Arc::new(archive);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // searches run on the blocking pool: a few per core keep the cores busy and bound
        // the work queued by many clients
        .max_blocking_threads(std::thread::available_parallelism().map_or(2, |n| n.get()) * 4)
        .build()
        .context("starting the HTTP runtime")?;
    runtime.block_on(async {
        let listener = TcpListener::bind(addr)
            .await
            .with_context(|| format!("listening on {addr}"))?;
        let local = listener.local_addr()?;
        let hosts = local.ip().is_loopback().then(|| loopback_hosts(local));
        if hosts.is_none() {
            eprintln!(
                "warning: serving on {local}: anyone who can reach this address can read the index (there is no login)"
            );
        }
        if editing.enabled && hosts.is_none() {
            eprintln!("warning: --edit-from-anywhere: anyone who can reach {local} can change the entities");
        }
        if editing.enabled {
            eprintln!("editing on: the search page can correct entities (`newsindex names log` lists the edits)");
        }
        writeln!(out, "serving {} at http://{local}/", archive.dir().display())?;
        out.flush()?;
        let app = router(archive, hosts);
        accept(listener, app).await
    })
}

/// Accepts connections until Ctrl-C, each served on its own task with hyper's HTTP/1.
async fn accept(listener: TcpListener, app: Router) -> Result<()> {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut stop = std::pin::pin!(tokio::signal::ctrl_c());
    loop {
        let slot = Arc::clone(&slots).acquire_owned().await?;
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // out of file descriptors and the like: wait rather than spin
                    eprintln!("warning: accepting a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut stop => return Ok(()),
        };
        let (stream, peer) = stream;
        let service = TowerToHyperService::new(app.clone().layer(axum::Extension(Peer(peer))));
        tokio::spawn(async move {
            let _slot = slot;
            // a connection that sends nothing is closed soon, before hyper's longer wait
            // for a whole request head
            let mut first = [0u8; 1];
            match tokio::time::timeout(FIRST_BYTE_TIMEOUT, stream.peek(&mut first)).await {
                Ok(Ok(n)) if n > 0 => {}
                _ => return,
            }
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .max_buf_size(MAX_HEAD_BYTES);
            let mut conn = std::pin::pin!(builder.serve_connection(TokioIo::new(stream), service));
            tokio::select! {
                _ = conn.as_mut() => return,
                _ = tokio::time::sleep(CONNECTION_LIFETIME) => {}
            }
            conn.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(REQUEST_TIMEOUT, conn).await;
        });
    }
}
