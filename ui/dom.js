// dom.js -- small helpers the panels share: elements, formatting, JSON display, toasts

// h('div.card#id', {onclick, title, dataset: {...}}, child, 'text', ...)
export function h(tag, attrs, ...children) {
  const [, name = 'div', rest = ''] = /^([a-z0-9]*)(.*)$/i.exec(tag);
  const el = document.createElement(name || 'div');
  for (const part of rest.match(/[.#][^.#]+/g) || []) {
    if (part[0] === '.') el.classList.add(part.slice(1));
    else el.id = part.slice(1);
  }
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'class') el.className = v;
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const $ = (sel, root = document) => root.querySelector(sel);

// ------------------------------------------------------------ formatting

// Status class for colours: s2, s3, s4, s5 (s0: no answer).
export function statusClass(status) {
  const k = Math.floor(status / 100);
  return k >= 2 && k <= 5 ? `s${k}` : 's0';
}

export function statusPill(status) {
  return h(`span.pill.${statusClass(status)}`, String(status));
}

export function methodBadge(method) {
  return h(`span.method.m-${method.toLowerCase()}`, method);
}

// "2025-06-15T09:00:00+0530" -> "2025-06-15 09:00:00" (the clock's own zone).
export function shortTime(iso) {
  if (!iso) return '';
  return iso.replace('T', ' ').replace(/([+-]\d{4}|Z)$/, '');
}

// Epoch seconds printed in a zone "+0530": "2025-06-15 09:00:00".
export function formatInZone(epoch, zone) {
  const m = /^([+-])(\d\d):?(\d\d)$/.exec(zone || '+0000');
  const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  const d = new Date((epoch + minutes * 60) * 1000);
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

export function formatMs(ms) {
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  return ms.toFixed(2);
}

export function plural(n, one, many = one + 's') {
  return `${n} ${n === 1 ? one : many}`;
}

// "location_stock_on_hand" -> "Stock on hand"
export function label(key, prefix = '') {
  const s = key.startsWith(prefix) ? key.slice(prefix.length) : key;
  const words = s.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function formatNumber(n) {
  return typeof n === 'number' ? n.toLocaleString('en-US', { maximumFractionDigits: 4 }) : String(n ?? '');
}

// ------------------------------------------------------------ JSON

// Pretty-printed, coloured JSON (a <pre>). Text that is not JSON is shown as is.
export function jsonView(value) {
  const pre = h('pre.json');
  if (value === '' || value === undefined) {
    pre.append(h('span.muted', '(empty)'));
    return pre;
  }
  if (typeof value === 'string') {
    pre.classList.add('raw');
    pre.textContent = value;
    return pre;
  }
  render(pre, value, 0);
  return pre;
}

function render(out, v, depth) {
  const pad = '  '.repeat(depth);
  if (v === null) out.append(h('span.j-null', 'null'));
  else if (typeof v === 'string') out.append(h('span.j-str', JSON.stringify(v)));
  else if (typeof v === 'number') out.append(h('span.j-num', String(v)));
  else if (typeof v === 'boolean') out.append(h('span.j-bool', String(v)));
  else if (Array.isArray(v)) {
    if (!v.length) return out.append('[]');
    out.append('[\n');
    v.forEach((x, i) => {
      out.append(pad + '  ');
      render(out, x, depth + 1);
      out.append(i < v.length - 1 ? ',\n' : '\n');
    });
    out.append(pad + ']');
  } else {
    const keys = Object.keys(v);
    if (!keys.length) return out.append('{}');
    out.append('{\n');
    keys.forEach((k, i) => {
      out.append(pad + '  ', h('span.j-key', JSON.stringify(k)), ': ');
      render(out, v[k], depth + 1);
      out.append(i < keys.length - 1 ? ',\n' : '\n');
    });
    out.append(pad + '}');
  }
}

// A headers object as a two-column table.
export function headersTable(headers) {
  const names = Object.keys(headers || {});
  if (!names.length) return h('div.muted.small', '(none)');
  return h('table.kv', h('tbody', names.map((n) => h('tr', h('th', n), h('td', headers[n])))));
}

// ------------------------------------------------------------ feedback

export function toast(text, kind = 'info') {
  const el = h(`div.toast.t-${kind}`, text);
  $('#toasts').append(el);
  setTimeout(() => el.classList.add('leaving'), 3500);
  setTimeout(() => el.remove(), 4000);
}

// The message of a failed admin call, Zoho-style when it is one.
export function errorText(err) {
  if (err && err.body && typeof err.body === 'object' && err.body.message)
    return `${err.body.message}${err.body.code !== undefined ? ` (code ${err.body.code})` : ''}`;
  return err && err.message ? err.message : String(err);
}

export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    toast('Copied to the clipboard');
  } catch {
    toast('The browser refused the clipboard: select the text and copy it', 'warn');
  }
}
