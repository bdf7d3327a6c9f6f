// A bank's TypeScript against the packed `kravkit`, as its README shows it. Never run: e2e/widget-consumer.test.mjs
// type-checks it with `tsc --noEmit --strict` on lib ES2022 + DOM, module ES2022, moduleResolution bundler, and
// without skipLibCheck, so the package's own .d.ts files are checked too. Each `@ts-expect-error` must find an
// error (else TS2578), so the types cannot silently be `any`.
import init, {
  KravClient,
  type AapneKrav,
  type ConsentReturn,
  type ConsentStarted,
  type ConsentStatus,
  type Innbetalinger,
  type KravkitError,
  type KravkitErrorDetail,
  type KravkitLoadedDetail,
  type KravkitOversiktElement,
  type Kravliste,
  type PeriodeInput,
  type Utbetalinger,
} from 'kravkit';

await init();

const baseUrl = 'https://kravkit.bank.example';
const party = '313367002';
const periode: PeriodeInput = { fraOgMed: '2025-01-01', tilOgMed: '2025-12-31' };

// The session: a token string, or an async function giving one (called again after a 401).
const withToken = new KravClient({ baseUrl, session: 'a-session-token' });
const withProvider = new KravClient({
  baseUrl,
  session: async () => {
    const r = await fetch('/bank/kravkit-session', { method: 'POST' });
    return r.text();
  },
});
// @ts-expect-error: a session is a string or a function giving one
new KravClient({ baseUrl, session: 42 });
// @ts-expect-error: baseUrl is required
new KravClient({ session: 'a-session-token' });

/** Whether `e` is what kravkit throws. */
function isKravkitError(e: unknown): e is KravkitError {
  return e instanceof Error && e.name === 'KravkitError';
}

/** Every method, with the types the .d.ts gives. */
async function everything(client: KravClient): Promise<string[]> {
  const back: ConsentReturn | null = client.handleReturn(location);
  if (back) history.replaceState(history.state, '', back.cleanUrl);
  const outcome: 'granted' | 'denied' | 'failed' | undefined = back?.outcome;

  const status: ConsentStatus = await client.consentStatus(party);
  if (status.status !== 'granted') {
    const started: ConsentStarted = await client.startConsent(party, `${location.origin}/bedrift/krav`);
    await client.startConsent(party);
    return [started.redirectUrl];
  }

  const aapne: AapneKrav = await client.aapneKrav(party);
  const krav: Kravliste = await client.krav(party, periode);
  const inn: Innbetalinger = await client.innbetalinger(party, periode);
  const ut: Utbetalinger = await client.utbetalinger(party, { fraOgMed: '2025-06-01', tilOgMed: '2025-06-30' });
  // @ts-expect-error: the period endpoints need a period
  await client.krav(party);
  // @ts-expect-error: a period is two dates, not a string
  await client.innbetalinger(party, '2025');

  const saldo: number = aapne.totalOversikt?.saldo ?? 0;
  const kid: string | null | undefined = aapne.aapentKravMedGjenstaaendeBeloep[0]?.kravforfall[0]?.betalingsinformasjon?.kidnummer;
  const nothing: Promise<void> = client.revokeConsent(party);
  await nothing;
  return [String(saldo), kid ?? '', String(krav.krav.length), String(inn.innbetaling.length), String(ut.utbetaling.length), outcome ?? ''];
}

/** A caught error, read through the exported types. */
async function describe(client: KravClient): Promise<string> {
  try {
    return (await everything(client)).join(',');
  } catch (e) {
    if (!isKravkitError(e)) throw e;
    const code: string = e.code;
    const status: number = e.status;
    const korrelasjonsid: string | null = e.korrelasjonsid;
    if (e.code === 'consent_revoked' || e.code === 'upstream_unavailable') return `${code} ${status}`;
    // @ts-expect-error: korrelasjonsid may be null
    const always: string = e.korrelasjonsid;
    return `${e.message} ${code} ${status} ${korrelasjonsid ?? '-'} ${always}`;
  }
}

/** The same, with a cast instead of a guard. */
async function cast(client: KravClient): Promise<number> {
  try {
    await client.aapneKrav(party);
    return 0;
  } catch (e) {
    const err = e as KravkitError;
    return err.status;
  }
}

// <kravkit-oversikt>: typed by the tag name, its events by their names.
const el = document.querySelector('kravkit-oversikt');
if (el) {
  const same: KravkitOversiktElement = el;
  same.sessionProvider = async () => 'a-session-token';
  el.client = withToken;
  el.lang = 'nn';
  // @ts-expect-error: not a language of the widget
  el.lang = 'de';
  el.addEventListener('kravkit-ready', (e) => console.log(e.detail.party));
  el.addEventListener('kravkit-consent-required', (e) => console.log(e.detail.status));
  el.addEventListener('kravkit-loaded', (e) => {
    const detail: KravkitLoadedDetail = e.detail;
    const total: number = e.detail.total;
    console.log(detail.view, total, detail.overdue, detail.skjermet);
  });
  el.addEventListener('kravkit-error', (e) => {
    const detail: KravkitErrorDetail = e.detail;
    const korrelasjonsid: string | null = e.detail.korrelasjonsid;
    console.log(detail.code, detail.status, korrelasjonsid);
  });
  // @ts-expect-error: counts are numbers
  el.addEventListener('kravkit-loaded', (e) => { const total: string = e.detail.total; console.log(total); });
  if (el.state === 'error') el.reload();
}

void describe(withProvider);
void cast(withToken);
