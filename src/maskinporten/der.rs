//! Just enough DER (X.690) to read and write RSA private keys: TLVs with definite lengths, SEQUENCE, INTEGER,
//! OBJECT IDENTIFIER, NULL and OCTET STRING. Errors are static texts: they never quote key bytes.

pub(crate) const SEQUENCE: u8 = 0x30;
pub(crate) const INTEGER: u8 = 0x02;
pub(crate) const OCTET_STRING: u8 = 0x04;
pub(crate) const NULL: u8 = 0x05;
pub(crate) const OID: u8 = 0x06;

/// Reads TLVs from a byte slice.
pub(crate) struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    pub(crate) const fn new(bytes: &'a [u8]) -> Self {
        Self(bytes)
    }

    pub(crate) const fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The next TLV's tag and content.
    pub(crate) fn next(&mut self) -> Result<(u8, &'a [u8]), &'static str> {
        let (&tag, rest) = self.0.split_first().ok_or("unexpected end of data")?;
        if tag & 0x1f == 0x1f {
            return Err("multi-byte tags are not supported");
        }
        let (&first, rest) = rest.split_first().ok_or("unexpected end of data")?;
        let (len, rest) = match first {
            0..=0x7f => (usize::from(first), rest),
            0x80 => return Err("indefinite lengths are not DER"),
            0x81..=0x84 => {
                let n = usize::from(first & 0x7f);
                if rest.len() < n {
                    return Err("unexpected end of data");
                }
                let len = rest[..n].iter().fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
                (len, &rest[n..])
            }
            _ => return Err("length too large"),
        };
        if rest.len() < len {
            return Err("unexpected end of data");
        }
        self.0 = &rest[len..];
        Ok((tag, &rest[..len]))
    }

    /// The next TLV's content, which must have `tag`.
    pub(crate) fn expect(&mut self, tag: u8, what: &'static str) -> Result<&'a [u8], &'static str> {
        match self.next()? {
            (t, content) if t == tag => Ok(content),
            _ => Err(what),
        }
    }

    /// The next INTEGER as an unsigned big-endian magnitude without leading zeros (empty for zero).
    pub(crate) fn uint(&mut self) -> Result<&'a [u8], &'static str> {
        let content = self.expect(INTEGER, "expected an INTEGER")?;
        match content.first() {
            None => Err("empty INTEGER"),
            Some(b) if b & 0x80 != 0 => Err("negative INTEGER"),
            Some(_) => Ok(strip_zeros(content)),
        }
    }

    /// The next INTEGER as a small number.
    pub(crate) fn small_uint(&mut self) -> Result<u64, &'static str> {
        let m = self.uint()?;
        if m.len() > 8 {
            return Err("INTEGER too large");
        }
        Ok(m.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
    }
}

/// `bytes` without leading zero bytes.
pub(crate) fn strip_zeros(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

/// Appends a TLV.
pub(crate) fn write(out: &mut Vec<u8>, tag: u8, content: &[u8]) {
    out.push(tag);
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len() - 1);
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
}

/// Appends an unsigned big-endian magnitude as a minimal positive INTEGER.
pub(crate) fn write_uint(out: &mut Vec<u8>, magnitude: &[u8]) {
    let m = strip_zeros(magnitude);
    let mut content = Vec::with_capacity(m.len() + 1);
    if m.first().is_none_or(|b| b & 0x80 != 0) {
        content.push(0);
    }
    content.extend_from_slice(m);
    write(out, INTEGER, &content);
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn integers_round_trip() {
        for m in [&[][..], &[1], &[0x7f], &[0x80], &[0xff; 300], &[1, 0, 1]] {
            let mut out = Vec::new();
            write_uint(&mut out, m);
            let mut r = Reader::new(&out);
            assert_eq!(r.uint().unwrap(), strip_zeros(m));
            assert!(r.is_empty());
        }
        let mut out = Vec::new();
        write_uint(&mut out, &[0x80]);
        assert_eq!(out, [0x02, 0x02, 0x00, 0x80]);
        let mut out = Vec::new();
        write_uint(&mut out, &[0, 0, 5]);
        assert_eq!(out, [0x02, 0x01, 0x05]);
        assert_eq!(Reader::new(&[0x02, 0x01, 0x2a]).small_uint(), Ok(42));
    }

    #[test]
    fn long_lengths() {
        let mut out = Vec::new();
        write(&mut out, OCTET_STRING, &[7; 0x1234]);
        assert_eq!(&out[..4], [0x04, 0x82, 0x12, 0x34]);
        let mut r = Reader::new(&out);
        assert_eq!(r.next().unwrap().1.len(), 0x1234);
        let mut out = Vec::new();
        write(&mut out, OCTET_STRING, &[7; 0x80]);
        assert_eq!(&out[..3], [0x04, 0x81, 0x80]);
    }

    #[test]
    fn malformed_input() {
        assert_eq!(Reader::new(&[]).next(), Err("unexpected end of data"));
        assert_eq!(Reader::new(&[0x30]).next(), Err("unexpected end of data"));
        assert_eq!(Reader::new(&[0x30, 0x05, 0x00]).next(), Err("unexpected end of data"));
        assert_eq!(Reader::new(&[0x30, 0x80, 0x00, 0x00]).next(), Err("indefinite lengths are not DER"));
        assert_eq!(Reader::new(&[0x30, 0x85, 1, 1, 1, 1, 1]).next(), Err("length too large"));
        assert_eq!(Reader::new(&[0x1f, 0x01, 0x00]).next(), Err("multi-byte tags are not supported"));
        assert_eq!(Reader::new(&[0x02, 0x01, 0x80]).uint(), Err("negative INTEGER"));
        assert_eq!(Reader::new(&[0x02, 0x00]).uint(), Err("empty INTEGER"));
        assert_eq!(Reader::new(&[0x04, 0x00]).uint(), Err("expected an INTEGER"));
        assert_eq!(Reader::new(&[0x02, 0x09, 1, 0, 0, 0, 0, 0, 0, 0, 0]).small_uint(), Err("INTEGER too large"));
    }
}
