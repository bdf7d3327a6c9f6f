// Types of the `kravkit` package entry: the wasm API (kravkit_web.d.ts) and <kravkit-oversikt>.
import type { Betaling, Betalinger, BetalingSelection, BetalingsfilOptions, Debtor, KravClient, Lang } from './kravkit_web.js';

export * from './kravkit_web.js';

/** Loads and instantiates the wasm once; later calls return the same promise. */
export default function init(options?: { module_or_path?: RequestInfo | URL | Response | BufferSource | WebAssembly.Module }): Promise<unknown>;

/** `<kravkit-oversikt>`: claims and payments of one party, with consent, tabs, details and CSV. */
export interface KravkitOversiktElement extends HTMLElement {
  /** Attribute `base-url`: the Worker's origin. */
  baseUrl: string;
  /** Attribute `party`: organisasjonsnummer or fødselsnummer. */
  party: string;
  /** Attribute `lang`: `nb` (default), `nn` or `en`. */
  lang: Lang;
  /** Attribute `today` (`YYYY-MM-DD`): the day overdue flags are relative to; default the local date. */
  today: string | null;
  /** A bearer token for the Worker. */
  session: string | null;
  /** A function giving a token (or a promise of one); called again after a 401. Wins over `session`. */
  sessionProvider: (() => string | Promise<string>) | null;
  /** A ready client, instead of one built from `base-url` and the session. */
  client: KravClient | null;
  /** Attribute `pay`: `none` switches the Pay actions off; `auto` (the default) offers them on payable claims. */
  pay: 'auto' | 'none';
  /** Says, per payment, whether this page lets it be paid (e.g. its own limits); `null` lets every payable one. */
  payable: ((betaling: Betaling) => boolean) | null;
  /** Who pays: when set, the payment panel offers "Last ned betalingsfil (pain.001)". */
  debtor: Debtor | null;
  /** What is shown. */
  readonly state: 'idle' | 'loading' | 'consent' | 'ready' | 'shielded' | 'error';
  /** Loads everything again. */
  reload(): void;
  /** The open claims' payments of `selection` (e.g. the ids of a `kravkit-pay` detail) as a pain.001 file. */
  betalingsfil(selection: BetalingSelection, options: BetalingsfilOptions): string;
}

export interface KravkitReadyDetail { party: string }
export interface KravkitConsentRequiredDetail { party: string; status: 'none' | 'pending' | 'denied' | 'expired' | 'revoked' }
export interface KravkitLoadedDetail { party: string; view: 'aapnekrav' | 'krav' | 'innbetalinger' | 'utbetalinger'; total: number; overdue: number; skjermet: boolean }
/** `code` is `invalid_options` when the element has nothing to call (no `session`/`sessionProvider`, or no `base-url`,
 * and no `client`). `view` is set when only that tab failed: its panel shows the error, the rest stays. */
/** `kravkit-pay` (cancelable): the payments to prefill. Call `preventDefault()` to take over (open the bank's own
 * payment form); otherwise the element shows the account, KID and amount of each itself. `selection` is `overdue`
 * ("Betal alle forfalte") or `ids` (one row's Pay, or the rows chosen; `ids` lists them). Payments the `payable`
 * property refused are in `skipped` with reason `refused_by_host`. */
export interface KravkitPayDetail extends Betalinger {
  party: string;
  selection: 'overdue' | 'ids';
  ids: string[] | null;
}
/** `kravkit-consent-expiring`: after the open claims load, in the consent's last 14 days (`daysLeft` 0 on its last
 * day). The element shows the days left and **Forny samtykket i Altinn**, which starts a new consent; the current one
 * keeps working until the new one is given (or refused), so there is no gap. */
export interface KravkitConsentExpiringDetail { party: string; validTo: string; daysLeft: number }
export interface KravkitErrorDetail { code: string; status: number; korrelasjonsid: string | null; message: string; view?: 'krav' | 'innbetalinger' | 'utbetalinger' }

/** The wasm functions the element needs. The package entry passes its own exports. */
export interface KravkitKit {
  init(): Promise<unknown> | unknown;
  KravClient: typeof KravClient;
  labels(lang: string): Record<string, string>;
  errorMessage(code: string, lang: string): string;
  checkPeriode(fraOgMed: string, tilOgMed: string): void;
  latestTilOgMed(fraOgMed: string): string;
  earliestFraOgMed(tilOgMed: string): string;
  defaultPeriode(today?: string): { fraOgMed: string; tilOgMed: string };
  today(): string;
  formatDate(date: string, lang: string): string;
  formatParty(party: string, lang: string): string;
  formatAmount(oere: number, lang: string): string;
  consentDaysLeft(validTo: string, today?: string): number | undefined;
}

/** Defines the element under `name` (default `kravkit-oversikt`); returns its class, or the one already defined. */
export function defineKravkitOversikt(kit: KravkitKit, name?: string): { new (): KravkitOversiktElement } | undefined;

/** The `<kravkit-oversikt>` class (undefined outside a browser). */
export const KravkitOversikt: { new (): KravkitOversiktElement } | undefined;

declare global {
  interface HTMLElementTagNameMap { 'kravkit-oversikt': KravkitOversiktElement }
  interface HTMLElementEventMap {
    'kravkit-ready': CustomEvent<KravkitReadyDetail>;
    'kravkit-consent-required': CustomEvent<KravkitConsentRequiredDetail>;
    'kravkit-loaded': CustomEvent<KravkitLoadedDetail>;
    'kravkit-error': CustomEvent<KravkitErrorDetail>;
    'kravkit-pay': CustomEvent<KravkitPayDetail>;
    'kravkit-consent-expiring': CustomEvent<KravkitConsentExpiringDetail>;
  }
}
