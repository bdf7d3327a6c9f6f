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
  sumStipulerteRenter: Oere | null;
  sumForfalteKrav: Oere | null;
  sumIkkeForfalteKrav: Oere | null;
  sumUplasserteInnbetalinger: Oere | null;
  saldo: Oere | null;
}
export interface OversiktPerKravgruppe {
  kravgruppe: string | null;
  sumStipulerteRenter: Oere | null;
  sumForfalteKrav: Oere | null;
  sumIkkeForfalteKrav: Oere | null;
  saldo: Oere | null;
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

/** Codes this package raises itself: `status` 0 (no HTTP response), except `forbidden` and `http_error`, which
 *  name the status of an answer that is not a problem body. */
export type ClientErrorCode =
  | 'invalid_json' | 'invalid_options' | 'network_error' | 'session_failed' | 'invalid_response' | 'internal'
  | 'consent_failed' | 'forbidden' | 'http_error';
/** Codes of the Worker's problem responses (see docs/worker-api.md); `invalid_party` and `invalid_period` are also
 *  raised by this package before it calls. */
export type WorkerErrorCode =
  | 'unauthorized' | 'forbidden_party' | 'origin_not_allowed' | 'invalid_party' | 'person_in_path'
  | 'invalid_period' | 'invalid_request' | 'payload_too_large' | 'return_url_not_allowed' | 'invalid_state'
  | 'consent_required' | 'consent_revoked' | 'rate_limited' | 'party_not_found' | 'maskinporten_client_unknown'
  | 'maskinporten_scope_missing' | 'maskinporten_error' | 'upstream_unavailable' | 'upstream_error'
  | 'config_missing' | 'config_invalid' | 'internal_error' | 'not_found' | 'method_not_allowed';
/** Every error kravkit throws: an `Error` named `KravkitError`. */
export interface KravkitError extends Error {
  name: 'KravkitError';
  /** A stable code: one of ours, the Worker's problem `code`, or one derived from the HTTP status. */
  code: ClientErrorCode | WorkerErrorCode | (string & {});
  /** The HTTP status of the Worker's answer; 0 when there was none (validation, network). */
  status: number;
  /** Skatteetaten's correlation id to quote to support, when there is one. */
  korrelasjonsid: string | null;
}

/** A language of the widget and the presentation helpers. */
export type Lang = 'nb' | 'nn' | 'en';
/** `YYYY-MM-DD`, both days inclusive, at most one year apart. */
export interface PeriodeInput { fraOgMed: Dato; tilOgMed: Dato }
/** Options of `new KravClient(...)`. */
export interface KravClientOptions {
  /** The Worker's origin, e.g. `https://kravkit.bank.no` (`''` for the page's own origin). */
  baseUrl: string;
  /** The bank's session JWT, or a function giving one (or a promise of one); the function is called again when
   * the Worker answers 401, and the request is retried once. */
  session: string | (() => string | Promise<string>);
  /** Replaces the global `fetch` (same signature). */
  fetch?: (request: Request) => Promise<Response>;
  /** Replaces `location.assign` when `startConsent` sends the user to Altinn. */
  navigate?: (url: string) => void;
}
/** The answer of `startConsent`. */
export interface ConsentStarted { redirectUrl: string; party: string; mode: 'altinn3' | 'altinn2' }
/** A party's consent as the Worker records it. */
export interface ConsentStatus {
  party: string;
  status: 'none' | 'pending' | 'granted' | 'denied' | 'expired' | 'revoked';
  mode: 'altinn3' | 'altinn2';
  validTo: string | null;
  updatedAt: string | null;
}
/** What `handleReturn` read from the return URL after Altinn. */
export interface ConsentReturn {
  outcome: 'granted' | 'denied' | 'failed';
  /** The organisation, when the URL named one (the Worker never puts a person's fødselsnummer on a URL). */
  party: string | null;
  /** The Worker's error code when the consent failed. */
  error: string | null;
  /** The URL without kravkit's parameters, for `history.replaceState`. */
  cleanUrl: string;
}

/** Which response a `Visning` shows. */
export type VisningKind = 'aapnekrav' | 'krav' | 'innbetalinger' | 'utbetalinger';
/** Where a claim (or an instalment) stands on `today`. */
export type KravStatus = 'overdue' | 'due' | 'paid' | 'credit';
export interface Column { key: string; label: string; numeric: boolean }
export interface Row {
  /** Position in display order: pass it to `detail`. */
  position: number;
  /** kravidentifikator, innbetalingsidentifikator or utbetalingsidentifikator. */
  id: string;
  /** Formatted cell texts, one per column. */
  cells: string[];
  status: KravStatus | null;
  daysOverdue: number | null;
  /** Open claims: whether an instalment can be paid from here (a checked KID and account). */
  payable: boolean;
}
export interface Page { rows: Row[]; start: number; end: number; total: number; shown: string }
export interface Field { label: string; value: string; copy: string | null }
export interface SubTable { caption: string; columns: Column[]; rows: string[][] }
export interface Section {
  title: string | null; status: KravStatus | null; fields: Field[]; table: SubTable | null;
  /** An open instalment that can be paid from here: its kravforfallsIdentifikator (a selection for `betalinger`). */
  pay: string | null;
}
export interface Detail { title: string; sections: Section[] }
export interface Total { key: 'saldo' | 'forfalt' | 'ikkeForfalt' | 'renter' | 'uplassert'; label: string; value: string; oere: Oere }
export interface Group {
  name: string; saldo: string; forfalt: string; ikkeForfalt: string;
  /** Bar lengths in thousandths of the longest bar. */
  forfaltBar: number; ikkeForfaltBar: number;
  description: string;
}
export interface Summary { totals: Total[]; groups: Group[]; count: number; overdue: number; overdueText: string }
export interface Counts { total: number; overdue: number }
/** Every text of the widget, keyed by name (see `labels`). */
export type Labels = Record<string, string>;

/** Which open instalments to pay: every payable one, the overdue ones, or these claim/instalment ids. */
export type BetalingSelection = 'all' | 'overdue' | string[] | { kind: 'all' | 'overdue' } | { kind: 'ids'; ids: string[] };
/** A checked account to pay to: the Norwegian number (11 digits, MOD11) and the IBAN, one derived from the other. */
export interface CreditorAccount {
  /** `null` for a foreign IBAN. */
  kontonummer: string | null;
  /** Electronic form, no spaces. */
  iban: string;
  bic: string | null;
  navn: string | null;
}
/** One payment to prefill. */
export interface Betaling {
  kravidentifikator: string;
  kravforfallsIdentifikator: string | null;
  /** Whose claim it is. */
  part: string | null;
  /** Checked (MOD10 or MOD11). */
  kid: string;
  /** What is left of the instalment, never more than what is left of the claim. */
  beloep: Oere;
  forfallsdato: Dato | null;
  forfalt: boolean;
  konto: CreditorAccount;
  /** What it is for, e.g. "Restskatt 2023", in the language asked for. */
  beskrivelse: string;
}
/** `refused_by_host`: only in `kravkit-pay`, a payment the element's `payable` property refused. */
export type SkipReason = 'no_kid' | 'invalid_kid' | 'no_account' | 'masked_account' | 'invalid_account' | 'not_found' | 'refused_by_host';
/** Who pays, for a payment file. */
export interface Debtor {
  name: string;
  /** 11-digit Norwegian account number or IBAN. */
  account: string;
  bic?: string;
  /** Sent as the initiating party's id. */
  organisasjonsnummer?: string;
}
export interface BetalingsfilOptions {
  debtor: Debtor;
  /** At most 35 characters, unique per file for the bank; default derived from the time. */
  messageId?: string;
  /** The earliest day to pay on, `YYYY-MM-DD`; default today. Each payment goes on its due date or this day. */
  earliest?: Dato;
}
/** Whether an open claim can be paid from here, and whether one has an overdue instalment that can. */
export interface Payable { any: boolean; overdue: boolean }
export interface Betalinger {
  /** In due-date order. */
  betalinger: Betaling[];
  /** Their sum; `null` only beyond ±10^13 kr. */
  sum: Oere | null;
  /** Open instalments in the selection that cannot be paid from here, and selected ids that name nothing open. */
  skipped: { kravidentifikator: string; kravforfallsIdentifikator: string | null; reason: SkipReason }[];
}
