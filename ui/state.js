// state.js -- what the panels share: the organizations, change notices, polling loops

import { ApiError, get } from './api.js';

export const state = {
  orgs: [],           // GET /__admin/organizations: id, name, clock, token, users, locations, documents
  orgsAt: 0,          // Date.now() when they were read (running clocks tick from there)
  tab: 'requests',
};

const listeners = new Map();

// on('orgs' | 'reset' | 'tab', fn)
export function on(kind, fn) {
  if (!listeners.has(kind)) listeners.set(kind, new Set());
  listeners.get(kind).add(fn);
}

export function emit(kind, detail) {
  for (const fn of listeners.get(kind) || []) fn(detail);
}

export async function refreshOrgs() {
  const r = await get('/__admin/organizations');
  state.orgs = r.organizations;
  state.orgsAt = Date.now();
  emit('orgs');
}

export function orgById(id) {
  return state.orgs.find((o) => o.organization_id === id);
}

export function orgLabel(id) {
  const o = orgById(id);
  return o ? o.name : id || '—';
}

// The organization's clock now, in epoch seconds: a running clock moves on
// from when it was read.
export function clockNow(org) {
  const c = org.clock;
  return c.frozen ? c.epoch : c.epoch + Math.floor((Date.now() - state.orgsAt) / 1000);
}

// Runs fn every `ms` while active() holds, never two at once; a failure is
// reported to onError and the loop goes on. Returns a function that runs
// it right now.
export function every(ms, fn, { active = () => true, onError = () => {} } = {}) {
  let running = false;
  let timer = null;
  async function tick() {
    clearTimeout(timer);
    if (!running && active()) {
      running = true;
      try {
        await fn();
        setLive(true);
      } catch (err) {
        if (!(err instanceof ApiError)) setLive(false, err);   /* no answer at all */
        onError(err);
      } finally {
        running = false;
      }
    }
    timer = setTimeout(tick, ms);
  }
  setTimeout(tick, 0);
  return tick;
}

// The "live" light in the top bar: green while calls succeed.
export function setLive(ok, err) {
  const live = document.getElementById('live');
  if (!live) return;
  live.classList.toggle('down', !ok);
  document.getElementById('live-text').textContent = ok ? 'live' : 'unreachable';
  live.title = ok ? 'The page polls the admin API' : `The admin API did not answer: ${err && err.message}`;
}

// <option>s of "All organizations" and each organization, for scope pickers.
export function scopeOptions(select, allLabel = 'All organizations') {
  const keep = select.value;
  select.replaceChildren(new Option(allLabel, ''));
  for (const o of state.orgs) {
    const op = new Option(o.name, o.organization_id);
    op.title = o.organization_id;
    select.append(op);
  }
  select.value = [...select.options].some((op) => op.value === keep) ? keep : '';
}
