// app.js -- the dashboard's start: tabs, the reset dialog, the first reads

import { api, get, withQuery } from './api.js';
import { $, errorText, toast } from './dom.js';
import { initContracts } from './contracts.js';
import { initOrgs } from './orgs.js';
import { initRequests } from './requests.js';
import { initScenarios } from './scenarios.js';
import { emit, on, orgLabel, refreshOrgs, scopeOptions, state } from './state.js';

function showTab(tab) {
  state.tab = tab;
  for (const b of document.querySelectorAll('.tabs [role=tab]')) b.setAttribute('aria-selected', String(b.dataset.tab === tab));
  for (const p of document.querySelectorAll('[data-panel]')) p.hidden = p.dataset.panel !== tab;
  if (location.hash !== `#${tab}`) history.replaceState(null, '', `#${tab}`);
  emit('tab', tab);
}

function askReset(orgId = '') {
  const dialog = $('#reset-dialog');
  scopeOptions($('#reset-which'), 'Every organization');
  $('#reset-which').value = orgId;
  dialog.returnValue = '';
  dialog.showModal();
}

async function reset() {
  const orgId = $('#reset-which').value;
  try {
    await api('POST', withQuery('/__admin/reset', { organization_id: orgId }));
    await refreshOrgs();
    emit('reset', orgId);
    toast(`${orgId ? orgLabel(orgId) : 'Every organization'} is back to its fixture`);
  } catch (err) {
    toast(errorText(err), 'error');
  }
}

function init() {
  for (const b of document.querySelectorAll('.tabs [role=tab]')) b.addEventListener('click', () => showTab(b.dataset.tab));
  $('#reset-open').addEventListener('click', () => askReset(state.tab === 'organizations' && $('.org-chip.on') ? $('.org-chip.on').dataset.org : ''));
  $('#reset-dialog').addEventListener('close', () => { if ($('#reset-dialog').returnValue === 'reset') reset(); });
  on('ask-reset', askReset);
  initRequests();
  initOrgs();
  initScenarios();
  initContracts();
  const first = location.hash.slice(1);
  showTab(['requests', 'organizations', 'scenarios', 'contracts'].includes(first) ? first : 'requests');
  get('/__admin/health').then((r) => { $('#version').textContent = `v${r.version}`; }).catch(() => {});
  refreshOrgs().catch((err) => toast(errorText(err), 'error'));
}

init();
