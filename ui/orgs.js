// orgs.js -- the Organizations panel: clock, background switches, stock, documents, reset

import { api, get, withQuery } from './api.js';
import { $, clear, errorText, formatInZone, h, toast } from './dom.js';
import { documentsPanel } from './documents.js';
import { clockNow, emit, every, on, orgById, refreshOrgs, state } from './state.js';
import { renderStock } from './stock.js';

const ACTIONS = ['start', 'submit', 'approve'];
const ADVANCES = [['PT1H', '+1 hour'], ['P1D', '+1 day'], ['P1W', '+1 week'], ['P1M', '+1 month']];

let current = null;                     // the organization shown
const docView = { module: null, open: null };
let shownDocuments = '';                // org.documents when stock and documents were last read
let stockSearch = '';

function picker() {
  const box = $('#org-picker');
  clear(box, state.orgs.map((o) => h(`button.org-chip${o.organization_id === current ? '.on' : ''}`, {
    type: 'button', dataset: { org: o.organization_id },
    onclick: () => { current = o.organization_id; docView.open = null; render(); },
  }, h('span.org-name', o.name), h('span.org-id', o.organization_id),
  h(`span.tag${o.clock.frozen ? '.t-frozen' : '.t-running'}`, o.clock.frozen ? 'frozen' : 'running'))));
}

// ------------------------------------------------------------ clock

async function moveClock(org, change, what) {
  const err = $('#clock-error');
  try {
    await api('PUT', '/__admin/clock', { organization_id: org.organization_id, ...change });
    err.hidden = true;
    await refreshOrgs();
    toast(`${org.name}: ${what}`);
  } catch (e) {
    err.hidden = false;
    err.textContent = errorText(e);
  }
}

function clockCard(org) {
  const c = org.clock;
  const now = clockNow(org);
  const durationInput = h('input#advance-by', { placeholder: 'P2DT3H', size: 10, spellcheck: false, title: 'ISO-8601 duration: PnYnMnWnDTnHnMnS' });
  const local = formatInZone(now, c.utc_offset).replace(' ', 'T');
  const setInput = h('input#clock-set-at', { type: 'datetime-local', step: 1, value: local });
  return h('div.card.clock-card',
    h('div.card-head', h('h2', 'Clock'),
      h(`span.tag${c.frozen ? '.t-frozen' : '.t-running'}#clock-state`, c.frozen ? 'frozen' : 'running')),
    h('div.clock-now',
      h('span#clock-now', formatInZone(now, c.utc_offset)),
      h('span.zone', c.utc_offset)),
    h('div.row.wrap',
      ADVANCES.map(([d, text]) => h('button.btn', { type: 'button', dataset: { advance: d }, onclick: () => moveClock(org, { advance: d }, `advanced by ${d}`) }, text)),
      h('form.inline', {
        onsubmit: (ev) => {
          ev.preventDefault();
          const d = durationInput.value.trim().toUpperCase();
          if (d) moveClock(org, { advance: d }, `advanced by ${d}`);
        },
      }, durationInput, h('button.btn', 'Advance'))),
    h('div.row.wrap',
      h('form.inline', {
        onsubmit: (ev) => {
          ev.preventDefault();
          const v = setInput.value.length === 16 ? `${setInput.value}:00` : setInput.value;
          if (v) moveClock(org, { now: `${v}${c.utc_offset}` }, `set to ${v.replace('T', ' ')}`);
        },
      }, setInput, h('button.btn', 'Set')),
      h('button.btn', { type: 'button', id: 'clock-freeze', onclick: () => moveClock(org, { frozen: !c.frozen }, c.frozen ? 'running' : 'frozen') },
        c.frozen ? 'Let it run' : 'Freeze')),
    h('div.error-box#clock-error', { hidden: true }),
    h('p.muted.small', 'Moving forward runs what fell due: recurring counts, background actions. Moving back is refused; a reset may start over earlier.'));
}

// ------------------------------------------------------------ background

function backgroundCard(org, sw) {
  const rows = ACTIONS.map((a) => {
    const cur = sw[a];
    const on = h('input', { type: 'checkbox', checked: Boolean(cur), dataset: { action: a } });
    const reads = h('input.num', { type: 'number', min: 0, value: cur && cur.after_reads ? String(cur.after_reads) : '', placeholder: '—' });
    const secs = h('input.num', { type: 'number', min: 0, value: cur && cur.after_seconds ? String(cur.after_seconds) : '', placeholder: '—' });
    return { a, on, reads, secs, tr: h('tr', h('td', h('label.check', on, a)), h('td', reads), h('td', secs)) };
  });
  async function apply(ev) {
    ev.preventDefault();
    const body = { organization_id: org.organization_id };
    for (const r of rows) {
      const reads = Number(r.reads.value || 0), secs = Number(r.secs.value || 0);
      body[r.a] = r.on.checked ? { after_reads: reads || (secs ? 0 : 1), after_seconds: secs } : null;
    }
    try {
      await api('PUT', '/__admin/background', body);
      // The form is redrawn from the server before the toast says it is done:
      // a change made after the toast is never lost to a late redraw.
      await renderBackground(org, { force: true });
      toast(`${org.name}: background switches updated`);
    } catch (err) {
      toast(errorText(err), 'error');
    }
  }
  return h('form.card#bg-form', { onsubmit: apply, oninput: (ev) => { ev.currentTarget.dataset.dirty = 'yes'; } },
    h('div.card-head', h('h2', 'Background actions'),
      h('span.muted', `${sw.counts_in_progress} ${sw.counts_in_progress === 1 ? 'count' : 'counts'} in progress`)),
    h('p.muted.small', 'Stock count start, submit and approve answer "in progress" and finish after that many retrieves or seconds on the clock.'),
    h('table.mini.bg', h('thead', h('tr', h('th', 'Action'), h('th', 'After reads'), h('th', 'After seconds'))), h('tbody', rows.map((r) => r.tr))),
    h('div.row.end', h('button.btn.btn-primary', 'Apply')));
}

// Edits not yet applied are kept: a refresh skips a changed form.
async function renderBackground(org, { force = false } = {}) {
  const slot = $('#bg-slot');
  const form = $('#bg-form');
  if (!slot || (!force && form && form.dataset.dirty)) return;
  try {
    const r = await get(withQuery('/__admin/background', { organization_id: org.organization_id }));
    if (current === org.organization_id) slot.replaceChildren(backgroundCard(org, r.background[0]));
  } catch (err) {
    slot.replaceChildren(h('div.card.error-box', errorText(err)));
  }
}

// ------------------------------------------------------------ the view

function render() {
  picker();
  const org = orgById(current);
  const view = $('#org-view');
  if (!org) return clear(view, h('div.empty', 'No organization.'));
  const stock = h('div.stock-slot#stock', h('div.muted.pad', 'Reading the items…'));
  const docs = h('div#documents');
  const search = h('input.search', { placeholder: 'Find an item', value: stockSearch, type: 'search' });
  search.addEventListener('input', () => { stockSearch = search.value; renderStock(org, stock, stockSearch); });
  clear(view,
    h('div.org-title',
      h('h1', org.name), h('span.org-id', org.organization_id),
      h('span.muted', `${org.users.length} users · ${org.locations.length} locations · token `, h('code', org.token || '—')),
      h('button.btn.btn-danger-ghost', { type: 'button', id: 'org-reset', onclick: () => emit('ask-reset', org.organization_id) }, 'Reset this organization…')),
    h('div.cards-2', h('div#clock-slot', clockCard(org)), h('div#bg-slot', h('div.card.muted', 'Reading…'))),
    h('div.card', h('div.card-head', h('h2', 'Stock per item and location'), search,
      h('button.btn', { type: 'button', onclick: () => renderStock(org, stock, stockSearch) }, 'Refresh')), stock),
    h('div.card', h('div.card-head', h('h2', 'Documents')), docs));
  renderBackground(org, { force: true });
  renderStock(org, stock, stockSearch);
  documentsPanel(org, docs, docView);
  shownDocuments = JSON.stringify([org.documents, org.modules]);
}

// Clock, picker and (when documents changed) stock and documents, without
// redrawing what the user is typing into.
function refreshView() {
  const org = orgById(current);
  if (!org) return render();
  picker();
  const slot = $('#clock-slot');
  if (slot && !slot.contains(document.activeElement)) slot.replaceChildren(clockCard(org));
  if (JSON.stringify([org.documents, org.modules]) !== shownDocuments) {
    shownDocuments = JSON.stringify([org.documents, org.modules]);
    renderStock(org, $('#stock'), stockSearch);
    documentsPanel(org, $('#documents'), docView);
  }
}

export function initOrgs() {
  on('orgs', () => {
    if (!current || !orgById(current)) {
      current = state.orgs.length ? state.orgs[0].organization_id : null;
      if (state.tab === 'organizations') render();
      return;
    }
    if (state.tab === 'organizations' && $('#org-view').childElementCount) refreshView();
  });
  on('tab', (tab) => { if (tab === 'organizations') render(); });
  on('reset', () => { if (state.tab === 'organizations') render(); });
  // A running clock ticks on the page; the server is asked every 3 s.
  setInterval(() => {
    const org = orgById(current);
    const el = $('#clock-now');
    if (org && el && state.tab === 'organizations') el.textContent = formatInZone(clockNow(org), org.clock.utc_offset);
  }, 1000);
  every(3000, async () => {
    await refreshOrgs();
    const org = orgById(current);
    if (org) renderBackground(org);
  }, { active: () => state.tab === 'organizations' && !document.hidden });
}
