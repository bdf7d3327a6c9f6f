//! Just enough XML to read Skatteetaten's flat error element: no crate, no DTDs; entities and CDATA handled.

/// A start tag.
pub(crate) struct Element<'a> {
    /// The name without namespace prefix.
    pub(crate) local_name: &'a str,
    /// `<x/>`.
    pub(crate) self_closing: bool,
    /// Everything after the start tag.
    pub(crate) rest: &'a str,
}

impl Element<'_> {
    /// The element's text up to the next tag, entities decoded, CDATA unwrapped, trimmed.
    pub(crate) fn text(&self) -> String {
        if self.self_closing {
            return String::new();
        }
        if let Some(cdata) = self.rest.trim_start().strip_prefix("<![CDATA[") {
            return cdata.split_once("]]>").map_or("", |(t, _)| t).trim().to_owned();
        }
        decode(self.rest.split('<').next().unwrap_or_default().trim())
    }
}

/// Start tags in document order, skipping declarations, comments and end tags.
pub(crate) fn elements(xml: &str) -> impl Iterator<Item = Element<'_>> {
    let mut rest = xml;
    std::iter::from_fn(move || loop {
        let start = rest.find('<')?;
        rest = &rest[start + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            rest = after.split_once("-->").map_or("", |(_, r)| r);
            continue;
        }
        if rest.starts_with(['/', '?', '!']) {
            continue;
        }
        let end = rest.find('>')?;
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        let name = tag.split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or_default();
        let local_name = name.rsplit(':').next().unwrap_or_default();
        return Some(Element { local_name, self_closing: tag.ends_with('/'), rest });
    })
}

fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(semi) = rest.find(';').filter(|&j| j <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .map(|h| u32::from_str_radix(h, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
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
    fn elements_text_and_entities() {
        let doc = "<?xml version=\"1.0\"?><!-- <no> --><a:feil x=\"1\"><a:kode>K&lt;1&gt; &amp;&#65;&#x42;&bogus; &</a:kode><b/></a:feil>";
        let names: Vec<&str> = elements(doc).map(|e| e.local_name).collect();
        assert_eq!(names, ["feil", "kode", "b"]);
        let kode = elements(doc).nth(1).unwrap();
        assert_eq!(kode.text(), "K<1> &AB&bogus; &");
        assert!(elements(doc).nth(2).unwrap().self_closing);
        assert_eq!(elements("<x><![CDATA[ a<b ]]></x>").next().unwrap().text(), "a<b");
        assert!(elements("no tags").next().is_none());
        assert!(elements("<unterminated").next().is_none());
    }
}
