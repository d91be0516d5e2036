//! Helpers shared by the integration tests: fixture paths and throwaway wallets.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The conformance material beside the repository (`../shared/conformance`).
pub fn conformance() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance");
    assert!(
        dir.is_dir(),
        "the conformance material is missing: expected {}",
        dir.display()
    );
    dir
}

/// A file from the 1EdTech validator fixtures, e.g. `validator("ob30/simple.json")`.
pub fn validator(rel: &str) -> PathBuf {
    conformance().join("1edtech-validator").join(rel)
}

/// A file from this repository's own fixtures under `tests/fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// A temporary directory holding a wallet path that does not exist yet.
pub struct TempWallet {
    /// Keeps the directory alive.
    pub dir: tempfile::TempDir,
    /// The wallet file inside it.
    pub path: PathBuf,
}

impl TempWallet {
    /// A fresh, empty location.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("wallet.sqlite");
        Self { dir, path }
    }

    /// Opens (creating) the wallet.
    pub fn open(&self) -> cairn::wallet::Wallet {
        cairn::wallet::Wallet::open(&self.path).expect("open wallet")
    }
}

/// A real HTTP server on 127.0.0.1 answering URL paths with files (404 for anything else);
/// stopped when dropped.
pub struct FixtureServer {
    /// `http://127.0.0.1:PORT`
    pub origin: String,
    hits: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    server: std::sync::Arc<tiny_http::Server>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FixtureServer {
    /// Serves `routes`: URL path (`/robotics-badge.json`) → file to answer with.
    pub fn start(routes: Vec<(String, PathBuf)>) -> Self {
        let server = std::sync::Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind"));
        let port = server.server_addr().to_ip().expect("ip address").port();
        let serving = server.clone();
        let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counting = hits.clone();
        let thread = std::thread::spawn(move || {
            for request in serving.incoming_requests() {
                counting.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let path = request.url().split('?').next().unwrap_or("").to_owned();
                let file = routes.iter().find(|(p, _)| *p == path).map(|(_, f)| f);
                let response = match file.and_then(|f| std::fs::read(f).ok().map(|b| (f, b))) {
                    Some((file, bytes)) => {
                        let media_type = match file.extension().and_then(|e| e.to_str()) {
                            Some("png") => "image/png",
                            Some("svg") => "image/svg+xml",
                            Some("html") => "text/html",
                            Some("jwt") => "application/vc+jwt",
                            _ => "application/json",
                        };
                        let header =
                            tiny_http::Header::from_bytes("Content-Type", media_type).unwrap();
                        tiny_http::Response::from_data(bytes).with_header(header)
                    }
                    None => {
                        tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404)
                    }
                };
                let _ = request.respond(response);
            }
        });
        Self {
            origin: format!("http://127.0.0.1:{port}"),
            hits,
            server,
            thread: Some(thread),
        }
    }

    /// How many requests the server has received so far.
    pub fn hits(&self) -> usize {
        self.hits.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Sends the OB 2.0 fixtures' origins (`https://example.org`, `https://www.example.org`,
    /// `http://example.org`) to this server.
    pub fn overrides(&self) -> Vec<(String, String)> {
        [
            "https://example.org",
            "https://www.example.org",
            "http://example.org",
            "http://www.example.org",
        ]
        .iter()
        .map(|o| ((*o).to_owned(), self.origin.clone()))
        .collect()
    }

    /// A client obeying the test policy with [`FixtureServer::overrides`].
    pub fn client(&self) -> cairn::net::Client {
        cairn::net::Client::new(cairn::net::NetPolicy::loopback_for_tests(self.overrides()))
            .expect("client")
    }
}

impl Drop for FixtureServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The path part of an absolute URL (`https://example.org/a.json` → `/a.json`).
pub fn url_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme
        .find('/')
        .map_or_else(|| "/".to_owned(), |i| after_scheme[i..].to_owned())
}

/// Runs the real `cairn` binary against `wallet`, with no wallet or passphrase inherited from
/// the environment.
pub fn cairn(wallet: &TempWallet, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_cairn"))
        .arg("--wallet")
        .arg(&wallet.path)
        .args(args)
        .env_remove("CAIRN_WALLET")
        .env_remove("CAIRN_PASSPHRASE")
        .output()
        .expect("run cairn")
}

/// A zip archive of `(path inside, bytes)` entries, deflated.
pub fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write as _;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (path, bytes) in entries {
        zip.start_file(*path, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

/// JSON pointers of every leaf (string, number, boolean, null) outside the top-level `proof`:
/// the values a tamper test changes one at a time.
pub fn json_leaves(value: &serde_json::Value, pointer: String, out: &mut Vec<String>) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if pointer.is_empty() && k == "proof" {
                    continue;
                }
                let key = k.replace('~', "~0").replace('/', "~1");
                json_leaves(v, format!("{pointer}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                json_leaves(v, format!("{pointer}/{i}"), out);
            }
        }
        _ => out.push(pointer),
    }
}

/// A folder under the temporary directory with `packages` installed from the npm registry
/// (once per machine: skipped while `node_modules/<installed>` exists) and the test script
/// `tests/node/<script>` copied in; returns the script's path there.
pub fn node_script(folder: &str, packages: &[&str], installed: &str, script: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(folder);
    if !dir.join("node_modules").join(installed).is_dir() {
        std::fs::create_dir_all(&dir).unwrap();
        let status = std::process::Command::new("npm")
            .current_dir(&dir)
            .args(["install", "--no-audit", "--no-fund", "--silent"])
            .args(packages)
            .status()
            .expect("npm is needed for this test");
        assert!(status.success(), "npm install failed");
    }
    let target = dir.join(script);
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/node")
            .join(script),
        &target,
    )
    .unwrap();
    target
}
