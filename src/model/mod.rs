//! The response data of the four endpoints.
