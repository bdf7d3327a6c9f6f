//! Maskinporten: RFC 7523 JWT grants, token requests and responses, and the token cache policy.
