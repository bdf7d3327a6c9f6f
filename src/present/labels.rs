//! Every text the widget shows, in bokmål, nynorsk and English. `{n}`, `{total}`, `{dato}`, `{felt}` are
//! placeholders filled by [`Label::fill`].

use super::Lang;
use crate::api::problem::{ClientCode, ProblemCode};

macro_rules! labels {
    ($($(#[$doc:meta])* $name:ident $key:literal => $nb:literal, $nn:literal, $en:literal;)*) => {
        /// A text of the widget. [`Label::key`] names it for JavaScript; [`Label::text`] gives it in a language.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Label {
            $($(#[$doc])* #[doc = concat!("\"", $nb, "\"")] $name,)*
        }

        impl Label {
            /// Every label, in declaration order.
            pub const ALL: &'static [Label] = &[$(Label::$name,)*];

            /// The camelCase key JavaScript uses, e.g. `giSamtykke`.
            pub const fn key(self) -> &'static str {
                match self { $(Label::$name => $key,)* }
            }

            /// The text in `lang`.
            pub const fn text(self, lang: Lang) -> &'static str {
                match self { $(Label::$name => match lang { Lang::Nb => $nb, Lang::Nn => $nn, Lang::En => $en },)* }
            }
        }
    };
}

labels! {
    Tittel "tittel" => "Krav og betalinger", "Krav og betalingar", "Claims and payments";
    Visninger "visninger" => "Visninger", "Visingar", "Views";
    FaneAapne "faneAapne" => "Åpne krav", "Opne krav", "Open claims";
    FaneKrav "faneKrav" => "Alle krav", "Alle krav", "All claims";
    FaneInnbetalinger "faneInnbetalinger" => "Innbetalinger", "Innbetalingar", "Payments";
    FaneUtbetalinger "faneUtbetalinger" => "Utbetalinger", "Utbetalingar", "Payouts";

    Oversikt "oversikt" => "Oversikt", "Oversikt", "Summary";
    Saldo "saldo" => "Saldo", "Saldo", "Balance";
    Forfalt "forfalt" => "Forfalt", "Forfalle", "Overdue";
    IkkeForfalt "ikkeForfalt" => "Ikke forfalt", "Ikkje forfalle", "Not yet due";
    Renter "renter" => "Beregnede renter", "Berekna renter", "Estimated interest";
    Uplassert "uplassert" => "Innbetalt, ikke plassert", "Innbetalt, ikkje plassert", "Unplaced payments";
    PerKravgruppe "perKravgruppe" => "Per kravgruppe", "Per kravgruppe", "By claim group";
    AnnenGruppe "annenGruppe" => "Annet", "Anna", "Other";
    AntallForfalt "antallForfalt" => "{n} av {total} krav er forfalt", "{n} av {total} krav er forfalle", "{n} of {total} claims are overdue";

    KolKrav "kolKrav" => "Krav", "Krav", "Claim";
    KolPeriode "kolPeriode" => "Periode", "Periode", "Period";
    KolForfall "kolForfall" => "Forfall", "Forfall", "Due date";
    KolStatus "kolStatus" => "Status", "Status", "Status";
    KolOpprinnelig "kolOpprinnelig" => "Opprinnelig", "Opphavleg", "Original";
    KolGjenstaar "kolGjenstaar" => "Gjenstår", "Står att", "Outstanding";
    KolDato "kolDato" => "Dato", "Dato", "Date";
    KolType "kolType" => "Type", "Type", "Type";
    KolBeloep "kolBeloep" => "Beløp", "Beløp", "Amount";
    KolIkkePlassert "kolIkkePlassert" => "Ikke plassert", "Ikkje plassert", "Unplaced";
    KolBeskrivelse "kolBeskrivelse" => "Beskrivelse", "Skildring", "Description";
    KolBetaltFra "kolBetaltFra" => "Betalt fra", "Betalt frå", "Paid from";
    KolReferanse "kolReferanse" => "Referanse", "Referanse", "Reference";
    KolKravgruppe "kolKravgruppe" => "Kravgruppe", "Kravgruppe", "Claim group";
    KolPlassert "kolPlassert" => "Plassert", "Plassert", "Placed";
    KolUtbetalt "kolUtbetalt" => "Utbetalt", "Utbetalt", "Paid out";

    StatusForfalt "statusForfalt" => "Forfalt", "Forfalle", "Overdue";
    StatusIkkeForfalt "statusIkkeForfalt" => "Ikke forfalt", "Ikkje forfalle", "Not yet due";
    StatusBetalt "statusBetalt" => "Betalt", "Betalt", "Paid";
    StatusTilGode "statusTilGode" => "Til gode", "Til gode", "Credit";
    DagerOverForfall "dagerOverForfall" => "{n} dager over forfall", "{n} dagar over forfall", "{n} days overdue";

    Kravidentifikator "kravidentifikator" => "Kravidentifikator", "Kravidentifikator", "Claim ID";
    Kravtype "kravtype" => "Kravtype", "Kravtype", "Claim type";
    Opprettet "opprettet" => "Opprettet", "Oppretta", "Created";
    Fastsetting "fastsetting" => "Fastsettingsmåte", "Fastsetjingsmåte", "Assessment";
    Part "part" => "Part", "Part", "Party";
    RenterAv "renterAv" => "Renter av krav", "Renter av krav", "Interest on claim";
    ForfallDato "forfallDato" => "Forfall {dato}", "Forfall {dato}", "Due {dato}";
    Kontonummer "kontonummer" => "Kontonummer", "Kontonummer", "Account number";
    Iban "iban" => "IBAN", "IBAN", "IBAN";
    Bic "bic" => "BIC (SWIFT)", "BIC (SWIFT)", "BIC (SWIFT)";
    Kid "kid" => "KID", "KID", "KID (payment reference)";
    Mottaker "mottaker" => "Mottakers bank", "Mottakaren sin bank", "Recipient bank";
    Kontoeier "kontoeier" => "Kontoeier", "Kontoeigar", "Account holder";
    Melding "melding" => "Melding", "Melding", "Message";
    Valuta "valuta" => "Valuta", "Valuta", "Currency";
    Utsatt "utsatt" => "Utsatt iverksettelse", "Utsett iverksetjing", "Enforcement postponed";
    Ja "ja" => "Ja", "Ja", "Yes";
    Nei "nei" => "Nei", "Nei", "No";
    Plasseringer "plasseringer" => "Plassert på forfallet", "Plassert på forfallet", "Placed on this instalment";
    Innbetaling "innbetaling" => "Innbetaling", "Innbetaling", "Payment";
    Motregning "motregning" => "Motregning", "Motrekning", "Set-off";
    Utbetaling "utbetaling" => "Utbetaling", "Utbetaling", "Payout";
    InnbetalingDato "innbetalingDato" => "Innbetaling {dato}", "Innbetaling {dato}", "Payment {dato}";
    UtbetalingDato "utbetalingDato" => "Utbetaling {dato}", "Utbetaling {dato}", "Payout {dato}";
    BetaltFra "betaltFra" => "Betalt fra", "Betalt frå", "Paid from";
    BetaltTilKonto "betaltTilKonto" => "Innbetalt til konto", "Innbetalt til konto", "Paid to account";
    UtbetaltTil "utbetaltTil" => "Utbetalt til", "Utbetalt til", "Paid to";
    PlassertPaaKrav "plassertPaaKrav" => "Plassert på krav", "Plassert på krav", "Placed on claims";
    Grunnlag "grunnlag" => "Grunnlag for utbetalingen", "Grunnlag for utbetalinga", "Basis for the payout";
    Detaljer "detaljer" => "Detaljer", "Detaljar", "Details";
    Kopier "kopier" => "Kopier", "Kopier", "Copy";
    Kopiert "kopiert" => "Kopiert", "Kopiert", "Copied";
    KopieringFeilet "kopieringFeilet" => "Kunne ikke kopiere", "Kunne ikkje kopiere", "Could not copy";

    VisFlere "visFlere" => "Vis flere", "Vis fleire", "Show more";
    ViserAv "viserAv" => "Viser {n} av {total}", "Viser {n} av {total}", "Showing {n} of {total}";
    Periode "periode" => "Periode", "Periode", "Period";
    FraOgMed "fraOgMed" => "Fra og med", "Frå og med", "From";
    TilOgMed "tilOgMed" => "Til og med", "Til og med", "To";
    VisPeriode "visPeriode" => "Vis periode", "Vis periode", "Show period";
    PeriodeHjelp "periodeHjelp" => "Perioden kan være høyst ett år.", "Perioden kan vere høgst eitt år.",
        "The period can be at most one year.";
    PeriodeUgyldig "periodeUgyldig" => "Til-datoen må være samme dag eller etter fra-datoen, og høyst ett år senere.",
        "Til-datoen må vere same dag eller etter frå-datoen, og høgst eitt år seinare.",
        "The end date must be on or after the start date, and at most one year later.";
    LastNedCsv "lastNedCsv" => "Last ned CSV", "Last ned CSV", "Download CSV";

    Betal "betal" => "Betal", "Betal", "Pay";
    BetalForfalte "betalForfalte" => "Betal alle forfalte", "Betal alle forfalne", "Pay all overdue";
    BetalValgte "betalValgte" => "Betal valgte ({n})", "Betal valde ({n})", "Pay selected ({n})";
    VelgForBetaling "velgForBetaling" => "Velg for betaling", "Vel for betaling", "Select for payment";
    BetalingTittel "betalingTittel" => "Til betaling", "Til betaling", "To pay";
    BetalingTekst "betalingTekst" => "Betal i nettbanken med kontonummer, KID og beløp under.",
        "Betal i nettbanken med kontonummer, KID og beløp under.",
        "Pay in your online bank with the account number, KID and amount below.";
    BetalingSum "betalingSum" => "Til sammen {sum}", "Til saman {sum}", "In total {sum}";
    BetalingUtelatt "betalingUtelatt" => "{n} forfall kan ikke betales herfra: KID eller konto mangler.",
        "{n} forfall kan ikkje betalast herfrå: KID eller konto manglar.",
        "{n} instalments cannot be paid from here: the KID or the account is missing.";
    Lukk "lukk" => "Lukk", "Lukk", "Close";
    LastNedBetalingsfil "lastNedBetalingsfil" => "Last ned betalingsfil (pain.001)", "Last ned betalingsfil (pain.001)",
        "Download payment file (pain.001)";

    Laster "laster" => "Henter krav og betalinger …", "Hentar krav og betalingar …", "Loading claims and payments…";
    SamtykkeTittel "samtykkeTittel" => "Samtykke trengs", "Samtykke trengst", "Consent needed";
    SamtykkeTekst "samtykkeTekst" =>
        "For å vise krav og betalinger fra Skatteetaten her, må virksomheten gi banken samtykke i Altinn.",
        "For å vise krav og betalingar frå Skatteetaten her, må verksemda gi banken samtykke i Altinn.",
        "To show claims and payments from the Norwegian Tax Administration here, the business must give the bank consent in Altinn.";
    SamtykkeDeles "samtykkeDeles" => "Banken får lese:", "Banken får lese:", "The bank may read:";
    SamtykkeDel1 "samtykkeDel1" => "åpne krav med saldo, forfall og renter", "opne krav med saldo, forfall og renter",
        "open claims with balance, due dates and interest";
    SamtykkeDel2 "samtykkeDel2" => "krav, innbetalinger og utbetalinger for perioder du velger",
        "krav, innbetalingar og utbetalingar for periodar du vel", "claims, payments and payouts for periods you choose";
    SamtykkeVarighet "samtykkeVarighet" =>
        "Samtykket gjelder i 90 dager. Du kan trekke det tilbake i Altinn når som helst.",
        "Samtykket gjeld i 90 dagar. Du kan trekkje det tilbake i Altinn når som helst.",
        "The consent lasts 90 days. You can withdraw it in Altinn at any time.";
    GiSamtykke "giSamtykke" => "Gi samtykke i Altinn", "Gi samtykke i Altinn", "Give consent in Altinn";
    SamtykkeAvslaatt "samtykkeAvslaatt" => "Samtykket ble ikke gitt.", "Samtykket vart ikkje gitt.", "Consent was not given.";
    SamtykkeUtloept "samtykkeUtloept" => "Samtykket har gått ut.", "Samtykket har gått ut.", "The consent has expired.";
    SamtykkeTrukket "samtykkeTrukket" => "Samtykket er trukket tilbake.", "Samtykket er trekt tilbake.",
        "The consent has been withdrawn.";
    SamtykkeVenter "samtykkeVenter" => "Samtykket er ikke fullført ennå.", "Samtykket er ikkje fullført enno.",
        "The consent has not been completed yet.";
    SamtykkeGyldigTil "samtykkeGyldigTil" => "Samtykket gjelder til {dato}.", "Samtykket gjeld til {dato}.",
        "The consent is valid until {dato}.";
    SamtykkeUtloeperOm "samtykkeUtloeperOm" => "Samtykket går ut om {n} dager, {dato}. Forny det for å fortsette uten opphold.",
        "Samtykket går ut om {n} dagar, {dato}. Forny det for å halde fram utan opphald.",
        "The consent expires in {n} days, on {dato}. Renew it to carry on without a break.";
    SamtykkeUtloeperIMorgen "samtykkeUtloeperIMorgen" => "Samtykket går ut i morgen, {dato}. Forny det for å fortsette uten opphold.",
        "Samtykket går ut i morgon, {dato}. Forny det for å halde fram utan opphald.",
        "The consent expires tomorrow, {dato}. Renew it to carry on without a break.";
    SamtykkeUtloeperIDag "samtykkeUtloeperIDag" => "Samtykket går ut i dag. Forny det for å fortsette uten opphold.",
        "Samtykket går ut i dag. Forny det for å halde fram utan opphald.",
        "The consent expires today. Renew it to carry on without a break.";
    FornySamtykke "fornySamtykke" => "Forny samtykket i Altinn", "Forny samtykket i Altinn", "Renew the consent in Altinn";
    FjernTilgang "fjernTilgang" => "Fjern bankens tilgang", "Fjern tilgangen til banken", "Remove the bank's access";
    SkjermetTittel "skjermetTittel" => "Opplysningene er skjermet", "Opplysningane er skjerma", "The information is shielded";
    SkjermetTekst "skjermetTekst" =>
        "Skatteetaten har skjermet opplysningene om denne parten, så de kan ikke vises her.",
        "Skatteetaten har skjerma opplysningane om denne parten, så dei kan ikkje visast her.",
        "The Tax Administration has shielded the information about this party, so it cannot be shown here.";
    IngenAapne "ingenAapne" => "Ingen åpne krav. Alt er betalt.", "Ingen opne krav. Alt er betalt.",
        "No open claims. Everything is paid.";
    IngenIPerioden "ingenIPerioden" => "Ingenting i denne perioden.", "Ingenting i denne perioden.", "Nothing in this period.";

    FeilTittel "feilTittel" => "Noe gikk galt", "Noko gjekk gale", "Something went wrong";
    Referanse "referanse" => "Referanse", "Referanse", "Reference";
    Feilkode "feilkode" => "Feilkode", "Feilkode", "Error code";
    ProevIgjen "proevIgjen" => "Prøv igjen", "Prøv igjen", "Try again";
    FeilNettverk "feilNettverk" => "Fikk ikke kontakt med tjenesten. Sjekk nettforbindelsen og prøv igjen.",
        "Fekk ikkje kontakt med tenesta. Sjekk nettsambandet og prøv igjen.",
        "Could not reach the service. Check your connection and try again.";
    FeilInnlogging "feilInnlogging" => "Innloggingen har gått ut. Logg inn på nytt.", "Innlogginga har gått ut. Logg inn på nytt.",
        "Your session has expired. Please log in again.";
    FeilTilgang "feilTilgang" => "Du har ikke tilgang til denne parten.", "Du har ikkje tilgang til denne parten.",
        "You do not have access to this party.";
    FeilUgyldigPart "feilUgyldigPart" => "Organisasjons- eller fødselsnummeret er ikke gyldig.",
        "Organisasjons- eller fødselsnummeret er ikkje gyldig.", "The organisation or national identity number is not valid.";
    FeilUkjentPart "feilUkjentPart" => "Skatteetaten kjenner ikke til denne parten.", "Skatteetaten kjenner ikkje til denne parten.",
        "The Tax Administration does not know this party.";
    FeilUtilgjengelig "feilUtilgjengelig" => "Skatteetaten eller Altinn svarer ikke akkurat nå. Prøv igjen om litt.",
        "Skatteetaten eller Altinn svarar ikkje akkurat no. Prøv igjen om litt.",
        "The Tax Administration or Altinn is not responding right now. Please try again shortly.";
    FeilOppsett "feilOppsett" => "Tjenesten er ikke riktig satt opp. Kontakt banken og oppgi referansen.",
        "Tenesta er ikkje rett sett opp. Kontakt banken og oppgi referansen.",
        "The service is not set up correctly. Contact the bank and quote the reference.";
    FeilInnbygging "feilInnbygging" => "Visningen er ikke riktig satt opp i nettbanken. Kontakt banken og oppgi feilkoden.",
        "Visinga er ikkje rett sett opp i nettbanken. Kontakt banken og oppgi feilkoden.",
        "This view is not set up correctly in the online bank. Contact the bank and quote the error code.";
    FeilSamtykke "feilSamtykke" => "Samtykket kunne ikke fullføres. Prøv igjen.", "Samtykket kunne ikkje fullførast. Prøv igjen.",
        "The consent could not be completed. Please try again.";
    FeilTeknisk "feilTeknisk" => "Det oppstod en teknisk feil. Prøv igjen, eller kontakt banken og oppgi referansen.",
        "Det oppstod ein teknisk feil. Prøv igjen, eller kontakt banken og oppgi referansen.",
        "A technical error occurred. Try again, or contact the bank and quote the reference.";
}

impl Label {
    /// The text with `{name}` placeholders replaced: `Label::ViserAv.fill(lang, &[("n", "50"), ("total", "5 000")])`.
    pub fn fill(self, lang: Lang, values: &[(&str, &str)]) -> String {
        values
            .iter()
            .fold(self.text(lang).to_owned(), |text, (name, value)| text.replace(&format!("{{{name}}}"), value))
    }

    /// The plain-language message for an error `code` of the Worker ([`ProblemCode`]) or of the browser package
    /// ([`ClientCode`]): what happened and what the person can do. Any other string is a technical error.
    pub fn for_error(code: &str) -> Self {
        if let Ok(code) = code.parse::<ProblemCode>() {
            Self::for_problem(code)
        } else if let Ok(code) = code.parse::<ClientCode>() {
            Self::for_client(code)
        } else {
            Self::FeilTeknisk
        }
    }

    /// The message for a code the Worker answers with.
    pub const fn for_problem(code: ProblemCode) -> Self {
        use ProblemCode as P;
        match code {
            P::Unauthorized => Self::FeilInnlogging,
            P::ForbiddenParty => Self::FeilTilgang,
            P::InvalidParty => Self::FeilUgyldigPart,
            P::PartyNotFound => Self::FeilUkjentPart,
            P::InvalidPeriod => Self::PeriodeUgyldig,
            P::UpstreamUnavailable => Self::FeilUtilgjengelig,
            P::InvalidState => Self::FeilSamtykke,
            P::ConsentRequired | P::ConsentRevoked => Self::SamtykkeTittel,
            P::ConfigMissing
            | P::ConfigInvalid
            | P::ReturnUrlNotAllowed
            | P::MaskinportenClientUnknown
            | P::MaskinportenScopeMissing
            | P::MaskinportenError => Self::FeilOppsett,
            P::OriginNotAllowed
            | P::PersonInPath
            | P::InvalidRequest
            | P::PayloadTooLarge
            | P::RateLimited
            | P::UpstreamError
            | P::InternalError
            | P::NotFound
            | P::MethodNotAllowed => Self::FeilTeknisk,
        }
    }

    /// The message for a code the browser package or the widget raises itself.
    pub const fn for_client(code: ClientCode) -> Self {
        use ClientCode as C;
        match code {
            C::NetworkError => Self::FeilNettverk,
            C::SessionFailed => Self::FeilInnlogging,
            C::ConsentFailed => Self::FeilSamtykke,
            C::InvalidOptions => Self::FeilInnbygging,
            C::InvalidJson | C::InvalidResponse | C::Internal | C::Forbidden | C::HttpError => Self::FeilTeknisk,
        }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_label_has_three_texts_and_a_unique_camel_case_key() {
        let mut keys = HashSet::new();
        for l in Label::ALL {
            let key = l.key();
            assert!(keys.insert(key), "duplicate key {key}");
            assert!(
                key.starts_with(|c: char| c.is_ascii_lowercase()) && key.chars().all(|c| c.is_ascii_alphanumeric())
            );
            for lang in Lang::ALL {
                let t = l.text(*lang);
                assert!(!t.trim().is_empty() && t.trim() == t, "{key} in {lang:?}");
            }
            // The placeholders are the same in every language.
            let holes = |t: &str| {
                t.split('{').skip(1).map(|s| s.split('}').next().unwrap_or("").to_owned()).collect::<Vec<_>>()
            };
            assert_eq!(holes(l.text(Lang::Nb)), holes(l.text(Lang::Nn)), "{key}");
            assert_eq!(holes(l.text(Lang::Nb)), holes(l.text(Lang::En)), "{key}");
        }
        assert!(Label::ALL.len() > 100);
    }

    #[test]
    fn nynorsk_is_not_a_copy_of_bokmaal() {
        let differ = Label::ALL.iter().filter(|l| l.text(Lang::Nb) != l.text(Lang::Nn)).count();
        assert!(differ > 30, "{differ}");
        assert_eq!(Label::GiSamtykke.text(Lang::Nb), "Gi samtykke i Altinn");
        assert_eq!(
            Label::SamtykkeVarighet.text(Lang::Nn),
            "Samtykket gjeld i 90 dagar. Du kan trekkje det tilbake i Altinn når som helst."
        );
    }

    #[test]
    fn placeholders_and_error_messages() {
        assert_eq!(Label::ViserAv.fill(Lang::En, &[("n", "50"), ("total", "5,000")]), "Showing 50 of 5,000");
        assert_eq!(Label::ForfallDato.fill(Lang::Nb, &[("dato", "21.02.2023")]), "Forfall 21.02.2023");
        assert_eq!(Label::Saldo.fill(Lang::Nb, &[("n", "1")]), "Saldo");
        assert_eq!(Label::for_error("network_error"), Label::FeilNettverk);
        assert_eq!(Label::for_error("config_missing"), Label::FeilOppsett);
        assert_eq!(Label::for_error("invalid_options"), Label::FeilInnbygging);
        assert_eq!(Label::for_error("upstream_error"), Label::FeilTeknisk);
        assert_eq!(Label::for_error("something new"), Label::FeilTeknisk);
        assert_eq!(Label::for_error("unauthorized").text(Lang::En), "Your session has expired. Please log in again.");
    }

    /// The codes the error messages are chosen by are exactly the Worker's and the package's own: each has a
    /// message in every language, and a string that is neither (such as `timeout` or `consent_denied`, which
    /// nothing sends) gets the generic one.
    #[test]
    fn every_code_the_worker_or_the_package_can_raise_has_a_message_and_no_other() {
        for code in ProblemCode::ALL {
            let label = Label::for_problem(*code);
            assert_eq!(Label::for_error(code.as_str()), label, "{code}");
            for lang in Lang::ALL {
                assert!(!label.text(*lang).is_empty(), "{code} in {lang:?}");
            }
        }
        for code in ClientCode::ALL {
            assert_eq!(Label::for_error(code.as_str()), Label::for_client(*code), "{}", code.as_str());
        }
        // Every message a code can get is an error text, never an arbitrary label.
        let messages: HashSet<Label> = ProblemCode::ALL
            .iter()
            .map(|c| Label::for_problem(*c))
            .chain(ClientCode::ALL.iter().map(|c| Label::for_client(*c)))
            .collect();
        for m in &messages {
            let key = m.key();
            assert!(key.starts_with("feil") || key == "periodeUgyldig" || key == "samtykkeTittel", "{key}");
        }
        for gone in ["timeout", "consent_denied", "", "Unauthorized"] {
            assert_eq!(Label::for_error(gone), Label::FeilTeknisk, "{gone}");
        }
    }
}
