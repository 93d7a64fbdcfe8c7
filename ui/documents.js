// documents.js -- the documents of every module, opening to their JSON
//
// Which modules there are comes from GET /__admin/organizations (the three
// hand-written ones below, and `modules`: every module the engine serves,
// with its list path, key and id); the records from each module's own Zoho
// list and retrieve endpoints, read through /__admin/peek.

import { peek } from './api.js';
import { clear, errorText, formatNumber, h, jsonView, copyText } from './dom.js';

// Each module: its list and retrieve paths, the list's key, the id member,
// and the columns worth a glance (any other module falls back to its first
// scalar members).
export const MODULES = [
  {
    module: 'inventoryadjustments', label: 'Item adjustments',
    path: '/inventory/v1/inventoryadjustments', key: 'inventory_adjustments', id: 'inventory_adjustment_id',
    columns: ['date', 'reason', 'adjustment_type', 'reference_number', 'total'],
  },
  {
    module: 'inventorycounts', label: 'Stock counts',
    path: '/inventory/v1/inventorycounts', key: 'inventorycounts', id: 'inventorycount_id',
    columns: ['inventorycount_number', 'status', 'location_name', 'assignee_name', 'count_date'],
  },
  {
    module: 'recurringinventorycounts', label: 'Recurring count profiles',
    path: '/inventory/v1/recurringinventorycounts', key: 'recurringinventorycounts', id: 'recurringinventorycount_id',
    columns: ['title', 'status', 'recurrence_frequency', 'next_count_date', 'location_name'],
  },
];

// The hand-written modules above, then every module the engine serves, as
// GET /__admin/organizations describes them (path, list key, id, count).
export function modulesOf(org) {
  const counts = org.documents || {};
  return [
    ...MODULES.map((m) => ({ ...m, count: counts[m.module], main: true })),
    ...(org.modules || []).map((m) => ({ ...m, columns: [], main: false })),
  ];
}

export async function listDocuments(orgId, mod) {
  const docs = [];
  for (let page = 1; page <= 25; page++) {
    const r = await peek(orgId, `${mod.path}?per_page=200&page=${page}`);
    docs.push(...(r[mod.key] || []));
    if (!r.page_context || !r.page_context.has_more_page) break;
  }
  return docs;
}

export async function getDocument(orgId, mod, id) {
  return peek(orgId, `${mod.path}/${id}`);
}

// ------------------------------------------------------------ the panel

function columnsOf(mod, docs) {
  const first = docs[0] || {};
  const known = mod.columns.filter((c) => docs.some((d) => d[c] !== undefined));
  if (known.length) return known;
  return Object.keys(first).filter((k) => k !== mod.id && ['string', 'number'].includes(typeof first[k])).slice(0, 5);
}

function cell(v) {
  if (v === undefined || v === null || v === '') return h('span.muted', '—');
  if (typeof v === 'number') return formatNumber(v);
  return String(v);
}

// Renders the panel for org into container; `counts` is org.documents.
export function documentsPanel(org, container, view) {
  const modules = modulesOf(org);
  view.module = view.module || modules[0].module;
  const mod = modules.find((m) => m.module === view.module) || modules[0];
  const choose = (name) => { view.module = name; view.open = null; documentsPanel(org, container, view); };
  const tabs = h('div.seg', modules.filter((m) => m.main).map((m) => h(`button${m.module === mod.module ? '.on' : ''}`, {
    type: 'button', dataset: { module: m.module }, onclick: () => choose(m.module),
  }, m.label, h('span.count', String(m.count ?? '')))));
  // Every other module in one picker: its label and how many records it holds.
  const others = modules.filter((m) => !m.main);
  const picker = h('select.module-pick', { 'aria-label': 'Other modules', onchange: (e) => choose(e.target.value) },
    h('option', { value: '', disabled: true, selected: mod.main }, 'Other modules…'),
    others.map((m) => h('option', { value: m.module, selected: m.module === mod.module }, `${m.label} (${m.count})`)));
  const bar = h('div.row.wrap', tabs, picker);
  const list = h('div.doc-list', h('div.muted.pad', 'Reading…'));
  const json = h('div.doc-json', h('div.empty', 'Select a document to see its JSON.'));
  clear(container, bar, h('div.doc-split', list, json));
  listDocuments(org.organization_id, mod).then((docs) => {
    if (!docs.length) return clear(list, h('div.empty', `No ${mod.label.toLowerCase()} yet.`));
    const cols = columnsOf(mod, docs);
    const rows = docs.map((d) => {
      const tr = h('tr', { dataset: { id: d[mod.id] } }, h('td.mono', d[mod.id]), cols.map((c) => h('td', cell(d[c]))));
      tr.addEventListener('click', () => open(d[mod.id], tr));
      return tr;
    });
    clear(list, h('table.grid.docs', h('thead', h('tr', h('th', 'Id'), cols.map((c) => h('th', c.replace(/_/g, ' '))))), h('tbody', rows)));
    const again = rows.find((tr) => tr.dataset.id === view.open);
    if (again) open(view.open, again);
  }).catch((err) => clear(list, h('div.error-box', `Could not list them: ${errorText(err)}`)));

  async function open(id, tr) {
    view.open = id;
    for (const other of list.querySelectorAll('tr.selected')) other.classList.remove('selected');
    tr.classList.add('selected');
    try {
      const doc = await getDocument(org.organization_id, mod, id);
      if (view.open !== id) return;
      const text = JSON.stringify(doc, null, 2);
      clear(json, h('div.row.between', h('span.mono', `${mod.label}: ${id}`), h('button.btn', { type: 'button', onclick: () => copyText(text) }, 'Copy JSON')), jsonView(doc));
    } catch (err) {
      clear(json, h('div.error-box', `Could not read it: ${errorText(err)}`));
    }
  }
}
