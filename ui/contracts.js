// contracts.js -- the Contracts panel: `zoho-mock verify` on a file or folder, each interaction's result

import { api } from './api.js';
import { $, clear, errorText, h, plural } from './dom.js';

function fileBlock(f) {
  const failed = f.interactions.filter((i) => !i.passed).length;
  const details = h(`details.verify-file${failed ? '.has-fail' : ''}`, { open: failed > 0 },
    h('summary',
      h(`span.tag${failed ? '.t-err' : '.t-ok'}`, failed ? `${failed} failed` : 'passed'),
      h('span.mono', f.file),
      h('span.muted', plural(f.interactions.length, 'interaction'))),
    h('ul.interactions', f.interactions.map((i) => h(`li${i.passed ? '.pass' : '.fail'}`,
      h('span.mark', i.passed ? '✓' : '✗'),
      h('span.name', i.name),
      i.failure ? h('pre.diff', i.failure) : null))));
  return details;
}

async function run(ev) {
  ev.preventDefault();
  const path = $('#verify-path').value.trim();
  const out = $('#verify-result');
  const button = $('#verify-run');
  if (!path) return;
  button.disabled = true;
  button.textContent = 'Running…';
  clear(out, h('div.card.muted', `Running zoho-mock verify ${path}…`));
  try {
    const r = await api('POST', '/__admin/verify', { path });
    const ok = r.failed === 0 && r.exit_code === 0;
    clear(out,
      h(`div.card.verify-summary${ok ? '.ok' : '.bad'}`,
        h('span.big', ok ? '✓' : '✗'),
        h('span', h('b', `${r.passed} passed, ${r.failed} failed`), ` — ${r.path}`),
        r.exit_code > 1 ? h('span.tag.t-err', `verify exited ${r.exit_code}`) : null),
      h('div.card', r.files.length ? r.files.map(fileBlock) : h('div.muted', 'No contract ran.'),
        h('details.verify-output', h('summary', 'The report as verify printed it'), h('pre', r.output))));
  } catch (err) {
    clear(out, h('div.card.error-box', errorText(err)));
  } finally {
    button.disabled = false;
    button.textContent = 'Run verify';
  }
}

export function initContracts() {
  $('#verify-form').addEventListener('submit', run);
}
