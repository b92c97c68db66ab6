// Capture.Pipeline dashboard: plain JS over the REST API (the W3C MediaStream Image Capture shapes).
'use strict';

const $ = (id) => document.getElementById(id);
// A service bound beyond loopback needs its API key: typed once, it becomes an HttpOnly session cookie that every
// request (images and live views too) carries. It never goes in a URL or in the page's storage.
const keyInput = $('api-key');
keyInput.addEventListener('change', async () => {
  const response = await fetch('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: keyInput.value }) });
  keyInput.value = '';
  if (response.ok) location.reload(); else showError(await response.json().catch(() => ({ title: `HTTP ${response.status}` })));
});

// Every API error is shown to the person, beside what caused it, with the W3C error name and constraint when there is one.
function showError(problem, where = 'error') {
  const box = $(where);
  if (!problem) { box.hidden = true; box.textContent = ''; return; }
  box.hidden = false;
  box.textContent = problem.constraint
    ? `${problem.name}: ${problem.constraint} — ${problem.detail}`
    : `${problem.name || problem.title || 'Error'}: ${problem.detail || problem.message || problem}`;
}

async function api(path, options = {}, where = 'error') {
  const response = await fetch(path, options);
  if (!response.ok) {
    let problem;
    try { problem = await response.json(); } catch { problem = { title: `HTTP ${response.status}`, detail: response.statusText }; }
    showError(problem, where);
    throw problem;
  }
  return response.headers.get('content-type')?.includes('json') ? response.json() : response.blob();
}

// ---- live view ----------------------------------------------------------------------------------

// An H.264/H.265 camera plays its own bitstream through Media Source Extensions where the browser has the codec;
// other cameras, and browsers without it, get MJPEG. Returns a function that stops the view.
async function playLive(id, img, video) {
  let info = null;
  try { info = await (await fetch(`/api/cameras/${id}/live/info`)).json(); } catch { info = null; }
  if (info?.mp4 && window.MediaSource && MediaSource.isTypeSupported(info.mimeType)) {
    img.hidden = true;
    video.hidden = false;
    return streamMp4(info.mp4, info.mimeType, video);
  }
  video.hidden = true;
  img.hidden = false;
  img.src = `/api/cameras/${id}/live`;
  return () => { img.src = ''; };
}

function streamMp4(url, type, video) {
  const abort = new AbortController();
  const open = () => {
    const source = new MediaSource();
    video.src = URL.createObjectURL(source);
    source.addEventListener('sourceopen', async () => {
      const buffer = source.addSourceBuffer(type);
      const queue = [];
      const pump = () => { if (!buffer.updating && queue.length) buffer.appendBuffer(queue.shift()); };
      buffer.addEventListener('updateend', () => {
        const ranges = buffer.buffered;
        if (ranges.length) {
          const end = ranges.end(ranges.length - 1);
          if (end - video.currentTime > 1.5) video.currentTime = end - 0.2;  // stay live: never lag behind the camera
          if (!queue.length && video.currentTime - ranges.start(0) > 30) { buffer.remove(0, video.currentTime - 10); return; }
        }
        pump();
      });
      try {
        const response = await fetch(url, { signal: abort.signal });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const reader = response.body.getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          queue.push(value);
          pump();
        }
      } catch { /* aborted, or the camera went away: try again below */ }
      if (!abort.signal.aborted) setTimeout(open, 1000); // a new stream session (reconnect) brings a new init segment
    }, { once: true });
    video.play().catch(() => {});
  };
  open();
  return () => { abort.abort(); video.removeAttribute('src'); video.load(); };
}

// ---- grid ---------------------------------------------------------------------------------------

// A browser opens at most six HTTP/1.1 connections per host. A live stream per tile would hold one each, and from
// six cameras on nothing else (status, controls) could get through. So at most LIVE_TILES tiles stream (H.264/H.265
// cameras first: their snapshot costs a decode), and every other tile shows snapshots, refreshed in turn by
// SNAPSHOT_WORKERS requests at a time, each tile at most every TILE_INTERVAL_MS. The grid stops while a camera is open.
const LIVE_TILES = 2, SNAPSHOT_WORKERS = 2, TILE_INTERVAL_MS = 250, ENCODED_INTERVAL_MS = 2000;
const cards = new Map();

async function refreshGrid() {
  let cameras;
  try { cameras = await api('/api/cameras'); } catch { return; }
  $('summary').textContent = `${cameras.filter(c => c.health === 'Healthy').length} of ${cameras.length} cameras healthy`;
  for (const camera of cameras) {
    let card = cards.get(camera.cameraId);
    if (!card) {
      card = document.createElement('article');
      card.className = 'card';
      card.dataset.camera = camera.cameraId;
      card.innerHTML = `<img alt="${camera.label}"><video muted autoplay playsinline hidden></video>
        <div class="meta"><strong></strong><span class="badge"></span><span class="stats"></span></div>`;
      card.addEventListener('click', () => openCamera(camera.cameraId));
      $('grid').append(card);
      cards.set(camera.cameraId, card);
      card.tile = { id: camera.cameraId, shown: 0, live: null, encoded: null };
      classify(card);
    }
    card.querySelector('strong').textContent = camera.label;
    const badge = card.querySelector('.badge');
    badge.textContent = camera.health;
    badge.className = `badge ${camera.health}`;
    badge.title = camera.reason || camera.lastError || '';
    card.querySelector('.stats').textContent = `${camera.framesDelivered} frames · ${camera.restartsLastHour} restarts/h`;
  }
  for (const [id, card] of cards) {
    if (!cameras.some(c => c.cameraId === id)) { stopTile(card); card.remove(); cards.delete(id); }
  }
}

// Whether a tile's camera sends H.264/H.265 (it then gets one of the live slots while there is one).
async function classify(card) {
  let info = null;
  try { info = await (await fetch(`/api/cameras/${card.tile.id}/live/info`)).json(); } catch { info = null; }
  if (!info?.codec) { setTimeout(() => cards.get(card.tile.id) === card && classify(card), 1000); return; } // no frame yet
  card.tile.encoded = Boolean(info.mp4);
  startLiveTiles();
}

function startLiveTiles() {
  if (!$('grid').hidden) {
    const streaming = [...cards.values()].filter(c => c.tile.live).length;
    const next = [...cards.values()].filter(c => !c.tile.live && c.tile.encoded).slice(0, LIVE_TILES - streaming);
    for (const card of next) {
      card.tile.live = 'starting';
      playLive(card.tile.id, card.querySelector('img'), card.querySelector('video')).then(stop => {
        if (card.tile.live === 'starting') card.tile.live = stop; else stop();
      });
    }
  }
}

function stopTile(card) {
  if (typeof card.tile.live === 'function') card.tile.live();
  card.tile.live = null;
}

// One snapshot worker: takes the tile shown longest ago, loads its snapshot, and goes on.
async function snapshotWorker() {
  for (;;) {
    const due = (c) => c.tile.shown + (c.tile.encoded ? ENCODED_INTERVAL_MS : TILE_INTERVAL_MS) - performance.now();
    const waiting = [...cards.values()].filter(c => !c.tile.live && !c.tile.loading && c.tile.encoded !== null).sort((x, y) => due(x) - due(y));
    const card = $('grid').hidden || document.hidden ? null : waiting[0];
    const wait = card ? due(card) : TILE_INTERVAL_MS;
    if (!card || wait > 0) { await new Promise(resolve => setTimeout(resolve, Math.max(wait, 20))); continue; }
    card.tile.loading = true;
    await new Promise(resolve => {
      const img = card.querySelector('img');
      const done = () => { img.removeEventListener('load', done); img.removeEventListener('error', done); resolve(); };
      img.addEventListener('load', done);
      img.addEventListener('error', done);
      img.src = `/api/cameras/${card.tile.id}/snapshot.jpg?at=${Date.now()}`;
      setTimeout(done, 5000); // a camera that does not answer must not stall the others
    });
    card.tile.loading = false;
    card.tile.shown = performance.now();
  }
}

function pauseGrid() {
  for (const card of cards.values()) stopTile(card);
}

// ---- one camera ---------------------------------------------------------------------------------

let current = null;
let stopLive = () => {};
const history = { fps: [], drops: [], latency: [] };
let last = null;

async function openCamera(id) {
  current = id;
  for (const box of ['error', 'controls-error', 'photo-error']) showError(null, box);
  $('grid').hidden = true;
  $('events').hidden = true;
  pauseGrid();
  $('camera').hidden = false;
  $('camera-title').textContent = id;
  $('photo-width').value = $('photo-height').value = '';
  stopLive = await playLive(id, $('camera-live'), $('camera-video'));
  history.fps = []; history.drops = []; history.latency = []; last = null;
  const [capabilities, settings, photo] = await Promise.all([
    api(`/api/cameras/${id}/capabilities`), api(`/api/cameras/${id}/settings`), api(`/api/cameras/${id}/photo-capabilities`).catch(() => ({}))]);
  buildControls(capabilities, settings);
  showSettings(settings);
  api(`/api/cameras/${id}`).then(showZones).catch(() => {});
  $('camera-events').replaceChildren();
  refreshEvents();
  const flash = $('photo-flash');
  flash.length = 1;
  for (const mode of photo.fillLightMode || []) flash.add(new Option(mode, mode));
  // Prefill with the current size, but never over what the user typed while the camera loaded.
  if (!$('photo-width').value) $('photo-width').value = settings.width || '';
  if (!$('photo-height').value) $('photo-height').value = settings.height || '';
}

$('close').addEventListener('click', () => {
  current = null;
  stopLive();
  $('camera').hidden = true;
  $('grid').hidden = false;
  $('events').hidden = false;
  startLiveTiles();
  refreshEvents();
});

const skip = new Set(['deviceId', 'groupId', 'aspectRatio', 'facingMode', 'resizeMode']);

function buildControls(capabilities, settings) {
  const form = $('controls');
  form.replaceChildren();
  for (const [name, capability] of Object.entries(capabilities)) {
    if (skip.has(name)) continue;
    const label = document.createElement('label');
    label.append(name);
    let input;
    if (Array.isArray(capability) && typeof capability[0] === 'boolean') {
      input = Object.assign(document.createElement('input'), { type: 'checkbox', disabled: capability.length < 2 });
    } else if (Array.isArray(capability)) {
      input = document.createElement('select');
      for (const mode of capability) input.add(new Option(mode, mode));
    } else if (capability && typeof capability.min === 'number') {
      input = Object.assign(document.createElement('input'), { type: 'range', min: capability.min, max: capability.max, step: capability.step || 'any' });
    } else {
      continue;
    }
    input.id = `control-${name}`;
    input.name = name;
    const output = document.createElement('output');
    label.append(input, output);
    form.append(label);
    input.addEventListener(input.type === 'range' ? 'input' : 'change', () => { output.textContent = input.value; });
    input.addEventListener('change', () => apply({ [name]: { exact: read(input) } }));
  }
  showControls(settings);
}

function read(input) {
  if (input.type === 'checkbox') return input.checked;
  if (input.type === 'range') return Number(input.value);
  return input.value;
}

function showControls(settings) {
  for (const input of $('controls').querySelectorAll('input, select')) {
    const value = settings[input.name];
    if (value === undefined) continue;
    if (input.type === 'checkbox') input.checked = value; else input.value = value;
    const output = input.parentElement.querySelector('output');
    if (output) output.textContent = input.type === 'checkbox' ? '' : value;
  }
}

function showSettings(settings) {
  $('settings').textContent = JSON.stringify(settings, null, 2);
}

// The reply is the new settings: the whole panel is re-read from it.
async function apply(constraints) {
  try {
    const settings = await api(`/api/cameras/${current}/constraints`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(constraints) }, 'controls-error');
    showError(null, 'controls-error');
    showControls(settings);
    showSettings(settings);
  } catch {
    const settings = await api(`/api/cameras/${current}/settings`).catch(() => null);
    if (settings) { showControls(settings); showSettings(settings); }
  }
}

$('apply-json').addEventListener('click', () => {
  let constraints;
  try { constraints = JSON.parse($('constraints-json').value); } catch (e) { showError({ name: 'TypeError', detail: e.message }, 'controls-error'); return; }
  apply(constraints);
});

$('photo-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const settings = {};
  if ($('photo-width').value) settings.imageWidth = Number($('photo-width').value);
  if ($('photo-height').value) settings.imageHeight = Number($('photo-height').value);
  if ($('photo-flash').value) settings.fillLightMode = $('photo-flash').value;
  try {
    const blob = await api(`/api/cameras/${current}/photo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(settings) }, 'photo-error');
    showError(null, 'photo-error');
    const url = URL.createObjectURL(blob);
    const name = `${current}-${new Date().toISOString().replace(/[:.]/g, '-')}.jpg`;
    $('photo-result').innerHTML = `<a id="photo-download" href="${url}" download="${name}">Download ${name} (${blob.size} bytes)</a><br><img id="photo-image" src="${url}" alt="Photo">`;
    $('photo-download').click();
  } catch { /* shown */ }
});

// ---- live charts --------------------------------------------------------------------------------

async function refreshCamera() {
  if (!current) return;
  let status, stages;
  try { [status, stages] = await Promise.all([api(`/api/cameras/${current}`), api(`/api/cameras/${current}/pipeline`)]); } catch { return; }
  const badge = $('camera-health');
  badge.textContent = status.health;
  badge.className = `badge ${status.health}`;
  const drops = stages.reduce((sum, s) => sum + Object.values(s.dropped).reduce((a, b) => a + b, 0), 0);
  const latency = Math.max(0, ...stages.filter(s => s.stage.startsWith('sink:')).map(s => s.latencyP99Ms || 0));
  const now = performance.now();
  if (last) {
    const seconds = (now - last.time) / 1000;
    push('fps', (status.framesDelivered - last.frames) / seconds);
    push('drops', Math.max(0, drops - last.drops) / seconds);
    push('latency', latency);
  }
  last = { time: now, frames: status.framesDelivered, drops };
}

function push(name, value) {
  const series = history[name];
  series.push(value);
  if (series.length > 60) series.shift();
  $(`value-${name}`).textContent = value.toFixed(1);
  const canvas = $(`chart-${name}`);
  const g = canvas.getContext('2d');
  g.clearRect(0, 0, canvas.width, canvas.height);
  const max = Math.max(1, ...series);
  g.strokeStyle = '#5fb3ff';
  g.beginPath();
  series.forEach((v, i) => {
    const x = (i / 59) * canvas.width, y = canvas.height - (v / max) * (canvas.height - 4) - 2;
    i ? g.lineTo(x, y) : g.moveTo(x, y);
  });
  g.stroke();
}

// ---- motion events -------------------------------------------------------------------------------

// Polled, not streamed: a held /api/events/live connection would take one of the six the grid shares (see above).
const EVENTS_INTERVAL_MS = 3000;
const clipLinks = new Map(); // event id → its first clip's URL, once it has ended and one was found

async function refreshEvents() {
  if (document.hidden) return;
  const camera = current;
  let events;
  try { events = await api(`/api/events?limit=${camera ? 20 : 30}${camera ? `&camera=${encodeURIComponent(camera)}` : ''}`); } catch { return; }
  if (camera !== current) return;
  if (!camera) $('events-empty').hidden = events.length > 0;
  renderEvents(camera ? $('camera-events') : $('event-list'), events);
}

function renderEvents(list, events) {
  list.replaceChildren(...events.map(event => {
    const item = document.createElement('li');
    item.dataset.event = event.id;
    item.innerHTML = `<img alt="" loading="lazy" hidden><div><strong></strong> · <span class="zone"></span><br>
      <time></time> · <span class="length"></span> · score <span class="score"></span> <a class="clip" hidden>clip</a></div>`;
    const img = item.querySelector('img');
    if (event.snapshot) { img.src = event.snapshot; img.hidden = false; }
    item.querySelector('strong').textContent = event.camera;
    item.querySelector('.zone').textContent = event.zone;
    const started = new Date(event.startedUtc);
    item.querySelector('time').textContent = started.toLocaleString();
    item.querySelector('time').dateTime = event.startedUtc;
    item.querySelector('.length').textContent = event.endedUtc ? `${((new Date(event.endedUtc) - started) / 1000).toFixed(1)} s` : 'ongoing';
    item.querySelector('.score').textContent = `${Math.round(event.score * 100)} %`;
    linkClip(item.querySelector('.clip'), event);
    return item;
  }));
}

// An ended event's clip: the first recording of its camera that overlaps it (recorded in event mode, or continuously).
async function linkClip(link, event) {
  if (!event.endedUtc || !event.clips) return;
  if (!clipLinks.has(event.id)) {
    const clips = await api(event.clips).catch(() => []);
    if (!clips.length) return;
    clipLinks.set(event.id, `/api/cameras/${encodeURIComponent(event.camera)}/recordings/${encodeURIComponent(clips[0].name)}`);
  }
  link.href = clipLinks.get(event.id);
  link.hidden = false;
}

// The camera's motion zones (outlined, named) and masks (shaded) over its live view, in the view's own 0–1 coordinates.
function showZones(status) {
  const svg = $('camera-zones');
  svg.replaceChildren();
  const motion = status.motion;
  $('camera-motion').textContent = motion
    ? `Motion: ${motion.frameRate} frames/s, sensitivity ${motion.sensitivity}, min area ${motion.minArea * 100} %`
    : 'No motion detection on this camera.';
  if (!motion) return;
  const zones = motion.zones.length ? motion.zones : [{ name: 'all', polygon: [{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 1, y: 1 }, { x: 0, y: 1 }] }];
  const shape = (region, kind) => {
    const polygon = document.createElementNS('http://www.w3.org/2000/svg', 'polygon');
    polygon.setAttribute('points', region.polygon.map(p => `${p.x},${p.y}`).join(' '));
    polygon.setAttribute('class', kind);
    polygon.dataset.name = region.name;
    svg.append(polygon);
  };
  for (const mask of motion.masks) shape(mask, 'mask');
  for (const zone of zones) {
    shape(zone, 'zone');
    const label = document.createElementNS('http://www.w3.org/2000/svg', 'text');
    label.setAttribute('x', Math.min(...zone.polygon.map(p => p.x)) + 0.01);
    label.setAttribute('y', Math.min(...zone.polygon.map(p => p.y)) + 0.045);
    label.textContent = zone.name;
    svg.append(label);
  }
}

refreshGrid();
refreshEvents();
setInterval(refreshGrid, 2000);
setInterval(refreshEvents, EVENTS_INTERVAL_MS);
for (let i = 0; i < SNAPSHOT_WORKERS; i++) snapshotWorker();
setInterval(refreshCamera, 1000);
