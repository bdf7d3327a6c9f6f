/** Amount in øre (1 kr = 100). Exact: parsed from Skatteetaten's kroner without floating-point rounding. */
export type Oere = number;
/** A calendar date, `YYYY-MM-DD`. */
export type Dato = string;
/** Localised text keyed by language code; a plain string from the API counts as `nb`. */
export type Tekst = { nb?: string; nn?: string; en?: string; [spraak: string]: string | undefined };

export interface Konto {
  kontonummer: string | null;
  kontoeiersNavn: string | null;
  iban: string | null;
  swiftBIC: string | null;
  bankinformasjon: string | null;
}
export interface Betalingsinformasjon {
  kidnummer: string | null;
  meldingSendtTilMottaker: string | null;
  valutakode: string | null;
  konto: Konto | null;
}
export interface Kravperiode {
  periodeBeskrivelse: Tekst | null;
  aar: string | null;
  fraDato: Dato | null;
  tilDato: Dato | null;
  terminTekniskNavn: string | null;
}
export interface PlassertInnbetaling {
  innbetalingsidentifikator: string | null;
  plassertBeloep: Oere;
  plassertDato: Dato | null;
  innbetalingsdato: Dato | null;
  innbetaltBeloep: Oere | null;
  innbetaltFra: Betalingsinformasjon | null;
  innbetalingstype: string | null;
}
export interface PlassertMotkrav {
  kravforfallsIdentifikator: string | null;
  plassertBeloep: Oere;
  kravtype: string | null;
  plassertDato: Dato | null;
  kravbeskrivelse: Tekst | null;
  forfallsdato: Dato | null;
  kravperiode: Kravperiode | null;
}
export interface PlassertUtbetaling {
  utbetalingsidentifikator: string | null;
  utbetaltBeloep: Oere | null;
  utbetaltDato: Dato | null;
  betaltTil: Betalingsinformasjon | null;
  plassertBeloep: Oere;
  plassertDato: Dato | null;
}
export interface Kravforfall {
  kravforfallsIdentifikator: string | null;
  forfallsdato: Dato | null;
  opprinneligBeloep: Oere;
  gjenstaaendeBeloep: Oere;
  betalingsinformasjon: Betalingsinformasjon | null;
  utsattIverksettelse: boolean | null;
  plassertInnbetaling: PlassertInnbetaling[];
  plassertMotkrav: PlassertMotkrav[];
  plassertUtbetaling: PlassertUtbetaling[];
}
export interface Krav {
  partIdentifikator: string | null;
  kravidentifikator: string;
  kravtype: string | null;
  kravbeskrivelse: Tekst | null;
  kravgruppe: string | null;
  kravperiode: Kravperiode | null;
  opprettelsesdatoForKrav: Dato | null;
  fastsettingsmaate: string | null;
  hovedstolKravidentifikator: string | null;
  opprinneligBeloep: Oere;
  gjenstaaendeBeloep: Oere;
  stipulerteRenter: Oere | null;
  kravforfall: Kravforfall[];
}
export interface PlassertKrav {
  kravforfallsIdentifikator: string | null;
  plassertBeloep: Oere;
  plassertDato: Dato | null;
  kravbeskrivelse: Tekst | null;
  kravforfallsdato: Dato | null;
  opprinneligKravforfallsbeloep: Oere | null;
  gjenstaaendeKravforfallsbeloep: Oere | null;
}
export interface Innbetaling {
  partIdentifikator: string | null;
  innbetalingsidentifikator: string;
  innbetalingsdato: Dato | null;
  innbetaltBeloep: Oere;
  uplassertBeloep: Oere | null;
  mottakersKontonummer: Konto | null;
  innbetaltFra: Betalingsinformasjon | null;
  innbetalingstype: string | null;
  plassertKrav: PlassertKrav[];
}
export interface KreditKrav {
  kravforfallsIdentifikator: string | null;
  opprinneligBeloep: Oere | null;
  gjenstaaendeBeloep: Oere | null;
  utbetaltBeloep: Oere | null;
  kravbeskrivelse: Tekst | null;
  kravtype: string | null;
  kravperiode: Kravperiode | null;
}
export interface Utbetaling {
  partIdentifikator: string | null;
  utbetalingsidentifikator: string;
  utbetaltDato: Dato | null;
  utbetaltBeloep: Oere;
  utbetalingsbeskrivelse: Tekst | null;
  betaltTil: Betalingsinformasjon | null;
  grunnlagForUtbetaling: { kreditKrav: KreditKrav[] } | null;
  utbetalingstatus: string | null;
}
export interface TotalOversikt {
  sumStipulerteRenter: Oere;
  sumForfalteKrav: Oere;
  sumIkkeForfalteKrav: Oere;
  sumUplasserteInnbetalinger: Oere;
  saldo: Oere;
}
export interface OversiktPerKravgruppe {
  kravgruppe: string | null;
  sumStipulerteRenter: Oere;
  sumForfalteKrav: Oere;
  sumIkkeForfalteKrav: Oere;
  saldo: Oere;
}
export interface ForespurtPeriode { fraOgMed: Dato | null; tilOgMed: Dato | null }
/** The `aapnekrav` response: open claims, unplaced payments and totals. */
export interface AapneKrav {
  partIdentifikator: string | null;
  skjermet: boolean;
  aapentKravMedGjenstaaendeBeloep: Krav[];
  innbetalingMedUplassertBeloep: Innbetaling[];
  totalOversikt: TotalOversikt | null;
  oversiktPerKravgruppe: OversiktPerKravgruppe[];
}
/** The `krav` response. */
export interface Kravliste { partIdentifikator: string | null; periode: ForespurtPeriode | null; skjermet: boolean; krav: Krav[] }
/** The `innbetalinger` response. */
export interface Innbetalinger { partIdentifikator: string | null; periode: ForespurtPeriode | null; skjermet: boolean; innbetaling: Innbetaling[] }
/** The `utbetalinger` response. */
export interface Utbetalinger { partIdentifikator: string | null; periode: ForespurtPeriode | null; skjermet: boolean; utbetaling: Utbetaling[] }
/** Errors thrown by kravkit carry a stable `code`. */
export interface KravkitError extends Error { code: 'invalid_json' | 'internal' | string }
