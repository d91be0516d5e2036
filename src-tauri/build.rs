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
    "search_credentials",
    "tag_counts",
    "add_tags",
    "remove_tags",
    "annotations_of",
    "set_note",
    "list_portfolios",
    "show_portfolio",
    "create_portfolio",
    "rename_portfolio",
    "delete_portfolio",
    "add_to_portfolio",
    "remove_from_portfolio",
    "move_in_portfolio",
    "set_goal",
    "detect_stacks",
    "portfolio_from_stack",
    "list_skills",
    "prep",
    "match_posting",
    "portfolio_from_posting",
    "identities",
    "add_identity",
    "remove_identity",
    "verify_credential",
    "verify_all",
    "verification_history",
    "latest_verdicts",
    "original_bytes",
    "import_url",
    "cancel_import",
    "linkedin_queue",
    "linkedin_entry",
    "save_badge_image",
    "export_transcript",
    "export_package",
    "export_presentation",
    "export_baked",
    "backup_wallet",
    "restore_backup",
    "open_written",
    "pick_save_path",
    "pick_open_path",
    "pick_import_paths",
    "get_settings",
    "set_learner_name",
    "set_offline",
    "set_fetch_contexts",
    "holder_key",
    "create_holder_key",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(err) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {err:#}");
    }
}
