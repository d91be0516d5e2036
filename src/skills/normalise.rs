//! Normalising skill names and framework codes into stable keys, and finding skill phrases in
//! free text. Everything here is pure and deterministic.

use crate::model::Alignment;

/// Lower-cases `text`, turns every character that is not a letter, digit, `+` or `#` into a
/// space and collapses spaces: "Data-Analysis  (SQL)" → "data analysis sql".
pub fn words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '+' || c == '#' {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The name without a trailing parenthetical qualifier: "Python (computer programming)" →
/// "Python". `None` when there is none.
pub fn base_name(name: &str) -> Option<&str> {
    let open = name.find('(')?;
    let base = name[..open].trim();
    (!base.is_empty() && name.trim_end().ends_with(')')).then_some(base)
}

/// A crude English singular for the last word of a phrase ("databases" → "database"), so close
/// variants meet. Words of four letters or fewer, and words ending in "ss", are left alone.
pub fn singular(phrase: &str) -> String {
    let (head, last) = match phrase.rsplit_once(' ') {
        Some((h, l)) => (Some(h), l),
        None => (None, phrase),
    };
    let last = if last.chars().count() > 4 && last.ends_with('s') && !last.ends_with("ss") {
        if let Some(stem) = last.strip_suffix("ies") {
            format!("{stem}y")
        } else {
            last[..last.len() - 1].to_owned()
        }
    } else {
        last.to_owned()
    };
    match head {
        Some(h) => format!("{h} {last}"),
        None => last,
    }
}

/// British and American spellings meet ("visualisation" → "visualization"); `text` is
/// already passed through [`words`].
pub fn spelling(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for w in text.split(' ') {
        let w = w
            .replace("isation", "ization")
            .replace("analyse", "analyze")
            .replace("modelling", "modeling")
            .replace("organis", "organiz")
            .replace("optimis", "optimiz")
            .replace("programme", "program");
        out.push(w);
    }
    out.join(" ")
}

/// The key of a skill known only by its name.
pub fn name_key(name: &str) -> Option<String> {
    let w = singular(&spelling(&words(name)));
    (!w.is_empty()).then(|| format!("name:{w}"))
}

/// The key of an alignment's framework code, when it has one: ESCO URIs become
/// `esco:skill/<uuid>`, O*NET codes `onet:<code>`, other framework codes `<framework>:<code>`,
/// and a bare target URL `url:<host/path>`.
pub fn code_key(a: &Alignment) -> Option<String> {
    let url = a.target_url.as_deref().map(str::trim).unwrap_or_default();
    let code = a.target_code.as_deref().map(str::trim).unwrap_or_default();
    let framework = a.target_framework.as_deref().map(words).unwrap_or_default();
    for candidate in [code, url] {
        if let Some(at) = candidate.find("data.europa.eu/esco/") {
            let path = candidate[at + "data.europa.eu/esco/".len()..]
                .trim_end_matches('/')
                .to_lowercase();
            if !path.is_empty() {
                return Some(format!("esco:{path}"));
            }
        }
    }
    let onet = framework.replace(' ', "").contains("onet")
        || url.contains("onetonline.org")
        || url.contains("onetcenter.org");
    if onet {
        let code = if code.is_empty() {
            url.trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or_default()
        } else {
            code
        };
        if !code.is_empty() {
            return Some(format!("onet:{}", code.to_lowercase()));
        }
    }
    if framework.contains("esco") && !code.is_empty() {
        return Some(format!("esco:skill/{}", code.to_lowercase()));
    }
    if !code.is_empty() {
        let fw = if framework.is_empty() {
            "code".to_owned()
        } else {
            framework.replace(' ', "-")
        };
        return Some(format!("{fw}:{}", code.to_lowercase()));
    }
    if !url.is_empty() {
        let bare = url
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_lowercase();
        return Some(format!("url:{bare}"));
    }
    None
}

/// Normalised text with a space on each side, ready for [`contains_phrase`].
pub fn padded(text: &str) -> String {
    format!(" {} ", words(text))
}

/// Whether `phrase` (already passed through [`words`]) occurs as whole words in `text`
/// (already passed through [`padded`]), also as a plural.
pub fn contains_phrase(padded_text: &str, phrase: &str) -> bool {
    if phrase.is_empty() {
        return false;
    }
    let exact = format!(" {phrase} ");
    if padded_text.contains(&exact) {
        return true;
    }
    let plural = format!(" {phrase}s ");
    padded_text.contains(&plural)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn align(name: &str, fw: Option<&str>, code: Option<&str>, url: Option<&str>) -> Alignment {
        Alignment {
            target_name: name.to_owned(),
            target_framework: fw.map(str::to_owned),
            target_code: code.map(str::to_owned),
            target_url: url.map(str::to_owned),
            target_description: None,
        }
    }

    #[test]
    fn names_normalise_case_spacing_and_plurals() {
        assert_eq!(words("  Data-Analysis  (SQL) "), "data analysis sql");
        assert_eq!(words("C++ & C#"), "c++ c#");
        assert_eq!(
            name_key("Relational Databases"),
            name_key("relational  database")
        );
        assert_eq!(base_name("Python (computer programming)"), Some("Python"));
        assert_eq!(base_name("Python"), None);
        assert_eq!(singular("analytics"), "analytic");
        assert_eq!(singular("class"), "class");
    }

    #[test]
    fn esco_uri_and_code_meet() {
        let uri = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d";
        let a = align("Python", Some("ESCO"), None, Some(uri));
        let b = align("python programming", Some("esco"), Some(uri), None);
        assert_eq!(code_key(&a), code_key(&b));
        let c = align("SQL", Some("O*NET"), Some("15-2051.00"), None);
        let d = align(
            "Data Scientists",
            Some("ONET"),
            None,
            Some("https://www.onetonline.org/link/summary/15-2051.00"),
        );
        assert_eq!(code_key(&c).unwrap(), "onet:15-2051.00");
        assert_eq!(code_key(&c), code_key(&d));
    }

    #[test]
    fn phrases_match_whole_words_only() {
        let text = padded("Experience with SQL databases and Python.");
        assert!(contains_phrase(&text, "sql database"));
        assert!(contains_phrase(&text, "python"));
        assert!(!contains_phrase(&text, "pyth"));
    }
}
