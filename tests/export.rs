//! Exports: LinkedIn links parsed back parameter by parameter, PDF transcripts read back with
//! poppler (`pdftotext`, `pdfinfo`, `pdftoppm`), and evidence packages unzipped.

use crate::common::TempWallet;
use crate::export_support::{
    CRED_ID, ISSUER, TITLE, cairn, pdf_info, pdf_text, poppler, stocked_wallet,
};
use cairn::export::linkedin::{self, LinkedInOptions};
use cairn::export::transcript::{self, TranscriptOptions, verdict_words};
use cairn::export::{Selection, gather, verify_all};
use cairn::model::Image;
use cairn::verify::VerifyOptions;
use std::collections::HashMap;
use std::io::Read as _;

fn params(link: &str) -> HashMap<String, String> {
    let url = url::Url::parse(link).expect("the link is a URL");
    assert_eq!(url.scheme(), "https");
    assert_eq!(url.host_str(), Some("www.linkedin.com"));
    assert_eq!(url.path(), "/profile/add");
    assert!(
        url.fragment().is_none(),
        "a '#' leaked out of a value: {link}"
    );
    let mut out = HashMap::new();
    for (k, v) in url.query_pairs() {
        assert!(
            out.insert(k.to_string(), v.to_string()).is_none(),
            "parameter {k} appears twice in {link}"
        );
    }
    out
}

#[test]
fn linkedin_link_carries_every_value_encoded() {
    let (tw, id) = stocked_wallet();
    let wallet = tw.open();
    let queue = linkedin::queue(
        &wallet,
        std::slice::from_ref(&id),
        &LinkedInOptions::default(),
    )
    .unwrap();
    let c = &queue[0];
    let p = params(&c.url);
    assert_eq!(p["startTask"], "CERTIFICATION_NAME");
    assert_eq!(p["name"], TITLE);
    assert_eq!(p["organizationName"], ISSUER);
    assert!(!p.contains_key("organizationId"));
    assert_eq!(p["issueYear"], "2023");
    assert_eq!(p["issueMonth"], "3");
    assert_eq!(p["expirationYear"], "2027");
    assert_eq!(p["expirationMonth"], "11");
    assert_eq!(p["certUrl"], CRED_ID);
    assert_eq!(p["certId"], CRED_ID);
    assert_eq!(p.len(), 9, "{p:?}");
    // Raw query: reserved characters of the values never appear unencoded.
    let query = c.url.split_once('?').unwrap().1;
    assert!(!query.contains('#') && !query.contains(' ') && !query.contains("研"));
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);

    assert!(c.post_text.contains(TITLE) && c.post_text.contains(ISSUER));
    assert!(c.post_text.contains("Data engineering, Arabic: التحليل"));
    assert!(c.post_text.contains(CRED_ID));
}

#[test]
fn linkedin_uses_supplied_url_and_organization_id_and_warns_without_url() {
    let (tw, id) = stocked_wallet();
    let wallet = tw.open();
    let options = LinkedInOptions {
        cert_url: Some("https://verify.example.org/c?id=7&lang=fr".to_owned()),
        organization_id: Some("1337".to_owned()),
    };
    let simple = wallet
        .list()
        .unwrap()
        .into_iter()
        .find(|c| c.title == "Teamwork Badge")
        .unwrap()
        .id;
    let queue = linkedin::queue(&wallet, &[id, simple.clone()], &options).unwrap();
    assert_eq!(queue.len(), 2, "one entry per credential, in order");
    let p = params(&queue[0].url);
    assert_eq!(p["certUrl"], "https://verify.example.org/c?id=7&lang=fr");
    assert_eq!(p["organizationId"], "1337");
    assert!(!p.contains_key("organizationName"));

    // Its id is an http:// URL, which is not a lasting verification link.
    let plain = linkedin::queue(&wallet, &[simple], &LinkedInOptions::default()).unwrap();
    let p = params(&plain[0].url);
    assert!(!p.contains_key("certUrl"));
    assert!(!p.contains_key("expirationYear"));
    assert_eq!(p["issueYear"], "2010");
    assert_eq!(p["issueMonth"], "1");
    assert_eq!(p["certId"], "http://example.com/credentials/3527");
    assert!(plain[0].warnings.iter().any(|w| w.contains("--cert-url")));
}

#[test]
fn linkedin_refuses_a_verification_url_that_is_not_https_and_a_non_numeric_organization_id() {
    let (tw, id) = stocked_wallet();
    let wallet = tw.open();
    for (cert_url, organization_id, named) in [
        (
            Some("http://verify.example.org/c"),
            None,
            "http://verify.example.org/c",
        ),
        (Some("verify.example.org/c"), None, "verify.example.org/c"),
        (Some("javascript:alert(1)"), None, "javascript:alert(1)"),
        (None, Some("acme-corp"), "acme-corp"),
    ] {
        let options = LinkedInOptions {
            cert_url: cert_url.map(str::to_owned),
            organization_id: organization_id.map(str::to_owned),
        };
        let err = linkedin::queue(&wallet, std::slice::from_ref(&id), &options).unwrap_err();
        assert_eq!(err.code, cairn::error::ErrorCode::InvalidInput, "{err}");
        assert!(err.message.contains(named), "{err}");
    }
    // The command line says the same and prints no link.
    let out = cairn(
        &tw,
        &[
            "export",
            "linkedin",
            &id[..6],
            "--cert-url",
            "http://verify.example.org/c",
        ],
    );
    assert!(!out.status.success());
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("is not an https:// address"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn linkedin_cli_prints_a_queue_as_json() {
    let (tw, id) = stocked_wallet();
    let out = cairn(&tw, &["export", "linkedin", &id[..6], "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let v = &v["entries"];
    assert_eq!(v[0]["name"], TITLE);
    assert_eq!(params(v[0]["url"].as_str().unwrap())["name"], TITLE);

    let missing = cairn(&tw, &["export", "linkedin", "ffffffff"]);
    assert_eq!(missing.status.code(), Some(1));
}

fn write_pdf(dir: &std::path::Path, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join("transcript.pdf");
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn transcript_prints_every_title_and_unicode_names_with_metadata() {
    let (tw, id) = stocked_wallet();
    let wallet = tw.open();
    let selection = Selection::whole_wallet(&wallet).unwrap();
    let items = gather(&wallet, &selection.ids).unwrap();
    let verify_options = VerifyOptions {
        now: "2026-11-23T12:00:00Z".parse().unwrap(),
        ..VerifyOptions::offline()
    };
    let verdicts = verify_all(&items, &verify_options);
    assert_eq!(verdicts.len(), 4);
    let options = TranscriptOptions {
        learner_name: Some("Zoë Ångström 陈美玲 ليلى".to_owned()),
        date: Some("2026-11-23".to_owned()),
        verdicts: verdicts.clone(),
        standings: Default::default(),
    };
    let t = transcript::transcript_for(&wallet, &selection, &options).unwrap();
    assert_eq!(t.credentials, 4);
    let pdf = write_pdf(tw.dir.path(), &t.pdf);

    let text = pdf_text(&pdf);
    for c in wallet.list().unwrap() {
        // Titles may wrap; their first words must be there.
        let start: String = c.title.chars().take(20).collect();
        assert!(
            text.contains(&start),
            "title {:?} missing from:\n{text}",
            c.title
        );
    }
    for name in [
        "Zoë Ångström",
        "陈美玲",
        "ليلى",
        "Café Ünïcode",
        "研发证书",
        "أبحاث",
        "جامعة",
    ] {
        assert!(text.contains(name), "{name} missing from:\n{text}");
    }
    // Each credential's verdict and its checks, as of the (fixed) verification time.
    for report in verdicts.values() {
        let (words, _) = verdict_words(report.verdict);
        assert!(
            text.contains(&format!("{words} (as of 2026-11-23)")),
            "{words} missing"
        );
        for check in &report.checks {
            assert!(
                text.contains(&format!("{}:", check.name.as_str())),
                "{check:?}"
            );
        }
    }
    assert!(text.contains("Skills summary") && text.contains("Data engineering (1)"));
    let original = wallet.get(&id).unwrap().original;
    assert!(
        text.contains(&original.sha256),
        "appendix lacks the SHA-256"
    );
    assert!(text.contains(&format!("Page 1 of {}", t.pages)));

    assert_eq!(pdf_info(&pdf, "Title"), "Credential transcript");
    assert_eq!(pdf_info(&pdf, "Author"), "Zoë Ångström 陈美玲 ليلى");
    let pages: usize = pdf_info(&pdf, "Pages").parse().unwrap();
    assert_eq!(pages, t.pages);
    // Cover, at least two pages of credentials (the long description wraps), skills, appendix.
    assert!((5..=10).contains(&pages), "{pages} pages");
    assert!(
        t.pdf.len() < 400_000,
        "{} bytes: fonts are not subset",
        t.pdf.len()
    );

    // Page 1 renders, and has ink on it.
    let prefix = tw.dir.path().join("page");
    poppler(
        "pdftoppm",
        &[
            "-r",
            "40",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let png = std::fs::read(tw.dir.path().join("page.png")).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buf).unwrap();
    let dark = buf[..frame.buffer_size()]
        .iter()
        .filter(|&&b| b < 128)
        .count();
    assert!(dark > 500, "page 1 is blank ({dark} dark samples)");
}

fn tiny_png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().unwrap();
        let data: Vec<u8> = (0..w * h)
            .flat_map(|i| [(i % 251) as u8, 40, 160])
            .collect();
        writer.write_image_data(&data).unwrap();
    }
    out
}

#[test]
fn transcript_embeds_badge_images_once_and_qr_codes() {
    let (tw, id) = stocked_wallet();
    let wallet = tw.open();
    let mut items = gather(&wallet, &[id.clone(), id.clone()]).unwrap();
    // A large badge image, shared by both entries: stored once, scaled down.
    let image = Image {
        media_type: "image/png".to_owned(),
        bytes: tiny_png(600, 600),
    };
    for item in &mut items {
        item.image = Some(image.clone());
    }
    let t =
        transcript::render(&items, &Selection::default(), &TranscriptOptions::default()).unwrap();
    let pdf = write_pdf(tw.dir.path(), &t.pdf);
    let list = poppler("pdfimages", &["-list", pdf.to_str().unwrap()]);
    let rows: Vec<Vec<&str>> = list
        .lines()
        .skip(2)
        .map(|r| r.split_whitespace().collect())
        .collect();
    // Columns: page num type width height color comp bpc enc interp object ...
    let badges: Vec<&Vec<&str>> = rows
        .iter()
        .filter(|r| r[2] == "image" && r[5] == "rgb")
        .collect();
    let qrs: Vec<&Vec<&str>> = rows
        .iter()
        .filter(|r| r[2] == "image" && r[5] == "gray")
        .collect();
    assert!(!badges.is_empty() && !qrs.is_empty(), "{list}");
    let objects: std::collections::HashSet<&str> = badges.iter().map(|r| r[10]).collect();
    assert_eq!(
        objects.len(),
        1,
        "the shared image is embedded once:\n{list}"
    );
    assert!(
        badges.iter().all(|r| r[3] == "120" && r[4] == "120"),
        "600 px scaled to 120:\n{list}"
    );
    let qr_objects: std::collections::HashSet<&str> = qrs.iter().map(|r| r[10]).collect();
    assert_eq!(qr_objects.len(), 1, "{list}");
}

#[test]
fn transcript_qr_codes_scan_to_their_urls() {
    // Each entry's QR code, taken out of the PDF as the viewer gets it and read by a QR decoder,
    // is its verification URL: URLs of different lengths give different QR versions.
    let (tw, id) = stocked_wallet();
    let wallet = tw.open();
    let base = gather(&wallet, std::slice::from_ref(&id))
        .unwrap()
        .remove(0);
    let urls = [
        CRED_ID.to_owned(),
        "https://verify.example.edu/b/7".to_owned(),
        format!("https://credentials.example.org/{}", "x".repeat(150)),
    ];
    let items: Vec<_> = urls
        .iter()
        .map(|url| {
            let mut item = base.clone();
            item.detail.credential.credential_id = Some(url.clone());
            item
        })
        .collect();
    let t =
        transcript::render(&items, &Selection::default(), &TranscriptOptions::default()).unwrap();
    let pdf = write_pdf(tw.dir.path(), &t.pdf);
    let prefix = tw.dir.path().join("img");
    poppler(
        "pdfimages",
        &["-png", pdf.to_str().unwrap(), prefix.to_str().unwrap()],
    );
    let mut read = Vec::new();
    for entry in std::fs::read_dir(tw.dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if !path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("img")
        {
            continue;
        }
        let decoder =
            png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&path).unwrap()));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let frame = reader.next_frame(&mut buf).unwrap();
        if frame.color_type != png::ColorType::Grayscale || frame.bit_depth != png::BitDepth::Eight
        {
            continue; // badge images and their masks
        }
        let (w, h) = (frame.width as usize, frame.height as usize);
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| buf[y * w + x]);
        for grid in image.detect_grids() {
            let (_, text) = grid.decode().expect("the QR code decodes");
            read.push(text);
        }
    }
    read.sort();
    let mut expected = urls.to_vec();
    expected.sort();
    assert_eq!(read, expected);
}

#[test]
fn transcript_cli_writes_pdf_and_refuses_unknown_ids_without_writing() {
    let (tw, _) = stocked_wallet();
    let out_path = tw.dir.path().join("all.pdf");
    let out = cairn(
        &tw,
        &[
            "export",
            "transcript",
            "-o",
            out_path.to_str().unwrap(),
            "--name",
            "Ada",
            "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["credentials"], 4);
    assert!(std::fs::read(&out_path).unwrap().starts_with(b"%PDF-"));

    let bad_path = tw.dir.path().join("bad.pdf");
    let bad = cairn(
        &tw,
        &[
            "export",
            "transcript",
            "abcdef12",
            "-o",
            bad_path.to_str().unwrap(),
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("abcdef12"));
    assert!(!bad_path.exists());
}

#[test]
fn package_holds_transcript_originals_and_a_self_contained_index() {
    let (tw, id) = stocked_wallet();
    let wallet = tw.open();
    let selection = Selection::whole_wallet(&wallet).unwrap();
    let options = TranscriptOptions {
        learner_name: Some("Zoë <script>alert(1)</script>".to_owned()),
        ..TranscriptOptions::default()
    };
    let package = cairn::export::package::package_for(&wallet, &selection, &options).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(package.zip.clone())).unwrap();
    assert_eq!(zip.len(), package.entries.len());
    let mut read = |name: &str| {
        let mut out = Vec::new();
        zip.by_name(name).unwrap().read_to_end(&mut out).unwrap();
        out
    };
    let html = String::from_utf8(read("index.html")).unwrap();
    assert!(read("transcript.pdf").starts_with(b"%PDF-"));
    for c in wallet.list().unwrap() {
        let escaped = c.title.replace('&', "&amp;");
        assert!(html.contains(&escaped), "index.html lacks {}", c.title);
        let original = wallet.original(&c.id).unwrap();
        let name = package
            .entries
            .iter()
            .find(|e| e.starts_with(&format!("originals/{}", c.id)))
            .unwrap_or_else(|| panic!("no original for {}", c.id));
        assert_eq!(read(name), original.bytes, "{name} is not byte-identical");
    }
    assert!(html.contains(&wallet.original(&id).unwrap().sha256));
    assert!(
        !html.contains("<script"),
        "the learner's name was not escaped"
    );
    assert!(html.contains("&lt;script&gt;"));
    for external in ["src=\"http", "<link", "@import", "url(http"] {
        assert!(
            !html.contains(external),
            "index.html loads an external resource: {external}"
        );
    }

    let out_path = tw.dir.path().join("p.zip");
    let out = cairn(
        &tw,
        &[
            "export",
            "package",
            "--unsigned",
            "-o",
            out_path.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(zip::ZipArchive::new(std::fs::File::open(&out_path).unwrap()).is_ok());
}

#[test]
fn an_empty_wallet_gives_a_short_transcript() {
    let tw = TempWallet::new();
    let wallet = tw.open();
    let selection = Selection::whole_wallet(&wallet).unwrap();
    let t = transcript::transcript_for(&wallet, &selection, &TranscriptOptions::default()).unwrap();
    assert_eq!(t.credentials, 0);
    assert_eq!(t.pages, 3, "cover, skills summary, appendix");
}
