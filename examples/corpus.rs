//! Writes the deterministic benchmark corpus (see `benches/support/corpus.rs`), and serves its
//! Open Badges 2.0 host on 127.0.0.1 for `cairn import`.
//!
//! ```sh
//! cargo run --release --example corpus -- generate --seed 1 --count 1000 --out /tmp/corpus
//! cargo run --release --example corpus -- serve --dir /tmp/corpus   # prints its origin
//! CAIRN_DEV_HOST_OVERRIDES=https://example.org=<origin> cairn import /tmp/corpus
//! cargo run --release --example corpus -- time --dir /tmp/corpus --iterations 200
//! ```

#[path = "../benches/support/corpus.rs"]
mod generator;

use cairn::verify::{Fetch, FetchCache, Fetched, Verdict, VerifyOptions, verify_document};
use clap::{Parser, Subcommand};
use std::io::Write as _;
use std::path::PathBuf;

/// The benchmark corpus: generate it, or serve its OB 2.0 host.
/// The same allocator as the `cairn` binary, so `time` measures what `cairn verify` does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write COUNT credentials from SEED into OUT (hosted documents under OUT/.hosted)
    Generate {
        /// The seed: the same seed and count give byte-identical files
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// How many credentials (the five kinds in turn)
        #[arg(long)]
        count: usize,
        /// The folder to write (created when missing)
        #[arg(long)]
        out: PathBuf,
    },
    /// Serve DIR/.hosted on 127.0.0.1 (the first line printed is the origin) until killed
    Serve {
        /// A folder written by `generate`
        #[arg(long)]
        dir: PathBuf,
        /// The port (0: any free port)
        #[arg(long, default_value_t = 0)]
        port: u16,
    },
    /// Verify every credential in DIR ITERATIONS times each (offline; OB 2.0 hosted ones from
    /// DIR/.hosted) and print the median time per verification of each kind, one per line
    Time {
        /// A folder written by `generate`
        #[arg(long)]
        dir: PathBuf,
        /// Verifications of each credential
        #[arg(long, default_value_t = 100)]
        iterations: usize,
    },
}

fn main() -> std::process::ExitCode {
    match Args::parse().command {
        Command::Generate { seed, count, out } => {
            let corpus = generator::generate(seed, count);
            if let Err(e) = corpus.write(&out) {
                eprintln!("corpus: cannot write {}: {e}", out.display());
                return std::process::ExitCode::FAILURE;
            }
            println!(
                "{} credentials and {} hosted documents written to {}",
                corpus.files.len(),
                corpus.hosted.len(),
                out.display()
            );
        }
        Command::Time { dir, iterations } => {
            if let Err(message) = time(&dir, iterations) {
                eprintln!("corpus: {message}");
                return std::process::ExitCode::FAILURE;
            }
        }
        Command::Serve { dir, port } => {
            let root = dir.join(".hosted");
            let server = match tiny_http::Server::http(("127.0.0.1", port)) {
                Ok(server) => server,
                Err(e) => {
                    eprintln!("corpus: cannot listen on 127.0.0.1:{port}: {e}");
                    return std::process::ExitCode::FAILURE;
                }
            };
            let Some(addr) = server.server_addr().to_ip() else {
                eprintln!("corpus: the server has no IP address");
                return std::process::ExitCode::FAILURE;
            };
            println!("http://{addr}");
            let _ = std::io::stdout().flush();
            let server = std::sync::Arc::new(server);
            // Two threads: the importer asks one document at a time, with keep-alive.
            let workers: Vec<_> = (0..2)
                .map(|_| {
                    let server = server.clone();
                    let root = root.clone();
                    std::thread::spawn(move || serve(&server, &root))
                })
                .collect();
            for worker in workers {
                let _ = worker.join();
            }
        }
    }
    std::process::ExitCode::SUCCESS
}

/// `time`: the median verification time per kind, in milliseconds.
fn time(dir: &std::path::Path, iterations: usize) -> Result<(), String> {
    let now = chrono::Utc::now();
    let host = FetchCache::new(None, now);
    let hosted = dir.join(".hosted");
    let mut stack = vec![hosted.clone()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path.strip_prefix(&hosted).map_err(|e| e.to_string())?;
            let url = format!("{}/{}", generator::HOST, rel.display());
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            host.insert(
                Fetched {
                    final_url: url.clone(),
                    url,
                    status: 200,
                    media_type: Some("application/json".into()),
                    bytes,
                },
                now,
            );
        }
    }
    let options = VerifyOptions {
        fetch: Some(&host as &dyn Fetch),
        ..VerifyOptions::offline()
    };
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    names.sort();
    for kind in generator::Kind::ALL {
        let mut docs = Vec::new();
        for path in names.iter().filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.split(['-', '.']).nth(1) == Some(kind.name()))
        }) {
            let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let name = path.display().to_string();
            let text = String::from_utf8_lossy(&bytes);
            let found = if cairn::verify::jose::looks_compact(text.trim()) {
                Ok(Vec::new())
            } else {
                cairn::import::extract(&name, &bytes).map_err(|e| e.message)
            };
            let document = match found {
                Ok(_) if cairn::verify::jose::looks_compact(text.trim()) => text.trim().to_owned(),
                Ok(found) if !found.is_empty() => found[0].document.clone(),
                // A baked OB 2.0 badge names its assertion by URL: verify the hosted copy.
                _ => {
                    let limits = cairn::import::Limits::default();
                    let url = cairn::import::hosted_url(&name, &bytes, &limits)
                        .ok_or_else(|| format!("{name}: no credential found"))?;
                    let fetched = host.fetch(&url).map_err(|e| e.message)?;
                    String::from_utf8_lossy(&fetched.bytes).into_owned()
                }
            };
            let report = verify_document(&document, &options);
            if report.verdict != Verdict::Valid {
                return Err(format!("{name} does not verify: {report:?}"));
            }
            docs.push(document);
        }
        if docs.is_empty() {
            continue;
        }
        let mut times = Vec::with_capacity(docs.len() * iterations);
        for _ in 0..iterations {
            for doc in &docs {
                let start = std::time::Instant::now();
                std::hint::black_box(verify_document(std::hint::black_box(doc), &options));
                times.push(start.elapsed().as_secs_f64() * 1000.0);
            }
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{}\t{:.3}\t{} credentials x {iterations}",
            kind.name(),
            times[times.len() / 2],
            docs.len()
        );
    }
    Ok(())
}

fn serve(server: &tiny_http::Server, root: &std::path::Path) {
    for request in server.incoming_requests() {
        let path = request.url().split('?').next().unwrap_or("").to_owned();
        let safe = !path.split('/').any(|part| part == "..");
        let file = root.join(path.trim_start_matches('/'));
        let response = match std::fs::read(&file).ok().filter(|_| safe) {
            Some(bytes) => {
                let media_type = if path.ends_with(".png") {
                    "image/png"
                } else {
                    "application/json"
                };
                let header = tiny_http::Header::from_bytes("Content-Type", media_type)
                    .expect("a valid header");
                tiny_http::Response::from_data(bytes).with_header(header)
            }
            None => tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404),
        };
        let _ = request.respond(response);
    }
}
