// testkit.test.js -- the Node test kit against the real zoho-mock binary ($ZOHO_MOCK_BIN; make test sets it)
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';

import { start } from '../index.js';

const SURGE = '4815000000033024'; // 45 at Main Warehouse + 8 at MG Road Store in the default fixture

async function call(zoho, method, path, body) {
  const sep = path.includes('?') ? '&' : '?';
  const res = await fetch(`${zoho.baseUrl}${path}${sep}organization_id=${zoho.organizationId}`, {
    method,
    headers: {
      Authorization: `Zoho-oauthtoken ${zoho.token}`,
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, headers: res.headers, json: await res.json().catch(() => null) };
}

describe('one server for the suite, reset between tests', () => {
  let zoho;
  before(async () => {
    zoho = await start({ cwd: tmpdir() }); // any folder: the fixture is built in
  });
  after(async () => {
    await zoho?.stop();
  });
  beforeEach(async () => {
    await zoho.reset();
  });

  test('start gives the URLs and credentials of the built-in fixture', async () => {
    assert.match(zoho.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(zoho.url, 'http://127.0.0.1:0');
    assert.equal(zoho.baseUrl, `${zoho.url}/inventory/v1`);
    assert.equal(zoho.accountsUrl, zoho.url);
    assert.equal(zoho.fixtures, 'built-in');
    assert.equal(zoho.organizationId, '10234695');
    assert.equal(zoho.token, '1000.full.john');
    assert.deepEqual(zoho.organizationIds, ['10234695', '10234700', '20246810']);
    const r = await call(zoho, 'GET', `/items/${SURGE}`);
    assert.equal(r.status, 200);
    assert.equal(r.json.item.stock_on_hand, 53);
  });

  test('the token endpoint answers at accountsUrl', async () => {
    const q = 'grant_type=refresh_token&client_id=1000.CLIENTJOHN&client_secret=secret-john&refresh_token=1000.refresh.john';
    const res = await fetch(`${zoho.accountsUrl}/oauth/v2/token?${q}`, { method: 'POST' });
    const json = await res.json();
    assert.equal(res.status, 200);
    assert.match(json.access_token, /^1000\./);
    assert.equal(json.api_domain, zoho.url);
  });

  test('reset restores the data and empties the journal', async () => {
    const made = await call(zoho, 'POST', '/inventoryadjustments', {
      date: '2025-06-15', reason: 'Damaged goods', adjustment_type: 'quantity',
      line_items: [{ item_id: SURGE, quantity_adjusted: -4 }],
    });
    assert.equal(made.status, 201);
    assert.equal((await call(zoho, 'GET', `/items/${SURGE}`)).json.item.stock_on_hand, 49);
    assert.equal((await zoho.requests()).length, 2);
    await zoho.reset();
    assert.equal((await zoho.requests()).length, 0);
    assert.equal((await call(zoho, 'GET', `/items/${SURGE}`)).json.item.stock_on_hand, 53);
  });

  test('a built-in example by name, for one organization, gone after reset', async () => {
    const s = await zoho.scenario('flaky_then_ok.lua', { organizationId: zoho.organizationId });
    assert.equal(s.name, 'flaky_then_ok.lua');
    assert.equal(s.built_in, true);
    assert.equal(s.organization_id, zoho.organizationId);
    const first = await call(zoho, 'GET', '/items');
    const second = await call(zoho, 'GET', '/items');
    const third = await call(zoho, 'GET', '/items');
    assert.deepEqual([first.status, second.status, third.status], [500, 500, 200]);
    assert.equal(first.json.code, 1000);

    const failed = await zoho.requests({ method: 'get', path: '/inventory/v1/items', status: 500 });
    assert.equal(failed.length, 2);
    const all = await zoho.requests({ path: '/inventory/v1/*' });
    assert.deepEqual(all.map((e) => e.status), [500, 500, 200], 'oldest first');
    assert.equal((await zoho.requests((e) => e.status === 200)).length, 1);
    assert.equal((await zoho.requests({ path: /^\/inventory\/v1\/items$/, organizationId: '10234700' })).length, 0);

    await zoho.reset();
    assert.equal((await call(zoho, 'GET', '/items')).status, 200, 'the scenario went with the reset');
  });

  test('a scenario from Lua source, and from a file of this process', async () => {
    await zoho.scenario('function on_request(req) return zoho.error(503, 9, "Down for maintenance") end',
      { name: 'down' });
    let r = await call(zoho, 'GET', '/items');
    assert.equal(r.status, 503);
    assert.equal(r.json.message, 'Down for maintenance');
    await zoho.reset();

    const dir = mkdtempSync(join(tmpdir(), 'zoho-mock-test-'));
    try {
      const file = join(dir, 'teapot.lua');
      writeFileSync(file, '-- teapot.lua -- every call is a teapot\nfunction on_request(req)\n  return {status = 418, body = {code = 418, message = "teapot"}}\nend\n');
      const s = await zoho.scenario(file);
      assert.equal(s.name, 'teapot.lua');
      r = await call(zoho, 'GET', '/items');
      assert.equal(r.status, 418);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a scenario that does not load is an error with Lua\'s message', async () => {
    await assert.rejects(zoho.scenario('function on_request(req) return ( end', { name: 'broken' }),
      (err) => err.status === 400 && err.code === 4240 && /broken/.test(err.message));
    await assert.rejects(zoho.scenario('no_such_example.lua'), (err) => err.code === 4240);
  });

  test('clock.advance moves the clock by a duration or seconds', async () => {
    const retail = '10234700'; // its clock is frozen at 2025-06-15T09:00:00+0530
    assert.equal((await zoho.clock.get(retail)).now, '2025-06-15T09:00:00+0530');
    const moved = await zoho.clock.advance('P1D', { organizationId: retail });
    assert.equal(moved.now, '2025-06-16T09:00:00+0530');
    await zoho.clock.advance(3600, { organizationId: retail });
    assert.equal((await zoho.clock.get(retail)).now, '2025-06-16T10:00:00+0530');
    await zoho.clock.set('2025-07-01T08:00:00+0530', { organizationId: retail });
    assert.equal((await zoho.clock.get(retail)).now, '2025-07-01T08:00:00+0530');
    await zoho.reset();
    assert.equal((await zoho.clock.get(retail)).now, '2025-06-15T09:00:00+0530');
    await zoho.reset({ clock: '2025-01-01T00:00:00+0530' });
    assert.equal((await zoho.clock.get(retail)).now, '2025-01-01T00:00:00+0530');
  });
});

describe('start options', () => {
  test('scenarios given to start stay across reset, and the seed is passed', async () => {
    const zoho = await start({ scenarios: ['rate_limit.lua'], seed: 42, cwd: tmpdir() });
    try {
      let r = await call(zoho, 'GET', '/items');
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('x-rate-limit-limit'), '1000');
      await zoho.reset();
      r = await call(zoho, 'GET', '/items');
      assert.equal(r.headers.get('x-rate-limit-limit'), '1000', 'still active after reset');
      assert.equal(Number(r.headers.get('x-rate-limit-remaining')), 999, 'its counters start over');
    } finally {
      await zoho.stop();
    }
  });

  test('fixtures as an object, and as a file', async () => {
    const fixture = {
      organizations: [{
        organization_id: '111', name: 'Tiny',
        users: [{ user_id: '5', name: 'Una' }],
        tokens: [{ token: 'tiny-token', user_id: '5', scopes: ['ZohoInventory.FullAccess.all'] }],
        locations: [{ location_id: '7', location_name: 'WH', is_warehouse: true }],
        items: [{ item_id: '9', name: 'Widget', stock: [{ location_id: '7', quantity: 3 }] }],
      }],
    };
    const a = await start({ fixtures: fixture });
    const dir = mkdtempSync(join(tmpdir(), 'zoho-mock-test-'));
    const file = join(dir, 'tiny.json');
    writeFileSync(file, JSON.stringify(fixture));
    const b = await start({ fixtures: file });
    try {
      assert.notEqual(a.url, b.url, 'two servers side by side');
      assert.equal(a.organizationId, '111');
      assert.equal(a.token, 'tiny-token');
      assert.notEqual(a.fixtures, 'built-in');
      assert.equal(b.fixtures, file);
      for (const zoho of [a, b]) {
        const r = await call(zoho, 'GET', '/items/9');
        assert.equal(r.status, 200);
        assert.equal(r.json.item.stock_on_hand, 3);
      }
    } finally {
      await a.stop();
      await b.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('stop ends the process cleanly', async () => {
    const zoho = await start();
    await zoho.stop();
    assert.equal(zoho.process.exitCode, 0);
    await assert.rejects(fetch(`${zoho.url}/__admin/health`));
    await zoho.stop(); // twice is harmless
  });

  test('a bad fixture or a missing binary rejects with the reason', async () => {
    await assert.rejects(start({ fixtures: { organizations: [] } }),
      /exited \(status 2\) before listening: zoho-mock: .*\$\.organizations: at least one organization is required/);
    await assert.rejects(start({ binary: '/nonexistent/zoho-mock' }),
      /cannot run \/nonexistent\/zoho-mock \(ENOENT\): give start\(\{binary\}\), set ZOHO_MOCK_BIN/);
    await assert.rejects(start({ scenarios: ['no_such_example.lua'] }),
      /no built-in example has that name/);
  });
});
