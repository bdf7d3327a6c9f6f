//! Making upstream text safe to keep in errors and logs: no national ids, no credentials, no control characters.
//!
//! Servers and gateways sometimes echo what they were sent (a grant, a token) or personal data (a fødselsnummer)
//! in their answers. Every piece of upstream text an error keeps goes through [`scrub`] first.

use crate::ids::redact_national_ids;

/// What replaces a credential.
const PLACEHOLDER: &str = "[redacted]";

/// Names whose values are credentials, in form bodies (`assertion=...`), JSON (`"access_token":"..."`) and
/// messages (`ApiKey: ...`), matched in any case. Longer names before their prefixes.
const CREDENTIAL_NAMES: &[&str] = &[
    "access_token",
    "client_assertion",
    "assertion",
    "id_token",
    "refresh_token",
    "client_secret",
    "x-api-key",
    "apikey",
    "api_key",
    "api-key",
    "password",
];

/// The length of an [`excerpt`], in characters.
const EXCERPT_CHARS: usize = 300;

/// Makes text safe for errors and logs. Each of these is replaced by `[redacted]`:
/// - the word after `Bearer` (any case), whatever characters it has;
/// - anything shaped like a JWT or a part of one: `eyJ` and the base64 and dots after it, even inside a word;
/// - the value after a credential name (`access_token`, `assertion`, `client_assertion`, `id_token`,
///   `refresh_token`, `client_secret`, `ApiKey` and its spellings, `password`; any case) and `=` or `:`.
///
/// Every run of exactly 11 digits (a possible national id) shows only its last 5 digits, and control characters
/// become spaces. Nothing is trimmed or cut: see [`truncate`].
pub fn scrub(text: &str) -> String {
    let text = redact_bearer_tokens(text);
    let text = redact_jwts(&text);
    let text = redact_credentials(&text);
    redact_national_ids(&text).chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// `text` without surrounding whitespace and cut to at most `max_chars` characters, with `…` marking a cut.
pub fn truncate(text: &str, max_chars: usize) -> String {
    let mut chars = text.trim().chars();
    let mut out: String = chars.by_ref().take(max_chars).collect();
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

/// How errors keep upstream free text: [`scrub`]bed, then [`truncate`]d to 300 characters.
pub(crate) fn excerpt(text: &str) -> String {
    truncate(&scrub(text), EXCERPT_CHARS)
}

/// Replaces the word after each `Bearer`: an opaque token may hold any non-space character.
fn redact_bearer_tokens(s: &str) -> String {
    let is_word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    let mut out = String::with_capacity(s.len());
    let mut after_bearer = false;
    let mut rest = s;
    while let Some(start) = rest.find(is_word) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        if after_bearer {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            out.push_str(PLACEHOLDER);
            rest = &rest[end..];
            after_bearer = false;
        } else {
            let end = rest.find(|c: char| !is_word(c)).unwrap_or(rest.len());
            after_bearer = rest[..end].eq_ignore_ascii_case("bearer");
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
}

/// Replaces `eyJ` (base64 of `{"`) and the base64 (either alphabet), padding and dots that follow it.
fn redact_jwts(s: &str) -> String {
    let is_jwt_byte = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'+' | b'/' | b'=' | b'.');
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("eyJ") {
        out.push_str(&rest[..i]);
        out.push_str(PLACEHOLDER);
        let tail = &rest[i..];
        rest = &tail[tail.bytes().take_while(is_jwt_byte).count()..];
    }
    out.push_str(rest);
    out
}

/// The first credential name in `s` and where it starts.
fn next_credential_name(s: &str) -> Option<(usize, &'static str)> {
    s.char_indices().find_map(|(i, _)| {
        CREDENTIAL_NAMES
            .iter()
            .find(|n| s[i..].get(..n.len()).is_some_and(|p| p.eq_ignore_ascii_case(n)))
            .map(|n| (i, *n))
    })
}

/// Replaces the value after a credential name followed by `=` or `:` (with optional quotes and spaces).
fn redact_credentials(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some((i, name)) = next_credential_name(rest) {
        out.push_str(&rest[..i + name.len()]);
        rest = &rest[i + name.len()..];
        let sep = rest.bytes().take_while(|b| matches!(b, b'"' | b'\'' | b' ' | b':' | b'=')).count();
        if !rest[..sep].contains([':', '=']) {
            continue;
        }
        out.push_str(&rest[..sep]);
        rest = &rest[sep..];
        let value =
            rest.bytes().take_while(|b| !matches!(b, b'"' | b'\'' | b'&' | b'<' | b',' | b'}' | b' ' | b'\n')).count();
        if value > 0 {
            out.push_str(PLACEHOLDER);
        }
        rest = &rest[value..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn national_ids_are_redacted() {
        assert_eq!(scrub("a123456789012b04827896468"), "a123456789012b******96468");
        assert_eq!(scrub("212201782 KB-007 2023-01-01"), "212201782 KB-007 2023-01-01");
        assert_eq!(excerpt("org 313367002 and 2025"), "org 313367002 and 2025");
        let s =
            scrub("party urn:altinn:person:identifier-no:02925796975 bad; token eyJhbGciOiJSUzI1NiJ9.eyJzdWIi.sig x");
        assert_eq!(s, "party urn:altinn:person:identifier-no:******96975 bad; token [redacted] x");
    }

    #[test]
    fn tokens_are_redacted() {
        assert_eq!(
            scrub("401: Bearer abc.def-1 rejected; token eyJhbGciOiJIUzI1NiJ9.eyJ4IjoxfQ.c2ln ok, æøå eyJ"),
            "401: Bearer [redacted] rejected; token [redacted] ok, æøå [redacted]"
        );
        assert_eq!(scrub("url?token=eyJa.b.c&x=1 bearer a/b+c= d"), "url?token=[redacted]&x=1 bearer [redacted] d");
        assert_eq!(scrub("Authorization: Bearer eyJa.b.c"), "Authorization: Bearer [redacted]");
        assert_eq!(scrub("token eyJabc.def.ghi, done"), "token [redacted], done");
        assert_eq!(scrub("æøå eyJ"), "æøå [redacted]");
        assert_eq!(scrub("x%22eyJhbGci+/=.sig\"}"), "x%22[redacted]\"}");
        assert_eq!(scrub(""), "");
    }

    #[test]
    fn credential_values_are_redacted() {
        assert_eq!(scrub("grant_type=x&assertion=abc.def&y=1"), "grant_type=x&assertion=[redacted]&y=1");
        assert_eq!(scrub("client_assertion=abc"), "client_assertion=[redacted]");
        assert_eq!(scrub(r#"{"access_token" : "opaque+/=", "n": 1}"#), r#"{"access_token" : "[redacted]", "n": 1}"#);
        assert_eq!(scrub("no access_token here"), "no access_token here");
        assert_eq!(scrub("refresh_token='x' access_token=y"), "refresh_token='[redacted]' access_token=[redacted]");
        // Altinn's ASP.NET messages, and header names, in any case.
        assert_eq!(scrub("Invalid ApiKey: k3y-9+/="), "Invalid ApiKey: [redacted]");
        assert_eq!(scrub(r#"{"apiKey":"k3y"}"#), r#"{"apiKey":"[redacted]"}"#);
        assert_eq!(scrub("X-Api-Key=abc&API_KEY=def"), "X-Api-Key=[redacted]&API_KEY=[redacted]");
        assert_eq!(scrub("CLIENT_SECRET: s password=p"), "CLIENT_SECRET: [redacted] password=[redacted]");
        assert_eq!(scrub("Access_Token=x æøå"), "Access_Token=[redacted] æøå");
        assert_eq!(scrub("an apikey is needed"), "an apikey is needed");
    }

    #[test]
    fn control_characters_become_spaces_and_excerpts_are_cut() {
        assert_eq!(scrub("a\nb\tc\u{1}"), "a b c ");
        assert_eq!(excerpt("  a\nb\tc  "), "a b c");
        let e = excerpt(&"x".repeat(400));
        assert_eq!(e.chars().count(), 301);
        assert!(e.ends_with('…'));
        assert_eq!(truncate(" æøå ", 3), "æøå");
        assert_eq!(truncate("æøå", 2), "æø…");
    }
}
