// A stand-in for Cloudflare's edge in front of the kravkit Worker, for e2e tests only. At the edge a client that
// disconnects cancels its request: the Worker's `request.signal` aborts and the request's work stops. Locally no
// disconnect reaches a Worker (wrangler's proxy and workerd's HTTP server do not cancel), but workerd does cancel a
// service-binding call whose caller aborts it, the same way. So this Worker forwards every request to kravkit over
// a service binding and, when the test says so (`x-edge-cancel-after-ms`), cancels the call as a client that went
// away would.
export default {
  async fetch(request, env) {
    const after = Number(request.headers.get('x-edge-cancel-after-ms'));
    if (!after) return env.KRAVKIT.fetch(request);
    const headers = new Headers(request.headers);
    headers.delete('x-edge-cancel-after-ms');
    const signal = AbortSignal.timeout(after);
    try {
      const response = await env.KRAVKIT.fetch(new Request(request, { headers, signal }));
      return response;
    } catch (e) {
      if (!signal.aborted) throw e;
      return new Response(null, { status: 499, headers: { 'x-edge': 'cancelled' } });
    }
  },
};
