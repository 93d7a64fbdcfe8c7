// index.js -- zoho-mock for Node test suites (node:test, Jest, Vitest, Mocha): start on a free port, reset, scenarios, journal, stop
//
//   import { start } from 'zoho-mock-testkit';
//   const zoho = await start({ scenarios: ['rate_limit.lua'], seed: 42 });
//   await fetch(`${zoho.baseUrl}/items?organization_id=${zoho.organizationId}`,
//               { headers: { Authorization: `Zoho-oauthtoken ${zoho.token}` } });
//   await zoho.stop();
//
// No dependencies: Node's child_process, fs and fetch (Node 18 or later).

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

// The first line zoho-mock prints: "zoho-mock 0.1.0 listening on http://127.0.0.1:41234 (fixtures built-in)".
const READY_LINE = /^zoho-mock \S+ listening on (http:\/\/\S+) \(fixtures (.*)\)$/;
const OUTPUT_KEPT = 64 * 1024; // the server's last output, for error messages

/** Every server started and not yet stopped: killed when the process exits. */
const running = new Set();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts zoho-mock on a free port of 127.0.0.1 and waits until it answers.
 *
 * @param {object} [options]
 * @param {string|object} [options.fixtures] a fixture file, or the fixture itself as an object
 *   (written to a temporary file); default: the binary's built-in fixture
 * @param {string|string[]} [options.scenarios] scenarios active from the start: files, or the
 *   names of built-in examples ("rate_limit.lua"; `zoho-mock scenarios` lists them)
 * @param {number} [options.seed] the seed of the scenarios' zoho.random
 * @param {string} [options.binary] the zoho-mock executable; default $ZOHO_MOCK_BIN, else
 *   `zoho-mock` on the PATH
 * @param {string[]} [options.args] more command-line flags
 * @param {string} [options.cwd] the server's working folder (default: this process's)
 * @param {number} [options.timeoutMs] how long to wait for it to listen (default 10000)
 */
export async function start(options = {}) {
  const { fixtures, scenarios = [], seed, args = [], cwd, timeoutMs = 10000 } = options;
  const binary = options.binary ?? process.env.ZOHO_MOCK_BIN ?? 'zoho-mock';
  const argv = ['--port', '0', '--quiet'];
  let tmp = null;
  if (typeof fixtures === 'string') {
    argv.push('--fixtures', fixtures);
  } else if (fixtures != null) {
    tmp = mkdtempSync(join(tmpdir(), 'zoho-mock-'));
    const file = join(tmp, 'fixtures.json');
    writeFileSync(file, JSON.stringify(fixtures));
    argv.push('--fixtures', file);
  }
  for (const s of [].concat(scenarios)) argv.push('--scenario', s);
  if (seed != null) argv.push('--seed', String(seed));
  argv.push(...args);

  const child = spawn(binary, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk).slice(-OUTPUT_KEPT);
  };
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => {
    running.delete(child);
    resolve({ code, signal });
  }));
  const cleanup = () => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    tmp = null;
  };

  let ready;
  try {
    ready = await readyLine(child, binary, timeoutMs, keep, () => output);
  } catch (err) {
    if (child.pid !== undefined) { // spawned: make sure it is gone ('exit' may not follow a spawn error)
      child.kill('SIGKILL');
      await exited;
    }
    running.delete(child);
    cleanup();
    throw err;
  }
  const url = ready.url;
  const health = await admin(url, 'GET', '/__admin/health');
  const credentials = health.credentials ?? {};
  const added = []; // scenarios activated through scenario(): reset() deactivates them

  const mock = {
    /** The server's root, e.g. http://127.0.0.1:41234 */
    url,
    /** The Inventory API base, where https://www.zohoapis.com/inventory/v1 would be. */
    baseUrl: `${url}/inventory/v1`,
    /** Where https://accounts.zoho.com would be: POST `${accountsUrl}/oauth/v2/token`. */
    accountsUrl: url,
    /** A full-access token of a user of organizationId (from GET /__admin/health). */
    token: credentials.token ?? null,
    /** The fixture's first organization. */
    organizationId: credentials.organization_id ?? null,
    /** Every organization of the fixture. */
    organizationIds: health.organization_ids ?? [],
    /** "built-in", or the fixture file. */
    fixtures: ready.fixtures,
    /** The process, for anything not covered here. */
    process: child,

    /**
     * A fresh server between tests: the fixture's data, ids and clocks come back, scenarios
     * activated with scenario() go, those given to start() start over, the journal is emptied.
     * @param {object} [opts] organizationId: only this organization's data; clock: restored
     *   clocks start frozen at this instant ("2025-06-15T09:00:00+0530")
     */
    async reset(opts = {}) {
      while (added.length) {
        const s = added.pop();
        const q = s.organization_id ? `?organization_id=${encodeURIComponent(s.organization_id)}` : '';
        await admin(url, 'DELETE', `/__admin/scenarios/${encodeURIComponent(s.name)}${q}`, undefined, [200, 404]);
      }
      const q = opts.organizationId ? `?organization_id=${encodeURIComponent(opts.organizationId)}` : '';
      await admin(url, 'POST', `/__admin/reset${q}`, opts.clock ? { clock: opts.clock } : undefined);
      await admin(url, 'DELETE', '/__admin/requests');
    },

    clock: {
      /**
       * Moves the clock forward and runs what fell due (recurring counts, background actions).
       * @param {string|number} by an ISO 8601 duration ("P1D", "PT2H", "P1M") or seconds
       * @param {object} [opts] organizationId: that organization's clock only (default: all)
       * @returns the clock(s) after the move, as GET /__admin/clock shows them
       */
      async advance(by, opts = {}) {
        const body = typeof by === 'number' ? { advance_seconds: by } : { advance: String(by) };
        if (opts.organizationId) body.organization_id = opts.organizationId;
        const r = await admin(url, 'PUT', '/__admin/clock', body);
        return r.clock ?? r.clocks;
      },
      /** Sets the instant ("2025-07-01T09:00:00+0530"; forward only) and whether it stays frozen. */
      async set(now, opts = {}) {
        const body = { now };
        if (opts.frozen != null) body.frozen = opts.frozen;
        if (opts.organizationId) body.organization_id = opts.organizationId;
        const r = await admin(url, 'PUT', '/__admin/clock', body);
        return r.clock ?? r.clocks;
      },
      /** The clock of an organization (default: organizationId). */
      async get(organizationId = mock.organizationId) {
        const r = await admin(url, 'GET', `/__admin/clock?organization_id=${encodeURIComponent(organizationId)}`);
        return r.clock;
      },
    },

    /**
     * Activates a scenario until the next reset(): a file ending in .lua (read here when it
     * exists, else the name of a built-in example: "flaky_then_ok.lua"), or Lua source.
     * @param {string} nameOrText
     * @param {object} [opts] organizationId: only that organization's calls see it;
     *   name: the scenario's name (default: the file's name, or inline-N for source)
     * @returns the scenario as GET /__admin/scenarios lists it
     */
    async scenario(nameOrText, opts = {}) {
      let r;
      const looksLikeFile = /^[^\s()]+\.lua$/.test(nameOrText);
      const onDisk = looksLikeFile && existsSync(nameOrText) && statSync(nameOrText).isFile();
      if (!looksLikeFile || onDisk) {
        const source = onDisk ? readFileSync(nameOrText, 'utf8') : nameOrText;
        const q = new URLSearchParams();
        const name = opts.name ?? (onDisk ? basename(nameOrText) : null);
        if (name) q.set('name', name);
        if (opts.organizationId) q.set('organization_id', opts.organizationId);
        const qs = q.toString() ? `?${q}` : '';
        r = await admin(url, 'POST', `/__admin/scenarios${qs}`, source, [201], 'text/x-lua');
      } else {
        const body = { file: nameOrText };
        if (opts.organizationId) body.organization_id = opts.organizationId;
        r = await admin(url, 'POST', '/__admin/scenarios', body, [201]);
      }
      added.push({ name: r.scenario.name, organization_id: r.scenario.organization_id });
      return r.scenario;
    },

    /**
     * The requests the server answered (the last 1000, admin calls excluded), oldest first.
     * @param {object|function} [filter] method, path (a string where * matches anything, or a
     *   RegExp), status, organizationId; or a function of the journal entry
     */
    async requests(filter = {}) {
      const r = await admin(url, 'GET', '/__admin/requests');
      const all = r.requests.slice().reverse();
      if (typeof filter === 'function') return all.filter(filter);
      const path = typeof filter.path === 'string' ? glob(filter.path) : filter.path;
      return all.filter((e) =>
        (filter.method == null || e.method === filter.method.toUpperCase()) &&
        (path == null || path.test(e.path)) &&
        (filter.status == null || e.status === filter.status) &&
        (filter.organizationId == null || e.organization_id === filter.organizationId));
    },

    /** The server's last output (stderr: scenario logs, errors). */
    output() {
      return output;
    },

    /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes its temporary files. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      cleanup();
    },
  };
  return mock;
}

/** Resolves with the URL and fixtures of the ready line; rejects if the server exits or is late. */
function readyLine(child, binary, timeoutMs, keep, output) {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let settled = false;
    const settle = (fn, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn(value);
    };
    const timer = setTimeout(() => settle(reject, new Error(
      `zoho-mock did not print its ready line within ${timeoutMs} ms:\n${output()}`)), timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      if (settled) return keep(chunk); // drained, so the server never blocks on a full pipe
      buffered += chunk;
      const nl = buffered.indexOf('\n');
      if (nl < 0) return;
      const line = buffered.slice(0, nl);
      keep(buffered);
      const m = READY_LINE.exec(line);
      if (m) settle(resolve, { url: m[1], fixtures: m[2] });
      else settle(reject, new Error(`zoho-mock printed an unexpected first line: ${line}`));
    });
    child.once('error', (err) => settle(reject, new Error(
      `cannot run ${binary} (${err.code ?? err.message}): give start({binary}), set ZOHO_MOCK_BIN, or put zoho-mock on the PATH`)));
    child.once('exit', (code, signal) => settle(reject, new Error(
      `zoho-mock exited (${signal ?? `status ${code}`}) before listening: ${output().trim()}`)));
  });
}

/** "/inventory/v1/inventorycounts/*\/start" -> a RegExp of the whole path. */
function glob(pattern) {
  const escaped = pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

/** One admin call; the parsed body, or an Error carrying Zoho's code and message. */
async function admin(url, method, path, body, expect = [200], contentType = 'application/json') {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers['Content-Type'] = contentType;
  }
  const res = await fetch(url + path, init);
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  if (!expect.includes(res.status)) {
    const err = new Error(`${method} ${path}: ${res.status} ${json?.message ?? text}`);
    err.status = res.status;
    err.code = json?.code;
    throw err;
  }
  return json;
}
