//! Archives and hostile input: zip archives of mixed files, zip bombs, lying PNG chunk lengths,
//! truncated PNGs, SVG entity bombs and absurdly deep JSON are refused quickly, each with a
//! reason naming the file, and the wallet is left as it was.

use crate::common::{TempWallet, fixture, validator, zip_of};
use cairn::ErrorCode;
use cairn::model::Format;
use cairn::wallet::{Outcome, Wallet};
use std::time::{Duration, Instant};

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(validator(rel)).unwrap()
}

/// A wallet holding one credential, to check hostile files change nothing.
fn wallet_with_one() -> (TempWallet, Wallet) {
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    let report = wallet.import_paths(
        &[validator("ob30/simple.json")],
        &cairn::wallet::ImportOptions::store_only(),
        &mut |_| {},
    );
    assert_eq!(report.files[0].outcome, Outcome::Imported);
    (tw, wallet)
}

#[test]
fn a_zip_of_mixed_files_reports_each_file() {
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    let archive = tw.dir.path().join("my badges (export).zip");
    std::fs::write(
        &archive,
        zip_of(&[
            ("simple.json", read("ob30/simple.json")),
            ("sub dir/badge (2).png", read("ob20/simple-badge.png")),
            ("Ölçü 証明.svg", read("ob30/simple-json.svg")),
            ("velocity.jwt", read("ob30/velocity.jwt")),
            ("clr/complex.json", read("clr20/complex.json")),
            ("notes.txt", b"remember the milk".to_vec()),
            ("__MACOSX/._simple.json", b"resource fork".to_vec()),
            ("inner.zip", zip_of(&[("a.json", read("ob30/simple.json"))])),
        ]),
    )
    .unwrap();
    let mut seen = Vec::new();
    let report = wallet.import_paths(
        std::slice::from_ref(&archive),
        &cairn::wallet::ImportOptions::store_only(),
        &mut |p| seen.push((p.done, p.total)),
    );
    let sources: Vec<String> = report
        .files
        .iter()
        .map(|f| f.source.rsplit(".zip/").next().unwrap().to_owned())
        .collect();
    assert_eq!(
        sources,
        [
            "simple.json",
            "sub dir/badge (2).png",
            "Ölçü 証明.svg",
            "velocity.jwt",
            "clr/complex.json",
            "notes.txt",
            "inner.zip"
        ]
    );
    let outcomes: Vec<Outcome> = report.files.iter().map(|f| f.outcome).collect();
    assert_eq!(
        outcomes,
        [
            Outcome::Imported,
            Outcome::Imported,
            // The same credential as simple.json, baked: a duplicate, not stored twice.
            Outcome::Duplicate,
            Outcome::Imported,
            Outcome::Imported,
            Outcome::NoBadge,
            Outcome::NoBadge,
        ],
        "{report:#?}"
    );
    assert!(report.files[6].message.contains("archives inside archives"));
    assert_eq!(seen.last(), Some(&(7, 7)));
    // The CLR brought its six members along.
    assert_eq!(report.files[4].credentials.len(), 7);
    assert_eq!(wallet.count().unwrap(), 1 + 1 + 1 + 7);
    let png = wallet.get(&report.files[1].credentials[0]).unwrap();
    assert_eq!(png.credential.format, Format::Ob2BakedPng);
    assert_eq!(png.original.file_name, "badge (2).png");
}

#[test]
fn a_zip_bomb_is_refused_quickly_and_the_rest_imports() {
    let (tw, mut wallet) = wallet_with_one();
    let before = wallet.list().unwrap();
    let started = Instant::now();
    let report = wallet.import_paths(
        &[fixture("hostile/zip-bomb.zip")],
        &cairn::wallet::ImportOptions::store_only(),
        &mut |_| {},
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    let by_name = |n: &str| report.files.iter().find(|f| f.source.ends_with(n)).unwrap();
    let huge = by_name("bomb/huge.json");
    assert_eq!(huge.outcome, Outcome::Failed);
    assert_eq!(huge.code, Some(ErrorCode::TooLarge));
    assert!(huge.message.contains("import limit"), "{}", huge.message);
    let dense = by_name("bomb/dense.json");
    assert_eq!(dense.code, Some(ErrorCode::TooLarge));
    assert!(dense.message.contains("zip bomb"), "{}", dense.message);
    // The real badge in the archive is simple.json, already in the wallet.
    assert_eq!(by_name("real badge.json").outcome, Outcome::Duplicate);
    assert_eq!(wallet.list().unwrap(), before);
    drop(tw);
}

#[test]
fn limits_are_configurable() {
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    wallet.set_limits(cairn::import::Limits {
        max_archive_entries: 2,
        ..cairn::import::Limits::default()
    });
    let archive = zip_of(&[
        ("a.json", read("ob30/simple.json")),
        ("b.json", read("ob20/basic-assertion.json")),
        ("c.json", read("clr20/simple.json")),
    ]);
    let report = wallet.import_bytes("three.zip", "three.zip", archive);
    assert_eq!(report.outcome, Outcome::Failed);
    assert_eq!(report.code, Some(ErrorCode::TooLarge));
    assert!(report.message.contains("3 entries"), "{}", report.message);
    assert_eq!(wallet.count().unwrap(), 0);

    // A total budget for everything an archive inflates to: what fits imports, the rest stops.
    let first = read("ob30/simple.json");
    wallet.set_limits(cairn::import::Limits {
        max_archive_bytes: first.len() as u64 + 100,
        ..cairn::import::Limits::default()
    });
    let reports = wallet.import_file(
        "two.zip",
        "two.zip",
        zip_of(&[("a.json", first), ("b.json", read("clr20/simple.json"))]),
    );
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0].outcome, Outcome::Imported);
    assert_eq!(reports[1].outcome, Outcome::Failed);
    assert_eq!(reports[1].code, Some(ErrorCode::TooLarge));
    assert!(
        reports[1].message.contains("the rest is not read"),
        "{}",
        reports[1].message
    );
    assert_eq!(wallet.count().unwrap(), 1);
}

/// simple-json.png with its badge chunk's length field set to `len`.
fn png_with_badge_chunk_length(len: u32) -> Vec<u8> {
    let mut png = read("ob30/simple-json.png");
    let chunks = cairn::import::png::chunks("simple-json.png", &png).unwrap();
    let itxt = chunks.iter().find(|c| &c.kind == b"iTXt").unwrap();
    png[itxt.start..itxt.start + 4].copy_from_slice(&len.to_be_bytes());
    png
}

#[test]
fn damaged_pngs_are_refused_with_the_reason() {
    let (_tw, mut wallet) = wallet_with_one();
    let before = wallet.list().unwrap();
    let started = Instant::now();

    let lying = wallet.import_bytes(
        "lying.png",
        "lying.png",
        png_with_badge_chunk_length(0x7fff_fff0),
    );
    assert_eq!(lying.outcome, Outcome::Failed);
    assert_eq!(lying.code, Some(ErrorCode::InvalidInput));
    assert!(
        lying.message.contains("past the end of the file"),
        "{}",
        lying.message
    );

    let huge = wallet.import_bytes(
        "huge.png",
        "huge.png",
        png_with_badge_chunk_length(u32::MAX),
    );
    assert_eq!(huge.outcome, Outcome::Failed);

    let full = read("ob30/simple-jwt.png");
    let truncated = wallet.import_bytes("cut.png", "cut.png", full[..full.len() / 2].to_vec());
    assert_eq!(truncated.outcome, Outcome::Failed);
    assert!(truncated.message.contains("damaged") || truncated.message.contains("truncated"));

    let mut flipped = read("ob30/simple-json.png");
    let chunks = cairn::import::png::chunks("x", &flipped).unwrap();
    let itxt = chunks.iter().find(|c| &c.kind == b"iTXt").unwrap();
    flipped[itxt.data + 40] ^= 0x20;
    let crc = wallet.import_bytes("flipped.png", "flipped.png", flipped);
    assert_eq!(crc.outcome, Outcome::Failed);
    assert!(crc.message.contains("checksum"), "{}", crc.message);

    let plain = wallet.import_paths(
        &[validator("ob20/assets/robotics-badge.png")],
        &cairn::wallet::ImportOptions::store_only(),
        &mut |_| {},
    );
    assert_eq!(plain.files[0].outcome, Outcome::NoBadge);
    assert!(plain.files[0].message.contains("no badge found"));

    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(wallet.list().unwrap(), before);
}

#[test]
fn an_svg_entity_bomb_is_never_expanded() {
    let (_tw, mut wallet) = wallet_with_one();
    let before = wallet.list().unwrap();
    let started = Instant::now();
    let report = wallet.import_paths(
        &[fixture("hostile/entity-bomb.svg")],
        &cairn::wallet::ImportOptions::store_only(),
        &mut |_| {},
    );
    assert!(started.elapsed() < Duration::from_secs(1));
    let file = &report.files[0];
    assert_eq!(file.outcome, Outcome::Failed);
    assert_eq!(file.code, Some(ErrorCode::InvalidInput));
    assert!(file.message.contains("not expanded"), "{}", file.message);
    assert!(file.source.ends_with("entity-bomb.svg"));
    assert_eq!(wallet.list().unwrap(), before);
}

#[test]
fn deep_json_is_refused_wherever_it_hides() {
    let (_tw, mut wallet) = wallet_with_one();
    let before = wallet.list().unwrap();
    let deep = format!("{{\"a\":{}{}}}", "[".repeat(10_000), "]".repeat(10_000));
    let started = Instant::now();
    let plain = wallet.import_bytes("deep.json", "deep.json", deep.clone().into_bytes());
    assert_eq!(plain.outcome, Outcome::Failed);
    assert!(
        plain.message.contains("nested too deeply"),
        "{}",
        plain.message
    );

    let baked = cairn::bake::bake_png(&deep, true, None).unwrap();
    let in_png = wallet.import_bytes("deep.png", "deep.png", baked);
    assert_eq!(in_png.outcome, Outcome::Failed);
    assert!(
        in_png.message.contains("nested too deeply"),
        "{}",
        in_png.message
    );

    let in_zip = wallet.import_file(
        "deep.zip",
        "deep.zip",
        zip_of(&[("deep.json", deep.into_bytes())]),
    );
    assert_eq!(in_zip[0].outcome, Outcome::Failed);
    assert_eq!(in_zip[0].source, "deep.zip/deep.json");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(wallet.list().unwrap(), before);
}

#[test]
fn other_markup_and_link_loops_are_not_badges() {
    let tw = TempWallet::new();
    let mut wallet = tw.open();
    let dir = tw.dir.path().join("folder");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("page.html"),
        "<!DOCTYPE html><html><body><p>hi<br></body></html>",
    )
    .unwrap();
    std::fs::write(dir.join("feed.xml"), "<rss><channel/></rss>").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&dir, dir.join("loop")).unwrap();
    let report = wallet.import_paths(
        &[dir],
        &cairn::wallet::ImportOptions::store_only(),
        &mut |_| {},
    );
    assert_eq!(report.files.len(), 2, "{report:#?}");
    for file in &report.files {
        assert_eq!(file.outcome, Outcome::NoBadge, "{file:#?}");
        assert!(
            file.message.contains("not an SVG image"),
            "{}",
            file.message
        );
    }
}
