//! Build script: prepares Tauri's context and declares the app's own IPC commands, so that
//! each gets an `allow-*` permission the capabilities in `capabilities/` can grant.

/// The commands `src/main.rs` registers; each must also be allowed in `capabilities/main.json`.
const COMMANDS: &[&str] = &[
    "wallet_location",
    "list_credentials",
    "get_credential",
    "import_paths",
    "import_text",
    "remove_credential",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(err) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {err:#}");
    }
}
