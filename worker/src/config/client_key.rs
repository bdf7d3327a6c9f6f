//! `MASKINPORTEN_KEY`, parsed once per isolate: the configuration is read on every request (a few property reads),
//! but the key (PEM or JWK, RSA arithmetic checks) is parsed only when the secret's text changes.

use std::{cell::RefCell, fmt, rc::Rc};

use kravkit::{maskinporten::RsaKey, secret::PrivateKeyMaterial};

/// The client key: the secret as configured and the key parsed from it. `Debug` is redacted.
pub struct ClientKeyMaterial {
    /// The secret's text.
    pub material: PrivateKeyMaterial,
    /// The parsed key.
    pub rsa: RsaKey,
}

impl fmt::Debug for ClientKeyMaterial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClientKeyMaterial([redacted])")
    }
}

type Parsed = Result<Rc<ClientKeyMaterial>, String>;

/// What this module keeps per isolate (one part of [`crate::isolate::Isolate`]).
#[derive(Default)]
pub struct Kept {
    parsed: RefCell<Option<(String, Parsed)>>,
}

fn kept() -> &'static Kept {
    &crate::isolate::get().client_key
}

/// The key parsed from `text`: this isolate's earlier result when the text is the same (a failure is kept too).
pub fn parse(text: String) -> Parsed {
    if let Some(hit) = kept().parsed.borrow().as_ref().filter(|(t, _)| *t == text).map(|(_, r)| r.clone()) {
        return hit;
    }
    let material = PrivateKeyMaterial::new(text.clone());
    let parsed =
        RsaKey::parse(&material).map(|rsa| Rc::new(ClientKeyMaterial { material, rsa })).map_err(|e| e.to_string());
    *kept().parsed.borrow_mut() = Some((text, parsed.clone()));
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_secret_is_parsed_once_and_a_new_one_again() {
        let a = parse(super::super::tests::KEY.to_owned()).unwrap();
        let b = parse(super::super::tests::KEY.to_owned()).unwrap();
        assert!(Rc::ptr_eq(&a, &b), "the second read reuses the parsed key");
        let e = parse("not a key".to_owned()).unwrap_err();
        assert_eq!(parse("not a key".to_owned()).unwrap_err(), e);
        let c = parse(super::super::tests::KEY.to_owned()).unwrap();
        assert!(!Rc::ptr_eq(&a, &c), "a changed secret is parsed again");
        assert_eq!(format!("{c:?}"), "ClientKeyMaterial([redacted])");
    }
}
