//! CSV (RFC 4180) for spreadsheets: a byte-order mark so Excel reads UTF-8, CRLF line ends, quoting where
//! needed, and text that could start a formula neutralised.

use super::Lang;

/// The field separator: `;` in nb/nn (where `,` is the decimal mark), `,` in en.
pub const fn separator(lang: Lang) -> char {
    match lang {
        Lang::Nb | Lang::Nn => ';',
        Lang::En => ',',
    }
}

/// One CSV field: quoted when it holds the separator, a quote or a line break. When `text` is true (free text
/// from the API, not a number or date we formatted), a leading `=`, `+`, `-`, `@`, tab or CR is prefixed with `'`
/// so a spreadsheet does not run it as a formula.
pub fn field(value: &str, sep: char, text: bool) -> String {
    let risky = text && value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let value = if risky { format!("'{value}") } else { value.to_owned() };
    if value.contains([sep, '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// A whole document: BOM, then each row's fields joined by the separator, each line ended by CRLF.
pub(crate) fn document(rows: impl IntoIterator<Item = Vec<String>>, sep: char) -> String {
    let mut out = String::from('\u{feff}');
    for row in rows {
        let mut first = true;
        for f in row {
            if !first {
                out.push(sep);
            }
            first = false;
            out.push_str(&f);
        }
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_neutralised() {
        assert_eq!(field("Restskatt", ';', true), "Restskatt");
        assert_eq!(field("a;b", ';', true), "\"a;b\"");
        assert_eq!(field("a,b", ';', true), "a,b");
        assert_eq!(field("a,b", ',', true), "\"a,b\"");
        assert_eq!(field("si \"hei\"", ';', true), "\"si \"\"hei\"\"\"");
        assert_eq!(field("to\nlinjer", ',', true), "\"to\nlinjer\"");
        assert_eq!(field("=HYPERLINK(\"x\")", ';', true), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("+47", ',', true), "'+47");
        assert_eq!(field("-1234,50", ';', false), "-1234,50", "our own numbers stay numbers");
        assert_eq!(field("", ';', true), "");
    }

    #[test]
    fn documents_have_a_bom_and_crlf() {
        let doc = document(vec![vec!["a".into(), "b".into()], vec!["1".into(), String::new()]], ';');
        assert_eq!(doc, "\u{feff}a;b\r\n1;\r\n");
        assert_eq!(separator(Lang::Nb), ';');
        assert_eq!(separator(Lang::En), ',');
    }
}
