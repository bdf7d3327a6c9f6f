//! Built-in test data for the documented test organisations, dated relative to `today` (the simulator's date at
//! start) so "overdue" and "not yet due" mean something. Each party has its own story; totals always add up
//! because they are computed from the claims ([`super::data::totals`]).

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};

use super::data::*;

/// The owner of the sole proprietorship 212201782 (the documented example's second party), a synthetic fnr.
pub const OWNER_212201782: &str = "04827896468";

/// Number of claims of the large party 314055403.
pub const LARGE_CLAIMS: usize = 5_000;

const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
];

/// All built-in parties.
pub fn builtin(today: NaiveDate) -> BTreeMap<String, PartyData> {
    let mut parties = BTreeMap::new();
    parties.insert("212201782".to_owned(), documented_example(today));
    parties.insert("313367002".to_owned(), busy(today));
    parties.insert("311851381".to_owned(), empty(today));
    parties.insert("314961900".to_owned(), shielded(today));
    parties.insert("314055403".to_owned(), large(today));
    parties
}

/// What a claim's period looks like.
#[derive(Clone, Copy)]
enum Periode {
    /// Two-month term (MVA, arbeidsgiveravgift, forskuddstrekk).
    Termin2,
    /// Quarter term (forskuddsskatt).
    Termin4,
    /// The income year before the claim was created (restskatt).
    Inntektsaar,
    /// No period.
    None,
}

fn last_day(y: i32, m: u32) -> NaiveDate {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1).unwrap_or_default() - Duration::days(1)
}

fn periode(kind: Periode, of: NaiveDate) -> Option<Kravperiode> {
    let (y, m) = (of.year(), of.month());
    let first = |m| NaiveDate::from_ymd_opt(y, m, 1).unwrap_or_default().to_string();
    match kind {
        Periode::Termin2 => {
            let t = (m - 1) / 2 + 1;
            Some(Kravperiode {
                periode_beskrivelse: Some(Tekst::nb(&format!(
                    "{} - {}",
                    MONTHS[(2 * t - 2) as usize],
                    MONTHS[(2 * t - 1) as usize]
                ))),
                aar: Some(y.to_string()),
                fra_dato: Some(first(2 * t - 1)),
                til_dato: Some(last_day(y, 2 * t).to_string()),
                termin_teknisk_navn: Some(format!("{t:02}")),
            })
        }
        Periode::Termin4 => {
            let t = (m - 1) / 3 + 1;
            Some(Kravperiode {
                periode_beskrivelse: Some(Tekst::nb("Termin")),
                aar: Some(y.to_string()),
                fra_dato: Some(first(3 * t - 2)),
                til_dato: Some(last_day(y, 3 * t).to_string()),
                termin_teknisk_navn: Some(t.to_string()),
            })
        }
        Periode::Inntektsaar => Some(Kravperiode {
            periode_beskrivelse: Some(Tekst::nb("Inntektsår")),
            aar: Some((y - 1).to_string()),
            ..Default::default()
        }),
        Periode::None => None,
    }
}

/// FNV-1a, for deterministic ids.
fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0xff]) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// A deterministic UUID-shaped id.
fn det_uuid(parts: &[&str]) -> String {
    let a = fnv(parts);
    let b = fnv(&[&a.to_string()]);
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        b >> 52,
        b & 0xffff_ffff_ffff
    )
}

/// A 15-digit KID with a Luhn (mod 10) check digit.
fn kid(parts: &[&str]) -> String {
    let base = format!("{:014}", fnv(parts) % 100_000_000_000_000);
    let sum: u32 = base
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    format!("{base}{}", (10 - sum % 10) % 10)
}

fn skatteetaten_konto() -> Konto {
    Konto {
        bankinformasjon: Some("Nordea Bank Norge ASA, Postboks 1166 Sentrum, 0107 Oslo, Norge".into()),
        kontonummer: Some("63450624804".into()),
        iban: Some("NO42 6345 06 24804".into()),
        swift_bic: Some("NDEANOKK".into()),
        ..Default::default()
    }
}

/// A claim to add.
struct Claim<'a> {
    part: &'a str,
    kravtype: &'a str,
    beskrivelse: &'a str,
    gruppe: &'a str,
    periode: Periode,
    /// Days relative to today.
    created: i64,
    /// (due, days relative to today; amount in øre).
    forfall: Vec<(i64, i64)>,
    fastsetting: Option<&'a str>,
}

/// Builds one party's books so that every remaining amount follows from what was placed.
struct Ledger {
    party: String,
    today: NaiveDate,
    payer: Motpart,
    krav: Vec<Krav>,
    inn: Vec<Innbetaling>,
    ut: Vec<Utbetaling>,
}

impl Ledger {
    fn new(party: &str, today: NaiveDate, payer_name: &str, payer_account: &str) -> Self {
        let payer = Motpart {
            konto: Some(Konto {
                kontoeiers_navn: Some(payer_name.into()),
                kontonummer: Some(format!("******{}", &payer_account[payer_account.len() - 5..])),
                ..Default::default()
            }),
            ..Default::default()
        };
        Self { party: party.into(), today, payer, krav: vec![], inn: vec![], ut: vec![] }
    }

    fn day(&self, rel: i64) -> String {
        (self.today + Duration::days(rel)).to_string()
    }

    fn claim(&mut self, c: Claim) -> usize {
        let n = self.krav.len() + 1;
        let id = format!("K{}-{n:05}", self.party);
        let created = self.today + Duration::days(c.created);
        let kravforfall = c
            .forfall
            .iter()
            .enumerate()
            .map(|(i, &(due, amount))| Kravforfall {
                kravforfalls_identifikator: det_uuid(&[&id, &i.to_string()]),
                forfallsdato: self.day(due),
                opprinnelig_beloep: Nok(amount),
                gjenstaaende_beloep: Nok(amount),
                betalingsinformasjon: Betalingsinformasjon {
                    kidnummer: Some(kid(&[&id, &i.to_string()])),
                    konto: Some(skatteetaten_konto()),
                },
                plassert_innbetaling: vec![],
                plassert_motkrav: vec![],
            })
            .collect();
        self.krav.push(Krav {
            part_identifikator: c.part.into(),
            kravidentifikator: id,
            kravtype: c.kravtype.into(),
            opprinnelig_beloep: Nok(0),
            gjenstaaende_beloep: Nok(0),
            kravforfall,
            stipulerte_renter: None,
            kravbeskrivelse: Tekst::nb(c.beskrivelse),
            kravperiode: periode(c.periode, created),
            opprettelsesdato_for_krav: created.to_string(),
            kravgruppe: c.gruppe.into(),
            fastsettingsmaate: c.fastsetting.map(Into::into),
            hovedstol_kravidentifikator: None,
        });
        self.krav.len() - 1
    }

    /// A payment of `amount` øre on day `rel`, placed as `placements` (claim, forfall, øre); the rest stays unplaced.
    fn pay(&mut self, rel: i64, amount: i64, typ: &str, placements: &[(usize, usize, i64)]) {
        let id = format!("I{}-{:05}", self.party, self.inn.len() + 1);
        let date = self.day(rel);
        let mut placed = Vec::new();
        for &(k, f, amt) in placements {
            let krav = &mut self.krav[k];
            let beskrivelse = krav.kravbeskrivelse.clone();
            let forfall = &mut krav.kravforfall[f];
            forfall.gjenstaaende_beloep = Nok(forfall.gjenstaaende_beloep.0 - amt);
            forfall.plassert_innbetaling.push(PlassertInnbetaling {
                innbetalings_identifikator: id.clone(),
                plassert_beloep: Nok(-amt),
                plassert_dato: date.clone(),
                innbetalingsdato: date.clone(),
                innbetalt_beloep: Nok(amount),
                innbetalt_fra: Some(self.payer.clone()),
                innbetalingstype: Some(typ.into()),
            });
            placed.push(PlassertKrav {
                kravforfall_identifikator: forfall.kravforfalls_identifikator.clone(),
                plassert_beloep: Nok(amt),
                plassert_dato: date.clone(),
                kravbeskrivelse: beskrivelse,
                kravforfallsdato: forfall.forfallsdato.clone(),
                opprinnelig_kravforfallsbeloep: forfall.opprinnelig_beloep,
                gjenstaaende_kravforfallsbeloep: forfall.gjenstaaende_beloep,
            });
        }
        let placed_sum: i64 = placed.iter().map(|p| p.plassert_beloep.0).sum();
        self.inn.push(Innbetaling {
            part_identifikator: self.party.clone(),
            innbetalingsidentifikator: id,
            innbetalingsdato: date,
            innbetalt_beloep: Nok(amount),
            uplassert_beloep: Nok(amount - placed_sum),
            mottakers_kontonummer: Some(Konto { kontonummer: Some("63450624804".into()), ..Default::default() }),
            innbetalt_fra: Some(self.payer.clone()),
            innbetalingstype: Some(typ.into()),
            plassert_krav: placed,
        });
    }

    /// A credit of `amount` øre (of type `kravtype`) set off against a kravforfall on day `rel`.
    fn set_off(&mut self, rel: i64, k: usize, f: usize, amount: i64, kravtype: &str, beskrivelse: &str) {
        let date = self.day(rel);
        let id = det_uuid(&[&self.party, "motkrav", &date]);
        let forfall = &mut self.krav[k].kravforfall[f];
        forfall.gjenstaaende_beloep = Nok(forfall.gjenstaaende_beloep.0 - amount);
        forfall.plassert_motkrav.push(PlassertMotkrav {
            kravforfalls_identifikator: id,
            plassert_beloep: Nok(-amount),
            kravtype: kravtype.into(),
            plassert_dato: date.clone(),
            kravbeskrivelse: Tekst::nb(beskrivelse),
            forfallsdato: date,
            kravperiode: periode(Periode::Termin2, self.today + Duration::days(rel - 30)),
        });
    }

    /// A payout of `amount` øre on day `rel` for a credit claim.
    fn payout(&mut self, rel: i64, amount: i64, kravtype: &str, beskrivelse: &str, melding: &str, to: &str) {
        let n = self.ut.len() + 1;
        let date = self.today + Duration::days(rel);
        self.ut.push(Utbetaling {
            part_identifikator: self.party.clone(),
            utbetalingsidentifikator: format!("U{}-{n:05}", self.party),
            utbetaltdato: date.to_string(),
            utbetalt_beloep: Nok(amount),
            betalt_til: Some(Motpart {
                melding_sendt_til_mottaker: Some(melding.into()),
                konto: Some(Konto {
                    kontoeiers_navn: Some(to.into()),
                    kontonummer: self.payer.konto.as_ref().and_then(|k| k.kontonummer.clone()),
                    ..Default::default()
                }),
                valutakode: Some("NOK".into()),
                ..Default::default()
            }),
            grunnlag_for_utbetaling: GrunnlagForUtbetaling {
                kredit_krav: vec![KreditKrav {
                    kravforfallidentifikator: det_uuid(&[&self.party, "kreditt", &n.to_string()]),
                    opprinnelig_beloep: Nok(-amount),
                    gjenstaaende_beloep: Nok(0),
                    utbetalt_beloep: Nok(amount),
                    kravbeskrivelse: Tekst::nb(beskrivelse),
                    kravtype: kravtype.into(),
                    kravperiode: periode(Periode::Termin2, date - Duration::days(45)),
                }],
            },
            utbetalingstatus: Some("bekreftet".into()),
        });
    }

    /// Sums the claims, adds overdue interest (12.75 % a year on what is left of each overdue kravforfall), and
    /// builds the `aapnekrav` answer.
    fn finish(mut self, story: &str) -> PartyData {
        let today = self.today.to_string();
        for k in &mut self.krav {
            k.opprinnelig_beloep = k.kravforfall.iter().map(|f| f.opprinnelig_beloep).sum();
            k.gjenstaaende_beloep = k.kravforfall.iter().map(|f| f.gjenstaaende_beloep).sum();
            let interest: i64 = k
                .kravforfall
                .iter()
                .filter(|f| f.forfallsdato < today && f.gjenstaaende_beloep.0 > 0)
                .map(|f| {
                    let due = NaiveDate::parse_from_str(&f.forfallsdato, "%Y-%m-%d").unwrap_or(self.today);
                    let days = (self.today - due).num_days();
                    f.gjenstaaende_beloep.0 * 1275 * days / (10_000 * 365)
                })
                .sum();
            k.stipulerte_renter = (interest > 0).then_some(Nok(interest));
        }
        let open: Vec<Krav> = self.krav.iter().filter(|k| k.gjenstaaende_beloep.0 > 0).cloned().collect();
        let unplaced: Vec<Innbetaling> = self.inn.iter().filter(|i| i.uplassert_beloep.0 > 0).cloned().collect();
        let (total, per_group) = totals(&today, &open, &unplaced);
        PartyData {
            aapnekrav: AapneKrav {
                part_identifikator: self.party.clone(),
                skjermet: false,
                aapent_krav_med_gjenstaaende_beloep: open,
                innbetaling_med_uplassert_beloep: unplaced,
                total_oversikt: total,
                oversikt_per_kravgruppe: per_group,
            },
            krav: self.krav,
            innbetalinger: self.inn,
            utbetalinger: self.ut,
            skjermet: false,
            story: story.into(),
        }
    }
}

const NOK: i64 = 100;

/// 212201782: the documented example (an ENK whose owner's personal restskatt is listed with the firm's).
fn documented_example(today: NaiveDate) -> PartyData {
    let p = "212201782";
    let mut l = Ledger::new(p, today, "LYSTIG KLAM KATT TUSJ", "98766543210");
    let restskatt = |part| Claim {
        part,
        kravtype: "RESTSKATT",
        beskrivelse: "Restskatt",
        gruppe: "Skatt",
        periode: Periode::Inntektsaar,
        created: -90,
        forfall: vec![(-69, 10_000 * NOK)],
        fastsetting: Some("blank"),
    };
    let firm = l.claim(restskatt(p));
    l.claim(restskatt(OWNER_212201782));
    let mva = l.claim(Claim {
        part: p,
        kravtype: "MVA",
        beskrivelse: "Merverdiavgift",
        gruppe: "Merverdiavgift",
        periode: Periode::Termin2,
        created: -200,
        forfall: vec![(-170, 8_450 * NOK)],
        fastsetting: Some("egenfastsatt"),
    });
    l.pay(-172, 8_450 * NOK, "Innbetalt OCR", &[(mva, 0, 8_450 * NOK)]);
    l.pay(-60, 1_000 * NOK, "Bankoverføring", &[(firm, 0, 1_000 * NOK)]);
    l.set_off(-45, firm, 0, 1_000 * NOK, "MVA_TILGODE", "Tilgode merverdiavgift");
    l.pay(-3, 1_000 * NOK, "Bankoverføring", &[]);
    l.payout(
        -200,
        62_374 * NOK,
        "RESTERENDE_SKT_TILB",
        "Tilbakebetaling restskatt",
        "Tilgode skatt",
        "LYSTIG KLAM KATT TUSJ",
    );
    l.finish("the documented example: two overdue restskatt claims (the firm's, partly paid and set off, and the owner's), one settled MVA claim, one unplaced payment, one payout")
}

/// 313367002: a busy ENK with claims in every group, some overdue, some not yet due.
fn busy(today: NaiveDate) -> PartyData {
    let p = "313367002";
    let mut l = Ledger::new(p, today, "SPRUDLENDE RASK FJELLREV", "12345678903");
    let claim = |kravtype, beskrivelse, gruppe, periode, created, forfall: Vec<(i64, i64)>, fastsetting| Claim {
        part: p,
        kravtype,
        beskrivelse,
        gruppe,
        periode,
        created,
        forfall,
        fastsetting,
    };
    let mva2 = l.claim(claim(
        "MVA",
        "Merverdiavgift",
        "Merverdiavgift",
        Periode::Termin2,
        -170,
        vec![(-130, 41_200 * NOK)],
        Some("egenfastsatt"),
    ));
    let mva3 = l.claim(claim(
        "MVA",
        "Merverdiavgift",
        "Merverdiavgift",
        Periode::Termin2,
        -80,
        vec![(-40, 52_300 * NOK)],
        Some("egenfastsatt"),
    ));
    l.claim(claim(
        "MVA",
        "Merverdiavgift",
        "Merverdiavgift",
        Periode::Termin2,
        -20,
        vec![(20, 48_750 * NOK)],
        Some("egenfastsatt"),
    ));
    let aga4 = l.claim(claim(
        "ARBGAVG",
        "Arbeidsgiveravgift",
        "Arbeidsgiveravgift",
        Periode::Termin2,
        -75,
        vec![(-70, 17_980 * NOK)],
        Some("egenfastsatt"),
    ));
    l.claim(claim(
        "ARBGAVG",
        "Arbeidsgiveravgift",
        "Arbeidsgiveravgift",
        Periode::Termin2,
        -15,
        vec![(-10, 18_420 * NOK)],
        Some("egenfastsatt"),
    ));
    l.claim(claim(
        "FORSKUDDSTREKK",
        "Forskuddstrekk",
        "Forskuddstrekk",
        Periode::Termin2,
        -10,
        vec![(5, 31_000 * NOK)],
        Some("egenfastsatt"),
    ));
    let fs = l.claim(claim(
        "FORSKUDDSSKATT",
        "Forskuddsskatt",
        "Skatt",
        Periode::Termin4,
        -120,
        vec![(-25, 12_000 * NOK), (50, 12_000 * NOK)],
        Some("myndighetsfastsatt"),
    ));
    l.claim(claim(
        "TVANGSMULKT",
        "Tvangsmulkt",
        "Andre krav",
        Periode::None,
        -130,
        vec![(-100, 4_000 * NOK)],
        Some("myndighetsfastsatt"),
    ));
    l.pay(-131, 41_200 * NOK, "Innbetalt OCR", &[(mva2, 0, 41_200 * NOK)]);
    l.pay(-71, 17_980 * NOK, "Innbetalt OCR", &[(aga4, 0, 17_980 * NOK)]);
    l.pay(-35, 30_000 * NOK, "Bankoverføring", &[(mva3, 0, 30_000 * NOK)]);
    l.set_off(-20, fs, 0, 2_150 * NOK, "MVA_TILGODE", "Tilgode merverdiavgift");
    l.pay(-2, 2_500 * NOK, "Bankoverføring", &[]);
    l.payout(-150, 7_850 * NOK, "MVA_TILGODE", "Tilgode merverdiavgift", "Tilgode mva", "SPRUDLENDE RASK FJELLREV");
    l.finish("a busy ENK: claims in five groups, overdue and not yet due, partial payments, a set-off, an unplaced payment, a payout")
}

/// 311851381: no claims, payments or payouts at all.
fn empty(today: NaiveDate) -> PartyData {
    Ledger::new("311851381", today, "STILLE TOM MÅKE", "11112222333")
        .finish("no claims: åpne krav is empty with zero totals; the period endpoints answer KB-007")
}

/// 314961900: shielded (`skjermet: true`); every list empty.
fn shielded(today: NaiveDate) -> PartyData {
    let mut d = Ledger::new("314961900", today, "HEMMELIG SKJULT UGLE", "44445555666")
        .finish("shielded: skjermet true, empty lists and zero totals on every endpoint");
    d.skjermet = true;
    d.aapnekrav.skjermet = true;
    d
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// 314055403: a large party with [`LARGE_CLAIMS`] claims over the last year, for performance work.
fn large(today: NaiveDate) -> PartyData {
    let p = "314055403";
    let mut l = Ledger::new(p, today, "TUNG STOR ELG", "99998888777");
    let kinds: [(&str, &str, &str, Periode); 6] = [
        ("MVA", "Merverdiavgift", "Merverdiavgift", Periode::Termin2),
        ("ARBGAVG", "Arbeidsgiveravgift", "Arbeidsgiveravgift", Periode::Termin2),
        ("FORSKUDDSTREKK", "Forskuddstrekk", "Forskuddstrekk", Periode::Termin2),
        ("FORSKUDDSSKATT", "Forskuddsskatt", "Skatt", Periode::Termin4),
        ("RESTSKATT", "Restskatt", "Skatt", Periode::Inntektsaar),
        ("TVANGSMULKT", "Tvangsmulkt", "Andre krav", Periode::None),
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..LARGE_CLAIMS {
        let (kravtype, beskrivelse, gruppe, periode) = kinds[rng.below(kinds.len() as u64) as usize];
        let created = -1 - rng.below(360) as i64;
        let n_forfall = if rng.below(5) == 0 { 2 } else { 1 };
        let forfall: Vec<(i64, i64)> = (0..n_forfall)
            .map(|i| {
                (
                    created + 14 + rng.below(47) as i64 + 60 * i,
                    (500 + rng.below(250_000) as i64) * NOK + rng.below(100) as i64,
                )
            })
            .collect();
        let k = l.claim(Claim {
            part: p,
            kravtype,
            beskrivelse,
            gruppe,
            periode,
            created,
            forfall: forfall.clone(),
            fastsetting: Some("egenfastsatt"),
        });
        let (due, amount) = forfall[0];
        let pay_day = due.min(-1).max(created + 1);
        match rng.below(10) {
            0 => l.pay(pay_day, amount, "Innbetalt OCR", &[(k, 0, amount)]),
            1..=2 => {
                let part = amount * (30 + rng.below(41) as i64) / 100;
                l.pay(pay_day, part, "Bankoverføring", &[(k, 0, part)]);
            }
            _ => {}
        }
    }
    for i in 0..20 {
        l.pay(-1 - rng.below(200) as i64, (100 + rng.below(5_000) as i64) * NOK, "Bankoverføring", &[]);
        if i % 2 == 0 {
            l.payout(
                -1 - rng.below(350) as i64,
                (1_000 + rng.below(20_000) as i64) * NOK,
                "MVA_TILGODE",
                "Tilgode merverdiavgift",
                "Tilgode mva",
                "TUNG STOR ELG",
            );
        }
    }
    l.finish("a large company: 5,000 claims created over the last 360 days in six groups, most still open")
}
