//! Files the learner picked in a dialog, and the only paths the app's file commands accept.
//!
//! The save and open dialogs are opened here, in Rust, never by the webview (the `main`
//! capability no longer grants `dialog:allow-save` or `dialog:allow-open`). A pick is
//! registered under an opaque, random token that goes back to the webview; a write command
//! (export, backup, baked badge, badge image) and the restore take that token instead of a
//! path, use the path it stands for once, and refuse anything else with a `forbidden` error.
//! A token whose file was written may then be handed to `open_written`, and nothing else may.
//!
//! End-to-end tests cannot click a native dialog: in debug builds only, when
//! `CAIRN_E2E_DIALOG_ANSWER` names a file, every dialog "answers" that file's first line as
//! the chosen path (an empty or missing file answers "cancelled") without showing a window.
//! Release builds never read the variable.

use cairn::{Error, ErrorCode};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::DialogExt;

/// How many picks are remembered at once; the oldest is forgotten first.
const REMEMBERED: usize = 64;

/// What a save dialog is for: its title, file types and the command that may use the pick.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SaveKind {
    /// A PDF transcript (`export_transcript`).
    Transcript,
    /// An evidence package (`export_package`).
    Package,
    /// A signed presentation (`export_presentation`).
    Presentation,
    /// An encrypted backup (`backup_wallet`).
    Backup,
    /// A badge image for a post (`save_badge_image`).
    BadgeImage,
    /// A baked badge (`export_baked`).
    Baked,
}

impl SaveKind {
    fn title(self) -> &'static str {
        match self {
            Self::Transcript => "Save the PDF transcript",
            Self::Package => "Save the evidence package",
            Self::Presentation => "Save the presentation",
            Self::Backup => "Save the encrypted backup",
            Self::BadgeImage => "Save the badge image",
            Self::Baked => "Save as a baked badge",
        }
    }

    fn filters(self) -> &'static [(&'static str, &'static [&'static str])] {
        match self {
            Self::Transcript => &[("PDF", &["pdf"])],
            Self::Package => &[("Zip archive", &["zip"])],
            Self::Presentation => &[("JSON", &["json"])],
            Self::Backup => &[("Cairn backup", &["cairn"])],
            Self::BadgeImage => &[("PNG image", &["png"])],
            Self::Baked => &[("PNG image", &["png"]), ("SVG image", &["svg"])],
        }
    }
}

/// What an open dialog is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpenKind {
    /// A backup to restore (`restore_backup`).
    Backup,
}

/// The one use a pick allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Writing a file of this kind.
    Save(SaveKind),
    /// Reading a file of this kind.
    Open(OpenKind),
}

/// Where a pick is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Chosen in the dialog, not used yet.
    Picked,
    /// Handed to its command (used up).
    Used,
    /// Its file was written: "Open it" may open it.
    Written,
}

#[derive(Debug)]
struct Entry {
    token: String,
    path: PathBuf,
    purpose: Purpose,
    state: State,
}

/// The picks of this session, in the app's state.
#[derive(Debug, Default)]
pub struct Picks(Mutex<Vec<Entry>>);

/// What the webview gets back from a dialog: the token to pass on, and the file's name to show.
#[derive(Debug, Clone, Serialize)]
pub struct Picked {
    /// Opaque and single-use: the write command's only way to name the file.
    pub token: String,
    /// The chosen file, for display.
    pub file: String,
}

/// The error for a token that does not stand for a pick this command may use.
fn not_picked(what: &str) -> Error {
    let shown: String = what.chars().take(120).collect();
    Error::new(
        ErrorCode::Forbidden,
        format!(
            "{shown:?} is not a file you picked for this in a dialog (or it was used already); \
             Cairn writes only where you choose, once per choice. Nothing was written."
        ),
    )
}

/// A new random token: 128 bits, as 32 hex digits.
fn new_token() -> Result<String, Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::internal(format!("no randomness for a file token: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

impl Picks {
    fn entries(&self) -> Result<std::sync::MutexGuard<'_, Vec<Entry>>, Error> {
        self.0
            .lock()
            .map_err(|_| Error::internal("the list of picked files was left locked"))
    }

    /// Remembers a path the learner chose for `purpose`; returns its token.
    pub fn register(&self, path: PathBuf, purpose: Purpose) -> Result<String, Error> {
        let token = new_token()?;
        let mut entries = self.entries()?;
        if entries.len() >= REMEMBERED {
            entries.remove(0);
        }
        entries.push(Entry {
            token: token.clone(),
            path,
            purpose,
            state: State::Picked,
        });
        Ok(token)
    }

    /// The path `token` stands for, if it was picked for `purpose` and not used yet; it is
    /// used up by this call. Anything else (a path, a used token, another kind) is refused.
    pub fn take(&self, token: &str, purpose: Purpose) -> Result<PathBuf, Error> {
        let mut entries = self.entries()?;
        let entry = entries
            .iter_mut()
            .find(|e| e.token == token && e.purpose == purpose && e.state == State::Picked)
            .ok_or_else(|| not_picked(token))?;
        entry.state = State::Used;
        Ok(entry.path.clone())
    }

    /// Records that the file of a used token was written.
    pub fn written(&self, token: &str) {
        if let Ok(mut entries) = self.entries()
            && let Some(entry) = entries
                .iter_mut()
                .find(|e| e.token == token && e.state == State::Used)
        {
            entry.state = State::Written;
        }
    }

    /// The file a token's command wrote in this session (for "Open it").
    pub fn file_written(&self, token: &str) -> Result<PathBuf, Error> {
        let entries = self.entries()?;
        entries
            .iter()
            .find(|e| e.token == token && e.state == State::Written)
            .map(|e| e.path.clone())
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::Forbidden,
                    "only files Cairn has just written can be opened from here",
                )
            })
    }
}

/// Only the last part of a name the webview suggests: the dialog starts in no folder it names.
fn file_name_only(suggested: &str) -> Option<String> {
    Path::new(suggested.trim())
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
}

/// The answer the end-to-end tests set for every dialog (debug builds only): `Some(None)` is
/// "cancelled", `None` means "show the real dialog".
#[cfg(debug_assertions)]
fn test_answer() -> Option<Option<PathBuf>> {
    answer_in(std::env::var_os("CAIRN_E2E_DIALOG_ANSWER")?)
}

/// Release builds always show the real dialog.
#[cfg(not(debug_assertions))]
fn test_answer() -> Option<Option<PathBuf>> {
    None
}

/// The answer written in `file`: its first line, or "cancelled" when it is empty or missing.
#[cfg(debug_assertions)]
fn answer_in(file: std::ffi::OsString) -> Option<Option<PathBuf>> {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let line = text.lines().next().map(str::trim).unwrap_or_default();
    Some((!line.is_empty()).then(|| PathBuf::from(line)))
}

/// Runs a blocking dialog off the async runtime's threads.
async fn in_dialog<T: Send + 'static>(
    show: impl FnOnce() -> Option<T> + Send + 'static,
) -> Result<Option<T>, Error> {
    tauri::async_runtime::spawn_blocking(show)
        .await
        .map_err(|e| Error::internal(format!("the file dialog stopped unexpectedly: {e}")))
}

/// A dialog's path as a plain file path.
fn local(file: tauri_plugin_dialog::FilePath) -> Result<PathBuf, Error> {
    file.into_path()
        .map_err(|e| Error::invalid(format!("the chosen file is not a local path: {e}")))
}

/// Opens the save dialog for `kind`, starting at `suggested_name`; the chosen file comes back
/// as a token for the matching write command, or `null` when the learner cancels.
#[tauri::command]
pub async fn pick_save_path(
    app: AppHandle,
    kind: SaveKind,
    suggested_name: Option<String>,
) -> Result<Option<Picked>, Error> {
    let chosen = match test_answer() {
        Some(answer) => answer,
        None => {
            let mut dialog = app.dialog().file().set_title(kind.title());
            for (name, extensions) in kind.filters() {
                dialog = dialog.add_filter(*name, extensions);
            }
            if let Some(name) = suggested_name.as_deref().and_then(file_name_only) {
                dialog = dialog.set_file_name(name);
            }
            in_dialog(move || dialog.blocking_save_file())
                .await?
                .map(local)
                .transpose()?
        }
    };
    register(&app, chosen, Purpose::Save(kind))
}

/// Opens the open dialog for `kind`; the chosen file comes back as a token for the matching
/// command, or `null` when the learner cancels.
#[tauri::command]
pub async fn pick_open_path(app: AppHandle, kind: OpenKind) -> Result<Option<Picked>, Error> {
    let chosen = match test_answer() {
        Some(answer) => answer,
        None => {
            let dialog = match kind {
                OpenKind::Backup => app
                    .dialog()
                    .file()
                    .set_title("Restore from a backup")
                    .add_filter("Cairn backup", &["cairn"])
                    .add_filter("Any file", &["*"]),
            };
            in_dialog(move || dialog.blocking_pick_file())
                .await?
                .map(local)
                .transpose()?
        }
    };
    register(&app, chosen, Purpose::Open(kind))
}

/// Opens the dialog for credentials to import (files, or folders); returns the chosen paths
/// (empty when cancelled) for `import_paths`, which only reads them.
#[tauri::command]
pub async fn pick_import_paths(app: AppHandle, folders: bool) -> Result<Vec<String>, Error> {
    let chosen = match test_answer() {
        Some(answer) => answer.into_iter().collect(),
        None => {
            let dialog = app.dialog().file().set_title(if folders {
                "Add folders of credentials"
            } else {
                "Add credential files"
            });
            let picked = in_dialog(move || {
                if folders {
                    dialog.blocking_pick_folders()
                } else {
                    dialog.blocking_pick_files()
                }
            })
            .await?;
            picked
                .unwrap_or_default()
                .into_iter()
                .map(local)
                .collect::<Result<Vec<_>, _>>()?
        }
    };
    Ok(chosen.iter().map(|p| p.display().to_string()).collect())
}

fn register(
    app: &AppHandle,
    chosen: Option<PathBuf>,
    purpose: Purpose,
) -> Result<Option<Picked>, Error> {
    let Some(path) = chosen else {
        return Ok(None);
    };
    let file = path.display().to_string();
    let token = app.state::<Picks>().register(path, purpose)?;
    Ok(Some(Picked { token, file }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRANSCRIPT: Purpose = Purpose::Save(SaveKind::Transcript);
    const BACKUP: Purpose = Purpose::Save(SaveKind::Backup);

    #[test]
    fn picks_a_token_gives_its_path_once() {
        let picks = Picks::default();
        let token = picks
            .register(PathBuf::from("/home/a/t.pdf"), TRANSCRIPT)
            .expect("register");
        assert_eq!(
            picks.take(&token, TRANSCRIPT).expect("first use"),
            PathBuf::from("/home/a/t.pdf")
        );
        let again = picks.take(&token, TRANSCRIPT).expect_err("second use");
        assert_eq!(again.code, ErrorCode::Forbidden);
        assert!(again.message.contains("Nothing was written"), "{again}");
    }

    #[test]
    fn picks_a_path_or_an_unknown_token_is_refused() {
        let picks = Picks::default();
        picks
            .register(PathBuf::from("/home/a/t.pdf"), TRANSCRIPT)
            .expect("register");
        for what in [
            "/home/a/t.pdf",
            "/etc/passwd",
            "",
            "0123456789abcdef0123456789abcdef",
        ] {
            let err = picks.take(what, TRANSCRIPT).expect_err(what);
            assert_eq!(err.code, ErrorCode::Forbidden, "{what}");
        }
    }

    #[test]
    fn picks_a_token_serves_only_its_own_kind() {
        let picks = Picks::default();
        let token = picks
            .register(PathBuf::from("/home/a/w.cairn"), BACKUP)
            .expect("register");
        assert!(picks.take(&token, TRANSCRIPT).is_err());
        assert!(picks.take(&token, Purpose::Open(OpenKind::Backup)).is_err());
        // A refused use does not spend it: the right command still may.
        assert_eq!(
            picks.take(&token, BACKUP).expect("its own kind"),
            PathBuf::from("/home/a/w.cairn")
        );
    }

    #[test]
    fn picks_only_a_written_file_may_be_opened() {
        let picks = Picks::default();
        let token = picks
            .register(PathBuf::from("/home/a/t.pdf"), TRANSCRIPT)
            .expect("register");
        assert!(picks.file_written(&token).is_err(), "picked, not written");
        picks.take(&token, TRANSCRIPT).expect("use");
        assert!(picks.file_written(&token).is_err(), "used, not written");
        picks.written(&token);
        assert_eq!(
            picks.file_written(&token).expect("written"),
            PathBuf::from("/home/a/t.pdf")
        );
        // Opening does not spend it ("Open it" may be pressed twice); writing again does not work.
        assert!(picks.file_written(&token).is_ok());
        assert!(picks.take(&token, TRANSCRIPT).is_err());
        assert!(picks.file_written("/home/a/t.pdf").is_err());
        // "written" on a token never used changes nothing.
        let fresh = picks
            .register(PathBuf::from("/home/a/u.pdf"), TRANSCRIPT)
            .expect("register");
        picks.written(&fresh);
        assert!(picks.file_written(&fresh).is_err());
    }

    #[test]
    fn picks_tokens_are_random_and_the_oldest_is_forgotten() {
        let picks = Picks::default();
        let tokens: Vec<String> = (0..=REMEMBERED)
            .map(|i| {
                picks
                    .register(PathBuf::from(format!("/out/{i}.pdf")), TRANSCRIPT)
                    .expect("register")
            })
            .collect();
        let distinct: std::collections::HashSet<&String> = tokens.iter().collect();
        assert_eq!(distinct.len(), tokens.len());
        assert!(
            tokens
                .iter()
                .all(|t| t.len() == 32 && t.bytes().all(|b| b.is_ascii_hexdigit())),
            "{tokens:?}"
        );
        assert!(picks.take(&tokens[0], TRANSCRIPT).is_err(), "forgotten");
        assert_eq!(
            picks.take(&tokens[REMEMBERED], TRANSCRIPT).expect("newest"),
            PathBuf::from(format!("/out/{REMEMBERED}.pdf"))
        );
    }

    #[test]
    fn picks_a_suggested_name_names_no_folder() {
        assert_eq!(
            file_name_only("cairn-transcript.pdf").as_deref(),
            Some("cairn-transcript.pdf")
        );
        assert_eq!(file_name_only("../../etc/cron.d/x").as_deref(), Some("x"));
        assert_eq!(
            file_name_only("/root/.ssh/authorized_keys").as_deref(),
            Some("authorized_keys")
        );
        assert_eq!(file_name_only(".."), None);
        assert_eq!(file_name_only("  "), None);
    }

    #[test]
    fn picks_kinds_are_read_from_the_webviews_names() {
        let kind: SaveKind = serde_json::from_str("\"badge_image\"").expect("kind");
        assert_eq!(kind, SaveKind::BadgeImage);
        assert!(serde_json::from_str::<SaveKind>("\"anything\"").is_err());
        let open: OpenKind = serde_json::from_str("\"backup\"").expect("kind");
        assert_eq!(open, OpenKind::Backup);
        assert!(serde_json::from_str::<OpenKind>("\"transcript\"").is_err());
    }

    #[cfg(debug_assertions)]
    #[test]
    fn picks_the_test_answer_is_the_files_first_line() {
        let dir = std::env::temp_dir().join(format!("cairn-picks-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("folder");
        let file = dir.join("answer");
        std::fs::write(&file, "/out/my transcript.pdf\nignored\n").expect("write");
        assert_eq!(
            answer_in(file.clone().into_os_string()),
            Some(Some(PathBuf::from("/out/my transcript.pdf")))
        );
        std::fs::write(&file, "").expect("write");
        assert_eq!(answer_in(file.clone().into_os_string()), Some(None));
        std::fs::remove_file(&file).expect("remove");
        assert_eq!(
            answer_in(file.into_os_string()),
            Some(None),
            "missing: cancelled"
        );
        let _ = std::fs::remove_dir(&dir);
    }
}
