//! Credentials as types: their `Debug` prints `[redacted]`, they have no `Display`, and the value comes out only
//! through an explicit `.secret()` call, so a `{:?}` of any request, error or config cannot leak one.

/// Declares a secret string newtype.
macro_rules! secret_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone)]
        pub struct $name(String);

        impl $name {
            /// Wraps a secret value.
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }
            /// The secret itself. Every call site is a place where it may leave: keep them few.
            pub fn secret(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, concat!(stringify!($name), "([redacted])"))
            }
        }
    };
}

secret_type!(
    /// A signed Maskinporten JWT grant (client assertion).
    SignedGrant
);
secret_type!(
    /// A Maskinporten access token.
    AccessToken
);
secret_type!(
    /// An Altinn 2 consent token (the `AltinnSamtykke` header value).
    ConsentToken
);
secret_type!(
    /// An Altinn 2 API key (the `ApiKey` header value).
    AltinnApiKey
);
secret_type!(
    /// PEM or JWK text of a private key.
    PrivateKeyMaterial
);

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn debug_is_redacted() {
        let t = AccessToken::new("eyJ-very-secret");
        assert_eq!(format!("{t:?}"), "AccessToken([redacted])");
        assert_eq!(t.secret(), "eyJ-very-secret");
        assert!(!format!("{:?}", Some(ConsentToken::new("abc"))).contains("abc"));
    }
}
