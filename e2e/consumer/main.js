// A bank's app as a bundler builds it: `import 'kravkit'` defines <kravkit-oversikt>; the named exports are the
// client and the parsers. The "Worker" here is a fetch answering from an example response, so the built page
// runs without a server of ours.
import init, { KravClient, parseAapneKrav, version } from 'kravkit';
import example from './aapnekrav.json?raw';

await init();
const canonical = JSON.stringify(parseAapneKrav(example));
const answer = (body) => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
const fetch = async (request) => (new URL(request.url).pathname.endsWith('/consent')
  ? answer(JSON.stringify({ party: '212201782', status: 'granted', mode: 'altinn3' }))
  : answer(canonical));

const el = document.querySelector('kravkit-oversikt');
el.addEventListener('kravkit-loaded', (e) => { document.body.dataset.loaded = String(e.detail.total); });
el.client = new KravClient({ baseUrl: 'https://kravkit.bank.example', session: 'a-session-token', fetch });
document.body.dataset.version = version();
