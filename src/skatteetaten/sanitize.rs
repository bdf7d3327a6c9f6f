//! Making upstream text safe to keep in errors: no national ids, no credentials.

use crate::ids::redact_national_ids;

/// Makes upstream text safe for errors and logs: every run of exactly 11 digits (a possible national id) is
/// redacted, and so is anything shaped like a JWT (`eyJ…` with a dot) or following the word `Bearer`, in case a
/// server or gateway echoes a credential back.
pub(crate) fn sanitize(s: &str) -> String {
    let is_jwt_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    let mut out = String::with_capacity(s.len());
    let mut after_bearer = false;
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if !is_jwt_char(c) {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if after_bearer {
            // An opaque token may hold any non-space character: drop the whole word.
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            out.push_str("[redacted]");
            rest = &rest[end..];
            after_bearer = false;
            continue;
        }
        let end = rest.find(|c: char| !is_jwt_char(c)).unwrap_or(rest.len());
        let run = &rest[..end];
        rest = &rest[end..];
        if run.starts_with("eyJ") && run.contains('.') {
            out.push_str("[redacted]");
        } else {
            out.push_str(&redact_national_ids(run));
        }
        after_bearer = run.eq_ignore_ascii_case("bearer");
    }
    out
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn national_ids_and_tokens_are_redacted() {
        assert_eq!(sanitize("a123456789012b04827896468"), "a123456789012b******96468");
        assert_eq!(
            sanitize("401: Bearer abc.def-1 rejected; token eyJhbGciOiJIUzI1NiJ9.eyJ4IjoxfQ.c2ln ok, æ eyJ ok"),
            "401: Bearer [redacted] rejected; token [redacted] ok, æ eyJ ok"
        );
        assert_eq!(sanitize("url?token=eyJa.b.c&x=1 bearer a/b+c= d"), "url?token=[redacted]&x=1 bearer [redacted] d");
        assert_eq!(sanitize("212201782 KB-007 2023-01-01"), "212201782 KB-007 2023-01-01");
        assert_eq!(sanitize(""), "");
    }
}
