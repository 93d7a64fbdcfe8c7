// dashboard.test.cjs -- the dashboard at /__admin/ui in a real browser (Debian's chromium, playwright-core)
//
// make test runs it (build/ui/dashboard.passed): it starts zoho-mock on a
// free port, sends API traffic, and through the page sees the requests
// appear, opens one, filters, advances a clock, turns on a scenario and
// sees a request fail with its error, verifies contracts, resets. With
// --admin-token in the binary it also answers the page's token question.
// Screenshots go to $SCREENSHOTS (build/ui/screenshots).

'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = process.env.ZOHO_MOCK_BIN || path.join(ROOT, 'build', 'zoho-mock');
const SHOTS = process.env.SCREENSHOTS || path.join(ROOT, 'build', 'ui', 'screenshots');
const TMP = process.env.TMPDIR || os.tmpdir();
const TIMEOUT = 15000;

const ORG = '10234695';             // Zylker Electronics, running clock
const RETAIL = '10234700';          // Zylker Retail, frozen at 2025-06-15T09:00:00+0530
const TOKEN = '1000.full.john';

// ------------------------------------------------------------ the server

// Starts zoho-mock --port 0; resolves with {base, proc, exited} once it
// prints where it listens.
function startMock(extra = []) {
  return new Promise((resolve, reject) => {
    const proc = spawn(BIN, ['--port', '0', '--quiet', ...extra], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d) => { stderr += d; });
    const exited = new Promise((res) => proc.on('exit', (code, signal) => res({ code, signal, stderr: () => stderr })));
    const lines = readline.createInterface({ input: proc.stdout });
    lines.on('line', (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m) resolve({ base: m[1], proc, exited });
    });
    proc.on('exit', (code) => reject(new Error(`zoho-mock exited (${code}) before listening: ${stderr}`)));
    proc.on('error', reject);
  });
}

async function stopMock(mock) {
  mock.proc.kill('SIGTERM');
  const { code, signal, stderr } = await mock.exited;
  assert.equal(code, 0, `zoho-mock exit ${code} ${signal || ''}: ${stderr()}`);
}

// One call to the Zoho API or the admin API, as a client would make it.
async function call(base, method, urlPath, { body, token = TOKEN, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.Authorization = `Zoho-oauthtoken ${token}`;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const res = await fetch(base + urlPath, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, headers: res.headers };
}

// ------------------------------------------------------------ the browser

async function openBrowser() {
  const profile = fs.mkdtempSync(path.join(TMP, 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  context.setDefaultTimeout(TIMEOUT);
  return { context, profile };
}

async function closeBrowser(b) {
  if (!b) return;
  await b.context.close();
  fs.rmSync(b.profile, { recursive: true, force: true });
}

// Problems the page reported: uncaught errors and console errors.
function watch(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  return problems;
}

async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

// Polls cond (async) until it holds, for TIMEOUT at most.
async function until(cond, what) {
  const deadline = Date.now() + TIMEOUT;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const row = (page, text) => page.locator('#requests tbody tr', { hasText: text });

// ------------------------------------------------------------ the tour

describe('the dashboard at /__admin/ui', () => {
  let mock, browser, page, problems;

  before(async () => {
    mock = await startMock();
    browser = await openBrowser();
    page = browser.context.pages()[0] || await browser.context.newPage();
    problems = watch(page);
  });

  after(async () => {
    await closeBrowser(browser);
    if (mock) await stopMock(mock);
  });

  it('is served by zoho-mock itself, with types, caching and a strict policy', async () => {
    for (const p of ['/__admin/ui', '/__admin/ui/']) {
      const res = await fetch(mock.base + p);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type'), /^text\/html/);
      assert.match(await res.text(), /<title>zoho-mock dashboard<\/title>/);
    }
    const js = await fetch(`${mock.base}/__admin/ui/app.js`);
    assert.match(js.headers.get('content-type'), /^text\/javascript/);
    assert.equal(js.headers.get('cache-control'), 'no-cache');
    assert.match(js.headers.get('content-security-policy'), /default-src 'self'/);
    const again = await fetch(`${mock.base}/__admin/ui/app.js`, { headers: { 'If-None-Match': js.headers.get('etag') } });
    assert.equal(again.status, 304);
    const missing = await call(mock.base, 'GET', '/__admin/ui/nothing.js', { token: null });
    assert.equal(missing.status, 404);
    assert.equal(missing.json.code, 5);
    // None of that is in the journal: the page's files are not API traffic.
    const journal = await call(mock.base, 'GET', '/__admin/requests', { token: null });
    assert.equal(journal.json.requests.length, 0);
  });

  it('shows the requests sent to the API, newest first, and new ones as they come', async () => {
    const created = await call(mock.base, 'POST', `/inventory/v1/inventoryadjustments?organization_id=${ORG}`, {
      body: { date: '2025-06-15', reason: 'Damaged goods', adjustment_type: 'quantity',
        line_items: [{ item_id: '4815000000033024', quantity_adjusted: -4, warehouse_id: '4815000000038080' }] },
    });
    assert.equal(created.status, 201);
    assert.equal((await call(mock.base, 'GET', `/inventory/v1/items?organization_id=${ORG}`)).status, 200);
    assert.equal((await call(mock.base, 'GET', `/inventory/v1/inventorycounts/4815000000999999?organization_id=${ORG}`)).status, 404);

    await page.goto(`${mock.base}/__admin/ui`);
    await row(page, '/inventory/v1/inventoryadjustments').waitFor();
    const paths = await page.locator('#requests tbody tr .path').allTextContents();
    assert.deepEqual(paths, ['/inventory/v1/inventorycounts/4815000000999999', '/inventory/v1/items', '/inventory/v1/inventoryadjustments']);
    assert.equal(await row(page, 'inventorycounts/4815000000999999').locator('.pill').textContent(), '404');
    assert.match(await row(page, 'inventorycounts/4815000000999999').textContent(), /Stock count does not exist\./);

    // Live: a call made now appears without reloading the page.
    await call(mock.base, 'GET', `/inventory/v1/locations?organization_id=${ORG}`);
    await row(page, '/inventory/v1/locations').waitFor();
    assert.equal(await page.locator('#requests tbody tr .path').first().textContent(), '/inventory/v1/locations');
    await shot(page, 'requests');
  });

  it('opens a request: route, headers, bodies, the curl that repeats it', async () => {
    await row(page, '/inventory/v1/inventoryadjustments').click();
    const detail = page.locator('#detail');
    await detail.locator('.d-path', { hasText: '/inventory/v1/inventoryadjustments' }).waitFor();
    const text = await detail.textContent();
    assert.match(text, /inventoryadjustments\.create/);
    assert.match(text, /Zylker Electronics \(10234695\)/);
    assert.match(text, /Damaged goods/);                       // the request body
    assert.match(text, /"inventory_adjustment_id"/);          // the response body
    assert.match(text, /Zoho-oauthtoken 1000\.full\.john/);   // a request header
    const curl = await page.locator('#curl').textContent();
    assert.match(curl, /^curl -X POST 'http:\/\/127\.0\.0\.1:\d+\/inventory\/v1\/inventoryadjustments\?organization_id=10234695' \\\n/);
    assert.match(curl, /-H 'Authorization: Zoho-oauthtoken 1000\.full\.john'/);
    assert.match(curl, /--data-raw '\{"date":"2025-06-15"/);
    await shot(page, 'request-detail');

    // The curl the page shows does what the request did -- at once: the
    // page holds none of the server's worker threads with idle connections.
    const again = execFileSync('sh', ['-c', `${curl} --silent --max-time 5`], { encoding: 'utf8', timeout: 10000 });
    assert.equal(JSON.parse(again).code, 0);
    await row(page, '/inventory/v1/inventoryadjustments').nth(0).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('#requests tbody tr').length === 5);
  });

  it('filters by status, path, text and organization', async () => {
    await page.selectOption('#f-status', '4xx');
    await page.waitForFunction(() => [...document.querySelectorAll('#requests tbody tr .pill')].every((p) => p.textContent === '404')
      && document.querySelectorAll('#requests tbody tr').length === 1);
    await page.selectOption('#f-status', '');
    await page.fill('#f-path', 'inventoryadjustments');
    await page.waitForFunction(() => document.querySelectorAll('#requests tbody tr').length === 2);
    await page.fill('#f-path', '');
    await page.fill('#f-text', 'Damaged goods');
    await page.waitForFunction(() => document.querySelectorAll('#requests tbody tr').length === 2);
    await page.fill('#f-text', '');
    await call(mock.base, 'GET', `/inventory/v1/items?organization_id=${RETAIL}`, { token: '1000.full.arjun' });
    await page.selectOption('#f-org', RETAIL);
    await page.waitForFunction(() => document.querySelectorAll('#requests tbody tr').length === 1);
    assert.match(await page.locator('#requests tbody tr').textContent(), /Zylker Retail/);
    // In the organization's own clock: Zylker Retail's is frozen at 09:00 on 15 June 2025.
    assert.match(await page.locator('#requests tbody tr .c-time').getAttribute('title'), /^2025-06-15T09:00:0\d\+0530 on the organization's clock/);
    assert.match(await page.locator('#requests tbody tr .c-time').textContent(), /^09:00:0\d06-15$/);
    await page.selectOption('#f-org', '');
    await page.waitForFunction(() => document.querySelectorAll('#requests tbody tr').length === 6);
  });

  it('advances an organization\'s clock and shows the new time', async () => {
    await page.click('.tabs [data-tab=organizations]');
    await page.click(`.org-chip[data-org="${RETAIL}"]`);
    await page.locator('#clock-now', { hasText: '2025-06-15 09:00:00' }).waitFor();
    assert.equal(await page.locator('#clock-state').textContent(), 'frozen');
    await page.click('#clock-slot [data-advance="P1D"]');
    await page.locator('#clock-now', { hasText: '2025-06-16 09:00:00' }).waitFor();
    const clock = await call(mock.base, 'GET', `/__admin/clock?organization_id=${RETAIL}`, { token: null });
    assert.equal(clock.json.clock.now, '2025-06-16T09:00:00+0530');
    // A duration typed by hand; moving back is refused and said so.
    await page.fill('#advance-by', 'PT2H30M');
    await page.press('#advance-by', 'Enter');
    await page.locator('#clock-now', { hasText: '2025-06-16 11:30:00' }).waitFor();
    await page.fill('#clock-set-at', '2025-06-01T08:00:00');
    await page.click('#clock-slot form.inline:has(#clock-set-at) button');
    await page.locator('#clock-error', { hasText: 'code 4230' }).waitFor();
  });

  it('sets the background switches of stock count actions', async () => {
    await page.click(`.org-chip[data-org="${ORG}"]`);
    await page.locator('#bg-form').waitFor();
    await page.check('#bg-form input[data-action="approve"]');
    await page.locator('#bg-form tr', { hasText: 'approve' }).locator('input.num').first().fill('2');
    await page.click('#bg-form button.btn-primary');
    await page.locator('.toast', { hasText: 'background switches updated' }).waitFor();
    const bg = await call(mock.base, 'GET', `/__admin/background?organization_id=${ORG}`, { token: null });
    assert.deepEqual(bg.json.background[0].approve, { after_reads: 2 });
    assert.equal(bg.json.background[0].start, null);
    await page.uncheck('#bg-form input[data-action="approve"]');
    await page.click('#bg-form button.btn-primary');
    await until(async () => (await call(mock.base, 'GET', `/__admin/background?organization_id=${ORG}`, { token: null }))
      .json.background[0].approve === null, 'the approve switch goes off');
  });

  it('shows stock per item and location, and documents opening to their JSON', async () => {
    await page.click(`.org-chip[data-org="${ORG}"]`);
    const surge = page.locator('tr.stock-row[data-item="4815000000033024"]');
    await surge.waitFor();
    // 45 in the fixture's Main Warehouse, less the 4 + 4 adjusted above (once by
    // the API, once by the copied curl); 8 at MG Road Store.
    const cells = await surge.locator('td.num').allTextContents();
    assert.deepEqual(cells, ['37', '0', '8', '45']);
    await page.locator('tr.stock-row[data-item="4815000000033013"]').click();   // Tablet: serial numbers in a bin
    await page.locator('.serial', { hasText: 'TAB10-SN-0001' }).waitFor();
    await page.locator('#documents tr[data-id]').first().waitFor();
    assert.equal(await page.locator('#documents tr[data-id]').count(), 2);
    await page.locator('#documents tr[data-id]').first().click();
    await page.locator('#documents .doc-json pre.json', { hasText: '"reason": "Damaged goods"' }).waitFor();
    await shot(page, 'organizations');
    // Reading through the page is not API traffic.
    const journal = await call(mock.base, 'GET', '/__admin/requests?path=/inventory/v1/items/*', { token: null });
    assert.equal(journal.json.requests.length, 0);
  });

  it('lists the documents of any module from the picker, opening to their JSON', async () => {
    const made = await call(mock.base, 'POST', `/inventory/v1/salesorders?organization_id=${ORG}`, {
      body: { customer_id: '4815000000000700', line_items: [{ item_id: '4815000000033024', quantity: 2, rate: 20 }] },
    });
    assert.equal(made.status, 201);
    const id = made.json.sales_order.salesorder_id;
    const picker = page.locator('#documents select.module-pick');
    await picker.locator('option[value=salesorders]', { hasText: 'Sales Orders (1)' }).waitFor({ state: 'attached' });
    await picker.selectOption('salesorders');
    const order = page.locator(`#documents tr[data-id="${id}"]`);
    await order.waitFor();
    assert.equal(await page.locator('#documents tr[data-id]').count(), 1);
    await order.click();
    await page.locator('#documents .doc-json pre.json', { hasText: `"salesorder_number": "${made.json.sales_order.salesorder_number}"` }).waitFor();
    // Back to a hand-written module with its tab.
    await page.click('#documents .seg button[data-module=inventoryadjustments]');
    await page.locator('#documents tr[data-id]').first().waitFor();
    assert.equal(await picker.inputValue(), '');
  });

  it('turns on an example scenario, and a request fails with its error', async () => {
    await page.click('.tabs [data-tab=scenarios]');
    const example = page.locator('.example[data-file="flaky_then_ok.lua"]');
    await example.locator('select').selectOption(ORG);
    await example.locator('button', { hasText: 'Turn on' }).click();
    await page.locator('#scenarios-active tr[data-scenario="flaky_then_ok.lua"]', { hasText: 'Zylker Electronics' }).waitFor();

    const failed = await call(mock.base, 'GET', `/inventory/v1/items?organization_id=${ORG}`);
    assert.equal(failed.status, 500);
    await page.locator('#scenarios-active tr[data-scenario="flaky_then_ok.lua"] td.num', { hasText: '1' }).first().waitFor();
    await shot(page, 'scenarios');

    await page.click('.tabs [data-tab=requests]');
    const bad = page.locator('#requests tbody tr.s5').first();
    await bad.waitFor();
    assert.match(await bad.textContent(), /Internal error/);
    assert.match(await bad.textContent(), /flaky_then_ok\.lua/);
    await bad.click();
    await page.locator('#detail .scenario-notes', { hasText: 'flaky_then_ok.lua · on_request · answered 500' }).waitFor();
    assert.match(await page.locator('#detail .response-body').textContent(), /"code": 1000/);
    await page.waitForFunction(() => !document.querySelector('.toast'));   // a clean picture (README's)
    await shot(page, 'scenario-failure');
  });

  it('loads a pasted script, and shows a broken one\'s error at its line', async () => {
    await page.click('.tabs [data-tab=scenarios]');
    await page.fill('#script-name', 'broken');
    await page.fill('#script-source', 'function on_request(req)\n  return zoho.error(503, 9 "Down")\nend\n');
    await page.click('#script-load');
    await page.locator('#script-error', { hasText: 'line 2' }).waitFor();
    assert.equal(await page.locator('#script-editor .gutter .hit').textContent(), '2\n');
    await page.fill('#script-source', 'function on_request(req)\n  return zoho.error(503, 9, "Down")\nend\n');
    await page.click('#script-load');
    await page.locator('#scenarios-active tr[data-scenario="broken"]').waitFor();
    assert.equal((await call(mock.base, 'GET', `/inventory/v1/users?organization_id=${ORG}`)).status, 503);
    await page.locator('#scenarios-active tr[data-scenario="broken"] button', { hasText: 'Remove' }).click();
    await page.locator('#scenarios-active tr[data-scenario="broken"]').waitFor({ state: 'detached' });

    // One that fails as it runs: its last error, at its line, in its source.
    await page.fill('#script-name', 'failing');
    await page.selectOption('#script-org', RETAIL);
    await page.fill('#script-source', 'function on_request(req)\n  local n = nil\n  return n + 1\nend\n');
    await page.click('#script-load');
    await page.locator('#scenarios-active tr[data-scenario="failing"]').waitFor();
    assert.equal((await call(mock.base, 'GET', `/inventory/v1/users?organization_id=${RETAIL}`, { token: '1000.full.arjun' })).status, 500);
    const hit = page.locator('#scenarios-active .error-row .src-line.hit');
    await hit.waitFor();
    assert.match(await hit.textContent(), /^\s*3\s+return n \+ 1\n$/);
    assert.match(await page.locator('#scenarios-active .error-row').textContent(), /line 3.*attempt to perform arithmetic/);
    await page.locator('#scenarios-active tr[data-scenario="failing"] button', { hasText: 'Remove' }).click();
    await page.locator('#scenarios-active tr[data-scenario="failing"]').waitFor({ state: 'detached' });
  });

  it('runs verify on contracts and shows each interaction', async () => {
    await page.click('.tabs [data-tab=contracts]');
    await page.fill('#verify-path', 'contracts/flows/');
    await page.click('#verify-run');
    const summary = page.locator('.verify-summary');
    await summary.waitFor({ timeout: 120000 });
    assert.match(await summary.textContent(), /\d+ passed, 0 failed/);
    assert.ok(await page.locator('.interactions li.pass').count() >= 10);

    const broken = path.join(TMP, 'broken-contract.json');
    const flaky = JSON.parse(fs.readFileSync(path.join(ROOT, 'contracts/flows/scenario-flaky-then-ok.json'), 'utf8'));
    flaky.interactions[0].response.body.message = 'Not what it says';
    fs.writeFileSync(broken, JSON.stringify(flaky));
    await page.fill('#verify-path', broken);
    await page.click('#verify-run');
    await page.locator('.verify-summary', { hasText: '1 failed' }).waitFor({ timeout: 120000 });
    assert.match(await page.locator('.interactions li.fail pre.diff').first().textContent(), /expected "Not what it says", actual "Internal error"/);
    fs.rmSync(broken);
    await shot(page, 'contracts');
  });

  it('resets every organization after asking', async () => {
    await page.click('#reset-open');
    await page.locator('#reset-dialog[open]').waitFor();
    await page.click('#reset-cancel');
    assert.equal((await call(mock.base, 'GET', `/__admin/clock?organization_id=${RETAIL}`, { token: null })).json.clock.now, '2025-06-16T11:30:00+0530');
    await page.click('#reset-open');
    await page.selectOption('#reset-which', '');
    await page.click('#reset-confirm');
    await page.locator('.toast', { hasText: 'Every organization is back to its fixture' }).waitFor();
    assert.equal((await call(mock.base, 'GET', `/__admin/clock?organization_id=${RETAIL}`, { token: null })).json.clock.now, '2025-06-15T09:00:00+0530');
    await page.click('.tabs [data-tab=organizations]');
    await page.click(`.org-chip[data-org="${ORG}"]`);
    await page.locator('tr.stock-row[data-item="4815000000033024"] td.total', { hasText: '53' }).waitFor();
    await page.locator('#documents .empty', { hasText: 'No item adjustments yet.' }).waitFor();
  });

  it('reported no error in the page', () => {
    assert.deepEqual(problems.filter((p) => !/status of (404|500|503|400)/.test(p)), []);
  });
});

// ------------------------------------------------------------ --admin-token

const help = execFileSync(BIN, ['--help'], { encoding: 'utf8' });

describe('with --admin-token', { skip: help.includes('--admin-token') ? false : 'this zoho-mock has no --admin-token yet' }, () => {
  let mock, browser;

  before(async () => {
    mock = await startMock(['--admin-token', 'sesame']);
    browser = await openBrowser();
  });

  after(async () => {
    await closeBrowser(browser);
    if (mock) await stopMock(mock);
  });

  it('asks for the token once and sends it on every call', async () => {
    await call(mock.base, 'GET', `/inventory/v1/items?organization_id=${ORG}`);
    const page = browser.context.pages()[0] || await browser.context.newPage();
    await page.goto(`${mock.base}/__admin/ui`);
    await page.locator('#token-dialog[open]').waitFor();
    await page.fill('#token-input', 'wrong');
    await page.click('#token-ok');
    await page.locator('#token-dialog[open] #token-why', { hasText: 'refused' }).waitFor();
    await page.fill('#token-input', 'sesame');
    await page.click('#token-ok');
    await row(page, '/inventory/v1/items').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('zoho-mock.admin-token')), 'sesame');
    await page.click('.tabs [data-tab=organizations]');
    await page.locator('#clock-now').waitFor();
    assert.equal(await page.locator('#token-dialog[open]').count(), 0);
  });
});
