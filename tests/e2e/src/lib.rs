//! Harness for Cairn's end-to-end tests: starts `tauri-driver` (which starts `WebKitWebDriver`,
//! which starts the real `cairn-desktop` binary) over a throwaway wallet, and drives the window
//! through WebDriver with `fantoccini`.
//!
//! Native dialogs cannot be clicked through WebDriver: every app is started with
//! `CAIRN_E2E_DIALOG_ANSWER` naming a file in its throwaway folder (read by debug builds only),
//! and [`App::answer_dialogs_with`] writes there the path every dialog then "chooses".
//!
//! Everything listens on 127.0.0.1 only. Missing tools are test failures with a message saying
//! how to get them, never silent skips. `scripts/e2e.sh` builds the app and runs the suite under
//! Xvfb; see there for the one-command way.

pub mod learner;
mod views;

pub use views::card_titled;

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The file (in the app's throwaway folder) whose content every file dialog answers.
const DIALOG_ANSWER: &str = "dialog-answer.txt";

/// How many cards the library shows per page (`PAGE` in `ui/src/library.js`).
pub const PAGE: usize = 60;

/// How long to wait for the app to show something before failing.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// Only one app runs at a time: the machine is small and each app is a whole WebKit.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A file from the shared conformance material (`../shared/conformance/` beside the repository,
/// or `CAIRN_CONFORMANCE` when set).
pub fn conformance(rel: &str) -> PathBuf {
    let root = std::env::var_os("CAIRN_CONFORMANCE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance")
        });
    let path = root.join(rel);
    std::fs::canonicalize(&path).unwrap_or_else(|e| {
        panic!(
            "conformance file missing: {} ({e}); set CAIRN_CONFORMANCE to the conformance folder",
            path.display()
        )
    })
}

/// Where screenshots for the documentation go (`docs/screenshots/` in the repository).
pub fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots")
}

/// The `cairn-desktop` binary: `CAIRN_DESKTOP_BIN`, else the debug build in the target folder.
fn app_binary() -> PathBuf {
    if let Some(bin) = std::env::var_os("CAIRN_DESKTOP_BIN") {
        let bin = PathBuf::from(bin);
        assert!(
            bin.is_file(),
            "CAIRN_DESKTOP_BIN={} does not exist; build it with `cargo build -p cairn-desktop`",
            bin.display()
        );
        return bin;
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let bin = target.join("debug/cairn-desktop");
    assert!(
        bin.is_file(),
        "the desktop app is not built: {} is missing. Build it with `cargo build -p cairn-desktop` \
         (or run scripts/e2e.sh, which builds it and runs this suite under Xvfb), or point \
         CAIRN_DESKTOP_BIN at the binary.",
        bin.display()
    );
    bin
}

/// `tauri-driver`: `TAURI_DRIVER`, else on `PATH`, else in `~/.cargo/bin`.
fn tauri_driver() -> PathBuf {
    if let Some(bin) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(bin);
    }
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(Path::new(&home).join(".cargo/bin"));
    }
    dirs.into_iter()
        .map(|d| d.join("tauri-driver"))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!(
                "tauri-driver is not installed. Run `scripts/install-deps.sh --test` (it installs \
                 webkit2gtk-driver, xvfb and `cargo install tauri-driver --locked`), or set \
                 TAURI_DRIVER to its path."
            )
        })
}

/// Two different free TCP ports on 127.0.0.1 (both held while choosing, so they differ).
fn free_ports() -> (u16, u16) {
    let bind = || std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let (a, b) = (bind(), bind());
    let port = |l: &std::net::TcpListener| l.local_addr().expect("local address").port();
    (port(&a), port(&b))
}

/// The running app, its driver and its throwaway wallet.
pub struct App {
    client: Client,
    driver: Child,
    wallet_dir: tempfile::TempDir,
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

impl App {
    /// Starts the app over a new, empty wallet and waits until the library has loaded.
    pub async fn launch() -> App {
        App::launch_with(|_| {}).await
    }

    /// Like [`App::launch`], but first lets `prepare` put something at the wallet's path.
    pub async fn launch_with(prepare: impl FnOnce(&Path)) -> App {
        App::launch_with_env(&[], prepare).await
    }

    /// Like [`App::launch_with`], with extra environment variables for the app (such as
    /// `GTK_THEME=Adwaita:dark` for the dark theme).
    pub async fn launch_with_env(env: &[(&str, &str)], prepare: impl FnOnce(&Path)) -> App {
        let turn = ONE_AT_A_TIME.lock().await;
        assert!(
            std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some(),
            "no display: run the end-to-end suite under Xvfb, e.g. `xvfb-run -a cargo test -p cairn-e2e` \
             or scripts/e2e.sh"
        );
        let app = app_binary();
        let driver = tauri_driver();
        let wallet_dir = tempfile::tempdir().expect("temporary wallet folder");
        let wallet = wallet_dir.path().join("wallet.sqlite");
        prepare(&wallet);
        // The machine is shared: a port can be taken between choosing and binding it, so a
        // driver that cannot start a session is replaced by one on fresh ports, twice at most.
        let mut failures = Vec::new();
        let (client, driver) = loop {
            let log_path = wallet_dir
                .path()
                .join(format!("tauri-driver-{}.log", failures.len()));
            let answer = wallet_dir.path().join(DIALOG_ANSWER);
            match start_session(&driver, &app, &wallet, &answer, env, &log_path).await {
                Ok(started) => break started,
                Err(failure) if failures.len() < 2 => {
                    eprintln!("{failure}\nretrying with a new tauri-driver");
                    failures.push(failure);
                }
                Err(failure) => panic!(
                    "{failure}\n(earlier attempts: {failures:#?})\nIs WebKitWebDriver installed? \
                     Run `scripts/install-deps.sh --test`."
                ),
            }
        };
        let app = App {
            client,
            driver,
            wallet_dir,
            _turn: turn,
        };
        app.wait_for_css("body[data-ready='true']").await;
        app
    }

    /// The WebDriver client, for anything the helpers below do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The wallet file the app was started with.
    pub fn wallet_path(&self) -> PathBuf {
        self.wallet_dir.path().join("wallet.sqlite")
    }

    /// Makes every file dialog the app opens from now on answer `path` (as if the learner chose
    /// it), without a native window: the app's save, open and import pickers read the answer
    /// from `CAIRN_E2E_DIALOG_ANSWER` (debug builds only).
    pub fn answer_dialogs_with(&self, path: &Path) {
        let text = path.to_str().expect("a UTF-8 path for the dialog's answer");
        std::fs::write(self.wallet_dir.path().join(DIALOG_ANSWER), text)
            .expect("write the dialogs' answer");
    }

    /// Makes every file dialog from now on answer "cancelled" (the default at launch).
    pub fn cancel_dialogs(&self) {
        std::fs::write(self.wallet_dir.path().join(DIALOG_ANSWER), "")
            .expect("write the dialogs' answer");
    }

    /// Waits for an element matching `css` to exist, failing the test after [`TIMEOUT`].
    pub async fn wait_for_css(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(TIMEOUT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element matching `{css}` appeared: {e}"))
    }

    /// Waits until `check` holds, failing with `what` after [`TIMEOUT`].
    pub async fn wait_until<F, Fut>(&self, what: &str, mut check: F)
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let start = Instant::now();
        while !check().await {
            assert!(start.elapsed() < TIMEOUT, "timed out waiting until {what}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Whether the element with this id is shown (exists and has no `hidden`).
    pub async fn is_shown(&self, id: &str) -> bool {
        self.js(&format!(
            "const e = document.getElementById({id:?}); return !!e && !e.hidden;"
        ))
        .await
            == json!(true)
    }

    /// The texts of every element matching `css`, in document order.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut out = Vec::new();
        for e in self
            .client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find `{css}`: {e}"))
        {
            out.push(
                e.text()
                    .await
                    .unwrap_or_else(|e| panic!("text of `{css}`: {e}")),
            );
        }
        out
    }

    /// Runs a synchronous script in the page and returns its result.
    pub async fn js(&self, script: &str) -> Value {
        self.client
            .execute(script, Vec::new())
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Imports paths through the UI's own `importPaths`, the function the drop handler and the
    /// file dialog call, and returns the import report it resolves to.
    pub async fn import_paths(&self, paths: &[PathBuf]) -> Value {
        let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        let script = r#"
            const done = arguments[arguments.length - 1];
            import(new URL('src/importer.js', document.baseURI).href)
              .then((m) => m.importPaths(arguments[0]))
              .then((report) => done({ report }), (err) => done({ error: err }));
        "#;
        let out = self
            .client
            .execute_async(script, vec![json!(paths)])
            .await
            .unwrap_or_else(|e| panic!("importPaths script failed: {e}"));
        match out.get("report") {
            Some(report) => report.clone(),
            None => panic!("importPaths rejected: {out}"),
        }
    }

    /// Saves a PNG screenshot of the window to `docs/screenshots/<name>`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        // Let the page paint what the test just did (a resize, a hidden panel) first.
        let painted = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                Vec::new(),
            )
            .await;
        assert_eq!(painted.ok(), Some(json!(true)), "the page did not paint");
        tokio::time::sleep(Duration::from_millis(300)).await;
        let png = self.client.screenshot().await.expect("screenshot");
        assert!(
            png.starts_with(b"\x89PNG\r\n\x1a\n"),
            "the screenshot is not a PNG"
        );
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("screenshot folder");
        let path = dir.join(name);
        std::fs::write(&path, png).expect("write screenshot");
        path
    }

    /// Ends the WebDriver session (which closes the app) and stops tauri-driver.
    pub async fn close(mut self) {
        let client = self.client.clone();
        if let Err(err) = client.close().await {
            eprintln!("closing the WebDriver session failed: {err}");
        }
        stop(&mut self.driver);
    }
}

impl Drop for App {
    fn drop(&mut self) {
        stop(&mut self.driver);
    }
}

/// Kills a driver that never made it into an [`App`] (the session failed to start).
struct DriverGuard(Option<Child>);

impl Drop for DriverGuard {
    fn drop(&mut self) {
        if let Some(child) = &mut self.0 {
            stop(child);
        }
    }
}

/// Stops tauri-driver: SIGTERM first, so it also stops the WebKitWebDriver it started; SIGKILL
/// if it has not exited after a few seconds.
fn stop(child: &mut Child) {
    if !matches!(child.try_wait(), Ok(None)) {
        return;
    }
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(5) {
        if !matches!(child.try_wait(), Ok(None)) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Starts tauri-driver on fresh ports, with `CAIRN_WALLET` and `CAIRN_E2E_DIALOG_ANSWER` for the
/// app, and a WebDriver session that launches the app; on failure, says why with the driver's log.
async fn start_session(
    driver: &Path,
    app: &Path,
    wallet: &Path,
    dialog_answer: &Path,
    env: &[(&str, &str)],
    log_path: &Path,
) -> Result<(Client, Child), String> {
    let (port, native_port) = free_ports();
    let log = std::fs::File::create(log_path).map_err(|e| format!("driver log: {e}"))?;
    let child = Command::new(driver)
        .args(["--port", &port.to_string()])
        .args(["--native-port", &native_port.to_string()])
        .env("CAIRN_WALLET", wallet)
        .env("CAIRN_E2E_DIALOG_ANSWER", dialog_answer)
        // The app reaches nothing past this machine, however the suite is started.
        .env("CAIRN_LOOPBACK_ONLY", "1")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(log.try_clone().map_err(|e| format!("driver log: {e}"))?)
        .stderr(log)
        .spawn()
        .map_err(|e| format!("could not start {}: {e}", driver.display()))?;
    let mut guard = DriverGuard(Some(child));
    let log_text = || std::fs::read_to_string(log_path).unwrap_or_default();
    let start = Instant::now();
    // tauri-driver listens at once, but the WebKitWebDriver behind it may still be starting.
    let mut last_error = String::new();
    while start.elapsed() < TIMEOUT {
        if let Some(Ok(Some(status))) = guard.0.as_mut().map(Child::try_wait) {
            return Err(format!(
                "tauri-driver exited ({status}) before a session started. Its log:\n{}",
                log_text()
            ));
        }
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert(
            "tauri:options".into(),
            json!({ "application": app.display().to_string() }),
        );
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(caps);
        match builder.connect(&format!("http://127.0.0.1:{port}")).await {
            Ok(client) => return Ok((client, guard.0.take().expect("driver"))),
            Err(err) => last_error = err.to_string(),
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    Err(format!(
        "no WebDriver session on tauri-driver at 127.0.0.1:{port} within {TIMEOUT:?}: \
         {last_error}\ntauri-driver's log:\n{}",
        log_text()
    ))
}
