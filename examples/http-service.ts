/**
 * The ledger embedded in a small HTTP service (node:http, no framework):
 *   GET /trend?locality=38&year=2024
 *   GET /rate?standard=commune-standard-2021:19.2&year=2022
 *   GET /hierarchy?date=2025-07-01
 * Run with `--serve` to keep it running; without it, the example starts on a
 * free port, calls its own endpoints once and exits (that is what CI runs).
 *
 *   npx tsx examples/http-service.ts [--serve]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sqliteStore } from 'ntm-antt/sqlite';
import { Ledger, NotFoundError, isNtmAnttError, ledgerEvents } from 'ntm-antt';

const ledger = await Ledger.open(sqliteStore(':memory:', { events: ledgerEvents }), { actor: 'http-service' });
await ledger.loadThanhHoaRegister();
await ledger.publishBuiltInCriteria();

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const q = (k: string) => url.searchParams.get(k) ?? '';
  const reply = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  try {
    if (url.pathname === '/trend') {
      const t = await ledger.trend({ locality: q('locality'), year: Number(q('year')) });
      return reply(200, { locality: t.name, vsBaseline: t.vsBaseline, hierarchy: t.hierarchy });
    }
    if (url.pathname === '/rate') {
      const r = await ledger.attainmentRate({ standard: q('standard'), year: Number(q('year')), computed: false });
      return reply(200, r.assessable ? { eligible: r.official.denominator, recognised: r.official.numerator, excluded: r.exclusions.length } : { assessable: false, reason: r.reason });
    }
    if (url.pathname === '/hierarchy') {
      const h = await ledger.hierarchyAt(q('date'));
      return reply(200, { date: q('date'), communes: h.ofLevel('commune').length, districts: h.ofLevel('district').length });
    }
    return reply(404, { error: 'not_found' });
  } catch (e) {
    // an unknown locality, standard or province is a resource not found (404); a malformed question is the client's (400)
    const status = e instanceof NotFoundError ? 404 : isNtmAnttError(e) && e.code === 'validation_failed' ? 400 : 500;
    return reply(status, isNtmAnttError(e) ? e.toJSON() : { error: String(e) });
  }
});

await new Promise<void>((resolve) => server.listen(process.argv.includes('--serve') ? 8038 : 0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
console.log(`listening on http://127.0.0.1:${port}`);
if (!process.argv.includes('--serve')) {
  for (const path of ['/hierarchy?date=2022-12-31', '/rate?standard=commune-standard-2021:19.2&year=2022', '/trend?locality=99999&year=2024']) {
    const r = await fetch(`http://127.0.0.1:${port}${path}`);
    console.log(`GET ${path} → ${r.status} ${await r.text()}`);
  }
  server.close();
  await ledger.close();
}
