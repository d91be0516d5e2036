//! Benchmark: a PDF transcript of 500 credentials (target: at most 1 s and 5 MB).
//!
//! The credentials are real Open Badges 3.0 files imported into a real wallet; 50 distinct
//! badge images are shared among them and every credential has a QR code.

// `criterion_group!` generates an undocumented public function.
#![allow(missing_docs)]

use cairn::export::transcript::{TranscriptOptions, render};
use cairn::export::{Selection, gather};
use cairn::model::Image;
use criterion::{Criterion, criterion_group, criterion_main};
use std::time::Duration;

const COUNT: usize = 500;

fn credential(i: usize) -> serde_json::Value {
    serde_json::json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": format!("https://badges.example.org/credentials/{i}"),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": format!("https://issuer{}.example.org", i % 40), "type": ["Profile"], "name": format!("Issuer {} — Universität Zürich", i % 40)},
        "validFrom": format!("20{:02}-{:02}-15T00:00:00Z", 10 + i % 15, 1 + i % 12),
        "name": format!("Credential {i}: Advanced data analysis and visualisation"),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": format!("https://issuer.example.org/achievements/{i}"),
                "type": ["Achievement"],
                "name": format!("Achievement {i}"),
                "description": "Designed, built and documented a data pipeline with tests. ".repeat(4),
                "criteria": {"narrative": "Complete the capstone project and pass the assessment."},
                "alignment": [
                    {"type": ["Alignment"], "targetName": format!("Skill {}", i % 60), "targetUrl": "https://example.org/s"},
                    {"type": ["Alignment"], "targetName": "Data analysis", "targetUrl": "https://example.org/d"}
                ]
            }
        }
    })
}

fn badge(seed: usize) -> Image {
    let mut bytes = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut bytes, 256, 256);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().expect("png header");
        let data: Vec<u8> = (0..256 * 256)
            .flat_map(|p| [(p % 256) as u8, (p / 256) as u8, (seed * 5) as u8, 255])
            .collect();
        w.write_image_data(&data).expect("png data");
    }
    Image {
        media_type: "image/png".to_owned(),
        bytes,
    }
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut paths = Vec::new();
    for i in 0..COUNT {
        let path = dir.path().join(format!("c{i}.json"));
        std::fs::write(&path, serde_json::to_vec(&credential(i)).expect("json")).expect("write");
        paths.push(path);
    }
    let mut wallet = cairn::wallet::Wallet::open(&dir.path().join("w.sqlite")).expect("wallet");
    let report = wallet.import_paths(
        &paths,
        &cairn::wallet::ImportOptions::store_only(),
        &mut |_| {},
    );
    assert!(!report.has_failures());
    let selection = Selection::whole_wallet(&wallet).expect("selection");
    let mut items = gather(&wallet, &selection.ids).expect("gather");
    let badges: Vec<Image> = (0..50).map(badge).collect();
    for (i, item) in items.iter_mut().enumerate() {
        item.image = Some(badges[i % badges.len()].clone());
    }
    let options = TranscriptOptions {
        learner_name: Some("Zoë Ångström 陈美玲".to_owned()),
        ..TranscriptOptions::default()
    };
    let sample = render(&items, &selection, &options).expect("render");
    eprintln!(
        "transcript of {COUNT} credentials: {} pages, {} bytes ({:.2} MB)",
        sample.pages,
        sample.pdf.len(),
        sample.pdf.len() as f64 / 1_000_000.0
    );
    assert!(sample.pdf.len() <= 5_000_000, "the transcript is over 5 MB");
    let mut group = c.benchmark_group("transcript");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("500 credentials", |b| {
        b.iter(|| render(&items, &selection, &options).expect("render"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
