// api.js -- every call the page makes: the admin API, with the admin token when the server wants one

const TOKEN_KEY = 'zoho-mock.admin-token';

export class ApiError extends Error {
  constructor(status, body, text) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.text = text;
  }
}

export function adminToken() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

// One question at a time: calls that meet a 401 while the dialog is open
// wait for the same answer.
let asking = null;

function askToken(refused) {
  if (asking) return asking;
  const dialog = document.getElementById('token-dialog');
  const input = document.getElementById('token-input');
  document.getElementById('token-why').textContent = refused
    ? 'The admin API refused that token. Enter the one zoho-mock was started with (--admin-token).'
    : 'This zoho-mock was started with --admin-token: the admin API answers only with it.';
  input.value = '';
  asking = new Promise((resolve, reject) => {
    dialog.addEventListener('close', () => {
      asking = null;
      if (dialog.returnValue === 'ok' && input.value) {
        sessionStorage.setItem(TOKEN_KEY, input.value);
        resolve();
      } else {
        reject(new ApiError(401, { message: 'The admin API needs its token' }));
      }
    }, { once: true });
  });
  dialog.returnValue = '';
  dialog.showModal();
  input.focus();
  return asking;
}

// method, path ("/__admin/..."), body (an object is sent as JSON, a string
// as text/x-lua or opts.contentType). Resolves to the parsed answer;
// rejects with ApiError on any status from 400 up.
export async function api(method, path, body, opts = {}) {
  for (;;) {
    const token = adminToken();
    // The server closes the connection of a call so marked: the browser's
    // idle connections would otherwise hold its worker threads.
    const headers = { 'X-Zoho-Mock-Dashboard': '1' };
    if (token) headers.Authorization = `Bearer ${token}`;
    let payload;
    if (typeof body === 'string') {
      headers['Content-Type'] = opts.contentType || 'text/plain';
      payload = body;
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(path, { method, headers, body: payload, cache: 'no-store' });
    const text = await res.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (res.status === 401 && path.startsWith('/__admin')) {
      await askToken(Boolean(token));
      continue;
    }
    if (!res.ok) throw new ApiError(res.status, json, text);
    return json;
  }
}

export const get = (path) => api('GET', path);

// "/__admin/x" + {a: 1, b: ''} -> "/__admin/x?a=1" (empty values left out).
export function withQuery(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== '' && v !== undefined && v !== null) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

// A Zoho GET endpoint's answer, read through /__admin/peek: not journaled,
// untouched by scenarios, not counted as a client's read.
export function peek(organizationId, path) {
  return get(withQuery('/__admin/peek', { organization_id: organizationId, path }));
}
