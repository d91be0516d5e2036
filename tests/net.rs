//! The network policy over real HTTP on 127.0.0.1: what the one client refuses, and why.

use cairn::ErrorCode;
use cairn::net::{Client, NetPolicy};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A server on 127.0.0.1 whose routes redirect or answer with generated bodies, counting the
/// requests it receives.
struct Server {
    origin: String,
    hits: Arc<AtomicUsize>,
    server: Arc<tiny_http::Server>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start() -> Self {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind"));
        let port = server.server_addr().to_ip().expect("ip").port();
        let origin = format!("http://127.0.0.1:{port}");
        let hits = Arc::new(AtomicUsize::new(0));
        let (serving, counter, me) = (server.clone(), hits.clone(), origin.clone());
        let thread = std::thread::spawn(move || {
            for request in serving.incoming_requests() {
                counter.fetch_add(1, Ordering::SeqCst);
                let url = request.url().to_owned();
                let redirect = |to: String| {
                    tiny_http::Response::from_data(Vec::new())
                        .with_status_code(302)
                        .with_header(tiny_http::Header::from_bytes("Location", to).unwrap())
                };
                let response = if let Some(n) = url.strip_prefix("/loop/") {
                    let n: usize = n.parse().unwrap_or(0);
                    redirect(format!("{me}/loop/{}", n + 1))
                } else if url == "/to-metadata" {
                    redirect("http://169.254.169.254/latest/meta-data/".to_owned())
                } else if url == "/to-private" {
                    redirect("http://10.0.0.1/".to_owned())
                } else if url == "/to-ftp" {
                    redirect("ftp://example.org/badge.json".to_owned())
                } else if url == "/big" {
                    tiny_http::Response::from_data(vec![b'x'; 64 * 1024])
                } else if url == "/ok" {
                    tiny_http::Response::from_data(b"{\"ok\": true}".to_vec()).with_header(
                        tiny_http::Header::from_bytes(
                            "Content-Type",
                            "application/json; charset=utf-8",
                        )
                        .unwrap(),
                    )
                } else if url == "/gone" {
                    tiny_http::Response::from_data(Vec::new()).with_status_code(410)
                } else {
                    tiny_http::Response::from_data(Vec::new()).with_status_code(404)
                };
                let _ = request.respond(response);
            }
        });
        Self {
            origin,
            hits,
            server,
            thread: Some(thread),
        }
    }

    fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn test_client() -> Client {
    Client::new(NetPolicy::loopback_for_tests(Vec::new())).unwrap()
}

#[test]
fn answers_are_returned_with_status_and_media_type() {
    let server = Server::start();
    let ok = test_client().get(&format!("{}/ok", server.origin)).unwrap();
    assert!(ok.is_success());
    assert_eq!(ok.media_type.as_deref(), Some("application/json"));
    assert_eq!(ok.bytes, b"{\"ok\": true}");
    let gone = test_client()
        .get(&format!("{}/gone", server.origin))
        .unwrap();
    assert_eq!(gone.status, 410);
}

#[test]
fn the_production_policy_refuses_loopback_and_plain_http() {
    let server = Server::start();
    let production = Client::new(NetPolicy::default()).unwrap();
    let plain = production
        .get(&format!("{}/ok", server.origin))
        .unwrap_err();
    assert_eq!(plain.code, ErrorCode::Forbidden, "{}", plain.message);
    assert!(plain.message.contains("only https"), "{}", plain.message);
    let literal = production
        .get("https://127.0.0.1:9/badge.json")
        .unwrap_err();
    assert_eq!(literal.code, ErrorCode::Forbidden);
    assert!(literal.message.contains("loopback"), "{}", literal.message);
    for url in [
        "https://169.254.169.254/latest/meta-data/",
        "https://10.1.2.3/",
        "https://192.168.0.1/",
        "https://[::1]/",
    ] {
        let err = production.get(url).unwrap_err();
        assert_eq!(err.code, ErrorCode::Forbidden, "{url}: {}", err.message);
    }
    assert_eq!(server.hits(), 0, "nothing may reach the local server");
}

#[test]
fn a_name_that_resolves_to_loopback_is_refused_after_resolution() {
    let server = Server::start();
    let port = server.origin.rsplit(':').next().unwrap();
    // Plain HTTP allowed, loopback not: `localhost` resolves to 127.0.0.1 and must be refused
    // by the resolver check, before any connection.
    let policy = NetPolicy {
        allow_http: true,
        ..NetPolicy::default()
    };
    let err = Client::new(policy)
        .unwrap()
        .get(&format!("http://localhost:{port}/ok"))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden, "{}", err.message);
    assert_eq!(server.hits(), 0);
}

#[test]
fn redirects_into_forbidden_ranges_are_refused() {
    let server = Server::start();
    for path in ["/to-metadata", "/to-private", "/to-ftp"] {
        let err = test_client()
            .get(&format!("{}{path}", server.origin))
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Forbidden, "{path}: {}", err.message);
    }
    assert_eq!(server.hits(), 3, "only the first hop of each was fetched");
}

#[test]
fn redirects_are_bounded() {
    let server = Server::start();
    let err = test_client()
        .get(&format!("{}/loop/0", server.origin))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Network);
    assert!(
        err.message.contains("too many redirects"),
        "{}",
        err.message
    );
    assert_eq!(server.hits(), 6, "the first request and five redirects");
}

#[test]
fn bodies_over_the_cap_are_refused() {
    let server = Server::start();
    let policy = NetPolicy {
        max_bytes: 1024,
        ..NetPolicy::loopback_for_tests(Vec::new())
    };
    let err = Client::new(policy)
        .unwrap()
        .get(&format!("{}/big", server.origin))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::TooLarge, "{}", err.message);
}
