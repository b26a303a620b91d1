/* painkg evidence site: the home page's search over every entity (labels, synonyms, CURIEs).
 *
 * The index is a JSON block in the page (no request: the site works from file://). Exact matches of a label,
 * synonym or CURIE come first, then names starting with the text, then names with a word starting with it,
 * then any substring; ties go to the shorter name. Results are built with textContent.
 */
(function () {
  "use strict";
  var block = document.getElementById("search-index");
  var box = document.getElementById("q");
  var list = document.getElementById("hits");
  if (!block || !box || !list) return;
  var INDEX = JSON.parse(block.textContent);
  var KINDS = INDEX.kinds;

  function score(e, q) {
    var names = [e.l].concat(e.s);
    var low = names.map(function (s) { return s.toLowerCase(); });
    if (e.c.toLowerCase() === q) return [0, e.l, "CURIE"];
    var i = low.indexOf(q);
    if (i === 0) return [0, e.l, ""];
    if (i > 0) return [0, names[i], "synonym"];
    for (i = 0; i < low.length; i++) if (low[i].indexOf(q) === 0) return [1, names[i], i ? "synonym" : ""];
    for (i = 0; i < low.length; i++) if ((" " + low[i]).indexOf(" " + q) >= 0) return [2, names[i], i ? "synonym" : ""];
    for (i = 0; i < low.length; i++) if (low[i].indexOf(q) >= 0) return [3, names[i], i ? "synonym" : ""];
    if (e.c.toLowerCase().indexOf(q) >= 0) return [3, e.c, "CURIE"];
    return null;
  }
  function search(text) {
    var q = text.trim().toLowerCase();
    if (!q) return [];
    var hits = [];
    INDEX.entities.forEach(function (e) {
      var s = score(e, q);
      if (s) hits.push({ e: e, rank: s[0], matched: s[1], why: s[2] });
    });
    hits.sort(function (a, b) {
      return a.rank - b.rank || a.e.l.length - b.e.l.length || (a.e.l < b.e.l ? -1 : a.e.l > b.e.l ? 1 : 0);
    });
    return hits;
  }
  function el(tag, cls, text) {
    var x = document.createElement(tag);
    if (cls) x.className = cls;
    if (text !== undefined) x.textContent = text;
    return x;
  }
  function show() {
    var hits = search(box.value);
    list.replaceChildren();
    hits.slice(0, 25).forEach(function (h) {
      var li = el("li"), a = el("a", "hit", h.e.l);
      a.href = h.e.u;
      li.appendChild(a);
      li.appendChild(el("span", "why", KINDS[h.e.k] + " · " + h.e.c + (h.why === "synonym" ? " · matched “" + h.matched + "”" : "")));
      list.appendChild(li);
    });
    if (hits.length > 25) list.appendChild(el("li", "note", (hits.length - 25) + " more: type more of the name"));
    if (box.value.trim() && !hits.length) list.appendChild(el("li", "note", "No entity matches."));
  }
  box.addEventListener("input", show);
  box.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var hits = search(box.value);
    if (hits.length) window.location.href = hits[0].e.u;
  });
  window.painkgSearch = search;
  if (box.value) show();
})();
