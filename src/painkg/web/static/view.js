/* painkg network view: reads the JSON block #painkg-data and draws it with vis-network.
 *
 * Positions come from Python (a layered layout by kind: drugs, targets, processes, conditions and harms), so
 * physics stays off and the page is drawn at once. Every label, tooltip and citation is set with textContent:
 * data never becomes markup. Links are followed only when the reader clicks them; nothing is fetched.
 */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("painkg-data").textContent);
  var SVG = "http://www.w3.org/2000/svg";
  var BASE_OPACITY = DATA.edgeOpacity || 0.85;
  var LABEL_MIN_PX = 9; // a label smaller than this on screen is not drawn (shown on zoom or hover)

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function svgEl(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    return e;
  }
  function tipElement(text) { return el("div", "painkg-tip", text); }

  var SHAPES = {
    diamond: ["polygon", { points: "8,1 15,8 8,15 1,8" }],
    hexagon: ["polygon", { points: "4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8" }],
    triangleDown: ["polygon", { points: "1,2 15,2 8,15" }],
    triangle: ["polygon", { points: "8,1 15,14 1,14" }],
    square: ["rect", { x: 2, y: 2, width: 12, height: 12 }],
    star: ["polygon", { points: "8,0.5 10,6 15.5,6 11,9.5 12.8,15 8,11.7 3.2,15 5,9.5 0.5,6 6,6" }],
    dot: ["circle", { cx: 8, cy: 8, r: 6 }]
  };
  function glyph(shape, color) {
    var svg = svgEl("svg", { "class": "glyph", width: 16, height: 16, viewBox: "0 0 16 16" });
    var s = SHAPES[shape] || SHAPES.dot, attrs = {};
    Object.keys(s[1]).forEach(function (k) { attrs[k] = s[1][k]; });
    attrs.fill = color; attrs.stroke = "#333333"; attrs["stroke-width"] = 0.8;
    svg.appendChild(svgEl(s[0], attrs));
    return svg;
  }
  function line(color, width, dashes, arrow) {
    var svg = svgEl("svg", { "class": "line", width: 48, height: 12 });
    var l = svgEl("line", { x1: 2, y1: 6, x2: 37, y2: 6, stroke: color, "stroke-width": width });
    if (dashes) l.setAttribute("stroke-dasharray", dashes.join(" "));
    svg.appendChild(l);
    if (arrow === "bar") svg.appendChild(svgEl("line", { x1: 39, y1: 1, x2: 39, y2: 11, stroke: color, "stroke-width": 2 }));
    else if (arrow === "circle") svg.appendChild(svgEl("circle", { cx: 40, cy: 6, r: 3.5, fill: color }));
    else if (arrow === "diamond") svg.appendChild(svgEl("polygon", { points: "36,6 41,2 46,6 41,10", fill: color }));
    else if (arrow === "box") svg.appendChild(svgEl("rect", { x: 37, y: 2, width: 8, height: 8, fill: color }));
    else if (arrow !== "none") svg.appendChild(svgEl("polygon", { points: "36,1 46,6 36,11", fill: color }));
    return svg;
  }

  // --- data sets -------------------------------------------------------------------------------------------
  var byId = {};
  DATA.nodes.forEach(function (n) { byId[n.id] = n; });
  var revealed = {};
  DATA.nodes.forEach(function (n) { revealed[n.id] = !n.more; });

  function visNode(n) {
    return {
      id: n.id, label: n.label, kind: n.kind, x: n.x, y: n.y, shape: n.shape, size: n.size,
      font: { size: n.font, face: "system-ui, sans-serif", color: "#1a1a1a", strokeWidth: 3, strokeColor: "#ffffff" },
      color: { background: n.color, border: n.focus ? "#000000" : "#333333",
               highlight: { background: n.color, border: "#000000" }, hover: { background: n.color, border: "#000000" } },
      borderWidth: n.focus ? 3 : 1,
      title: tipElement(n.tip), hidden: !revealed[n.id]
    };
  }
  // an edge's hover text: what it claims, its sources and the start of its first supporting quote
  function edgeTip(e) {
    var lines = [e.summary];
    var names = (e.sources || []).map(function (id) { var s = (DATA.sources || {})[id]; return s ? s.text : id; });
    lines.push("sources: " + (names.length ? names.join("; ") : (e.cites || []).join(", ") || "none"));
    if (e.contested_by && e.contested_by.length) {
      lines.push("disputed by: " + e.contested_by.map(function (id) { var s = (DATA.sources || {})[id]; return s ? s.text : id; }).join("; "));
    }
    if (e.quotes && e.quotes.length) {
      var q = e.quotes[0], max = DATA.tipQuoteChars || 280;
      if (q.length > max) q = q.slice(0, max - 1).replace(/\s+$/, "") + "\u2026";
      lines.push("\u201c" + q + "\u201d" + (e.quotes.length > 1 ? " (+" + (e.quotes.length - 1) + " more quote(s): click)" : ""));
    }
    return lines.join("\n");
  }
  function edgeColor(e, opacity) { return { color: e.color, highlight: e.color, hover: e.color, opacity: opacity }; }
  function visEdge(e) {
    return {
      id: e.id, from: e.from, to: e.to, width: e.width, dashes: e.dashes, color: edgeColor(e, BASE_OPACITY),
      arrows: { to: { enabled: e.arrow !== "none", type: e.arrow === "none" ? "arrow" : e.arrow, scaleFactor: 0.55 } },
      smooth: e.curve ? { enabled: true, type: e.curve > 0 ? "curvedCW" : "curvedCCW", roundness: Math.abs(e.curve) } : false,
      title: tipElement(edgeTip(e)), hidden: !(revealed[e.from] && revealed[e.to])
    };
  }
  var edgeById = {};
  DATA.edges.forEach(function (e) { edgeById[e.id] = e; });
  var nodes = new vis.DataSet(DATA.nodes.map(visNode));
  var edges = new vis.DataSet(DATA.edges.map(visEdge));
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    physics: { enabled: false },
    layout: { improvedLayout: false, randomSeed: 42 },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: DATA.edges.length > 1500, multiselect: true },
    nodes: { borderWidth: 1, widthConstraint: { maximum: DATA.labelWidth || 150 },
             scaling: { label: { drawThreshold: LABEL_MIN_PX, maxVisible: 26 } } },
    edges: { selectionWidth: 2, hoverWidth: 1.5 }
  });

  function visibleIds() { return DATA.nodes.filter(function (n) { return !nodes.get(n.id).hidden; }).map(function (n) { return n.id; }); }
  function updateCounts() {
    var shown = visibleIds().length;
    var shownEdges = edges.get({ filter: function (e) { return !e.hidden; } }).length;
    document.getElementById("counts").textContent =
      shown + " of " + DATA.nodes.length + " nodes · " + shownEdges + " of " + DATA.edges.length + " edges shown" +
      (DATA.contested ? " · " + DATA.contested + " contested" : "");
  }

  // column headings (drugs → targets → processes → conditions and harms), drawn above the columns
  network.on("afterDrawing", function (ctx) {
    var scale = network.getScale();
    ctx.save();
    ctx.font = "600 " + (14 / scale) + "px system-ui, sans-serif";
    ctx.fillStyle = "#555555";
    ctx.textAlign = "center";
    (DATA.columns || []).forEach(function (c) { ctx.fillText(c.label, c.x, c.y); });
    ctx.restore();
  });

  // --- details panel ---------------------------------------------------------------------------------------
  var details = document.getElementById("details");
  function externalLink(text, url) {
    var a = el("a", "cite", text);
    a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
    return a;
  }
  function sourceItem(id) {
    var s = (DATA.sources || {})[id];
    var li = el("li");
    if (!s) { li.textContent = id; return li; }
    if (s.page) { var a = el("a", "source", s.text); a.href = s.page; if (DATA.embedded) a.target = "_top"; li.appendChild(a); }
    else li.appendChild(el("span", "source", s.text));
    if (s.design) li.appendChild(el("span", "design", " · " + s.design));
    if (s.link) { li.appendChild(document.createTextNode(" · ")); li.appendChild(externalLink(s.cite, s.link)); }
    if (!s.verified) li.appendChild(el("span", "partial", " · partly verified"));
    return li;
  }
  function showDetails(kind, id) {
    details.replaceChildren();
    if (!id) { details.textContent = "Click a node or an edge; hover for a summary."; return; }
    if (kind === "node") {
      var n = byId[id];
      details.appendChild(el("div", "tip", n.tip));
      if (n.page) {
        var a = el("a", "page", "open the page of " + n.name);
        a.href = n.page; if (DATA.embedded) a.target = "_top";
        details.appendChild(a);
      }
      return;
    }
    var e = edgeById[id];
    details.appendChild(el("div", "tip", e.summary));
    if (e.sources && e.sources.length) {
      details.appendChild(el("h3", null, "Sources"));
      var ol = el("ul", "sources");
      e.sources.forEach(function (s) { ol.appendChild(sourceItem(s)); });
      details.appendChild(ol);
    }
    if (e.contested_by && e.contested_by.length) {
      details.appendChild(el("h3", null, "Disputed by"));
      var ul = el("ul", "sources");
      e.contested_by.forEach(function (s) { ul.appendChild(sourceItem(s)); });
      details.appendChild(ul);
    }
    (e.quotes || []).forEach(function (q) { details.appendChild(el("blockquote", null, q)); });
  }
  function selectNode(id) {
    if (!byId[id]) return false;
    if (!revealed[id]) reveal([id]);
    network.selectNodes([id]);
    showDetails("node", id);
    return true;
  }
  // clicking a node dims everything not linked to it; clicking the background (or Escape) undoes it
  var dimmed = false;
  function dim(onNodes, onEdges) {
    dimmed = onNodes !== null;
    nodes.update(DATA.nodes.map(function (n) { return { id: n.id, opacity: !dimmed || onNodes[n.id] ? 1 : 0.18 }; }));
    edges.update(DATA.edges.map(function (e) {
      var on = !dimmed || onEdges[e.id];
      return { id: e.id, color: edgeColor(e, on ? (dimmed ? 0.9 : BASE_OPACITY) : 0.07) };
    }));
  }
  function dimAround(id) {
    var onNodes = {}, onEdges = {};
    onNodes[id] = true;
    network.getConnectedEdges(id).forEach(function (eid) {
      var e = edgeById[eid]; onEdges[eid] = true; onNodes[e.from] = true; onNodes[e.to] = true;
    });
    dim(onNodes, onEdges);
  }
  network.on("click", function (p) {
    if (p.nodes.length) { showDetails("node", p.nodes[0]); if (!DATA.paths.length) dimAround(p.nodes[0]); }
    else if (p.edges.length) showDetails("edge", p.edges[0]);
    else { showDetails(null, null); if (dimmed && !DATA.paths.length) dim(null, null); }
  });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape" && dimmed && !DATA.paths.length) dim(null, null); });

  // --- search: exact label, synonym or CURIE first, then words starting with the text, then any substring ---
  var search = document.getElementById("search");
  var results = document.getElementById("search-results");
  function score(n, q) {
    var names = [n.name].concat(n.synonyms || []).map(function (s) { return s.toLowerCase(); });
    if (n.id.toLowerCase() === q || names.indexOf(q) >= 0) return 0;
    if (names.some(function (s) { return s.indexOf(q) === 0; })) return 1;
    if (names.some(function (s) { return (" " + s).indexOf(" " + q) >= 0; })) return 2;
    if (names.some(function (s) { return s.indexOf(q) >= 0; }) || n.id.toLowerCase().indexOf(q) >= 0) return 3;
    return -1;
  }
  function matches(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    var found = [];
    DATA.nodes.forEach(function (n) { var s = score(n, q); if (s >= 0) found.push([s, n.name.length, n.name, n.id]); });
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0); });
    return found.map(function (f) { return f[3]; });
  }
  function go(id) { selectNode(id); if (!DATA.paths.length) dimAround(id); network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: false }); }
  search.addEventListener("input", function () {
    var m = matches(search.value);
    results.replaceChildren();
    m.slice(0, 8).forEach(function (id) {
      var li = el("li"), b = el("button", "result", byId[id].name);
      b.type = "button";
      b.appendChild(el("span", "curie", " " + id));
      b.addEventListener("click", function () { go(id); });
      li.appendChild(b); results.appendChild(li);
    });
    if (m.length > 8) results.appendChild(el("li", "note", (m.length - 8) + " more"));
    if (search.value.trim() && !m.length) results.appendChild(el("li", "note", "no match"));
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var m = matches(search.value);
    if (m.length) go(m[0]);
  });

  // --- legend and filters -------------------------------------------------------------------------------------
  function row(parent, checkbox, attr, value) {
    var r = el("label", "row");
    if (checkbox) {
      var cb = el("input");
      cb.type = "checkbox"; cb.checked = true; cb.setAttribute(attr, value);
      cb.addEventListener("change", applyFilters);
      r.appendChild(cb);
    }
    parent.appendChild(r);
    return r;
  }
  DATA.kinds.forEach(function (k) {
    var r = row(document.getElementById("legend-kinds"), true, "data-kind", k.kind);
    r.appendChild(glyph(k.shape, k.color));
    r.appendChild(el("span", "name", k.label));
    r.appendChild(el("span", "count", String(k.count)));
  });
  DATA.families.forEach(function (f) {
    var r = row(document.getElementById("legend-families"), false);
    r.appendChild(line(f.color, 3, null, "arrow"));
    r.appendChild(el("span", "name", f.label));
    r.appendChild(el("span", "count", String(f.count)));
  });
  DATA.evidence.forEach(function (e) {
    var r = row(document.getElementById("legend-evidence"), true, "data-evidence", e.type);
    r.appendChild(line("#444444", e.width, null, "arrow"));
    r.appendChild(el("span", "name", e.label));
    r.appendChild(el("span", "count", String(e.count)));
  });
  DATA.styles.forEach(function (s) {
    var r = row(document.getElementById("legend-styles"), false);
    r.appendChild(line(s.color, 2.5, s.dashes, s.arrow));
    r.appendChild(el("span", "name", s.label));
    r.appendChild(el("span", "count", String(s.count)));
  });
  if (DATA.omitted) {
    var om = document.getElementById("omitted");
    om.hidden = false;
    om.textContent = DATA.omitted;
  }

  function checked(attr) {
    var out = {};
    document.querySelectorAll("input[" + attr + "]").forEach(function (cb) { if (cb.checked) out[cb.getAttribute(attr)] = true; });
    return out;
  }
  function applyFilters() {
    var kinds = checked("data-kind"), evs = checked("data-evidence");
    var nu = [], eu = [];
    nodes.forEach(function (n) {
      var h = !kinds[n.kind] || !revealed[n.id];
      if (h !== n.hidden) nu.push({ id: n.id, hidden: h });
    });
    edges.forEach(function (e) {
      var d = edgeById[e.id];
      var h = !evs[d.evidence] || !revealed[d.from] || !revealed[d.to] || !kinds[byId[d.from].kind] || !kinds[byId[d.to].kind];
      if (h !== e.hidden) eu.push({ id: e.id, hidden: h });
    });
    nodes.update(nu); edges.update(eu);
    updateCounts();
  }

  // --- "n more": a focus view shows the strongest neighbours first; the rest in steps, strongest first ---
  var moreBox = document.getElementById("more-box"), moreButton = document.getElementById("more");
  function pending() { return (DATA.more ? DATA.more.order : []).filter(function (id) { return !revealed[id]; }); }
  function updateMore() {
    var left = pending();
    if (!DATA.more || !left.length) { moreBox.hidden = !DATA.more; moreButton.disabled = true;
      moreButton.textContent = DATA.more ? "all neighbours shown" : ""; return; }
    moreBox.hidden = false; moreButton.disabled = false;
    var step = Math.min(DATA.more.step, left.length);
    moreButton.textContent = "Show " + step + " more (" + left.length + " not shown)";
    document.getElementById("more-note").textContent = DATA.more.note;
  }
  function reveal(ids) {
    ids.forEach(function (id) { revealed[id] = true; });
    applyFilters(); updateMore();
  }
  moreButton.addEventListener("click", function () {
    reveal(pending().slice(0, DATA.more.step));
    fitAll();
  });

  // --- path highlight ---------------------------------------------------------------------------------------
  function highlight(pathIndexes) {
    var onNodes = {}, onEdges = {}, all = pathIndexes === null;
    (all ? [] : pathIndexes).forEach(function (i) {
      DATA.paths[i].nodes.forEach(function (n) { onNodes[n] = true; });
      DATA.paths[i].edges.forEach(function (e) { onEdges[e] = true; });
    });
    nodes.update(DATA.nodes.map(function (n) { return { id: n.id, opacity: all || onNodes[n.id] ? 1 : 0.2 }; }));
    edges.update(DATA.edges.map(function (e) {
      var on = all || onEdges[e.id];
      return { id: e.id, color: edgeColor(e, on ? 0.85 : 0.1), width: !all && on ? e.width + 3 : e.width };
    }));
  }
  if (DATA.paths.length) {
    document.getElementById("paths-box").hidden = false;
    var sel = document.getElementById("path-select");
    var optAll = el("option", null, "all " + DATA.paths.length + " path(s)"); optAll.value = "all"; sel.appendChild(optAll);
    DATA.paths.forEach(function (p, i) {
      var o = el("option", null, (i + 1) + ". " + p.label + " (" + p.edges.length + " hops)"); o.value = String(i);
      sel.appendChild(o);
    });
    sel.addEventListener("change", function () {
      highlight(sel.value === "all" ? DATA.paths.map(function (_p, i) { return i; }) : [Number(sel.value)]);
    });
    highlight(DATA.paths.map(function (_p, i) { return i; }));
  }

  updateCounts(); updateMore();
  window.painkgView = {
    nodes: nodes, edges: edges, network: network, data: DATA, matches: matches, reveal: reveal, pending: pending,
    edgeTip: edgeTip, selectNode: selectNode, dimAround: dimAround, showDetails: showDetails, highlight: highlight, applyFilters: applyFilters,
    labelMinPx: LABEL_MIN_PX
  };
  function fitAll() {
    network.fit({ nodes: visibleIds(), animation: false });
    network.moveTo({ scale: network.getScale() * 0.94, animation: false }); // room for the outer labels
  }
  fitAll();
  network.once("afterDrawing", function () {
    window.painkgView.stableAt = performance.now();
    document.body.setAttribute("data-stable", "true");
  });
})();
