// scenarios.js -- the Scenarios panel: active scenarios, the examples, a pasted script

import { api, get, withQuery } from './api.js';
import { $, clear, errorText, h, toast } from './dom.js';
import { every, on, orgLabel, scopeOptions, state } from './state.js';

const sources = new Map();      // scenario name -> its source, when the page knows it
let examples = [];
let refresh = () => {};

// "name:12: message" / "scenarios/x.lua:12: message" -> 12
function errorLine(message) {
  const m = /:(\d+):/.exec(message || '');
  return m ? Number(m[1]) : null;
}

// The lines around `line`, that one marked.
function snippet(source, line) {
  const lines = source.split('\n');
  const from = Math.max(1, line - 2), to = Math.min(lines.length, line + 2);
  const out = h('pre.snippet');
  for (let n = from; n <= to; n++)
    out.append(h(`span.src-line${n === line ? '.hit' : ''}`, h('span.ln', String(n).padStart(3)), ` ${lines[n - 1]}\n`));
  return out;
}

function errorBlock(name, message) {
  const line = errorLine(message);
  const src = sources.get(name);
  return h('div.script-fail',
    h('div', line ? h('span.tag.t-err', `line ${line}`) : null, ' ', message),
    line && src ? snippet(src, line) : null);
}

// ------------------------------------------------------------ active

async function remove(s) {
  try {
    await api('DELETE', withQuery(`/__admin/scenarios/${encodeURIComponent(s.name)}`, { organization_id: s.organization_id || '' }));
    toast(`${s.name} removed`);
    refresh();
  } catch (err) {
    toast(errorText(err), 'error');
  }
}

function renderActive(list) {
  $('#scenarios-count').textContent = list.length ? String(list.length) : '';
  const box = $('#scenarios-active');
  if (!list.length) return clear(box, h('div.empty', 'None: zoho-mock answers from its model. Turn on an example or load a script.'));
  clear(box, h('table.grid.active-scenarios',
    h('thead', h('tr', h('th', 'Scenario'), h('th', 'For'), h('th.num', 'Calls'), h('th.num', 'Errors'), h('th', ''))),
    h('tbody', list.map((s) => {
      const routes = Object.entries(s.routes || {}).map(([r, n]) => `${r}: ${n}`).join('\n');
      return [
        h('tr', { dataset: { scenario: s.name } },
          h('td', h('div.item-name', s.name), h('div.muted.small', [s.file || 'pasted script', ...s.hooks].join(' · '))),
          h('td', { title: s.organization_id || 'every organization' }, s.organization_id ? orgLabel(s.organization_id) : 'All organizations'),
          h('td.num', { title: routes || 'no call yet' }, String(s.calls)),
          h(`td.num${s.errors ? '.bad' : ''}`, String(s.errors)),
          h('td.actions', h('button.btn.btn-small', { type: 'button', onclick: () => remove(s) }, 'Remove'))),
        s.last_error ? h('tr.error-row', h('td', { colspan: 5 }, errorBlock(s.name, s.last_error))) : null,
      ];
    }))));
}

// ------------------------------------------------------------ examples

async function turnOn(file, orgId) {
  try {
    await api('POST', '/__admin/scenarios', orgId ? { file, organization_id: orgId } : { file });
    toast(`${file} is on for ${orgId ? orgLabel(orgId) : 'every organization'}`);
    refresh();
  } catch (err) {
    toast(errorText(err), 'error');
  }
}

function renderExamples() {
  clear($('#examples'), examples.map((e) => {
    const scope = h('select.org-scope', { title: 'For every organization, or one' });
    scopeOptions(scope, 'All organizations');
    const src = h('pre.source', { hidden: true }, e.source);
    return h('div.example', { dataset: { file: e.file } },
      h('div.example-head', h('span.item-name', e.file),
        h('button.link', { type: 'button', onclick: (ev) => { src.hidden = !src.hidden; ev.target.textContent = src.hidden ? 'source' : 'hide'; } }, 'source')),
      h('p.small', e.summary),
      h('div.row', scope,
        h('button.btn.btn-primary.btn-small', { type: 'button', onclick: () => turnOn(e.file, scope.value) }, 'Turn on')),
      src);
  }));
}

// ------------------------------------------------------------ a pasted script

function gutter(mark) {
  const text = $('#script-source').value;
  const n = Math.max(1, text.split('\n').length);
  const g = $('#script-editor .gutter');
  g.replaceChildren(...Array.from({ length: n }, (_, i) => h(`span${i + 1 === mark ? '.hit' : ''}`, `${i + 1}\n`)));
  g.scrollTop = $('#script-source').scrollTop;
}

async function loadScript(ev) {
  ev.preventDefault();
  const source = $('#script-source').value;
  const name = $('#script-name').value.trim();
  const orgId = $('#script-org').value;
  const box = $('#script-error');
  if (!source.trim()) {
    box.hidden = false;
    box.textContent = 'Paste a Lua script first.';
    return;
  }
  try {
    const r = await api('POST', withQuery('/__admin/scenarios', { name, organization_id: orgId }), source, { contentType: 'text/x-lua' });
    sources.set(r.scenario.name, source);
    box.hidden = true;
    gutter(null);
    toast(`${r.scenario.name} is on for ${orgId ? orgLabel(orgId) : 'every organization'}`);
    refresh();
  } catch (err) {
    const message = errorText(err);
    const line = errorLine(err.body && err.body.message);
    box.hidden = false;
    clear(box, line ? h('span.tag.t-err', `line ${line}`) : null, ' ', message);
    gutter(line);
  }
}

// ------------------------------------------------------------ setup

export function initScenarios() {
  const ta = $('#script-source');
  ta.addEventListener('input', () => gutter(null));
  ta.addEventListener('scroll', () => { $('#script-editor .gutter').scrollTop = ta.scrollTop; });
  gutter(null);
  $('#script-form').addEventListener('submit', loadScript);
  $('#scenarios-clear').addEventListener('click', async () => {
    try {
      const r = await api('DELETE', '/__admin/scenarios');
      toast(`${r.deactivated} removed`);
      refresh();
    } catch (err) {
      toast(errorText(err), 'error');
    }
  });
  on('orgs', () => {
    scopeOptions($('#script-org'));
    for (const sel of document.querySelectorAll('#examples .org-scope')) scopeOptions(sel);
  });
  on('reset', () => refresh());
  on('tab', (tab) => { if (tab === 'scenarios') refresh(); });
  get('/__admin/scenarios/examples').then((r) => {
    examples = r.examples;
    for (const e of examples) sources.set(e.file, e.source);
    renderExamples();
  }).catch((err) => clear($('#examples'), h('div.error-box', errorText(err))));
  refresh = every(2000, async () => renderActive((await get('/__admin/scenarios')).scenarios),
    { active: () => state.tab === 'scenarios' && !document.hidden });
  get('/__admin/scenarios').then((r) => renderActive(r.scenarios)).catch(() => {});
}
