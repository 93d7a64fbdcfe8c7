// stock.js -- stock per item and location, with bins, batches and serial numbers, as GET /items prints them

import { peek } from './api.js';
import { clear, errorText, formatNumber, h, label } from './dom.js';

// Runs fn over items, `width` at a time, in order.
async function pool(items, width, fn) {
  const out = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}

// Every item of the organization, each as GET /items/{id} prints it.
async function readItems(orgId) {
  const list = [];
  for (let page = 1; page <= 25; page++) {
    const r = await peek(orgId, `/inventory/v1/items?per_page=200&page=${page}&sort_column=name&sort_order=A`);
    list.push(...r.items);
    if (!r.page_context || !r.page_context.has_more_page) break;
  }
  return pool(list, 4, async (it) => (await peek(orgId, `/inventory/v1/items/${it.item_id}`)).item);
}

// The figures an object prints: its numeric members (ids and prices aside),
// whatever they are called -- new ones (committed, physical...) show up
// without a change here.
function figures(obj, prefix = '') {
  return Object.keys(obj).filter((k) => typeof obj[k] === 'number' && k.startsWith(prefix) && !/(_id|rate|price)$/.test(k));
}

function qty(n) {
  return h(`span.qty${n === 0 ? '.zero' : n < 0 ? '.neg' : ''}`, formatNumber(n));
}

function locationName(item, id) {
  const l = (item.locations || []).find((x) => x.location_id === id);
  return l ? l.location_name : id;
}

function binName(item, id) {
  if (!id) return '—';
  const s = (item.storages || []).find((x) => x.storage_id === id);
  return s ? s.storage_name : id;
}

function details(item, colspan) {
  const locs = item.locations || [];
  const locFigures = locs.length ? figures(locs[0], 'location_') : [];
  const parts = [
    h('div.stock-block',
      h('h4', 'Item'),
      h('table.kv', h('tbody', figures(item).map((k) => h('tr', h('th', label(k)), h('td', qty(item[k]))))))),
    h('div.stock-block.wide',
      h('h4', 'Per location'),
      h('table.mini', h('thead', h('tr', h('th', 'Location'), locFigures.map((k) => h('th.num', label(k, 'location_'))))),
        h('tbody', locs.map((l) => h('tr', h('td', l.location_name, l.is_primary ? h('span.tag', 'primary') : null),
          locFigures.map((k) => h('td.num', qty(l[k])))))))),
  ];
  if ((item.storages || []).length)
    parts.push(h('div.stock-block',
      h('h4', 'Bins'),
      h('table.mini', h('thead', h('tr', h('th', 'Bin'), h('th', 'Location'), h('th.num', 'Quantity'))),
        h('tbody', item.storages.map((s) => h('tr', h('td', s.storage_name), h('td', locationName(item, s.location_id)), h('td.num', qty(s.quantity))))))));
  if ((item.batches || []).length)
    parts.push(h('div.stock-block',
      h('h4', 'Batches'),
      h('table.mini', h('thead', h('tr', h('th', 'Batch'), h('th', 'Location'), h('th', 'Bin'), h('th.num', 'Quantity'))),
        h('tbody', item.batches.map((b) => h('tr', h('td', b.batch_number), h('td', locationName(item, b.location_id)), h('td', binName(item, b.storage_id)), h('td.num', qty(b.quantity))))))));
  if ((item.serial_numbers || []).length)
    parts.push(h('div.stock-block',
      h('h4', `Serial numbers (${item.serial_numbers.length})`),
      h('div.serials', item.serial_numbers.map((s) => h('span.serial', { title: `${locationName(item, s.location_id)} · ${binName(item, s.storage_id)}` }, s.serial_number)))));
  return h('tr.stock-details', h('td', { colspan }, h('div.stock-blocks', parts)));
}

// Renders the stock of org into container (and reads it again each call).
export async function renderStock(org, container, search = '') {
  let items;
  try {
    items = await readItems(org.organization_id);
  } catch (err) {
    clear(container, h('div.error-box', `Could not read the items: ${errorText(err)}`));
    return;
  }
  const locations = org.locations;
  const colspan = locations.length + 3;
  const open = new Set([...container.querySelectorAll('tr.stock-row.open')].map((tr) => tr.dataset.item));
  const needle = search.toLowerCase();
  const shown = items.filter((it) => !needle || `${it.name} ${it.sku}`.toLowerCase().includes(needle));
  const tbody = h('tbody');
  for (const item of shown) {
    const at = new Map((item.locations || []).map((l) => [l.location_id, l.location_stock_on_hand]));
    const tr = h('tr.stock-row', { dataset: { item: item.item_id } },
      h('td', h('div.item-name', item.name), h('div.muted.small', item.sku)),
      h('td', item.track_serial_number ? h('span.tag.t-serial', 'serial') : null, item.track_batch_number ? h('span.tag.t-batch', 'batch') : null),
      locations.map((l) => h('td.num', at.has(l.location_id) ? qty(at.get(l.location_id)) : h('span.muted', '—'))),
      h('td.num.total', qty(item.stock_on_hand)));
    const more = details(item, colspan);
    more.hidden = !open.has(item.item_id);
    tr.classList.toggle('open', open.has(item.item_id));
    tr.addEventListener('click', () => {
      more.hidden = !more.hidden;
      tr.classList.toggle('open', !more.hidden);
    });
    tbody.append(tr, more);
  }
  clear(container,
    h('table.grid.stock',
      h('thead', h('tr', h('th', 'Item'), h('th', 'Tracking'), locations.map((l) => h('th.num', l.location_name)), h('th.num', 'Stock on hand'))),
      tbody),
    shown.length ? null : h('div.empty', 'No item matches.'));
}
