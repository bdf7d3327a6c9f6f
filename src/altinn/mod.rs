//! Altinn consent: Altinn 3 (consent inside the Maskinporten token) and Altinn 2 (`AltinnSamtykke` token).
