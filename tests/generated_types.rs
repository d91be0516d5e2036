//! The UI's TypeScript declarations must match the Rust types they describe.

use std::path::Path;

#[test]
fn ui_type_declarations_are_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/types.d.ts");
    let expected = cairn::types::declarations();
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    if on_disk != expected {
        if std::env::var_os("CAIRN_UPDATE_TYPES").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &expected).unwrap();
        } else {
            panic!(
                "{} is out of date; regenerate it with `CAIRN_UPDATE_TYPES=1 cargo test -p cairn --test tests generated_types`",
                path.display()
            );
        }
    }
}
