//! The desktop app's speed on a 10,000-credential wallet, measured by `scripts/bench-app.sh`
//! (ignored in the ordinary suite: it measures, it does not pass or fail on time).
//!
//! Each run starts the app (the binary in `CAIRN_DESKTOP_BIN`, a release build when run by the
//! script) over a copy of one generated wallet and reads two marks the UI sets itself:
//! `data-first-paint-ms` (ms from navigation start to the first frame painted with the first
//! page of cards) and `data-keystroke-ms` (ms from a keystroke in the search box to its result
//! rendered), for each letter of "weld". Prints every run, then the median and the worst.

use cairn::wallet::Wallet;
use cairn_e2e::App;
use cairn_e2e::learner::fill_large_wallet;

/// Credentials in the benchmark wallet.
const SIZE: usize = 10_000;

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    }
}

#[tokio::test]
#[ignore = "a measurement: run by scripts/bench-app.sh"]
async fn first_paint_and_keystroke_to_result_on_ten_thousand_credentials() {
    let runs: usize = std::env::var("CAIRN_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let kept = tempfile::tempdir().expect("bench folder");
    let source = kept.path().join("bench.sqlite");
    let started = std::time::Instant::now();
    fill_large_wallet(&source, SIZE, "bench");
    drop(Wallet::open(&source).expect("checkpoint"));
    eprintln!(
        "generated {SIZE} credentials in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let mut paints = Vec::new();
    let mut keys = Vec::new();
    for run in 1..=runs {
        let app = App::launch_with(|path| {
            std::fs::copy(&source, path).expect("copy the wallet");
        })
        .await;
        app.wait_for_count("[data-testid='credential-card']", cairn_e2e::PAGE)
            .await;
        let paint = app
            .js("return Number(document.body.dataset.firstPaintMs);")
            .await
            .as_f64()
            .expect("first paint mark");
        let these = app.keystroke_times(&["w", "e", "l", "d"]).await;
        println!("run {run}: first paint {paint:.0} ms, keystroke to result {these:?} ms");
        paints.push(paint);
        keys.extend(these);
        app.close().await;
    }
    let worst_paint = paints.iter().copied().fold(0.0, f64::max);
    let worst_key = keys.iter().copied().fold(0.0, f64::max);
    println!(
        "first paint ({runs} runs): median {:.0} ms, worst {worst_paint:.0} ms",
        median(&mut paints)
    );
    println!(
        "keystroke to result ({} keystrokes): median {:.0} ms, worst {worst_key:.0} ms",
        keys.len(),
        median(&mut keys)
    );
}
