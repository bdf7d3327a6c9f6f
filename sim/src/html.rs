//! Server-rendered pages for the consent dialogues: no script, one stylesheet, forms that POST.

use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The stylesheet every page links (served at `/ui.css`).
pub const CSS: &str =
    "body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}\
h1{font-size:1.5rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.4rem 1rem}dt{font-weight:600}\
dd{margin:0}.actions{display:flex;gap:1rem;margin-top:2rem}form{margin:0}button{font-size:1rem;padding:.6rem 1.4rem;\
border-radius:4px;border:2px solid #0062ba;cursor:pointer}#approve{background:#0062ba;color:#fff}\
#reject{background:#fff;color:#0062ba}.note{color:#555;font-size:.9rem}.status{padding:.8rem;background:#f4f4f4}";

/// A full page: `title` in `<title>` and `<h1>`, `body` as trusted HTML (escape everything you put in it).
pub fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"nb\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{t}</title><link rel=\"stylesheet\" href=\"/ui.css\"></head>\
<body><main><h1>{t}</h1>\n{body}\n<p class=\"note\">kravkit-sim: a local simulator, not Altinn.</p></main></body></html>\n",
        t = escape(title)
    );
    let mut res = (status, html).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    // No script at all; forms may post here and their 303 may go to the bank's redirect URL.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; form-action 'self' http: https:; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// `<dt>label</dt><dd>value</dd>` with the value escaped.
pub fn row(label: &str, value: &str) -> String {
    format!("<dt>{}</dt><dd>{}</dd>", escape(label), escape(value))
}

/// Appends `params` (already encoded `k=v&k=v`) to a redirect URL, keeping its query and putting them before any
/// fragment.
pub fn append_query(url: &str, params: &str) -> String {
    let (base, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let sep = if !base.contains('?') {
        "?"
    } else if base.ends_with('?') || base.ends_with('&') {
        ""
    } else {
        "&"
    };
    match fragment {
        Some(f) => format!("{base}{sep}{params}#{f}"),
        None => format!("{base}{sep}{params}"),
    }
}

/// A 303 See Other to `location`.
pub fn see_other(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(v) => (StatusCode::SEE_OTHER, [(header::LOCATION, v)]).into_response(),
        Err(_) => page(StatusCode::INTERNAL_SERVER_ERROR, "Ugyldig adresse", "<p>The redirect URL cannot be sent.</p>"),
    }
}

/// Whether `url` is an absolute `http(s)://host...` URL without whitespace or control characters.
pub fn is_absolute_http_url(url: &str) -> bool {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    let Some(rest) = rest else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    !host.is_empty() && !host.starts_with(':') && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_appending() {
        assert_eq!(append_query("https://b.no/cb", "Status=OK"), "https://b.no/cb?Status=OK");
        assert_eq!(append_query("https://b.no/cb?x=1", "Status=OK"), "https://b.no/cb?x=1&Status=OK");
        assert_eq!(append_query("https://b.no/cb?", "Status=OK"), "https://b.no/cb?Status=OK");
        assert_eq!(append_query("https://b.no/cb?x=1#top", "Status=OK"), "https://b.no/cb?x=1&Status=OK#top");
        assert!(is_absolute_http_url("http://127.0.0.1:8787/cb?x=1"));
        assert!(!is_absolute_http_url("/cb") && !is_absolute_http_url("ftp://x") && !is_absolute_http_url("https://"));
        assert!(!is_absolute_http_url("https://a b"));
        assert_eq!(escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }
}
