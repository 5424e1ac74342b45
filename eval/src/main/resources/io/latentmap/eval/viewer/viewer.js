// The latentmap viewer: a slippy map of our tiles (and the simulated world's truth) at the job's tile zoom, kept
// current by asking the server every second for the tiles that changed since the last answer.
"use strict";

const TILE_PX = 256;
const POLL_MS = 1000;
const MIN_SCALE = 1 / 32;
const MAX_SCALE = 4;
const ZOOM_STEP = 1.5;
/** Below this scale the per-tile labels would overlap. */
const LABEL_MIN_SCALE = 0.45;
/** The changed-cells overlay asks for a window start rounded to this, so it is fetched again at most this often. */
const CHANGES_WINDOW_STEP_MS = 5000;
const LIST_MAX = 300;
const SVG = "http://www.w3.org/2000/svg";

const STATIC_CLASSES = [
  ["road", "rgb(128,64,128)"], ["sidewalk", "rgb(244,35,232)"], ["building", "rgb(70,70,70)"],
  ["wall", "rgb(102,102,156)"], ["fence", "rgb(190,153,153)"], ["vegetation", "rgb(107,142,35)"],
  ["terrain", "rgb(152,251,152)"], ["never observed", "rgb(0,0,0)"], ["recently changed", "rgb(0,229,255)"],
];
const LANDMARK_TYPES = [["POLE", "pole"], ["TRAFFIC_LIGHT", "traffic light"], ["TRAFFIC_SIGN", "traffic sign"]];

const state = {
  sequence: 0,
  meta: null,
  tiles: new Map(),      // key -> tile JSON from the server
  elements: new Map(),   // key -> {ours, truth} tile elements
  origin: null,          // the first tile's x, y: world pixel 0,0
  view: { cx: 0, cy: 0, scale: 1 },
  userMoved: false,
  selected: null,
};

const panesEl = document.getElementById("panes");
const paneEls = [document.getElementById("pane-ours"), document.getElementById("pane-truth")];
const worldOurs = paneEls[0].querySelector(".world");
const worldTruth = paneEls[1].querySelector(".world");
const statusEl = document.getElementById("status");

// --- data ------------------------------------------------------------------------------------------------------

async function poll() {
  try {
    const response = await fetch(`api/map?since=${state.sequence}`, { cache: "no-store" });
    if (!response.ok) {
      throw new Error(`${response.status} ${await response.text()}`);
    }
    apply(await response.json());
  } catch (e) {
    statusEl.dataset.state = "error";
    statusEl.textContent = `viewer server not answering: ${e.message}`;
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

function apply(data) {
  state.meta = data;
  const changed = new Set();
  for (const tile of data.tiles) {
    state.tiles.set(tile.key, tile);
    changed.add(tile.key);
  }
  state.sequence = data.sequence;
  // A tile is drawn again when it changed, or when the newest evidence anywhere moved its recent window.
  for (const tile of state.tiles.values()) {
    if (!tile.hasSnapshot) {
      continue;
    }
    if (state.origin === null) {
      state.origin = { x: tile.x, y: tile.y };
    }
    const els = state.elements.get(tile.key);
    if (changed.has(tile.key) || !els || els.ours.dataset.recentKey !== recentKey(tile)) {
      renderTile(tile);
    }
  }
  if (!state.userMoved) {
    fit();
  }
  renderStatus();
  renderList();
  renderInfo();
}

/** Updates of a tile within the recent window (relative to the newest evidence anywhere) that changed something. */
function recentUpdates(tile) {
  const newest = state.meta.newestEventTime;
  if (newest === null) {
    return [];
  }
  const from = newest - state.meta.recentSeconds * 1000;
  return tile.updates.filter(u => u.end >= from
      && (u.changedCells > 0 || u.added.length > 0 || u.moved.length > 0 || u.removed.length > 0));
}

/** What the recent highlight of a tile depends on: its recent updates and the overlay's window. */
function recentKey(tile) {
  const recent = recentUpdates(tile);
  return recent.length === 0 ? "" : `${recent.map(u => u.version).join(",")}@${changesWindowStart()}`;
}

function changesWindowStart() {
  const from = state.meta.newestEventTime - state.meta.recentSeconds * 1000;
  return Math.floor(from / CHANGES_WINDOW_STEP_MS) * CHANGES_WINDOW_STEP_MS;
}

// --- tiles -----------------------------------------------------------------------------------------------------

function tileElements(tile) {
  let els = state.elements.get(tile.key);
  if (els) {
    return els;
  }
  const left = (tile.x - state.origin.x) * TILE_PX;
  const top = (tile.y - state.origin.y) * TILE_PX;
  const make = (world, images) => {
    const el = document.createElement("div");
    el.className = "tile";
    el.dataset.key = tile.key;
    el.style.left = `${left}px`;
    el.style.top = `${top}px`;
    for (const cls of images) {
      const img = document.createElement("img");
      img.className = cls;
      img.alt = "";
      img.draggable = false;
      el.appendChild(img);
    }
    const svg = el.appendChild(document.createElementNS(SVG, "svg"));
    svg.setAttribute("class", "marks");
    svg.setAttribute("viewBox", `0 0 ${TILE_PX} ${TILE_PX}`);
    const label = document.createElement("div");
    label.className = "label";
    el.appendChild(label);
    world.appendChild(el);
    return el;
  };
  els = { ours: make(worldOurs, ["ours", "truth-over", "changes"]), truth: make(worldTruth, ["truth"]) };
  state.elements.set(tile.key, els);
  return els;
}

function setImage(img, src, onload) {
  if (img.dataset.src === src) {
    return;
  }
  img.dataset.src = src;
  img.onload = onload;
  img.src = src;
}

function renderTile(tile) {
  const els = tileElements(tile);
  const ours = els.ours;
  ours.dataset.version = tile.version;
  els.truth.dataset.version = tile.version;
  const version = String(tile.version);
  setImage(ours.querySelector("img.ours"), `tiles/ours/${tile.key}.png?v=${tile.version}`,
      () => { ours.dataset.oursLoaded = version; });
  const truthSrc = `tiles/truth/${tile.key}.png?epoch=${tile.truth.epoch}`;
  const truthLoaded = () => { ours.dataset.truthLoaded = "true"; els.truth.dataset.truthLoaded = "true"; };
  setImage(ours.querySelector("img.truth-over"), truthSrc, truthLoaded);
  setImage(els.truth.querySelector("img.truth"), truthSrc, truthLoaded);

  const recent = recentUpdates(tile);
  ours.dataset.recentKey = recentKey(tile);
  ours.classList.toggle("recent", recent.length > 0);
  els.truth.classList.toggle("recent", recent.length > 0);
  ours.dataset.recentUpdates = recent.length;
  if (recent.length > 0) {
    setImage(ours.querySelector("img.changes"),
        `tiles/changes/${tile.key}.png?from=${changesWindowStart()}&v=${tile.version}`, null);
  }
  const fresh = new Set(recent.flatMap(u => u.added.concat(u.moved)));
  drawLandmarks(ours.querySelector("svg"), tile.landmarks, l => {
    const c = document.createElementNS(SVG, "circle");
    c.setAttribute("class", `landmark ${l.type}${fresh.has(l.id) ? " new" : ""}`);
    c.setAttribute("r", fresh.has(l.id) ? 7 : 5);
    c.dataset.id = l.id;
    const title = document.createElementNS(SVG, "title");
    title.textContent = `${l.type.toLowerCase().replace("_", " ")} ${l.id}: ${l.observations} observations, `
        + `sigma ${l.sigmaMeters.toFixed(2)} m`;
    c.appendChild(title);
    return c;
  });
  drawLandmarks(els.truth.querySelector("svg"), tile.truth.landmarks, trueLandmark);
  ours.querySelector(".label").textContent = `v${tile.version} \u00b7 ${clock(tile.updatedAt)}`;
  els.truth.querySelector(".label").textContent = `${tile.truth.landmarks.length} landmarks \u00b7 t=${tile.truth.time.toFixed(0)} s`;
  markSelected(els, tile.key);
}

function markSelected(els, key) {
  els.ours.classList.toggle("selected", key === state.selected);
  els.truth.classList.toggle("selected", key === state.selected);
}

function trueLandmark(l) {
  const c = document.createElementNS(SVG, "circle");
  c.setAttribute("class", `truth-landmark ${l.type}`);
  c.setAttribute("r", 6);
  c.dataset.id = l.id;
  return c;
}

function drawLandmarks(svg, landmarks, make) {
  svg.replaceChildren();
  for (const l of landmarks || []) {
    const shape = make(l);
    shape.setAttribute("cx", (l.u * TILE_PX).toFixed(1));
    shape.setAttribute("cy", (l.v * TILE_PX).toFixed(1));
    svg.appendChild(shape);
  }
}

// --- status, list, details -------------------------------------------------------------------------------------

function renderStatus() {
  const m = state.meta;
  const shown = [...state.tiles.values()].filter(t => t.hasSnapshot).length;
  statusEl.dataset.state = m.feed.state === "reading" ? "live" : "waiting";
  statusEl.dataset.tiles = shown;
  statusEl.dataset.sequence = m.sequence;
  statusEl.textContent = `${shown} tiles \u00b7 ${m.counts.updates} updates read \u00b7 newest evidence `
      + `${clock(m.newestEventTime)} \u00b7 city ${m.city.name} \u00b7 ${m.feed.state}`
      + (m.feed.badRecords > 0 ? ` \u00b7 ${m.feed.badRecords} unreadable records` : "");
  document.getElementById("tile-count").textContent = `(${shown})`;
}

function newestEnd(tile) {
  return tile.updates.length > 0 ? tile.updates[tile.updates.length - 1].end : (tile.updatedAt || 0);
}

function renderList() {
  const list = document.getElementById("tile-list");
  const tiles = [...state.tiles.values()].filter(t => t.hasSnapshot)
      .sort((a, b) => newestEnd(b) - newestEnd(a)).slice(0, LIST_MAX);
  list.replaceChildren(...tiles.map(t => {
    const li = document.createElement("li");
    li.dataset.key = t.key;
    li.dataset.version = t.version;
    li.classList.toggle("recent", recentUpdates(t).length > 0);
    li.classList.toggle("selected", t.key === state.selected);
    li.textContent = `${t.key}  v${t.version}  ${clock(t.updatedAt)}`;
    li.onclick = () => { select(t.key); centerOn(t); };
    return li;
  }));
}

function renderInfo() {
  const info = document.getElementById("tile-info");
  const tile = state.selected && state.tiles.get(state.selected);
  if (!tile) {
    return;
  }
  const rows = tile.updates.slice().reverse().map(u => `<tr><td>v${u.version}</td><td>${clock(u.end)}</td>`
      + `<td>${u.changedCells}</td><td>+${u.added.length} ~${u.moved.length} \u2212${u.removed.length}</td>`
      + `<td>${u.frames}/${u.sources}</td></tr>`).join("");
  info.innerHTML = `<div class="key">${tile.key}</div>`
      + `<div>version ${tile.version}, evidence up to ${clock(tile.updatedAt)} (${dateOf(tile.updatedAt)})</div>`
      + `<div>landmarks: ${(tile.landmarks || []).length} ours, ${tile.truth.landmarks.length} true</div>`
      + `<table><tr><th>version</th><th>evidence</th><th>cells</th><th>landmarks</th><th>frames/src</th></tr>${rows}</table>`;
}

function select(key) {
  state.selected = key;
  for (const [k, els] of state.elements) {
    markSelected(els, k);
  }
  renderList();
  renderInfo();
}

function clock(ms) {
  return ms === null || ms === undefined ? "\u2013" : new Date(ms).toISOString().substring(11, 19) + " UTC";
}

function dateOf(ms) {
  return ms === null || ms === undefined ? "" : new Date(ms).toISOString().substring(0, 10);
}

// --- view: pan, zoom, fit --------------------------------------------------------------------------------------

function applyView() {
  const { cx, cy, scale } = state.view;
  for (const pane of paneEls) {
    const w = pane.clientWidth || paneEls[0].clientWidth;
    const h = pane.clientHeight || paneEls[0].clientHeight;
    pane.querySelector(".world").style.transform =
        `translate(${w / 2 - cx * scale}px, ${h / 2 - cy * scale}px) scale(${scale})`;
    pane.classList.toggle("small", scale < LABEL_MIN_SCALE);
  }
}

function clampScale(s) {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, s));
}

function fit() {
  const tiles = [...state.tiles.values()].filter(t => t.hasSnapshot);
  if (tiles.length === 0 || state.origin === null) {
    return;
  }
  const xs = tiles.map(t => t.x - state.origin.x);
  const ys = tiles.map(t => t.y - state.origin.y);
  const minX = Math.min(...xs) * TILE_PX;
  const minY = Math.min(...ys) * TILE_PX;
  const maxX = (Math.max(...xs) + 1) * TILE_PX;
  const maxY = (Math.max(...ys) + 1) * TILE_PX;
  const pane = paneEls[0];
  const scale = clampScale(0.95 * Math.min(pane.clientWidth / (maxX - minX), pane.clientHeight / (maxY - minY)));
  state.view = { cx: (minX + maxX) / 2, cy: (minY + maxY) / 2, scale };
  applyView();
}

function centerOn(tile) {
  state.view.cx = (tile.x - state.origin.x + 0.5) * TILE_PX;
  state.view.cy = (tile.y - state.origin.y + 0.5) * TILE_PX;
  state.view.scale = Math.max(state.view.scale, 1);
  state.userMoved = true;
  applyView();
}

function zoomAt(pane, factor, mx, my) {
  const w = pane.clientWidth;
  const h = pane.clientHeight;
  const { cx, cy, scale } = state.view;
  const wx = cx + (mx - w / 2) / scale;
  const wy = cy + (my - h / 2) / scale;
  const next = clampScale(scale * factor);
  state.view = { cx: wx - (mx - w / 2) / next, cy: wy - (my - h / 2) / next, scale: next };
  state.userMoved = true;
  applyView();
}

/** The tile under a point of a pane, if any. */
function tileAt(pane, mx, my) {
  const { cx, cy, scale } = state.view;
  const wx = cx + (mx - pane.clientWidth / 2) / scale;
  const wy = cy + (my - pane.clientHeight / 2) / scale;
  const key = `${state.meta.zoom}/${state.origin.x + Math.floor(wx / TILE_PX)}/${state.origin.y + Math.floor(wy / TILE_PX)}`;
  return state.tiles.has(key) ? key : null;
}

for (const pane of paneEls) {
  let drag = null;
  pane.addEventListener("pointerdown", e => {
    drag = { x: e.clientX, y: e.clientY, moved: 0 };
    pane.setPointerCapture(e.pointerId);
    pane.classList.add("dragging");
  });
  pane.addEventListener("pointermove", e => {
    if (!drag) {
      return;
    }
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    drag = { x: e.clientX, y: e.clientY, moved: drag.moved + Math.abs(dx) + Math.abs(dy) };
    state.view.cx -= dx / state.view.scale;
    state.view.cy -= dy / state.view.scale;
    state.userMoved = true;
    applyView();
  });
  pane.addEventListener("pointerup", e => {
    pane.classList.remove("dragging");
    if (drag && drag.moved < 4 && state.origin !== null) {
      const r = pane.getBoundingClientRect();
      const key = tileAt(pane, e.clientX - r.left, e.clientY - r.top);
      if (key) {
        select(key);
      }
    }
    drag = null;
  });
  pane.addEventListener("wheel", e => {
    e.preventDefault();
    const r = pane.getBoundingClientRect();
    zoomAt(pane, e.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP, e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });
}

document.getElementById("zoom-in").onclick = () => {
  zoomAt(paneEls[0], ZOOM_STEP, paneEls[0].clientWidth / 2, paneEls[0].clientHeight / 2);
};
document.getElementById("zoom-out").onclick = () => {
  zoomAt(paneEls[0], 1 / ZOOM_STEP, paneEls[0].clientWidth / 2, paneEls[0].clientHeight / 2);
};
document.getElementById("fit").onclick = () => { state.userMoved = false; fit(); };
const MODES = ["side", "overlay", "ours"];
document.getElementById("mode").onchange = e => {
  panesEl.classList.remove(...MODES);
  panesEl.classList.add(e.target.value);
  applyView();
};
document.getElementById("opacity").oninput = e => {
  document.documentElement.style.setProperty("--truth-opacity", e.target.value / 100);
};
document.getElementById("show-changes").onchange = e => panesEl.classList.toggle("show-changes", e.target.checked);
document.getElementById("show-landmarks").onchange = e => panesEl.classList.toggle("hide-landmarks", !e.target.checked);
window.addEventListener("resize", () => (state.userMoved ? applyView() : fit()));

// --- legend, start ---------------------------------------------------------------------------------------------

function legend() {
  const items = STATIC_CLASSES.map(([name, colour]) =>
      `<li><span class="swatch" style="background:${colour}"></span>${name}</li>`);
  for (const [type, name] of LANDMARK_TYPES) {
    items.push(`<li><svg viewBox="0 0 14 14"><circle class="landmark ${type}" cx="7" cy="7" r="5"/></svg>${name}</li>`);
    items.push(`<li><svg viewBox="0 0 14 14"><circle class="truth-landmark ${type}" cx="7" cy="7" r="5"/></svg>true ${name}</li>`);
  }
  document.getElementById("legend").innerHTML = items.join("");
}

legend();
panesEl.classList.add("show-changes");
document.documentElement.style.setProperty("--truth-opacity", 0.5);
poll();
