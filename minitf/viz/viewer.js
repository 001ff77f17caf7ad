// minitf's standalone graph viewer: the graph's ops grouped by name scope, laid out in layers
// (each expanded scope laid out inside its box), with scopes expanded and collapsed by a click,
// ops found by name, and an op's type, inputs, outputs, shapes, dtypes and attrs shown on a
// click. No libraries and no network: the graph comes from the JSON block in this page.
(function () {
  "use strict";

  const errorsEl = document.getElementById("errors");
  function report(message) {
    const li = document.createElement("li");
    li.textContent = message;
    errorsEl.appendChild(li);
    errorsEl.hidden = false;
  }
  window.addEventListener("error", (e) => report(`${e.message} (line ${e.lineno})`));
  const consoleError = console.error;
  console.error = function (...args) {
    report(args.map(String).join(" "));
    consoleError.apply(console, args);
  };

  const SVGNS = "http://www.w3.org/2000/svg";
  const DATA = JSON.parse(document.getElementById("graph-data").textContent);
  const OPS = DATA.ops;
  const CONSTRUCTS = DATA.constructs;
  const EDGE_KINDS = ["data", "control", "back"];
  const PAD = 12, HEADER = 24, GAP = 18, VGAP = 40, CHAR = 6.6;

  // ---- the scope tree
  const scopes = new Map();
  const parentOf = (name) => name.slice(0, Math.max(name.lastIndexOf("/"), 0));
  const shortName = (name) => name.slice(name.lastIndexOf("/") + 1);

  function scopeNode(name) {
    let s = scopes.get(name);
    if (s === undefined) {
      s = { name: name, kids: [], ops: [], count: 0, first: Infinity, parent: null };
      scopes.set(name, s);
      if (name !== "") {
        s.parent = scopeNode(parentOf(name));
        s.parent.kids.push(s);
      }
    }
    return s;
  }
  scopeNode("");
  OPS.forEach((op, i) => {
    const s = scopeNode(op.g);
    s.ops.push(i);
    for (let x = s; x !== null; x = x.parent) {
      x.count += 1;
      x.first = Math.min(x.first, i);
    }
  });
  const byName = new Map(OPS.map((op, i) => [op.n, i]));
  const inputsOf = OPS.map(() => []);
  const consumersOf = OPS.map(() => []);
  for (const e of DATA.edges) {
    inputsOf[e[1]].push(e);
    consumersOf[e[0]].push(e);
  }

  const expanded = new Set([""]);
  let selected = -1;

  // The visible path of op i: the scopes around it, ending at the op or at a collapsed scope.
  function chainOf(i) {
    const out = [];
    const group = OPS[i].g;
    if (group !== "") {
      let name = "";
      for (const part of group.split("/")) {
        name = name === "" ? part : `${name}/${part}`;
        out.push(`s:${name}`);
        if (!expanded.has(name)) return out;
      }
    }
    out.push(`o:${i}`);
    return out;
  }

  // ---- layered layout, one container (expanded scope) at a time
  function itemSize(item) {
    if (item.op !== undefined) {
      const op = OPS[item.op];
      item.w = Math.max(64, CHAR * Math.max(shortName(op.n).length, op.t.length) + 22);
      item.h = 36;
    } else if (!expanded.has(item.scope.name)) {
      item.w = Math.max(90, CHAR * shortName(item.scope.name).length + 46);
      item.h = 44;
    } else {
      item.inner = layoutContainer(item.scope.name);
      item.w = Math.max(item.inner.w + 2 * PAD, CHAR * shortName(item.scope.name).length + 90);
      item.h = item.inner.h + HEADER + PAD;
    }
  }

  function layoutContainer(name) {
    const s = scopes.get(name);
    const items = s.kids.map((k) => ({ id: `s:${k.name}`, first: k.first, scope: k }))
      .concat(s.ops.map((i) => ({ id: `o:${i}`, first: i, op: i })));
    items.sort((a, b) => a.first - b.first);
    items.forEach(itemSize);
    const index = new Map(items.map((it, k) => [it.id, k]));
    const succ = items.map(() => new Set());
    for (const [a, b] of levelEdges.get(name) || []) {
      if (index.has(a) && index.has(b)) succ[index.get(a)].add(index.get(b));
    }
    // depth-first order in creation order; edges to an item still on the stack are back edges
    const state = items.map(() => 0), order = [], forward = items.map(() => []);
    function visit(v) {
      state[v] = 1;
      for (const w of succ[v]) {
        if (state[w] === 1) continue;
        forward[v].push(w);
        if (state[w] === 0) visit(w);
      }
      state[v] = 2;
      order.push(v);
    }
    items.forEach((_, v) => { if (state[v] === 0) visit(v); });
    order.reverse();
    const preds = items.map(() => []);
    forward.forEach((ws, v) => ws.forEach((w) => preds[w].push(v)));
    const rank = items.map(() => 0);
    for (const v of order) for (const u of preds[v]) rank[v] = Math.max(rank[v], rank[u] + 1);
    for (let k = order.length - 1; k >= 0; k--) {  // pull sources down next to their consumers
      const v = order[k];
      if (forward[v].length) rank[v] = Math.min(...forward[v].map((w) => rank[w])) - 1;
    }
    const rows = [];
    items.forEach((_, v) => { (rows[rank[v]] = rows[rank[v]] || []).push(v); });
    const layers = rows.filter((r) => r !== undefined);
    const x = items.map(() => 0);
    const pack = (row) => {
      let at = 0;
      for (const v of row) { x[v] = at + items[v].w / 2; at += items[v].w + GAP; }
      return at - GAP;
    };
    layers.forEach(pack);
    const mean = (vs) => vs.reduce((a, v) => a + x[v], 0) / vs.length;
    for (let sweep = 0; sweep < 3; sweep++) {
      for (const row of layers) {
        const key = new Map(row.map((v) => [v, preds[v].length ? mean(preds[v]) : x[v]]));
        row.sort((a, b) => key.get(a) - key.get(b));
        pack(row);
      }
      for (let r = layers.length - 1; r >= 0; r--) {
        const row = layers[r];
        const key = new Map(row.map((v) => [v, forward[v].length ? mean(forward[v]) : x[v]]));
        row.sort((a, b) => key.get(a) - key.get(b));
        pack(row);
      }
    }
    const widths = layers.map(pack);
    const width = Math.max(0, ...widths);
    let y = 0;
    layers.forEach((row, r) => {
      const shift = (width - widths[r]) / 2;
      const h = Math.max(...row.map((v) => items[v].h));
      for (const v of row) {
        items[v].x = x[v] - items[v].w / 2 + shift;
        items[v].y = y + (h - items[v].h) / 2;
      }
      y += h + VGAP;
    });
    return { w: width, h: Math.max(0, y - VGAP), items: items };
  }

  // ---- edges: per container for the layout, between visible ends for drawing
  let levelEdges = new Map();
  let drawnEdges = new Map();

  function collectEdges() {
    const chains = OPS.map((_, i) => chainOf(i));
    levelEdges = new Map();
    drawnEdges = new Map();
    for (const e of DATA.edges) {
      const ca = chains[e[0]], cb = chains[e[1]];
      const ea = ca[ca.length - 1], eb = cb[cb.length - 1];
      if (ea === eb) continue;
      let k = 0;
      while (k < ca.length && k < cb.length && ca[k] === cb[k]) k++;
      const container = k === 0 ? "" : ca[k - 1].slice(2);
      if (e[4] !== 2) {
        if (!levelEdges.has(container)) levelEdges.set(container, []);
        levelEdges.get(container).push([ca[k], cb[k]]);
      }
      const key = `${ea}|${eb}|${e[4]}`;
      if (!drawnEdges.has(key)) drawnEdges.set(key, { a: ea, b: eb, kind: e[4], tensors: [] });
      drawnEdges.get(key).tensors.push(e);
    }
  }

  // ---- drawing
  const svg = document.getElementById("canvas");
  const world = document.createElementNS(SVGNS, "g");
  svg.appendChild(world);
  const boxes = new Map();
  let bounds = { w: 1, h: 1 };

  function el(tag, attrs, parent, text) {
    const node = document.createElementNS(SVGNS, tag);
    for (const k in attrs) node.setAttribute(k, attrs[k]);
    if (text !== undefined) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }

  function drawContainer(layout, ox, oy, layer) {
    for (const it of layout.items) {
      const x = ox + it.x, y = oy + it.y;
      boxes.set(it.id, { x: x, y: y, w: it.w, h: it.h });
      if (it.op !== undefined) {
        const op = OPS[it.op];
        const g = el("g", { class: `op type-${op.t}${it.op === selected ? " selected" : ""}`,
                            "data-op": op.n, transform: `translate(${x},${y})` }, layer);
        el("rect", { width: it.w, height: it.h, rx: 8 }, g);
        el("text", { x: it.w / 2, y: 15, class: "name" }, g, shortName(op.n));
        el("text", { x: it.w / 2, y: 29, class: "type" }, g, op.t);
        el("title", {}, g, `${op.n} (${op.t})`);
        continue;
      }
      const name = it.scope.name, kind = CONSTRUCTS[name] || "scope";
      if (!expanded.has(name)) {
        const g = el("g", { class: `scope collapsed ${kind}`, "data-scope": name,
                            transform: `translate(${x},${y})` }, layer);
        el("rect", { x: 4, y: 4, width: it.w, height: it.h, rx: 6, class: "shadow" }, g);
        el("rect", { width: it.w, height: it.h, rx: 6 }, g);
        el("text", { x: it.w / 2, y: 18, class: "name" }, g, `+ ${shortName(name)}`);
        const what = kind === "scope" ? "" : ` · ${kind}`;
        el("text", { x: it.w / 2, y: 34, class: "type" }, g,
           `${it.scope.count} op${it.scope.count === 1 ? "" : "s"}${what}`);
        el("title", {}, g, `${name}: click to expand`);
        continue;
      }
      const g = el("g", { class: `scope expanded ${kind}`, "data-scope": name }, layer);
      el("rect", { x: x, y: y, width: it.w, height: it.h, rx: 10, class: "frame" }, g);
      const head = el("g", { class: "header", "data-scope-header": name }, g);
      el("rect", { x: x, y: y, width: it.w, height: HEADER, rx: 10, class: "head" }, head);
      const what = kind === "scope" ? "" : ` (${kind === "while" ? "while loop" : "cond"})`;
      el("text", { x: x + 10, y: y + 16, class: "label" }, head, `− ${shortName(name)}${what}`);
      el("title", {}, head, `${name}: click to collapse`);
      drawContainer(it.inner, x + PAD, y + HEADER, layer);
    }
  }

  function edgePath(a, b) {
    const x1 = a.x + a.w / 2, y1 = a.y + a.h, x2 = b.x + b.w / 2, y2 = b.y;
    const dy = Math.max(24, Math.abs(y2 - y1) / 2);
    return `M${x1},${y1} C${x1},${y1 + dy} ${x2},${y2 - dy} ${x2},${y2}`;
  }

  function tensorText(e) {
    const src = OPS[e[0]];
    return `${src.n}:${e[2]} ${src.dt[e[2]]} ${src.s[e[2]]}`;
  }

  function render() {
    collectEdges();
    const root = layoutContainer("");
    world.textContent = "";
    boxes.clear();
    const edgeLayer = el("g", { class: "edges" }, null);
    const nodeLayer = el("g", { class: "nodes" }, world);
    world.appendChild(edgeLayer);
    drawContainer(root, 0, 0, nodeLayer);
    for (const d of drawnEdges.values()) {
      const a = boxes.get(d.a), b = boxes.get(d.b);
      const kind = EDGE_KINDS[d.kind];
      const path = el("path", { d: edgePath(a, b), class: `edge ${kind}`,
                                "marker-end": `url(#arrow-${kind})` }, edgeLayer);
      const title = kind === "control" ? "control dependency"
        : d.tensors.map(tensorText).join("\n");
      el("title", {}, path, title);
      if (kind === "data" && d.tensors.length === 1) {
        const shape = OPS[d.tensors[0][0]].s[d.tensors[0][2]];
        if (shape !== "[]") {
          el("text", { x: (a.x + a.w / 2 + b.x + b.w / 2) / 2 + 4, y: (a.y + a.h + b.y) / 2,
                       class: "shape" }, edgeLayer, shape);
        }
      } else if (kind === "data") {
        el("text", { x: (a.x + a.w / 2 + b.x + b.w / 2) / 2 + 4, y: (a.y + a.h + b.y) / 2,
                     class: "shape" }, edgeLayer, `${d.tensors.length} tensors`);
      }
    }
    bounds = { w: Math.max(root.w, 1), h: Math.max(root.h, 1) };
    document.body.dataset.visibleOps = String(nodeLayer.querySelectorAll("g.op").length);
  }

  // ---- view: fit, zoom with the wheel, pan by dragging
  let view = { x: 0, y: 0, w: 1, h: 1 };
  function applyView() { svg.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`); }
  function fit() {
    const r = svg.getBoundingClientRect();
    const aspect = (r.width || 800) / (r.height || 600);
    let w = bounds.w + 60, h = bounds.h + 60;
    if (w / h < aspect) w = h * aspect; else h = w / aspect;
    view = { x: (bounds.w - w) / 2, y: (bounds.h - h) / 2, w: w, h: h };
    applyView();
  }
  function centerOn(box) {
    const w = Math.min(view.w, Math.max(1400, box.w * 12)), h = w * view.h / view.w;
    view = { x: box.x + box.w / 2 - w / 2, y: box.y + box.h / 2 - h / 2, w: w, h: h };
    applyView();
  }
  svg.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const r = svg.getBoundingClientRect();
    const px = view.x + (ev.clientX - r.left) / r.width * view.w;
    const py = view.y + (ev.clientY - r.top) / r.height * view.h;
    const f = ev.deltaY > 0 ? 1.15 : 1 / 1.15;
    view = { x: px - (px - view.x) * f, y: py - (py - view.y) * f, w: view.w * f, h: view.h * f };
    applyView();
  }, { passive: false });
  let drag = null, dragged = false;  // a click that ends a drag expands nothing
  svg.addEventListener("mousedown", (ev) => { drag = { x: ev.clientX, y: ev.clientY, v: view }; });
  window.addEventListener("mouseup", () => {
    dragged = drag !== null && drag.moved === true;
    drag = null;
  });
  window.addEventListener("mousemove", (ev) => {
    if (drag === null) return;
    if (Math.abs(ev.clientX - drag.x) + Math.abs(ev.clientY - drag.y) > 3) drag.moved = true;
    const r = svg.getBoundingClientRect();
    view = { x: drag.v.x - (ev.clientX - drag.x) / r.width * view.w,
             y: drag.v.y - (ev.clientY - drag.y) / r.height * view.h, w: view.w, h: view.h };
    applyView();
  });

  // ---- clicks: expand, collapse, select
  function setExpanded(name, open) {
    if (open) expanded.add(name); else expanded.delete(name);
    render();
  }
  svg.addEventListener("click", (ev) => {
    const target = ev.target instanceof Element ? ev.target : null;
    if (dragged) { dragged = false; return; }
    if (target === null) return;
    const collapsedScope = target.closest("g.scope.collapsed");
    const header = target.closest("[data-scope-header]");
    const op = target.closest("g.op");
    if (collapsedScope) setExpanded(collapsedScope.dataset.scope, true);
    else if (header) setExpanded(header.dataset.scopeHeader, false);
    else if (op) select(byName.get(op.dataset.op));
  });

  // ---- details of the selected op
  const details = document.getElementById("details");
  function opLink(name, text, parent) {
    const a = document.createElement("a");
    a.href = "#";
    a.textContent = text;
    a.dataset.target = name;
    parent.appendChild(a);
    return a;
  }
  function section(title, rows) {
    const h = document.createElement("h3");
    h.textContent = title;
    details.appendChild(h);
    const table = document.createElement("table");
    for (const cells of rows) {
      const tr = document.createElement("tr");
      for (const cell of cells) {
        const td = document.createElement("td");
        if (cell instanceof Node) td.appendChild(cell); else td.textContent = cell;
        if (!(cell instanceof Node) && cell.length <= 12) td.className = "short";
        tr.appendChild(td);
      }
      table.appendChild(tr);
    }
    if (!rows.length) {
      const tr = document.createElement("tr");
      tr.innerHTML = "<td class=\"none\">none</td>";
      table.appendChild(tr);
    }
    details.appendChild(table);
  }
  function linkCell(name, text) {
    const span = document.createElement("span");
    opLink(name, text, span);
    return span;
  }
  function select(i) {
    selected = i;
    for (const g of svg.querySelectorAll("g.op.selected")) g.classList.remove("selected");
    const op = OPS[i];
    const node = svg.querySelector(`g.op[data-op="${CSS.escape(op.n)}"]`);
    if (node) node.classList.add("selected");
    details.textContent = "";
    const h = document.createElement("h2");
    h.textContent = op.n;
    details.appendChild(h);
    section("Op", [["type", op.t], ["device", op.d || "(none)"], ["scope", op.scope || "(top)"],
                   ["while loop", op.loop || "(none)"]]);
    const ins = inputsOf[i].filter((e) => e[4] !== 1).sort((a, b) => a[3] - b[3]);
    section("Inputs", ins.map((e) => [String(e[3]), linkCell(OPS[e[0]].n, `${OPS[e[0]].n}:${e[2]}`),
                                      OPS[e[0]].dt[e[2]], OPS[e[0]].s[e[2]]]));
    section("Control inputs", inputsOf[i].filter((e) => e[4] === 1)
      .map((e) => [linkCell(OPS[e[0]].n, OPS[e[0]].n)]));
    section("Outputs", op.dt.map((dt, k) => {
      const users = consumersOf[i].filter((e) => e[2] === k && e[4] !== 1);
      const cell = document.createElement("span");
      users.forEach((e, n) => {
        if (n) cell.appendChild(document.createTextNode(", "));
        opLink(OPS[e[1]].n, OPS[e[1]].n, cell);
      });
      return [`${op.n}:${k}`, dt, op.s[k], cell];
    }));
    section("Attrs", Object.keys(op.a).map((k) => [k, op.a[k]]));
    document.body.dataset.selected = op.n;
  }
  details.addEventListener("click", (ev) => {
    const a = ev.target instanceof Element ? ev.target.closest("a[data-target]") : null;
    if (a) { ev.preventDefault(); reveal(byName.get(a.dataset.target)); }
  });

  // Expands the scopes around op i, selects it and brings it into view.
  function reveal(i) {
    const group = OPS[i].g;
    let name = "";
    if (group !== "") {
      for (const part of group.split("/")) {
        name = name === "" ? part : `${name}/${part}`;
        expanded.add(name);
      }
    }
    render();
    select(i);
    centerOn(boxes.get(`o:${i}`));
  }

  // ---- search by name
  const search = document.getElementById("search");
  const results = document.getElementById("results");
  function runSearch() {
    const text = search.value.trim().toLowerCase();
    results.textContent = "";
    if (!text) return;
    const found = OPS.filter((op) => op.n.toLowerCase().includes(text));
    for (const op of found.slice(0, 100)) {
      const li = document.createElement("li");
      opLink(op.n, op.n, li);
      const type = document.createElement("span");
      type.className = "type";
      type.textContent = ` ${op.t}`;
      li.appendChild(type);
      results.appendChild(li);
    }
    document.getElementById("count").textContent =
      `${found.length} match${found.length === 1 ? "" : "es"}` +
      (found.length > 100 ? " (first 100 shown)" : "");
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", (ev) => {
    const first = results.querySelector("a[data-target]");
    if (ev.key === "Enter" && first) first.click();
  });
  results.addEventListener("click", (ev) => {
    const a = ev.target instanceof Element ? ev.target.closest("a[data-target]") : null;
    if (a) { ev.preventDefault(); reveal(byName.get(a.dataset.target)); }
  });
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "/" && document.activeElement !== search) { ev.preventDefault(); search.focus(); }
  });

  // ---- toolbar
  document.getElementById("fit").addEventListener("click", fit);
  document.getElementById("expand-all").addEventListener("click", () => {
    for (const name of scopes.keys()) expanded.add(name);
    render();
    fit();
  });
  document.getElementById("collapse-all").addEventListener("click", () => {
    expanded.clear();
    expanded.add("");
    render();
    fit();
  });

  // ---- start, then apply what the address asks for (#expand=a,a/b&search=text&select=op),
  // by the same clicks and keystrokes a user would make
  render();
  fit();
  const asked = new URLSearchParams(window.location.hash.slice(1));
  for (const name of (asked.get("expand") || "").split(",").filter(Boolean)) {
    const node = svg.querySelector(`g.scope.collapsed[data-scope="${CSS.escape(name)}"]`);
    if (node === null) { report(`#expand: scope ${name} is not shown collapsed`); continue; }
    node.querySelector("rect:not(.shadow)").dispatchEvent(new MouseEvent("click", { bubbles: true }));
  }
  if (asked.has("expand")) fit();
  if (asked.has("search")) {
    search.value = asked.get("search");
    search.dispatchEvent(new Event("input"));
  }
  if (asked.has("select")) {
    const name = asked.get("select");
    if (!byName.has(name)) report(`#select: no op named ${name}`);
    else {
      const node = svg.querySelector(`g.op[data-op="${CSS.escape(name)}"]`);
      if (node === null) reveal(byName.get(name));
      else node.querySelector("rect").dispatchEvent(new MouseEvent("click", { bubbles: true }));
    }
  }
  document.body.dataset.ready = "1";
})();
