// wrong_consumer.test.js -- a consumer whose pact does not match Zoho's behaviour as zoho-mock models it:
// its own Pact test passes (Pact's mock server answers what the consumer expects), and
// `zoho-mock verify` then fails it with a readable difference per mistake (make pact).
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { PactV4, MatchersV3 } = require('@pact-foundation/pact');
const { ZohoInventoryClient } = require('./zoho_client');

const { decimal, string, eachLike } = MatchersV3;
const ORG = '10234695';
const TOKEN = '1000.full.john';
const SURGE = '4815000000033024';
const PACT_DIR = process.env.PACT_DIR || 'build/pact/pacts';
const CONSUMER = 'zoho-inventory-client-mistaken';
const BIN = process.env.ZOHO_MOCK_BIN || 'build/zoho-mock';

const pact = new PactV4({ consumer: CONSUMER, provider: 'zoho-inventory', dir: PACT_DIR, logLevel: 'warn' });
const client = (mockserver) => new ZohoInventoryClient({ baseUrl: mockserver.url, token: TOKEN, organizationId: ORG });

test('believes rates are decimals and stock a string', () => pact
  .addInteraction()
  .given('Zylker Electronics has its catalog')
  .uponReceiving('a request for the surge protector')
  .withRequest('GET', `/inventory/v1/items/${SURGE}`, (b) => b
    .query({ organization_id: ORG }).headers({ Authorization: `Zoho-oauthtoken ${TOKEN}` }))
  .willRespondWith(200, (b) => b.jsonBody({
    code: 0,
    item: { item_id: SURGE, rate: decimal(29.5), stock_on_hand: string('53'), warehouses: eachLike({ warehouse_name: 'Main Warehouse' }) },
  }))
  .executeTest(async (mockserver) => {
    assert.equal((await client(mockserver).getItem(SURGE)).stock_on_hand, '53');
  }));

test('believes creating a stock count answers 200 in "counting"', () => pact
  .addInteraction()
  .given('Zylker Electronics has its catalog')
  .uponReceiving('a new stock count')
  .withRequest('POST', '/inventory/v1/inventorycounts', (b) => b
    .query({ organization_id: ORG }).headers({ Authorization: `Zoho-oauthtoken ${TOKEN}` })
    .jsonBody({ location_id: '4815000000038080', line_items: [{ item_id: SURGE }] }))
  .willRespondWith(200, (b) => b.jsonBody({ code: 0, inventorycount: { status: 'counting' } }))
  .executeTest(async (mockserver) => {
    const count = await client(mockserver).createStockCount('4815000000038080', [SURGE]);
    assert.equal(count.status, 'counting');
  }));

test('zoho-mock verify refuses that pact and says why', () => {
  const file = path.join(PACT_DIR, `${CONSUMER}-zoho-inventory.json`);
  let out = '';
  let code = 0;
  try {
    out = execFileSync(BIN, ['verify', '--states', 'contracts/states.json', file], { encoding: 'utf8' });
  } catch (e) {
    out = e.stdout;
    code = e.status;
  }
  assert.equal(code, 1, out);
  const lines = out.split('\n');
  const has = (text) => assert.ok(lines.includes(text), `no line "${text}" in:\n${out}`);
  has(`FAIL  ${file}: #1 a new stock count (given "Zylker Electronics has its catalog")`);
  has('      status: expected 200, actual 201');
  has('      $.inventorycount.status: expected "counting", actual "yet_to_start"');
  has(`FAIL  ${file}: #2 a request for the surge protector (given "Zylker Electronics has its catalog")`);
  has('      $.item.rate: expected a decimal number, actual 29');
  has('      $.item.stock_on_hand: expected a string (type), actual 53');
  // eachLike: every warehouse is matched by type against the example, so the other names pass.
  assert.ok(!out.includes('warehouses'), out);
  assert.equal(lines.at(-2), '0 passed, 2 failed');
});
