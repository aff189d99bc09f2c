// leanforge campaign page: one campaign of the store (campaign.html?id=N) — its settings, where its policy came from,
// verdict counts, pass@k, every attempt with its verdict and proof, and the theorems it solved. Plain DOM, text
// always set as text; nothing from elsewhere. Routes: docs/dashboard.md.
'use strict';

const STATUSES = ['PROVED', 'FAILED', 'REJECTED', 'TIMEOUT', 'CRASHED'];
const PAGE = 50;
const id = new URLSearchParams(location.search).get('id');
const view = { attempts: [], filter: '', page: 0 };

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || path + ': HTTP ' + response.status);
  return body;
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString([], { dateStyle: 'short', timeStyle: 'medium' }) : '–';
}

function facts(list, pairs) {
  list.replaceChildren(...pairs.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, String(value))]));
}

function renderCampaign(c) {
  document.title = 'leanforge campaign ' + c.id;
  document.getElementById('title').textContent = 'campaign ' + c.id;
  const o = c.origin || {};
  const pairs = [
    ['set', c.set], ['split', c.split ?? 'all'], ['strategy', c.strategy], ['status', c.status.toLowerCase()],
    ['policy', c.policy],
  ];
  if (o.run) pairs.push(['STaR', `${o.run}, round ${o.round}, ${o.phase}`]);
  pairs.push(['checkpoint', o.checkpoint ?? c.policy], ['started', when(c.createdAt)],
    ['last attempt', when(c.time && c.time.lastAttemptAt)],
    ['theorems', `${c.theoremsSolved} proved of ${c.theoremsAttempted} attempted`]);
  for (const p of c.passAtK || []) {
    pairs.push(['pass@' + p.k, (p.value === null ? 'n/a' : p.value.toFixed(4)) + ` over ${p.theorems} theorems`
      + (p.leftOut ? `, ${p.leftOut} left out` : '')]);
  }
  if (c.live) pairs.push(['live', `${c.live.theoremsDone} / ${c.live.theoremsTotal} theorems searched`
    + (c.live.finished ? ', finished' : '')]);
  facts(document.getElementById('facts'), pairs);
  facts(document.getElementById('verdicts'), STATUSES.map(s => [s.toLowerCase(), c.verdicts[s] || 0])
    .concat([['checks', c.attempts], ['Lean busy', (c.time ? c.time.checkSeconds.toFixed(1) : '–') + ' s']]));
  document.getElementById('settings').textContent = JSON.stringify(c.config, null, 2);
  const solved = document.getElementById('solved');
  solved.className = c.solvedTheorems.length ? '' : 'empty';
  solved.textContent = c.solvedTheorems.length ? c.solvedTheorems.join(', ') : 'None yet.';
  const select = document.getElementById('status-filter');
  select.replaceChildren(el('option', { value: '' }, 'all'),
    ...STATUSES.map(s => el('option', { value: s }, s.toLowerCase() + ' (' + (c.verdicts[s] || 0) + ')')));
}

function renderAttempts() {
  const shown = view.attempts.filter(a => !view.filter || a.status === view.filter);
  const pages = Math.max(1, Math.ceil(shown.length / PAGE));
  view.page = Math.min(view.page, pages - 1);
  const body = document.querySelector('#attempts tbody');
  const slice = shown.slice(view.page * PAGE, (view.page + 1) * PAGE);
  if (slice.length === 0) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 7, class: 'empty' }, 'No attempts.')));
  } else {
    body.replaceChildren(...slice.map(a => el('tr', {},
      el('td', { class: 'num' }, String(a.id)), el('td', {}, a.theorem),
      el('td', { class: 'num' }, String(a.attemptIndex)),
      el('td', {}, el('span', { class: 'status ' + a.status, title: 'verdict' }, a.status.toLowerCase())),
      el('td', { class: 'reason' }, a.reason ?? ''),
      el('td', {}, el('pre', { class: 'proof' }, a.proof)),
      el('td', { class: 'num' }, String(a.elapsedMs)))));
  }
  document.getElementById('page').textContent = `page ${view.page + 1} of ${pages} (${shown.length} attempts)`;
  document.getElementById('previous').disabled = view.page === 0;
  document.getElementById('next').disabled = view.page >= pages - 1;
}

async function loadAttempts() {
  const all = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await getJson('api/campaigns/' + id + '/attempts?limit=1000&offset=' + offset);
    all.push(...page.attempts);
    if (page.attempts.length < 1000 || all.length >= page.total) break;
  }
  view.attempts = all;
  renderAttempts();
}

async function start() {
  const pill = document.getElementById('connection');
  if (!id || !/^[0-9]+$/.test(id)) throw new Error('no campaign id: open campaign.html?id=N');
  renderCampaign(await getJson('api/campaigns/' + id));
  await loadAttempts();
  pill.textContent = 'loaded ' + new Date().toLocaleTimeString();
  pill.className = 'pill live';
}

document.getElementById('status-filter').addEventListener('change', event => {
  view.filter = event.target.value;
  view.page = 0;
  renderAttempts();
});
document.getElementById('previous').addEventListener('click', () => { view.page--; renderAttempts(); });
document.getElementById('next').addEventListener('click', () => { view.page++; renderAttempts(); });
start().catch(error => {
  const pill = document.getElementById('connection');
  pill.textContent = 'error: ' + error.message;
  pill.className = 'pill down';
});
