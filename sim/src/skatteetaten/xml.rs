//! A generic JSON → XML rendering for `Accept: application/xml` on successful answers. Skatteetaten documents XML
//! support but no XML schema, so this shape (root element per endpoint, one element per field, arrays as repeated
//! elements, nulls left out) is the simulator's own.

use serde_json::Value;

use crate::html::escape;

/// `<?xml ...?><root>...</root>`.
pub fn to_xml(root: &str, v: &Value) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    element(&mut out, root, v);
    out
}

fn element(out: &mut String, name: &str, v: &Value) {
    match v {
        Value::Null => {}
        Value::Array(items) => items.iter().for_each(|i| element(out, name, i)),
        Value::Object(m) => {
            out.push_str(&format!("<{name}>"));
            m.iter().for_each(|(k, x)| element(out, k, x));
            out.push_str(&format!("</{name}>"));
        }
        Value::String(s) => out.push_str(&format!("<{name}>{}</{name}>", escape(s))),
        other => out.push_str(&format!("<{name}>{other}</{name}>")),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn renders() {
        let v = serde_json::json!({"a": [1, 2], "b": {"c": "x<y"}, "d": null});
        assert_eq!(
            super::to_xml("r", &v),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><r><a>1</a><a>2</a><b><c>x&lt;y</c></b></r>"
        );
    }
}
