//! Library search and filters on a 10,000-credential wallet (target: ≤ 50 ms each, release).
//!
//! Run with `cargo bench -p cairn --bench search`. The wallet is generated once from the test
//! fixture's shapes (`tests/portfolio_fixture/`) into a temporary SQLite file. The first group
//! runs before any verification; then every credential is verified (offline, recorded in the
//! history as `cairn verify --all --offline` does) and the second group filters and sorts by
//! verdict.

use cairn::library::{self, SearchQuery, SortKey, VerdictFilter, annotations};
use cairn::recipient::Identity;
use cairn::skills::{SkillSet, posting};
use cairn::verify::VerifyOptions;
use cairn::verify::history::History;
use cairn::wallet::Wallet;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::{Duration, Instant};

#[allow(missing_docs)]
#[path = "../tests/portfolio_fixture/mod.rs"]
mod fixture;

const SIZE: usize = 10_000;

/// Opens the benchmark wallet: in a temporary directory, or at `CAIRN_BENCH_WALLET` when set
/// (kept, and reused when it already holds the credentials).
fn wallet(dir: &tempfile::TempDir) -> Wallet {
    let path = std::env::var_os("CAIRN_BENCH_WALLET")
        .map_or_else(|| dir.path().join("bench.sqlite"), std::path::PathBuf::from);
    let mut wallet = Wallet::open(&path).expect("open wallet");
    if wallet.count().unwrap_or(0) == SIZE {
        return wallet;
    }
    wallet
        .add_identity(&Identity {
            kind: "email".into(),
            value: fixture::LEARNER.into(),
        })
        .expect("profile identity");
    let started = Instant::now();
    let ids = fixture::load(&mut wallet, &fixture::scaled(SIZE));
    let mut tagged: Vec<&String> = ids.values().collect();
    tagged.sort();
    for id in tagged.iter().step_by(10) {
        annotations::add_tags(&mut wallet, id, &["job hunt".to_owned()]).expect("tag");
    }
    eprintln!(
        "generated and imported {} credentials in {:.1} s",
        wallet.count().unwrap_or(0),
        started.elapsed().as_secs_f64()
    );
    wallet
}

fn query(f: impl FnOnce(&mut SearchQuery)) -> SearchQuery {
    let mut q = SearchQuery {
        as_of: Some(fixture::AS_OF.to_owned()),
        ..SearchQuery::default()
    };
    f(&mut q);
    q
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let wallet = wallet(&dir);
    let cases: Vec<(&str, SearchQuery)> = vec![
        ("text: one word", query(|q| q.text = Some("python".into()))),
        (
            "text: two words, prefix",
            query(|q| q.text = Some("sql datab".into())),
        ),
        ("text: no match", query(|q| q.text = Some("origami".into()))),
        ("filter: expired", query(|q| q.expired = true)),
        (
            "filter: expiring within 90 days",
            query(|q| q.expiring_within_days = Some(90)),
        ),
        ("filter: tag", query(|q| q.tags = vec!["job hunt".into()])),
        (
            "filter: issuer, sort by issuer",
            query(|q| {
                q.issuer = Some("coastal".into());
                q.sort = SortKey::Issuer;
            }),
        ),
        (
            "filter: issued to you",
            query(|q| {
                q.issued_to_you = true;
            }),
        ),
        (
            "whole library, sort by status",
            query(|q| q.sort = SortKey::Status),
        ),
        (
            "whole library, sort by date",
            query(|q| q.sort = SortKey::Date),
        ),
        (
            "text + tag + format + sort by title",
            query(|q| {
                q.text = Some("data".into());
                q.tags = vec!["job hunt".into()];
                q.format = Some("ob3-json".into());
                q.sort = SortKey::Title;
            }),
        ),
    ];
    let mut group = c.benchmark_group("search_10k");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(3));
    for (name, q) in &cases {
        let hits = library::search(&wallet, q).expect("search").len();
        eprintln!("{name}: {hits} hits");
        group.bench_function(*name, |b| {
            b.iter(|| library::search(black_box(&wallet), black_box(q)).expect("search"))
        });
    }
    group.finish();

    // The same wallet with a verification history: nine credentials in ten verified, offline
    // (the fixture's documents are unsigned, so their verdicts are invalid or indeterminate).
    let started = Instant::now();
    let history = History::open(&wallet).expect("history");
    let options = VerifyOptions::offline();
    let mut ids: Vec<String> = wallet
        .list()
        .expect("list")
        .into_iter()
        .map(|s| s.id)
        .collect();
    ids.sort();
    let mut verified = 0;
    for id in ids
        .iter()
        .enumerate()
        .filter(|(n, _)| n % 10 != 0)
        .map(|(_, id)| id)
    {
        history.reverify(id, &options, false).expect("verify");
        verified += 1;
    }
    eprintln!(
        "verified {verified} credentials in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let verdict = |v: VerdictFilter| query(move |q| q.verdict = Some(v));
    let cases: Vec<(&str, SearchQuery)> = vec![
        ("filter: valid", verdict(VerdictFilter::Valid)),
        ("filter: invalid", verdict(VerdictFilter::Invalid)),
        (
            "filter: indeterminate",
            verdict(VerdictFilter::Indeterminate),
        ),
        ("filter: unverified", verdict(VerdictFilter::Unverified)),
        (
            "whole library, sort by status",
            query(|q| q.sort = SortKey::Status),
        ),
        (
            "text + invalid, sort by status",
            query(|q| {
                q.text = Some("python".into());
                q.verdict = Some(VerdictFilter::Invalid);
                q.sort = SortKey::Status;
            }),
        ),
    ];
    let mut group = c.benchmark_group("search_10k_verified");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(3));
    for (name, q) in &cases {
        let hits = library::search(&wallet, q).expect("search").len();
        eprintln!("{name}: {hits} hits");
        group.bench_function(*name, |b| {
            b.iter(|| library::search(black_box(&wallet), black_box(q)).expect("search"))
        });
    }
    group.finish();

    // Not part of the 50 ms target: skills are built from every stored document.
    let mut group = c.benchmark_group("skills_10k");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    group.bench_function("build skill set", |b| {
        b.iter(|| SkillSet::build(black_box(&wallet)).expect("skills"))
    });
    let posting = "Junior Data Analyst\n- Experience with SQL and Python\n- Tableau or Power BI\n";
    group.bench_function("match a posting", |b| {
        b.iter(|| posting::match_posting(black_box(&wallet), posting).expect("match"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
