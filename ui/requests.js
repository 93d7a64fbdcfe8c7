// requests.js -- the Requests panel: the journal, newest first, live; filters; one request in full

import { ApiError, api, get, withQuery } from './api.js';
import {
  $, clear, copyText, errorText, formatMs, h, headersTable, jsonView, methodBadge, plural,
  shortTime, statusClass, statusPill, toast,
} from './dom.js';
import { every, on, orgById, orgLabel, scopeOptions, state } from './state.js';

const MAX_ROWS = 1000;          // the journal keeps 1000 by default
const rows = new Map();         // sequence -> {entry, tr}
let cursor = 0;                 // the newest sequence seen
let filterKey = null;
let paused = false;
let selected = null;            // sequence of the request shown in detail
let pollNow = () => {};

function filters() {
  const form = $('#filters');
  return {
    organization_id: form.organization_id.value,
    method: form.method.value,
    status: form.status.value,
    path: form.path.value.trim(),
    text: form.text.value.trim(),
  };
}

function dropAll() {
  rows.clear();
  $('#requests tbody').replaceChildren();
}

function dropRow(seq) {
  const r = rows.get(seq);
  if (!r) return;
  r.tr.remove();
  rows.delete(seq);
}

function scenarioNote(s) {
  const did = s.error ? `error: ${s.error}`
    : s.hook === 'rate_limit' ? `rate limited (${s.status})`
    : [s.status && `answered ${s.status}`, s.delay_ms && `delay ${s.delay_ms} ms`,
      s.fault && `fault ${s.fault}`, s.headers && 'headers'].filter(Boolean).join(', ') || 'acted';
  return `${s.name} · ${s.hook} · ${did}`;
}

// "2025-06-15 09:00:12" -> date "06-15", time "09:00:12"
function timeCell(e) {
  const full = shortTime(e.organization_time || e.time);
  return h('td.c-time', { title: e.organization_time ? `${e.organization_time} on the organization's clock\n${e.time} UTC` : `${e.time} UTC (no organization)` },
    h('span.t-clock', full.slice(11)), h('span.t-date', full.slice(5, 10), e.organization_time ? null : ' UTC'));
}

function row(e) {
  const err = e.error && e.error.message ? e.error.message : '';
  const tr = h(`tr.${statusClass(e.status)}`, { dataset: { seq: e.sequence }, onclick: () => select(e.sequence) },
    timeCell(e),
    h('td.c-method', methodBadge(e.method)),
    h('td.c-path',
      h('div.path', e.path),
      h('div.sub',
        e.scenarios.length ? h('span.flag', { title: e.scenarios.map(scenarioNote).join('\n') }, `⚑ ${e.scenarios[0].name}`) : null,
        err ? h('span.err', err) : null,
        e.query ? h('span.query', `?${e.query}`) : null)),
    h('td.c-status', statusPill(e.status)),
    h('td.c-ms', formatMs(e.duration_ms)),
    h('td.c-org', { title: e.organization_id }, e.organization_id ? orgLabel(e.organization_id) : '—'));
  if (e.sequence === selected) tr.classList.add('selected');
  return tr;
}

function updateCounts() {
  $('#requests-empty').hidden = rows.size > 0;
  $('#requests-count').textContent = rows.size ? String(rows.size) : '';
  const f = filters();
  const filtered = Object.values(f).some(Boolean);
  $('#requests-foot').textContent = rows.size
    ? `${plural(rows.size, 'request')}${filtered ? ' match the filters' : ''}${paused ? ' · paused' : ''}`
    : '';
}

async function poll() {
  if (paused) return;
  const f = filters();
  const key = JSON.stringify(f);
  if (key !== filterKey) {
    dropAll();
    cursor = 0;
    filterKey = key;
  }
  const r = await get(withQuery('/__admin/requests', { ...f, summary: 'true', since: cursor, limit: 500 }));
  if (JSON.stringify(filters()) !== key) return;   // filters changed meanwhile: the next poll starts over
  if (r.has_more) dropAll();                        // a gap: start from these
  for (const seq of [...rows.keys()]) if (seq < r.oldest_sequence) dropRow(seq);
  const tbody = $('#requests tbody');
  const fresh = document.createDocumentFragment();
  for (const e of r.requests) {
    const tr = row(e);
    rows.set(e.sequence, { entry: e, tr });
    fresh.append(tr);
  }
  tbody.prepend(fresh);
  cursor = r.latest_sequence;
  if (rows.size > MAX_ROWS) {
    const seqs = [...rows.keys()].sort((a, b) => a - b);
    for (const seq of seqs.slice(0, rows.size - MAX_ROWS)) dropRow(seq);
  }
  updateCounts();
}

// ------------------------------------------------------------ detail

function curlOf(e) {
  const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
  const url = `${location.origin}${e.path}${e.query ? `?${e.query}` : ''}`;
  const parts = [`curl ${e.method !== 'GET' ? `-X ${e.method} ` : ''}${q(url)}`];
  // What the transport or the client program added says nothing about the call.
  const skip = /^(host|content-length|connection|accept|accept-encoding|accept-language|user-agent|sec-.*)$/i;
  // The journal keeps no token: the organization's own (the admin API's
  // example token) takes the redacted one's place, so the curl runs as is.
  const token = orgById(e.organization_id)?.token;
  for (const [name, value] of Object.entries(e.request_headers || {})) {
    if (skip.test(name)) continue;
    const shown = token && /^authorization$/i.test(name) ? value.replace('[redacted]', token) : value;
    parts.push(`-H ${q(`${name}: ${shown}`)}`);
  }
  const body = typeof e.request_body === 'string' ? e.request_body : JSON.stringify(e.request_body);
  if (body) parts.push(`--data-raw ${q(body)}`);
  return parts.join(' \\\n  ');
}

function queryTable(query) {
  const params = [...new URLSearchParams(query)];
  if (!params.length) return null;
  return h('table.kv', h('tbody', params.map(([k, v]) => h('tr', h('th', k), h('td', v)))));
}

function section(title, ...content) {
  return h('section.d-section', h('h3', title), ...content);
}

function renderDetail(e) {
  const pane = $('#detail');
  const curl = curlOf(e);
  const meta = [
    ['Route', e.route || '(none: no route matched)'],
    ['Organization', e.organization_id ? `${orgLabel(e.organization_id)} (${e.organization_id})` : '—'],
    ['Organization time', e.organization_time || '—'],
    ['Received (UTC)', e.time],
    ['Duration', `${formatMs(e.duration_ms)} ms`],
    ['Sequence', String(e.sequence)],
  ];
  clear(pane,
    h('div.d-head',
      methodBadge(e.method),
      h('span.d-path', e.path),
      statusPill(e.status),
      h('button.btn.btn-icon', { title: 'Close', onclick: () => select(null) }, '×')),
    h('dl.meta', meta.map(([k, v]) => [h('dt', k), h('dd', v)])),
    e.scenarios.length
      ? section('Scenarios that acted', h('ul.scenario-notes', e.scenarios.map((s) => h(`li${s.error ? '.bad' : ''}`, scenarioNote(s)))))
      : null,
    section('curl',
      h('div.row', h('button.btn', { id: 'copy-curl', onclick: () => copyText(curl) }, 'Copy as curl')),
      h('pre.curl', { id: 'curl' }, curl)),
    h('div.d-cols',
      h('div.d-col',
        h('h2', 'Request'),
        e.query ? section('Query', queryTable(e.query)) : null,
        section('Headers', headersTable(e.request_headers)),
        section('Body', jsonView(e.request_body))),
      h('div.d-col',
        h('h2', 'Response'),
        section('Headers', headersTable(e.response_headers)),
        section('Body', h('div.response-body', jsonView(e.response_body))))));
}

async function select(seq) {
  selected = seq;
  for (const { tr, entry } of rows.values()) tr.classList.toggle('selected', entry.sequence === seq);
  const pane = $('#detail');
  $('.split').classList.toggle('has-detail', seq !== null);
  if (seq === null) {
    clear(pane, h('div.empty', 'Select a request to see what was asked and answered.'));
    return;
  }
  try {
    const r = await get(`/__admin/requests/${seq}`);
    if (selected === seq) renderDetail(r.request);
  } catch (err) {
    if (selected !== seq) return;
    clear(pane, h('div.empty', err instanceof ApiError && err.status === 404
      ? 'That request is no longer in the journal.' : `Could not read it: ${errorText(err)}`));
  }
}

// ------------------------------------------------------------ setup

export function initRequests() {
  let debounce = null;
  const form = $('#filters');
  form.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => pollNow(), 200);
  });
  form.addEventListener('submit', (ev) => ev.preventDefault());
  $('#pause').addEventListener('click', () => {
    paused = !paused;
    $('#pause').textContent = paused ? 'Resume' : 'Pause';
    $('#pause').classList.toggle('btn-on', paused);
    updateCounts();
    if (!paused) pollNow();
  });
  $('#journal-clear').addEventListener('click', async () => {
    try {
      await api('DELETE', '/__admin/requests');
      dropAll();
      select(null);
      updateCounts();
      toast('The journal has been cleared');
    } catch (err) {
      toast(errorText(err), 'error');
    }
  });
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && selected !== null && !document.querySelector('dialog[open]')) select(null);
  });
  on('orgs', () => {
    scopeOptions($('#f-org'), 'All');
    for (const { entry, tr } of rows.values()) tr.querySelector('.c-org').textContent = entry.organization_id ? orgLabel(entry.organization_id) : '—';
  });
  on('reset', () => pollNow());
  on('tab', (tab) => { if (tab === 'requests') pollNow(); });
  pollNow = every(1000, poll, { active: () => state.tab === 'requests' && !document.hidden });
  updateCounts();
}
