// consumer.test.js -- a Pact consumer test of ZohoInventoryClient, written the way Pact users write them
// (PactV4, MatchersV3); it writes $PACT_DIR/zoho-inventory-client-zoho-inventory.json, which
// `zoho-mock verify --states contracts/states.json` then verifies (make pact).
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { PactV4, MatchersV3 } = require('@pact-foundation/pact');
const { ZohoInventoryClient } = require('./zoho_client');

const { like, eachLike, atLeastOneLike, integer, number, string, boolean, regex, datetime, date,
  includes, fromProviderState } = MatchersV3;

const ORG = '10234695';
const TOKEN = '1000.full.john';
const SURGE = '4815000000033024';
const MAIN_WAREHOUSE = '4815000000038080';

const pact = new PactV4({
  consumer: 'zoho-inventory-client',
  provider: 'zoho-inventory',
  dir: process.env.PACT_DIR || 'build/pact/pacts',
  logLevel: 'warn',
});

const ID = (example) => regex('^[0-9]{1,19}$', example);
const ZOHO_TIME = (example) => datetime("yyyy-MM-dd'T'HH:mm:ssZ", example);

// What every call of the client sends.
const authorized = (builder) => builder
  .query({ organization_id: ORG })
  .headers({ Authorization: regex('^Zoho-oauthtoken \\S+$', `Zoho-oauthtoken ${TOKEN}`) });

const client = (mockserver) => new ZohoInventoryClient({ baseUrl: mockserver.url, token: TOKEN, organizationId: ORG });

test('lists the items of the catalog', () => pact
  .addInteraction()
  .given('Zylker Electronics has its catalog')
  .uponReceiving('a request for the items')
  .withRequest('GET', '/inventory/v1/items', authorized)
  .willRespondWith(200, (builder) => builder
    .headers({ 'Content-Type': 'application/json' })
    .jsonBody({
      code: 0,
      message: 'success',
      items: atLeastOneLike({
        item_id: ID(SURGE),
        name: string('Surge Protector 6-outlet'),
        sku: string('SRG-6-OUT'),
        rate: number(29),
        stock_on_hand: number(53),
        track_serial_number: boolean(false),
      }),
      page_context: like({ page: integer(1), per_page: integer(200), has_more_page: boolean(false) }),
    }))
  .executeTest(async (mockserver) => {
    const items = await client(mockserver).listItems();
    assert.equal(items[0].sku, 'SRG-6-OUT');
  }));

test('reads one item with its stock per location', () => pact
  .addInteraction()
  .given('Zylker Electronics has its catalog')
  .uponReceiving('a request for the surge protector')
  .withRequest('GET', `/inventory/v1/items/${SURGE}`, authorized)
  .willRespondWith(200, (builder) => builder
    .headers({ 'Content-Type': 'application/json' })
    .jsonBody({
      code: 0,
      item: {
        item_id: SURGE,
        name: includes('Surge Protector'),
        rate: number(29),
        stock_on_hand: integer(53),
        locations: eachLike({
          location_id: ID(MAIN_WAREHOUSE),
          location_name: string('Main Warehouse'),
          // Zoho's document types a location's figure as a string.
          location_stock_on_hand: string('45'),
        }),
      },
    }))
  .executeTest(async (mockserver) => {
    const item = await client(mockserver).getItem(SURGE);
    assert.equal(Number(item.locations[0].location_stock_on_hand), 45);
  }));

test('creates a stock count', () => pact
  .addInteraction()
  .given('Zylker Electronics has its catalog')
  .uponReceiving('a new stock count of the surge protector')
  .withRequest('POST', '/inventory/v1/inventorycounts', (builder) => authorized(builder)
    .jsonBody({ location_id: MAIN_WAREHOUSE, line_items: [{ item_id: SURGE }] }))
  .willRespondWith(201, (builder) => builder
    .headers({ 'Content-Type': 'application/json' })
    .jsonBody({
      code: 0,
      message: string('Stock count has been saved.'),
      inventorycount: {
        inventorycount_id: ID('4815000000100000'),
        inventorycount_number: regex('^IC-[0-9]{5}$', 'IC-00001'),
        status: 'yet_to_start',
        location_id: MAIN_WAREHOUSE,
        count_date: date('yyyy-MM-dd', '2025-06-15'),
        created_time: ZOHO_TIME('2025-06-15T09:00:00+0530'),
        line_items: eachLike({
          line_item_id: ID('4815000000100001'),
          item_id: SURGE,
          system_quantity: number(45),
          counted_quantity: null,
        }),
      },
    }))
  .executeTest(async (mockserver) => {
    const count = await client(mockserver).createStockCount(MAIN_WAREHOUSE, [SURGE]);
    assert.equal(count.status, 'yet_to_start');
  }));

test('reads a stock count back', () => pact
  .addInteraction()
  .given('a stock count of the surge protector at Main Warehouse')
  .uponReceiving('a request for that stock count')
  .withRequest('GET', fromProviderState('/inventory/v1/inventorycounts/${inventorycount_id}',
    '/inventory/v1/inventorycounts/4815000000100000'), authorized)
  .willRespondWith(200, (builder) => builder
    .headers({ 'Content-Type': 'application/json' })
    .jsonBody({
      code: 0,
      inventorycount: {
        inventorycount_id: fromProviderState('${inventorycount_id}', '4815000000100000'),
        status: 'yet_to_start',
        number_of_items: integer(1),
        accuracy: number(0),
        line_items: atLeastOneLike({ item_id: SURGE, system_quantity: number(45) }),
      },
    }))
  .executeTest(async (mockserver) => {
    const count = await client(mockserver).getStockCount('4815000000100000');
    assert.equal(count.line_items[0].item_id, SURGE);
  }));

test('reads a sales order', () => pact
  .addInteraction()
  .given('Zylker Electronics has a sales order')
  .uponReceiving('a request for that sales order')
  .withRequest('GET', fromProviderState('/inventory/v1/salesorders/${salesorder_id}',
    '/inventory/v1/salesorders/4815000000200000'), authorized)
  .willRespondWith(200, (builder) => builder
    .headers({ 'Content-Type': 'application/json' })
    .jsonBody({
      code: 0,
      salesorder: {
        salesorder_id: fromProviderState('${salesorder_id}', '4815000000200000'),
        salesorder_number: string('SO-00001'),
        status: string('draft'),
        customer_name: string('Bowman Furniture'),
        line_items: atLeastOneLike({ item_id: ID(SURGE), quantity: number(2) }),
      },
    }))
  .executeTest(async (mockserver) => {
    const order = await client(mockserver).getSalesOrder('4815000000200000');
    assert.equal(order.salesorder_number, 'SO-00001');
  }));
