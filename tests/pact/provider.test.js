// provider.test.js -- Pact's own Verifier (pact_ffi) verifies a pact that zoho-mock recorded
// (--record DIR --format pact) against a running zoho-mock; provider states are handled by
// state-change handlers that reset the mock through /__admin/reset (make pact).
'use strict';
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { Verifier } = require('@pact-foundation/pact');
const { ZohoInventoryClient } = require('./zoho_client');

const BIN = process.env.ZOHO_MOCK_BIN || 'build/zoho-mock';
const RESET = 'zoho-mock reset to its fixtures';
const CONTINUE = 'zoho-mock as the previous interaction left it';
// The fixtures' tokens (fixtures/default.json): the recorded pact carries none.
const TOKENS = { 10234695: '1000.full.john', 10234700: '1000.full.arjun' };
const SURGE = '4815000000033024';
const MAIN_WAREHOUSE = '4815000000038080';

const servers = [];
after(() => servers.forEach((s) => s.kill('SIGTERM')));

/* zoho-mock --port 0 [args]: resolves with its base URL (from the line it prints first). */
function startMock(args) {
  const child = spawn(BIN, ['--port', '0', '--quiet', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  servers.push(child);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${BIN} exited with ${code}`)));
    readline.createInterface({ input: child.stdout }).once('line', (line) => {
      const m = line.match(/listening on (http:\/\/[^ ]+)/);
      if (m) resolve({ child, url: m[1] }); else reject(new Error(line));
    });
  });
}

function stop(child) {
  return new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); });
}

async function post(url, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
  assert.equal(res.status, 200, await res.text());
}

test("Pact's Verifier verifies what zoho-mock recorded, against a running zoho-mock", async () => {
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR || os.tmpdir(), 'zm-pact-'));
  // 1. Record a client's session: two "tests" of its suite, each starting from a reset.
  const recorder = await startMock(['--record', dir, '--format', 'pact', '--pact-consumer', 'my-integration']);
  const zoho = new ZohoInventoryClient({ baseUrl: recorder.url, token: TOKENS[10234695], organizationId: '10234695' });
  const count = await zoho.createStockCount(MAIN_WAREHOUSE, [SURGE]);
  await zoho.getStockCount(count.inventorycount_id);
  await zoho.getItem(SURGE);
  await post(`${recorder.url}/__admin/reset`);
  assert.equal((await zoho.listItems()).length > 0, true);
  const retail = new ZohoInventoryClient({ baseUrl: recorder.url, token: TOKENS[10234700], organizationId: '10234700' });
  await retail.createStockCount('4816000000038080', ['4816000000033001']).catch(() => {}); // whatever it answers
  await stop(recorder.child);

  const files = fs.readdirSync(dir).sort();
  assert.deepEqual(files, ['my-integration-zoho-inventory-10234695.json', 'my-integration-zoho-inventory-10234700.json']);
  const pact = JSON.parse(fs.readFileSync(path.join(dir, files[0]), 'utf8'));
  assert.equal(pact.metadata.pactSpecification.version, '4.0');
  assert.deepEqual(pact.interactions.map((i) => i.providerStates[0].name), [RESET, CONTINUE, CONTINUE, RESET]);
  assert.ok(!JSON.stringify(pact).includes(TOKENS[10234695]), 'the token is redacted');

  // 2. Verify both files with Pact's own Verifier against a fresh zoho-mock.
  const provider = await startMock([]);
  const values = (params) => ({ token: TOKENS[params.organization_id], organization_id: params.organization_id });
  await new Verifier({
    provider: 'zoho-inventory',
    providerBaseUrl: provider.url,
    pactUrls: files.map((f) => path.join(dir, f)),
    logLevel: 'warn',
    stateHandlers: {
      [RESET]: async (params) => {
        const query = params.organization_id ? `?organization_id=${params.organization_id}` : '';
        await post(`${provider.url}/__admin/reset${query}`, params.clock ? { clock: params.clock } : undefined);
        return values(params);
      },
      [CONTINUE]: async (params) => values(params),
    },
  }).verifyProvider();
  // zoho-mock's journal: every recorded interaction reached it.
  const journal = await (await fetch(`${provider.url}/__admin/requests`)).json();
  const reached = journal.requests.map((r) => `${r.method} ${r.path}`).reverse();
  assert.equal(reached.length, 5, reached.join('\n'));
  assert.ok(reached.includes(`GET /inventory/v1/inventorycounts/${count.inventorycount_id}`), reached.join('\n'));
});

test("Pact's Verifier fails a recorded pact when the mock answers otherwise", async () => {
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR || os.tmpdir(), 'zm-pact-'));
  const recorder = await startMock(['--record', dir, '--format', 'pact']);
  await new ZohoInventoryClient({ baseUrl: recorder.url, token: TOKENS[10234695], organizationId: '10234695' }).getItem(SURGE);
  await stop(recorder.child);
  const file = path.join(dir, 'zoho-inventory-client-zoho-inventory-10234695.json');
  const pact = JSON.parse(fs.readFileSync(file, 'utf8'));
  pact.interactions[0].response.body.content.item.stock_on_hand = 54;     // not what Zoho (the mock) says
  fs.writeFileSync(file, JSON.stringify(pact));
  const provider = await startMock([]);
  await assert.rejects(new Verifier({
    provider: 'zoho-inventory', providerBaseUrl: provider.url, pactUrls: [file], logLevel: 'error',
    stateHandlers: { [RESET]: async () => { await post(`${provider.url}/__admin/reset`); return { token: TOKENS[10234695] }; } },
  }).verifyProvider());
});
