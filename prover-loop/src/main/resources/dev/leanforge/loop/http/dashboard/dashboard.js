// leanforge dashboard: reads the JSON API and the event stream of `leanforge serve` and draws with plain SVG.
// No framework, no build step, nothing from elsewhere (the machine may be offline). Routes: docs/dashboard.md.
'use strict';

const STATUSES = ['PROVED', 'FAILED', 'REJECTED', 'TIMEOUT', 'CRASHED'];
const PALETTE = ['#2f6fde', '#e08a1e', '#2e9d5b', '#d14343', '#8b5cf6', '#0e9aa7', '#c2410c', '#7b8794'];
const SVG_NS = 'http://www.w3.org/2000/svg';
// Overlapping series stay apart without colour: each has its own dash pattern and marker shape.
const DASHES = ['', '7 4', '2 3', '10 3 2 3', '4 4', '1 5', '12 6', '6 2 2 2'];
const MARKERS = ['circle', 'square', 'triangle', 'diamond'];

const state = {
  status: null,
  campaigns: [],
  runs: [],
  proofs: [],
  live: new Map(),        // campaignId -> latest progress event
  firstSeen: new Map(),   // campaignId -> {at, theoremsDone} of the first event seen, for the ETA
  throughput: new Map(),  // campaignId -> [[time ms, checks/s in the interval before], ...]
  lastEvent: new Map(),   // campaignId -> {at, attempts} of the latest event, for the interval's checks/s
  training: [],           // runs with their trainings' log_history
  cluster: null,          // the workers of the cluster this process coordinates, if any
};

// ---- small DOM helpers (text goes in as text, never as markup) ----

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

function svgEl(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(path + ': HTTP ' + response.status);
  return response.json();
}

function duration(seconds) {
  if (!isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
}

function clock(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' }) : '–';
}

function campaignName(c) {
  return '#' + (c.id ?? c.campaignId) + ' ' + c.set + (c.split ? ' · ' + c.split : '');
}

function colour(index) {
  return PALETTE[index % PALETTE.length];
}

function dash(index) {
  return DASHES[index % DASHES.length];
}

/** A marker of shape MARKERS[index] at (cx, cy); hollow draws it white inside. */
function marker(index, cx, cy, stroke, hollow) {
  const shape = MARKERS[index % MARKERS.length];
  const fill = hollow ? '#fff' : stroke;
  const common = { stroke, 'stroke-width': 2, fill };
  if (shape === 'square') return svgEl('rect', { x: cx - 3.5, y: cy - 3.5, width: 7, height: 7, ...common });
  if (shape === 'triangle') {
    return svgEl('polygon', { points: `${cx},${cy - 4.5} ${cx + 4.5},${cy + 3.5} ${cx - 4.5},${cy + 3.5}`, ...common });
  }
  if (shape === 'diamond') {
    return svgEl('polygon', { points: `${cx},${cy - 5} ${cx + 5},${cy} ${cx},${cy + 5} ${cx - 5},${cy}`, ...common });
  }
  return svgEl('circle', { cx, cy, r: 4, ...common });
}

/** Where a campaign's policy came from, in a few words: run, round and phase, then the checkpoint. */
function origin(c) {
  const o = c.origin;
  if (!o) return c.policy;
  return o.run ? `${o.run} · round ${o.round} ${o.phase} · ${o.checkpoint}` : o.checkpoint;
}

// ---- charts ----

/** Round numbers for an axis from 0 (or min) to at least max. */
function ticks(min, max, count) {
  if (max <= min) max = min + 1;
  const raw = (max - min) / count;
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map(f => f * magnitude).find(s => s >= raw);
  const result = [];
  for (let v = Math.floor(min / step) * step; v <= max + step * 1e-9; v += step) result.push(+v.toFixed(10));
  if (result[result.length - 1] < max) result.push(result[result.length - 1] + step);
  return result;
}

/** Clears an SVG and sizes its coordinate system to its on-screen size, so text is never stretched. */
function canvas(svg) {
  svg.replaceChildren();
  const width = svg.clientWidth || 400;
  const height = svg.clientHeight || 240;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  return { width, height };
}

function emptyNote(svg, size, text) {
  svg.append(svgEl('text', { x: size.width / 2, y: size.height / 2, 'text-anchor': 'middle', class: 'empty-note' }, text));
}

/**
 * A line chart. series: [{name, colour, points: [[x, y, hollow?], ...]}]. options: xFormat, yFormat, yMax (fixed
 * top), xInteger (ticks at whole numbers), xPad (room around a single time point), markers (dots on every point),
 * empty (text when there is nothing to draw).
 */
function lineChart(svg, series, options) {
  const size = canvas(svg);
  const all = series.flatMap(s => s.points);
  if (all.length === 0) {
    emptyNote(svg, size, options.empty);
    return;
  }
  const legendRows = Math.ceil(series.length / 2);
  const margin = { left: 44, right: 12, top: 10, bottom: 26 + legendRows * 16 };
  const plot = { w: size.width - margin.left - margin.right, h: size.height - margin.top - margin.bottom };
  let xMin = Math.min(...all.map(p => p[0]));
  let xMax = Math.max(...all.map(p => p[0]));
  // Whole-number axes (rounds) get half a step of air at both ends, so the first and last points are not on the edge.
  if (options.xInteger) { xMin -= 0.5; xMax += 0.5; } else if (xMin === xMax) { xMin -= options.xPad; xMax += options.xPad; }
  const yTicks = options.yMax ? ticks(0, options.yMax, 4) : ticks(0, Math.max(...all.map(p => p[1])), 4);
  const yMax = yTicks[yTicks.length - 1];
  const x = v => margin.left + (v - xMin) / (xMax - xMin) * plot.w;
  const y = v => margin.top + plot.h - v / yMax * plot.h;

  for (const t of yTicks) {
    svg.append(svgEl('line', { x1: margin.left, x2: margin.left + plot.w, y1: y(t), y2: y(t), class: 'grid' }));
    svg.append(svgEl('text', { x: margin.left - 6, y: y(t) + 4, 'text-anchor': 'end' }, options.yFormat(t)));
  }
  const xTicks = options.xInteger
    ? ticks(Math.ceil(xMin), Math.floor(xMax), Math.min(6, Math.max(1, Math.floor(xMax) - Math.ceil(xMin))))
      .filter(t => t >= xMin && t <= xMax && Number.isInteger(t))
    : Array.from({ length: 4 }, (_, i) => xMin + (xMax - xMin) * i / 3);
  xTicks.forEach((t, i) => {
    // Time labels at the ends are anchored inwards so they stay inside the chart.
    const anchor = options.xInteger ? 'middle' : i === 0 ? 'start' : i === xTicks.length - 1 ? 'end' : 'middle';
    svg.append(svgEl('text', { x: x(t), y: margin.top + plot.h + 16, 'text-anchor': anchor }, options.xFormat(t)));
  });
  svg.append(svgEl('line', { x1: margin.left, x2: margin.left + plot.w, y1: margin.top + plot.h,
    y2: margin.top + plot.h, class: 'axis' }));

  // With several series each gets a dash pattern and a marker shape, so lines on top of each other stay apart.
  const several = series.length > 1;
  series.forEach((s, i) => {
    const points = s.points.slice().sort((a, b) => a[0] - b[0]);
    if (points.length > 1) {
      svg.append(svgEl('polyline', { points: points.map(p => x(p[0]) + ',' + y(p[1])).join(' '), fill: 'none',
        stroke: s.colour, 'stroke-width': 2, 'stroke-linejoin': 'round', 'stroke-dasharray': several ? dash(i) : '' }));
    }
    if (options.markers || points.length === 1 || several) {
      // Many points: a marker every few, enough to tell the series apart without hiding the line.
      const every = options.markers ? 1 : Math.max(1, Math.ceil(points.length / 12));
      points.forEach((p, k) => {
        if (k % every === 0 || k === points.length - 1) svg.append(marker(i, x(p[0]), y(p[1]), s.colour, p[2]));
      });
    }
    const lx = margin.left + (i % 2) * plot.w / 2;
    const ly = margin.top + plot.h + 34 + Math.floor(i / 2) * 16;
    svg.append(svgEl('line', { x1: lx, x2: lx + 22, y1: ly - 4, y2: ly - 4, stroke: s.colour, 'stroke-width': 2,
      'stroke-dasharray': several ? dash(i) : '' }));
    svg.append(marker(several ? i : 0, lx + 11, ly - 4, s.colour, false));
    svg.append(svgEl('text', { x: lx + 28, y: ly, class: 'legend-text' }, s.name));
  });
}

/** Horizontal bars: [{label, value, total}], the value drawn over a lighter bar for the total. */
function barChart(svg, bars, empty) {
  const size = canvas(svg);
  if (bars.length === 0) {
    emptyNote(svg, size, empty);
    return;
  }
  const labelWidth = Math.min(170, size.width * 0.4);
  const valueWidth = 70;
  const rowHeight = Math.min(30, (size.height - 8) / bars.length);
  const barWidth = size.width - labelWidth - valueWidth - 8;
  const max = Math.max(1, ...bars.map(b => Math.max(b.total, b.value)));
  bars.forEach((bar, i) => {
    const top = 4 + i * rowHeight;
    const middle = top + rowHeight / 2;
    const thickness = Math.max(6, rowHeight * 0.6);
    svg.append(svgEl('text', { x: labelWidth - 8, y: middle + 4, 'text-anchor': 'end', class: 'bar-label' }, bar.label));
    svg.append(svgEl('rect', { x: labelWidth, y: middle - thickness / 2, width: barWidth * bar.total / max,
      height: thickness, rx: 3, fill: '#dbe7fb' }));
    svg.append(svgEl('rect', { x: labelWidth, y: middle - thickness / 2, width: barWidth * bar.value / max,
      height: thickness, rx: 3, fill: '#2f6fde' }));
    svg.append(svgEl('text', { x: labelWidth + barWidth + 8, y: middle + 4, class: 'bar-value' },
      bar.value + ' / ' + bar.total));
  });
}

/** A one-line stacked bar of attempts by verdict. */
function verdictBar(verdicts) {
  const total = STATUSES.reduce((sum, s) => sum + (verdicts[s] || 0), 0);
  const width = 160;
  const svg = svgEl('svg', { width, height: 12, viewBox: `0 0 ${width} 12` });
  let x = 0;
  for (const status of STATUSES) {
    const count = verdicts[status] || 0;
    if (count === 0 || total === 0) continue;
    const w = width * count / total;
    const rect = svgEl('rect', { x, y: 0, width: w, height: 12, class: status });
    rect.append(svgEl('title', {}, status + ': ' + count));
    svg.append(rect);
    x += w;
  }
  if (total === 0) svg.append(svgEl('rect', { x: 0, y: 0, width, height: 12, fill: '#eef1f5' }));
  return svg;
}

// ---- sections ----

function renderSummary() {
  const s = state.status;
  if (!s) return;
  document.getElementById('version').textContent = s.version;
  document.getElementById('store').textContent = s.store;
  document.getElementById('store').title = s.store;
  document.getElementById('uptime').textContent = duration(s.uptimeSeconds);
  document.getElementById('campaign-count').textContent = s.campaigns;
  document.getElementById('proof-count').textContent = s.proofs;
}

function renderRunning() {
  const box = document.getElementById('running');
  // Running campaigns first, then those that finished while this server listened: a campaign's bar stays after
  // its end, marked finished, so its last numbers can still be read.
  const all = [...state.live.values()];
  const running = all.filter(p => !p.finished).concat(all.filter(p => p.finished).reverse());
  if (running.length === 0) {
    box.replaceChildren(el('p', { class: 'empty' },
      'No campaign in this server\'s process has reported progress yet. Campaigns run by other processes '
        + 'appear in the table below as they write to the store.'));
    return;
  }
  box.replaceChildren(...running.map(p => {
    const total = Math.max(1, p.theoremsTotal);
    const bar = el('div', { class: 'progress', title: p.theoremsDone + ' of ' + p.theoremsTotal + ' theorems done' });
    const done = el('div', { class: 'done' });
    const solved = el('div', { class: 'solved' });
    done.style.width = (100 * p.theoremsDone / total) + '%';
    solved.style.width = (100 * p.solved / total) + '%';
    bar.append(done, solved);
    const name = el('div', { class: 'name' });
    name.append(el('a', { href: 'campaign.html?id=' + p.campaignId }, campaignName(p)), ' ',
      el('span', {}, p.strategy));
    if (p.finished) name.append(' ', el('span', { class: 'status FINISHED' }, 'finished'));
    const facts = el('div', { class: 'facts' },
      `${p.theoremsDone} / ${p.theoremsTotal} theorems · ${p.solved} solved · ${p.attempts} checks · `
      + `${p.checksPerSecond.toFixed(1)} checks/s` + (p.finished ? ' (average)' : ' · ETA ' + eta(p)));
    return el('div', { class: 'campaign' + (p.finished ? ' ended' : '') }, name, bar, facts);
  }));
}

/** Remaining theorems at the pace seen since this page first heard of the campaign. */
function eta(progress) {
  const first = state.firstSeen.get(progress.campaignId);
  const done = progress.theoremsDone - first.theoremsDone;
  const seconds = (Date.parse(progress.receivedAt) - first.at) / 1000;
  if (progress.theoremsDone >= progress.theoremsTotal) return 'finishing';
  if (done <= 0 || seconds <= 0) return '–';
  return duration((progress.theoremsTotal - progress.theoremsDone) * seconds / done);
}

function renderThroughput() {
  const series = [...state.throughput.entries()].map(([id, points], i) => {
    const progress = state.live.get(id);
    const campaign = state.campaigns.find(c => c.id === id);
    return { name: progress ? campaignName(progress) : campaign ? campaignName(campaign) : '#' + id,
      colour: colour(i), points };
  });
  lineChart(document.getElementById('throughput-chart'), series, {
    xFormat: clock, yFormat: v => String(v), xPad: 30_000,
    empty: 'No progress events yet: start a campaign.',
  });
}

/** Training loss per step of every STaR round's SFT and DPO, from trainer_state.json's log_history. */
function renderTraining() {
  const series = [];
  for (const run of state.training) {
    for (const t of run.trainings) {
      const points = t.logHistory.filter(e => typeof e.loss === 'number').map(e => [e.step, e.loss]);
      if (points.length === 0) continue;
      const name = (state.training.length > 1 ? run.run + ' · ' : '') + 'round ' + t.round + ' ' + t.phase
        + (t.globalStep < t.maxSteps ? ` (${t.globalStep}/${t.maxSteps})` : '');
      series.push({ name, colour: colour(series.length), points });
    }
  }
  lineChart(document.getElementById('training-chart'), series, {
    xFormat: v => 'step ' + Math.round(v), yFormat: v => v.toFixed(2), xPad: 1,
    empty: 'No training log yet (a STaR run writes one per round).',
  });
}

function renderSolved() {
  const recent = state.campaigns.slice(-7);
  barChart(document.getElementById('solved-chart'), recent.map(c => ({
    label: campaignName(c), value: c.theoremsSolved, total: c.theoremsAttempted,
  })), 'No campaigns in this store yet.');
}

function renderPassAtK() {
  const bySeries = new Map();
  for (const run of state.runs) {
    for (const round of run.rounds) {
      const promoted = round.checkpoint && round.checkpoint.promoted;
      for (const point of round.passAtK) {
        const name = (state.runs.length > 1 ? run.run + ' · ' : '') + point.split + ' pass@' + point.k;
        if (!bySeries.has(name)) bySeries.set(name, []);
        bySeries.get(name).push([round.number, point.value, !promoted]);
      }
    }
  }
  const series = [...bySeries.entries()].map(([name, points], i) => ({ name, colour: colour(i), points }));
  lineChart(document.getElementById('passk-chart'), series, {
    xFormat: v => 'round ' + v, yFormat: v => v.toFixed(2), yMax: 1, xInteger: true, markers: true,
    empty: 'No evaluated STaR round in this store yet.',
  });
}

function renderCampaigns() {
  const body = document.querySelector('#campaigns tbody');
  if (state.campaigns.length === 0) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 10, class: 'empty' }, 'No campaigns in this store yet.')));
    return;
  }
  body.replaceChildren(...state.campaigns.slice().reverse().map(c => {
    const link = el('a', { href: 'campaign.html?id=' + c.id, title: 'attempts, verdicts and proofs' }, String(c.id));
    const verdicts = el('td');
    verdicts.append(verdictBar(c.verdicts));
    return el('tr', {},
      el('td', {}, link), el('td', {}, c.set), el('td', {}, c.split ?? '–'), el('td', {}, c.strategy),
      el('td', { class: 'mono origin', title: c.policy }, origin(c)),
      el('td', {}, el('span', { class: 'status ' + c.status }, c.status.toLowerCase())),
      el('td', {}, when(c.createdAt)),
      el('td', { class: 'num' }, c.theoremsSolved + ' / ' + c.theoremsAttempted),
      el('td', { class: 'num' }, String(c.attempts)), verdicts);
  }));
}

// The workers of the cluster this process coordinates (campaign run --cluster); the card stays hidden otherwise.
function renderCluster() {
  const cluster = state.cluster;
  const card = document.getElementById('cluster-card');
  card.hidden = !cluster;
  if (!cluster) return;
  document.getElementById('cluster-summary').textContent = '"' + cluster.clusterName + '": ' + cluster.size
    + ' taking leases (' + cluster.takingLean + ' Lean, ' + cluster.takingPolicy + ' policy), ' + cluster.queued
    + ' waiting; the campaign pins Lean ' + cluster.pinnedLeanVersion;
  const body = document.querySelector('#cluster-workers tbody');
  if (cluster.workers.length === 0) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 12, class: 'empty' }, 'No worker seen yet.')));
    return;
  }
  body.replaceChildren(...cluster.workers.map(w => el('tr', {},
    el('td', { class: 'mono' }, w.id), el('td', {}, workerState(w)), el('td', {}, w.leanVersion ?? '–'),
    el('td', { class: 'num' }, w.warmCapacity + ' / ' + w.freshCapacity),
    el('td', { class: 'mono' }, workerPolicy(w.policy)), el('td', { class: 'num' }, String(w.policy.capacity)),
    el('td', { class: 'num' }, w.inFlight + ' (' + w.policy.inFlight + ')'),
    el('td', { class: 'num' }, String(w.checksDone)), el('td', { class: 'num' }, String(w.policy.callsDone)),
    el('td', { class: 'num' }, w.checksPerSecond.toFixed(1)),
    el('td', { class: 'num' }, String(w.failures)), el('td', { class: 'num' }, String(w.lostLeases)))));
}

const FAMILY_LABELS = { LEAN: 'Lean', POLICY: 'policy' };

// Liveness is the worker's; exclusion is per family: a worker excluded from Lean may still serve its policy.
function workerState(w) {
  const excluded = Object.entries(w.excluded).map(([family, e]) => FAMILY_LABELS[family]
    + (e.until === 'END_OF_RUN' ? ' excluded: ' : ' excluded until its next hello: ') + e.why);
  return [w.state.toLowerCase(), ...excluded].join('; ');
}

function workerPolicy(policy) {
  if (policy.capacity === 0) return '–';
  return policy.description + (policy.matches ? '' : " (not the campaign's)");
}

async function loadCluster() {
  state.cluster = (await getJson('api/cluster')).cluster;
  renderCluster();
}

function renderVerdictLegend() {
  document.getElementById('verdict-legend').replaceChildren(
    ...STATUSES.map(s => el('span', { class: s }, s.toLowerCase())));
}

function renderProofs() {
  const body = document.querySelector('#proofs tbody');
  if (state.proofs.length === 0) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 5, class: 'empty' }, 'No verified proof recorded yet.')));
    return;
  }
  body.replaceChildren(...state.proofs.slice().reverse().map(p => el('tr', {},
    el('td', {}, p.set), el('td', {}, p.theorem), el('td', { class: 'mono', title: p.proof }, p.proof),
    el('td', {}, p.leanVersion), el('td', {}, when(p.recordedAt)))));
}

function renderAll() {
  renderSummary();
  renderRunning();
  renderThroughput();
  renderSolved();
  renderPassAtK();
  renderTraining();
  renderCampaigns();
  renderProofs();
}

// ---- data ----

function addProgress(progress) {
  const id = progress.campaignId;
  if (!state.firstSeen.has(id)) {
    state.firstSeen.set(id, { at: Date.parse(progress.receivedAt), theoremsDone: progress.theoremsDone });
  }
  state.live.set(id, progress);
  // The checks per second since this campaign's previous event: its current pace (the event's own number is the
  // average since its run started).
  const at = Date.parse(progress.receivedAt);
  const before = state.lastEvent.get(id);
  if (before && at > before.at && progress.attempts >= before.attempts) {
    addSample(id, at, (progress.attempts - before.attempts) / ((at - before.at) / 1000));
  }
  if (!before || at > before.at) state.lastEvent.set(id, { at, attempts: progress.attempts });
}

function addSample(campaignId, at, checksPerSecond) {
  if (!state.throughput.has(campaignId)) state.throughput.set(campaignId, []);
  const points = state.throughput.get(campaignId);
  // The history, the status and the stream's replay on connect overlap and may arrive in any order: keep each event
  // once, in time order.
  if (points.some(p => p[0] === at)) return;
  let i = points.length;
  while (i > 0 && points[i - 1][0] > at) i--;
  points.splice(i, 0, [at, checksPerSecond]);
  if (points.length > 2000) points.shift();
}

async function loadStatus() {
  state.status = await getJson('api/status');
  renderSummary();
}

async function loadCampaigns() {
  state.campaigns = (await getJson('api/campaigns')).campaigns;
  renderCampaigns();
  renderSolved();
}

async function loadRounds() {
  state.runs = (await getJson('api/rounds')).runs;
  renderPassAtK();
}

async function loadTraining() {
  state.training = (await getJson('api/training')).runs;
  renderTraining();
}

async function loadProofs() {
  const total = (await getJson('api/proofs?limit=0')).total;
  state.proofs = (await getJson('api/proofs?limit=8&offset=' + Math.max(0, total - 8))).proofs;
  renderProofs();
}

/** At most one store reload per second, however fast progress events come. */
let reloadPending = false;
function reloadStoreViewsSoon() {
  if (reloadPending) return;
  reloadPending = true;
  setTimeout(() => {
    reloadPending = false;
    Promise.all([loadCampaigns(), loadProofs(), loadStatus()]).catch(showError);
  }, 1000);
}

function connectEvents() {
  const pill = document.getElementById('connection');
  const events = new EventSource('api/events');
  events.onopen = () => { pill.textContent = 'live'; pill.className = 'pill live'; };
  events.onerror = () => { pill.textContent = 'reconnecting…'; pill.className = 'pill down'; };
  events.addEventListener('progress', message => {
    addProgress(JSON.parse(message.data));
    renderRunning();
    renderThroughput();
    reloadStoreViewsSoon();
  });
}

function showError(error) {
  const pill = document.getElementById('connection');
  pill.textContent = 'error: ' + error.message;
  pill.className = 'pill down';
}

async function start() {
  renderVerdictLegend();
  const [status, campaigns, rounds, samples, training] = await Promise.all([
    getJson('api/status'), getJson('api/campaigns'), getJson('api/rounds'), getJson('api/throughput'),
    getJson('api/training')]);
  state.status = status;
  state.campaigns = campaigns.campaigns;
  state.runs = rounds.runs;
  state.training = training.runs;
  for (const sample of samples.samples) {
    const at = Date.parse(sample.at);
    if (!state.firstSeen.has(sample.campaignId)) {
      state.firstSeen.set(sample.campaignId, { at, theoremsDone: sample.theoremsDone });
    }
    if (sample.intervalChecksPerSecond !== null && sample.intervalChecksPerSecond !== undefined) {
      addSample(sample.campaignId, at, sample.intervalChecksPerSecond);
    }
    const last = state.lastEvent.get(sample.campaignId);
    if (!last || at > last.at) state.lastEvent.set(sample.campaignId, { at, attempts: sample.attempts });
  }
  for (const progress of status.running.concat(status.finished || [])) addProgress(progress);
  await loadProofs();
  renderAll();
  connectEvents();
  setInterval(() => loadStatus().catch(showError), 5000);
  await loadCluster();
  setInterval(() => loadCluster().catch(showError), 2000);
  // Campaigns in other processes write to the store without events reaching this server: read it now and then.
  setInterval(reloadStoreViewsSoon, 15000);
  setInterval(() => loadRounds().catch(showError), 30000);
  setInterval(() => loadTraining().catch(showError), 30000);
  let resizeTimer;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(renderAll, 150);
  });
}

start().catch(showError);
