//! Small printing helpers for the library, portfolio and skills commands: a line on stdout (a
//! closed pipe is not an error) and pretty JSON.

use std::io::Write as _;

/// Prints one line on stdout, its control characters shown escaped
/// ([`super::output::safe_lines`]) so a credential's text cannot drive the terminal.
pub fn line(text: &str) {
    let _ = writeln!(
        std::io::stdout().lock(),
        "{}",
        super::output::safe_lines(text)
    );
}

/// Prints a value as pretty JSON on stdout.
pub fn json<T: serde::Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        // JSON escapes control characters itself; bidi overrides are escaped as JSON.
        Ok(text) => {
            let _ = writeln!(
                std::io::stdout().lock(),
                "{}",
                super::output::json_safe(&text)
            );
        }
        Err(err) => eprintln!("cairn: cannot encode output: {err}"),
    }
}

/// The date part of an RFC 3339 date-time, or dashes.
pub fn day(date: Option<&str>) -> &str {
    date.map(|d| d.get(..10).unwrap_or(d))
        .unwrap_or("----------")
}
