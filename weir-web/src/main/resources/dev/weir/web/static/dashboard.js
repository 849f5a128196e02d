// Weir dashboard: polls the REST API every second and draws the job graph, the operators' metrics,
// the checkpoint history (table and chart) and the last failures. Plain JavaScript and SVG, no
// libraries, nothing fetched from elsewhere.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const BOX_W = 230, BOX_H = 96, GAP_X = 70, GAP_Y = 24;
let jobId = null;
let graphDrawn = false;

function el(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

async function getJson(path) {
  const response = await fetch(path, {cache: 'no-store'});
  if (!response.ok) throw new Error(path + ': HTTP ' + response.status);
  return response.json();
}

function rate(x) {
  if (x === undefined || x === null) return '–';
  if (x >= 1e6) return (x / 1e6).toFixed(2) + ' M';
  if (x >= 1e4) return (x / 1e3).toFixed(1) + ' k';
  return Math.round(x).toString();
}

function bytes(x) {
  if (x === undefined || x === null) return '–';
  if (x >= 1 << 30) return (x / (1 << 30)).toFixed(2) + ' GiB';
  if (x >= 1 << 20) return (x / (1 << 20)).toFixed(1) + ' MiB';
  if (x >= 1 << 10) return (x / (1 << 10)).toFixed(1) + ' KiB';
  return x + ' B';
}

function duration(ms) {
  if (ms === undefined || ms === null) return '–';
  if (ms < 1000) return ms + ' ms';
  const s = ms / 1000;
  if (s < 120) return s.toFixed(1) + ' s';
  const m = Math.floor(s / 60);
  return m < 120 ? m + ' min ' + Math.floor(s % 60) + ' s' : Math.floor(m / 60) + ' h ' + (m % 60) + ' min';
}

// Watermarks are epoch milliseconds; Long.MIN_VALUE (none yet) and Long.MAX_VALUE (end of input) read as words.
function watermark(w) {
  if (w === undefined || w === null || w < -1e15) return 'none';
  if (w > 1e15) return 'end';
  return new Date(w).toISOString().replace('T', ' ').replace('Z', '');
}

function time(epochMs) {
  return new Date(epochMs).toLocaleTimeString();
}

// Columns by longest path from a source, rows in the order the operators come.
function layout(graph) {
  const depth = {};
  graph.operators.forEach(o => depth[o.uid] = 0);
  for (let i = 0; i < graph.operators.length; i++) {
    graph.edges.forEach(e => { depth[e.to] = Math.max(depth[e.to], depth[e.from] + 1); });
  }
  const rows = {};
  const pos = {};
  graph.operators.forEach(o => {
    const col = depth[o.uid];
    const row = rows[col] = (rows[col] || 0) + 1;
    pos[o.uid] = {x: 10 + col * (BOX_W + GAP_X), y: 10 + (row - 1) * (BOX_H + GAP_Y)};
  });
  const cols = Math.max(...Object.values(depth)) + 1;
  const maxRows = Math.max(...Object.values(rows));
  return {pos, width: 20 + cols * BOX_W + (cols - 1) * GAP_X, height: 20 + maxRows * BOX_H + (maxRows - 1) * GAP_Y};
}

function drawGraph(graph) {
  const {pos, width, height} = layout(graph);
  const svg = el('svg', {viewBox: `0 0 ${width} ${height}`, height: height});
  const defs = el('defs');
  const marker = el('marker', {id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8, markerHeight: 8,
    orient: 'auto-start-reverse'});
  marker.appendChild(el('path', {d: 'M 0 0 L 10 5 L 0 10 z', fill: '#7b8697'}));
  defs.appendChild(marker);
  svg.appendChild(defs);
  graph.edges.forEach(e => {
    const a = pos[e.from], b = pos[e.to];
    if (!a || !b) return;
    const x1 = a.x + BOX_W, y1 = a.y + BOX_H / 2, x2 = b.x, y2 = b.y + BOX_H / 2;
    const g = el('g', {class: 'edge', 'data-from': e.from, 'data-to': e.to});
    const mid = (x1 + x2) / 2;
    g.appendChild(el('path', {d: `M ${x1} ${y1} C ${mid} ${y1}, ${mid} ${y2}, ${x2} ${y2}`,
      'marker-end': 'url(#arrow)', 'stroke-dasharray': e.partitioning === 'CHAINED' ? '' : '5 3'}));
    g.appendChild(el('text', {x: mid, y: (y1 + y2) / 2 - 5, 'text-anchor': 'middle'}, e.partitioning.toLowerCase()));
    svg.appendChild(g);
  });
  graph.operators.forEach(o => {
    const p = pos[o.uid];
    const g = el('g', {class: 'operator', 'data-uid': o.uid, transform: `translate(${p.x},${p.y})`});
    g.appendChild(el('rect', {class: 'box', width: BOX_W, height: BOX_H, fill: 'hsl(210,60%,88%)'}));
    g.appendChild(el('title', {}, `${o.name}\nuid ${o.uid}\n${o.kind}, parallelism ${o.parallelism}, task ${o.taskId}`
      + (o.chainedWith.length ? '\nchained with ' + o.chainedWith.join(', ') : '')));
    const name = o.name.length > 30 ? o.name.slice(0, 29) + '…' : o.name;
    g.appendChild(el('text', {class: 'name', x: 8, y: 17}, name));
    g.appendChild(el('text', {class: 'meta', x: 8, y: 33}, `${o.uid} · p=${o.parallelism} · task ${o.taskId}`));
    g.appendChild(el('text', {class: 'rates', x: 8, y: 51}, 'in – /s · out – /s'));
    g.appendChild(el('text', {class: 'load', x: 8, y: 68}, 'busy – · backpressured –'));
    g.appendChild(el('text', {class: 'watermark', x: 8, y: 85}, 'watermark –'));
    svg.appendChild(g);
  });
  const container = document.getElementById('graph');
  container.replaceChildren(svg);
  graphDrawn = true;
}

// Sums the subtasks of each operator: rates and counts add up, time per second is averaged, watermarks take the minimum.
function perOperator(rows) {
  const by = {};
  rows.forEach(r => {
    const o = by[r.operatorUid] = by[r.operatorUid] || {n: 0, in: 0, out: 0, busy: 0, bp: 0, wm: null};
    o.n++;
    o.in += r.numRecordsInPerSecond || 0;
    o.out += r.numRecordsOutPerSecond || 0;
    o.busy += r.busyTimeMsPerSecond || 0;
    o.bp += r.backPressuredTimeMsPerSecond || 0;
    const w = r.currentOutputWatermark;
    if (w !== undefined && w !== null) o.wm = o.wm === null ? w : Math.min(o.wm, w);
  });
  Object.values(by).forEach(o => { o.busy /= o.n; o.bp /= o.n; });
  return by;
}

function updateGraph(rows) {
  const by = perOperator(rows);
  document.querySelectorAll('#graph g.operator').forEach(g => {
    const o = by[g.getAttribute('data-uid')];
    if (!o) return;
    g.querySelector('text.rates').textContent = `in ${rate(o.in)} /s · out ${rate(o.out)} /s`;
    g.querySelector('text.load').textContent =
      `busy ${Math.round(o.busy / 10)}% · backpressured ${Math.round(o.bp / 10)}%`;
    g.querySelector('text.watermark').textContent = 'watermark ' + watermark(o.wm);
    const box = g.querySelector('rect.box');
    // Idle is pale blue, busy goes to red, as in Flink's web UI; backpressure draws a heavy dashed frame.
    const busy = Math.min(1, o.busy / 1000);
    box.setAttribute('fill', `hsl(${210 - 210 * busy},${60 + 15 * busy}%,${88 - 18 * busy}%)`);
    box.classList.toggle('backpressured', o.bp > 100);
  });
}

function cell(tr, text, cls) {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) td.className = cls;
  tr.appendChild(td);
}

function updateOperators(rows) {
  const body = document.querySelector('#operators tbody');
  body.replaceChildren(...rows.map(r => {
    const tr = document.createElement('tr');
    tr.setAttribute('data-uid', r.operatorUid);
    cell(tr, r.name + ' (' + r.operatorUid + ')');
    cell(tr, r.subtask);
    cell(tr, r.numRecordsIn);
    cell(tr, rate(r.numRecordsInPerSecond));
    cell(tr, r.numRecordsOut);
    cell(tr, rate(r.numRecordsOutPerSecond));
    cell(tr, Math.round(r.busyTimeMsPerSecond || 0));
    cell(tr, Math.round(r.backPressuredTimeMsPerSecond || 0));
    cell(tr, watermark(r.currentInputWatermark));
    cell(tr, watermark(r.currentOutputWatermark));
    cell(tr, r.numLateRecordsDropped);
    return tr;
  }));
}

function updateCheckpoints(list) {
  const completed = list.filter(c => c.status === 'COMPLETED').length;
  const failed = list.filter(c => c.status === 'FAILED').length;
  document.getElementById('checkpoint-counts').textContent =
    `${completed} completed, ${failed} failed of the last ${list.length}`;
  const body = document.querySelector('#checkpoints tbody');
  body.replaceChildren(...list.slice().reverse().slice(0, 30).map(c => {
    const tr = document.createElement('tr');
    tr.className = c.status;
    cell(tr, c.id);
    cell(tr, c.kind.toLowerCase());
    cell(tr, c.status.toLowerCase().replace('_', ' '));
    cell(tr, time(c.triggerTimestamp));
    cell(tr, duration(c.durationMs));
    cell(tr, bytes(c.stateSize));
    cell(tr, bytes(c.incrementalSize));
    cell(tr, duration(c.alignmentMs));
    cell(tr, c.failureMessage || c.path || '', 'text');
    return tr;
  }));
  drawCheckpointChart(list.slice(-60));
}

// Bars: each checkpoint's duration (red when it failed); line: its incremental size, on its own scale.
function drawCheckpointChart(list) {
  const W = 900, H = 160, L = 50, R = 60, T = 10, B = 22;
  const svg = el('svg', {viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none'});
  const maxD = Math.max(1, ...list.map(c => c.durationMs || 0));
  const maxS = Math.max(1, ...list.map(c => c.incrementalSize || 0));
  const step = (W - L - R) / Math.max(1, list.length);
  svg.appendChild(el('line', {x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: '#99a'}));
  svg.appendChild(el('text', {x: 4, y: T + 10, 'font-size': 11, fill: '#3a6ea5'}, duration(maxD)));
  svg.appendChild(el('text', {x: W - R + 4, y: T + 10, 'font-size': 11, fill: '#b9770e'}, bytes(maxS)));
  svg.appendChild(el('text', {x: 4, y: H - 6, 'font-size': 11, fill: '#6b7585'}, 'duration'));
  svg.appendChild(el('text', {x: W - R + 4, y: H - 6, 'font-size': 11, fill: '#6b7585'}, 'incremental'));
  let line = '';
  list.forEach((c, i) => {
    const h = (H - T - B) * (c.durationMs || 0) / maxD;
    const x = L + i * step;
    const bar = el('rect', {class: 'bar', x: x + 1, y: H - B - h, width: Math.max(1, step - 2), height: h,
      fill: c.status === 'FAILED' ? '#c0392b' : c.kind === 'SAVEPOINT' ? '#8e44ad' : '#3a6ea5'});
    bar.appendChild(el('title', {}, `${c.kind.toLowerCase()} ${c.id}: ${duration(c.durationMs)}, ` +
      `${bytes(c.incrementalSize)} incremental, ${bytes(c.stateSize)} state`));
    svg.appendChild(bar);
    const y = H - B - (H - T - B) * (c.incrementalSize || 0) / maxS;
    line += (i ? ' L ' : 'M ') + (x + step / 2) + ' ' + y;
  });
  if (line) svg.appendChild(el('path', {d: line, fill: 'none', stroke: '#b9770e', 'stroke-width': 2}));
  document.getElementById('checkpoint-chart').replaceChildren(svg);
}

function updateExceptions(list) {
  const box = document.getElementById('exceptions');
  if (!list.length) {
    box.innerHTML = '<p class="none">none</p>';
    return;
  }
  box.replaceChildren(...list.slice().reverse().map(x => {
    const div = document.createElement('div');
    div.className = 'exception';
    const head = document.createElement('div');
    head.textContent = `${new Date(x.timestamp).toLocaleString()}` +
      (x.operator ? ` · ${x.operator}` + (x.subtask >= 0 ? ` subtask ${x.subtask}` : '') : '') + ' · ' + x.message;
    const pre = document.createElement('pre');
    pre.textContent = x.stackTrace || '';
    div.append(head, pre);
    return div;
  }));
}

async function poll() {
  try {
    if (!jobId) {
      const jobs = await getJson('/api/jobs');
      if (!jobs.jobs.length) throw new Error('no job');
      jobId = jobs.jobs[0].id;
    }
    const base = '/api/jobs/' + jobId;
    const [job, operators, checkpoints, exceptions] = await Promise.all([
      getJson(base), getJson(base + '/operators'), getJson(base + '/checkpoints'), getJson(base + '/exceptions')]);
    if (!graphDrawn) drawGraph(await getJson(base + '/graph'));
    document.getElementById('job-name').textContent = job.name;
    const status = document.getElementById('job-status');
    status.textContent = job.status;
    status.className = 'status ' + job.status;
    document.getElementById('job-id').textContent = job.id;
    document.getElementById('job-uptime').textContent = duration(job.uptimeMs);
    if (operators.job && operators.job.numRestarts !== undefined) {
      document.getElementById('job-restarts').textContent = operators.job.numRestarts;
    }
    updateGraph(operators.operators);
    updateOperators(operators.operators);
    updateCheckpoints(checkpoints.checkpoints);
    updateExceptions(exceptions.exceptions);
    document.getElementById('connection').textContent = '';
    document.body.setAttribute('data-updated', Date.now());
  } catch (e) {
    document.getElementById('connection').textContent = 'not connected: ' + e.message;
  }
}

// Savepoint and stop: the API answers 202 at once with where to poll; the result shows next to the buttons.
async function savepoint(stop) {
  if (!jobId) return;
  if (stop && !confirm('Stop the job with a final savepoint?')) return;
  const result = document.getElementById('savepoint-result');
  const buttons = document.querySelectorAll('#actions button');
  buttons.forEach(b => b.disabled = true);
  result.textContent = (stop ? 'stopping with a savepoint' : 'taking a savepoint') + '…';
  try {
    const response = await fetch('/api/jobs/' + jobId + (stop ? '/stop' : '/savepoints'), {method: 'POST'});
    const accepted = await response.json();
    if (response.status !== 202) throw new Error(accepted.errors ? accepted.errors[0] : 'HTTP ' + response.status);
    let status;
    do {
      await new Promise(resolve => setTimeout(resolve, 300));
      status = await getJson(accepted['status-url']);
    } while (status.status === 'IN_PROGRESS');
    if (status.status !== 'COMPLETED') throw new Error(status.failure);
    result.textContent = 'savepoint completed: ' + status.location;
  } catch (e) {
    result.textContent = 'savepoint failed: ' + e.message;
  } finally {
    buttons.forEach(b => b.disabled = false);
  }
}

document.getElementById('savepoint-button').addEventListener('click', () => savepoint(false));
document.getElementById('stop-button').addEventListener('click', () => savepoint(true));

poll();
setInterval(poll, 1000);
