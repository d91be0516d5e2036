//! Server-side request forgery: credential URLs and DIDs that point at loopback, link-local
//! (cloud metadata, 169.254.169.254), private ranges, or redirect there. Through import-by-URL
//! (the real `cairn import` binary, production network policy) and through verification's
//! did:web and HTTPS key resolution, none may connect to a forbidden address: a counting
//! server on 127.0.0.1 sees no hit at all, or only the first hop a test policy allows.
//! The network policy itself is unit-tested in `tests/net.rs`; this checks that every path
//! into it from a credential is covered.

use crate::security_hostile::{fingerprint, run_measured, wallet_with_one};
use cairn::net::{Client, NetPolicy};
use cairn::verify::{CheckName, Verdict, VerifyOptions, verify_document};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A server on 127.0.0.1 counting every request; it serves a badge and redirects into
/// forbidden ranges.
struct Counting {
    origin: String,
    port: u16,
    hits: Arc<AtomicUsize>,
    server: Arc<tiny_http::Server>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Counting {
    fn start() -> Self {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let port = server.server_addr().to_ip().unwrap().port();
        let hits = Arc::new(AtomicUsize::new(0));
        let badge = std::fs::read(crate::common::validator("ob30/simple.json")).unwrap();
        let (serving, counter) = (server.clone(), hits.clone());
        let thread = std::thread::spawn(move || {
            for request in serving.incoming_requests() {
                counter.fetch_add(1, Ordering::SeqCst);
                let redirect = |to: &str| {
                    tiny_http::Response::from_data(Vec::new())
                        .with_status_code(302)
                        .with_header(tiny_http::Header::from_bytes("Location", to).unwrap())
                };
                let response = match request.url() {
                    "/to-metadata" => redirect("http://169.254.169.254/latest/meta-data/"),
                    "/to-private" => redirect("https://10.0.0.1/did.json"),
                    _ => tiny_http::Response::from_data(badge.clone()),
                };
                let _ = request.respond(response);
            }
        });
        Self {
            origin: format!("http://127.0.0.1:{port}"),
            port,
            hits,
            server,
            thread: Some(thread),
        }
    }

    fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

impl Drop for Counting {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Ways of writing a forbidden address into a URL's host, for a server listening on `port`.
fn forbidden_hosts(port: u16) -> Vec<String> {
    vec![
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("0.0.0.0:{port}"),
        format!("[::1]:{port}"),
        format!("[::ffff:127.0.0.1]:{port}"),
        format!("2130706433:{port}"),
        format!("0x7f.1:{port}"),
        "169.254.169.254".into(),
        "10.0.0.1".into(),
        "172.16.5.4".into(),
        "192.168.1.1".into(),
        "100.64.0.1".into(),
        "[fd00::1]".into(),
        "[fe80::1]".into(),
    ]
}

#[test]
fn import_by_url_never_reaches_a_forbidden_address() {
    let server = Counting::start();
    let (tw, before) = wallet_with_one();
    let cwd = tw.dir.path();
    for host in forbidden_hosts(server.port) {
        for scheme in ["https", "http"] {
            let url = format!("{scheme}://{host}/badge.json");
            let run = run_measured(&tw.path, &["import", &url], &[], cwd);
            let file = &run.report["files"][0];
            assert_eq!(run.code, 1, "{url}: {}", run.report);
            assert_eq!(file["outcome"], "failed", "{url}: {file}");
            assert_eq!(file["code"], "forbidden", "{url}: {file}");
            assert!(file["source"].as_str().unwrap().contains(&host), "{file}");
            assert!(
                run.elapsed < Duration::from_secs(10),
                "{url}: {:?}",
                run.elapsed
            );
            assert!(
                run.max_rss_kb <= 200 * 1024,
                "{url}: {} KiB",
                run.max_rss_kb
            );
        }
    }
    assert_eq!(
        server.hits(),
        0,
        "the production policy connected to 127.0.0.1"
    );
    assert_eq!(fingerprint(&tw.path), before, "wallet changed");

    // A test setting lets https://example.org reach the local server; its redirects into
    // forbidden ranges are still refused after the first hop.
    let overrides = format!("https://example.org={}", server.origin);
    for path in ["/to-metadata", "/to-private"] {
        let url = format!("https://example.org{path}");
        let run = run_measured(
            &tw.path,
            &["import", &url],
            &[("CAIRN_DEV_HOST_OVERRIDES", &overrides)],
            cwd,
        );
        let file = &run.report["files"][0];
        assert_eq!(run.code, 1, "{url}: {}", run.report);
        assert_eq!(file["code"], "forbidden", "{url}: {file}");
    }
    assert_eq!(
        server.hits(),
        2,
        "only the first hop of each redirect was fetched"
    );
    assert_eq!(fingerprint(&tw.path), before, "wallet changed");
}

/// ob30/simple.json with its proof's verification method replaced: a method with no key in
/// its fragment, so verification has to fetch it.
fn with_method(vm: &str) -> String {
    let text = std::fs::read_to_string(crate::common::validator("ob30/simple.json")).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let proof = match &mut doc["proof"] {
        serde_json::Value::Array(items) => &mut items[0],
        other => other,
    };
    proof["verificationMethod"] = vm.into();
    doc.to_string()
}

fn verify_with(document: &str, client: &Client) -> cairn::verify::Report {
    let contexts = crate::conformance_w3c::test_contexts();
    let options = VerifyOptions {
        fetch: Some(client),
        ..crate::conformance_w3c::options(&contexts)
    };
    verify_document(document, &options)
}

#[test]
fn key_resolution_never_reaches_a_forbidden_address() {
    let server = Counting::start();
    let production = Client::new(NetPolicy::default()).unwrap();
    for host in forbidden_hosts(server.port) {
        let did_host = host.replace(':', "%3A");
        let mut methods = vec![
            format!("https://{host}/keys/1"),
            format!("http://{host}/keys/1"),
        ];
        // An IPv6 literal cannot be written in a did:web (brackets are not DID characters).
        if !host.starts_with('[') {
            methods.push(format!("did:web:{did_host}#key-1"));
            methods.push(format!("did:web:{did_host}:issuers:1#key-1"));
        }
        for vm in methods {
            let started = Instant::now();
            let report = verify_with(&with_method(&vm), &production);
            assert!(started.elapsed() < Duration::from_secs(10), "{vm}");
            assert_ne!(report.verdict, Verdict::Valid, "{vm}: {report:#?}");
            let messages: Vec<&str> = report.checks.iter().map(|c| c.message.as_str()).collect();
            let signature = report.check(CheckName::Signature).unwrap();
            // The network policy's refusal is what stopped it, and it says so.
            assert!(
                messages
                    .iter()
                    .any(|m| m.contains("could not fetch") && m.contains("refused:")),
                "{vm}: {messages:#?} / {signature:?}"
            );
        }
    }
    assert_eq!(server.hits(), 0, "key resolution connected to 127.0.0.1");

    // Redirects out of an allowed host into forbidden ranges: refused after the first hop.
    let overrides = vec![("https://example.org".to_owned(), server.origin.clone())];
    let tests = Client::new(NetPolicy::loopback_for_tests(overrides)).unwrap();
    for vm in [
        "https://example.org/to-metadata",
        "https://example.org/to-private",
    ] {
        let report = verify_with(&with_method(vm), &tests);
        assert_ne!(report.verdict, Verdict::Valid, "{vm}: {report:#?}");
    }
    assert_eq!(
        server.hits(),
        2,
        "only the first hop of each redirect was fetched"
    );
}
