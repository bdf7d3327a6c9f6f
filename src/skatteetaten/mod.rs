//! Skatteetaten: request building and response parsing for the four endpoints, and its error bodies.
