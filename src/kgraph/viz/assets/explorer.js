/* kgraph explorer: filters, search, neighbourhood, timeline and the provenance panel.
 * Every piece of text that came from an article is put in the page with textContent or
 * DOM nodes, never parsed as HTML: article text may hold markup. */
(function () {
  "use strict";

  var payload = JSON.parse(document.getElementById("kgraph-data").textContent);
  var meta = payload.meta;
  var nodes = new vis.DataSet(payload.nodes);
  var edges = new vis.DataSet(payload.edges);
  var docs = {};
  meta.documents.forEach(function (d) { docs[d.id] = d; });
  var classLook = {};
  meta.classes.forEach(function (c) { classLook[c.id] = c; });

  var incident = {};
  nodes.forEach(function (n) { incident[n.id] = []; });
  edges.forEach(function (e) {
    incident[e.from].push(e.id);
    if (e.to !== e.from) { incident[e.to].push(e.id); }
  });

  var defaults = meta.defaults || {};
  var allClasses = meta.classes.map(function (c) { return c.id; });
  var allRelations = meta.relations.map(function (r) { return r.id; });
  var state = {
    classes: new Set(defaults.classes || allClasses),
    relations: new Set(defaults.relations || allRelations),
    since: defaults.since || "",
    until: defaults.until || "",
    article: "",
    hood: Boolean(meta.focus),
    hops: meta.focus ? Math.max(1, meta.focus.hops) : 1,
    center: meta.focus ? meta.focus.node : null,
    hideIsolated: false
  };

  var visibleNodes = new Set();
  var visibleEdges = new Set();
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return visibleNodes.has(n.id); } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return visibleEdges.has(e.id); } });

  // ---- small DOM helpers (text only) ------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function byId(id) { return document.getElementById(id); }
  function setStatus(text) { byId("status").textContent = text || ""; }
  function safeLink(url, text) {
    // Only web links become anchors; anything else (javascript:, data:) stays plain text.
    if (!/^https?:\/\/[^\s]+$/i.test(url)) { return el("span", null, url); }
    var a = el("a", null, text || url);
    a.setAttribute("href", url);
    a.setAttribute("target", "_blank");
    a.setAttribute("rel", "noopener noreferrer");
    return a;
  }

  // ---- filtering --------------------------------------------------------------------------

  function day(value) { return value ? String(value).slice(0, 10) : ""; }
  function dateActive() { return Boolean(state.since || state.until); }
  function inRange(d) {
    if (!d) { return false; }
    return (!state.since || d >= state.since) && (!state.until || d <= state.until);
  }

  function nodePasses(n) {
    var k = n.kg;
    if (!state.classes.has(k.cls)) { return false; }
    if (state.article && k.docs.indexOf(state.article) < 0) { return false; }
    if (dateActive() && k.date && !inRange(day(k.date))) { return false; }
    return true;
  }

  function claimPasses(c) {
    if (state.article && !(c.evidence && c.evidence.document === state.article)) { return false; }
    if (dateActive() && !inRange(day(c.date))) { return false; }
    return true;
  }

  function edgePasses(e) {
    var k = e.kg;
    if (!state.relations.has(k.predicate)) { return false; }
    if (k.kind !== "relation") {
      // Secondary links (party, place, belongsTo) follow their ends; an article keeps those
      // read from it, and the gazetteer's belongsTo links (read from no article). A place
      // read from dated statements follows their dates too.
      if (state.article && k.docs.length && k.docs.indexOf(state.article) < 0) { return false; }
      var dated = k.evidence.filter(function (ev) { return ev.date; });
      return !dateActive() || !dated.length || dated.some(function (ev) { return inRange(day(ev.date)); });
    }
    if (!state.article && !dateActive()) { return true; }
    return k.claims.some(claimPasses);
  }

  function neighbourhood(center, hops, nodeOk, edgeOk) {
    var reached = new Set([center]);
    var frontier = [center];
    for (var step = 0; step < hops && frontier.length; step++) {
      var next = [];
      frontier.forEach(function (id) {
        incident[id].forEach(function (eid) {
          if (!edgeOk.has(eid)) { return; }
          var e = edges.get(eid);
          var other = e.from === id ? e.to : e.from;
          if (nodeOk.has(other) && !reached.has(other)) { reached.add(other); next.push(other); }
        });
      });
      frontier = next;
    }
    return reached;
  }

  function applyFilters() {
    var nodeOk = new Set();
    nodes.forEach(function (n) { if (nodePasses(n)) { nodeOk.add(n.id); } });
    var edgeOk = new Set();
    edges.forEach(function (e) {
      if (nodeOk.has(e.from) && nodeOk.has(e.to) && edgePasses(e)) { edgeOk.add(e.id); }
    });
    if (state.hood && state.center && nodeOk.has(state.center)) {
      nodeOk = neighbourhood(state.center, state.hops, nodeOk, edgeOk);
      edgeOk.forEach(function (eid) {
        var e = edges.get(eid);
        if (!nodeOk.has(e.from) || !nodeOk.has(e.to)) { edgeOk.delete(eid); }
      });
    }
    if (state.hideIsolated) {
      var linked = new Set();
      edgeOk.forEach(function (eid) { var e = edges.get(eid); linked.add(e.from); linked.add(e.to); });
      nodeOk.forEach(function (id) { if (!linked.has(id) && id !== state.center) { nodeOk.delete(id); } });
    }
    visibleNodes = nodeOk;
    visibleEdges = edgeOk;
    nodeView.refresh();
    edgeView.refresh();
    showCounts();
    markTimeline();
  }

  function showCounts() {
    var text = nodeView.length + " of " + nodes.length + " nodes, " +
      edgeView.length + " of " + edges.length + " edges shown";
    if (meta.totals.nodes > nodes.length) {
      text += " (graph: " + meta.totals.nodes + " nodes)";
    }
    byId("counts").textContent = text;
  }

  function resetFilters() {
    state.classes = new Set(allClasses);
    state.relations = new Set(allRelations);
    state.since = state.until = state.article = "";
    state.hideIsolated = false;
    syncControls();
    applyFilters();
  }

  // ---- controls ---------------------------------------------------------------------------

  function checklist(listId, items, chosen, renderLabel) {
    var list = byId(listId);
    items.forEach(function (item) {
      var li = el("li");
      var label = el("label");
      var box = el("input");
      box.type = "checkbox";
      box.value = item.id;
      box.checked = chosen.has(item.id);
      box.addEventListener("change", function () {
        if (box.checked) { chosen_set(listId).add(item.id); } else { chosen_set(listId).delete(item.id); }
        applyFilters();
      });
      label.appendChild(box);
      renderLabel(label, item);
      label.appendChild(el("span", "count", item.count));
      li.appendChild(label);
      list.appendChild(li);
    });
  }
  function chosen_set(listId) { return listId === "class-filter" ? state.classes : state.relations; }

  function buildControls() {
    checklist("class-filter", meta.classes, state.classes, function (label, c) {
      var glyph = el("span", "glyph", c.glyph);
      glyph.style.color = c.color;
      label.appendChild(glyph);
      label.appendChild(el("span", "name", c.label));
    });
    checklist("relation-filter", meta.relations, state.relations, function (label, r) {
      label.appendChild(el("span", "name", r.label));
    });
    var article = byId("article");
    meta.documents.forEach(function (d) {
      var option = el("option", null, d.title + (d.issued ? " (" + day(d.issued) + ")" : ""));
      option.value = d.id;
      article.appendChild(option);
    });
    article.addEventListener("change", function () { state.article = article.value; applyFilters(); });
    byId("since").addEventListener("change", function (ev) { state.since = ev.target.value; applyFilters(); });
    byId("until").addEventListener("change", function (ev) { state.until = ev.target.value; applyFilters(); });
    byId("hood").addEventListener("change", function (ev) {
      state.hood = ev.target.checked;
      if (state.hood && !state.center) { state.center = network.getSelectedNodes()[0] || null; }
      applyFilters();
    });
    byId("hops").addEventListener("change", function (ev) {
      state.hops = Math.max(1, parseInt(ev.target.value, 10) || 1);
      applyFilters();
    });
    byId("hide-isolated").addEventListener("change", function (ev) {
      state.hideIsolated = ev.target.checked;
      applyFilters();
    });
    byId("reset").addEventListener("click", function () {
      state.hood = false;
      resetFilters();
    });
    byId("fit").addEventListener("click", function () { network.fit({ animation: false }); });

    var names = byId("names");
    var seen = new Set();
    nodes.forEach(function (n) {
      n.kg.names.forEach(function (name) {
        if (seen.has(name) || seen.size > 5000) { return; }
        seen.add(name);
        var option = el("option");
        option.value = name;
        names.appendChild(option);
      });
    });
    var input = byId("search");
    input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { search(input.value); } });
    input.addEventListener("change", function () { search(input.value); });
    byId("search-go").addEventListener("click", function () { search(input.value); });
    syncControls();
  }

  function syncControls() {
    document.querySelectorAll("#class-filter input").forEach(function (box) {
      box.checked = state.classes.has(box.value);
    });
    document.querySelectorAll("#relation-filter input").forEach(function (box) {
      box.checked = state.relations.has(box.value);
    });
    byId("since").value = state.since;
    byId("until").value = state.until;
    byId("article").value = state.article;
    byId("hood").checked = state.hood;
    byId("hops").value = String(state.hops);
    byId("hide-isolated").checked = state.hideIsolated;
  }

  // ---- search and focus -------------------------------------------------------------------

  function findNode(query) {
    var q = String(query || "").trim().toLowerCase();
    if (!q) { return null; }
    var exact = null, prefix = null, part = null;
    nodes.forEach(function (n) {
      n.kg.names.forEach(function (name) {
        var lower = name.toLowerCase();
        if (lower === q) { exact = exact || n.id; }
        else if (lower.indexOf(q) === 0) { prefix = prefix || n.id; }
        else if (lower.indexOf(q) > 0) { part = part || n.id; }
      });
    });
    return exact || prefix || part;
  }

  function search(query) {
    var id = findNode(query);
    if (!id) {
      setStatus("no node matches \u201c" + String(query) + "\u201d");
      return null;
    }
    setStatus("");
    focusNode(id);
    return id;
  }

  // Shows a node or edge the filters hide by resetting them (the neighbourhood moves to it).
  function ensureVisible(id, centerNode) {
    if (visibleNodes.has(id) || visibleEdges.has(id)) { return; }
    if (state.hood) { state.center = centerNode; }
    resetFilters();
    setStatus("filters reset to show the selection");
  }

  function focusNode(id) {
    if (!nodes.get(id)) { return; }
    if (state.hood) { state.center = id; applyFilters(); }
    ensureVisible(id, id);
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    showNode(id);
  }

  function focusEdge(id) {
    var e = edges.get(id);
    if (!e) { return; }
    if (state.hood) { state.center = e.from; applyFilters(); }
    ensureVisible(id, e.from);
    network.selectEdges([id]);
    network.fit({ nodes: [e.from, e.to], animation: false });
    if (network.getScale() > 1.4) { network.moveTo({ scale: 1.4, animation: false }); }
    showEdge(id);
  }

  // ---- the panel ----------------------------------------------------------------------------

  function panel() {
    var p = byId("panel");
    while (p.firstChild) { p.removeChild(p.firstChild); }
    return p;
  }

  function row(dl, term, value) {
    if (value === null || value === undefined || value === "" ||
        (Array.isArray(value) && value.length === 0)) { return; }
    dl.appendChild(el("dt", null, term));
    var dd = el("dd");
    if (value instanceof Node) { dd.appendChild(value); } else { dd.textContent = String(value); }
    dl.appendChild(dd);
  }

  function evidenceBlock(ev) {
    var quote = el("blockquote", "evidence");
    var text = String(ev.text || "");
    var a = ev.start, b = ev.end;
    if (Number.isInteger(a) && Number.isInteger(b) && a >= 0 && b > a && b <= text.length) {
      quote.appendChild(document.createTextNode(text.slice(0, a)));
      quote.appendChild(el("mark", null, text.slice(a, b)));
      quote.appendChild(document.createTextNode(text.slice(b)));
    } else {
      quote.textContent = text;
    }
    return quote;
  }

  function documentLine(docId) {
    var d = docs[docId];
    if (!d) { return null; }
    var span = el("span", null, d.title);
    if (d.issued) { span.appendChild(document.createTextNode(", published " + day(d.issued))); }
    if (d.source) { span.appendChild(document.createTextNode(" \u2014 " + d.source)); }
    return span;
  }

  function showNode(id) {
    var n = nodes.get(id);
    if (!n) { return; }
    var k = n.kg;
    var p = panel();
    p.dataset.kind = "node";
    p.dataset.id = id;
    p.appendChild(el("h3", "title", n.label));
    var cls = el("div", "cls");
    var look = classLook[k.cls];
    var glyph = el("span", "glyph", look ? look.glyph : "\u25cf");
    if (look) { glyph.style.color = look.color; }
    cls.appendChild(glyph);
    cls.appendChild(el("span", "class-label", k.clsLabel + (k.kind === "event" ? " (event)" : "")));
    p.appendChild(cls);
    var dl = el("dl");
    if (k.names.length) {
      var list = el("ul", "names");
      k.names.forEach(function (name) { list.appendChild(el("li", null, name)); });
      row(dl, "names", list);
    }
    if (k.geonames.length) {
      var geo = el("span");
      k.geonames.forEach(function (url) { geo.appendChild(safeLink(url, "GeoNames " + url.replace(/\D+/g, " ").trim())); geo.appendChild(document.createTextNode(" ")); });
      row(dl, "GeoNames", geo);
    }
    if (k.sameAs.length) {
      var same = el("span");
      k.sameAs.forEach(function (url) { same.appendChild(safeLink(url)); same.appendChild(document.createTextNode(" ")); });
      row(dl, "same as", same);
    }
    row(dl, "location", k.point);
    row(dl, "part of", k.partOf.join(", "));
    row(dl, "date", k.date);
    row(dl, "place", k.place);
    if (k.docs.length) {
      var articles = el("ul", "names");
      k.docs.forEach(function (d) { var line = documentLine(d); if (line) { var li = el("li"); li.appendChild(line); articles.appendChild(li); } });
      row(dl, "articles", articles);
    }
    p.appendChild(dl);
    k.evidence.forEach(function (ev) { p.appendChild(evidenceBlock(ev)); });
    var links = incident[id] || [];
    if (links.length) {
      p.appendChild(el("h2", null, "Connections (" + links.length + ")"));
      var ul = el("ul", "names");
      links.slice(0, 100).forEach(function (eid) {
        var e = edges.get(eid);
        var li = el("li");
        var a = el("a", null, nodes.get(e.from).label + " \u2192 " + e.label + " \u2192 " + nodes.get(e.to).label);
        a.href = "#";
        a.addEventListener("click", function (ev) { ev.preventDefault(); focusEdge(eid); });
        li.appendChild(a);
        ul.appendChild(li);
      });
      p.appendChild(ul);
    }
  }

  var SECONDARY_CAPTIONS = {
    party: "party to an event",
    participant: "party to an event",
    place: "where it took place (kg:place)",
    belongsTo: "belongs to a country (kg:belongsTo)"
  };

  function showEdge(id) {
    var e = edges.get(id);
    if (!e) { return; }
    var k = e.kg;
    var p = panel();
    p.dataset.kind = "edge";
    p.dataset.id = id;
    var heading = el("h3", "title");
    heading.appendChild(document.createTextNode(nodes.get(e.from).label + " "));
    heading.appendChild(el("em", null, e.label));
    heading.appendChild(document.createTextNode(" " + nodes.get(e.to).label));
    p.appendChild(heading);
    var sub = el("div", "cls", SECONDARY_CAPTIONS[k.kind] || "relation kg:" + k.predicate);
    if (k.negative) { sub.appendChild(el("span", "badge negative", "denied or disputed: a claim, not a fact")); }
    if (k.symmetric) { sub.appendChild(el("span", "badge", "symmetric")); }
    p.appendChild(sub);
    if (k.kind !== "relation") {
      if (k.kind === "belongsTo") {
        p.appendChild(el("p", "hint", "Background knowledge from the gazetteer, not read from an article."));
      }
      k.evidence.forEach(function (ev) {
        p.appendChild(evidenceBlock(ev));
        var dl = el("dl");
        row(dl, "article", documentLine(ev.document));
        p.appendChild(dl);
      });
      return;
    }
    p.appendChild(el("h2", null, k.claims.length + (k.claims.length === 1 ? " statement" : " statements")));
    k.claims.forEach(function (c) {
      var box = el("div", "claim" + (String(c.polarity).toLowerCase() === "negative" ? " negative" : ""));
      if (c.evidence) { box.appendChild(evidenceBlock(c.evidence)); }
      var dl = el("dl");
      row(dl, "date", c.date ? day(c.date) + (c.date.length > 10 ? " " + c.date.slice(11) : "") : null);
      row(dl, "as written", c.date_text);
      row(dl, "place", c.place);
      row(dl, "said by", c.said_by);
      row(dl, "polarity", c.polarity);
      row(dl, "confidence", c.confidence);
      row(dl, "article", c.evidence ? documentLine(c.evidence.document) : null);
      box.appendChild(dl);
      p.appendChild(box);
    });
  }

  // ---- timeline ---------------------------------------------------------------------------

  var timelineItems = [];
  function buildTimeline() {
    var list = byId("timeline");
    if (!meta.timeline.length) {
      list.appendChild(el("li", "empty", "no dated events or statements"));
      return;
    }
    meta.timeline.forEach(function (item) {
      var li = el("li", item.kind);
      li.appendChild(el("span", "when", item.date.length > 10 ? day(item.date) + " " + item.date.slice(11, 16) : item.date));
      li.appendChild(el("span", "what", item.text));
      li.addEventListener("click", function () {
        document.querySelectorAll("#timeline li.current").forEach(function (x) { x.classList.remove("current"); });
        li.classList.add("current");
        if (item.edge) { focusEdge(item.edge); } else { focusNode(item.node); }
      });
      list.appendChild(li);
      timelineItems.push({ li: li, item: item });
    });
  }
  function markTimeline() {
    timelineItems.forEach(function (t) {
      var shown = t.item.edge ? visibleEdges.has(t.item.edge) : visibleNodes.has(t.item.node);
      t.li.classList.toggle("hidden-item", !shown);
    });
  }

  // ---- start ------------------------------------------------------------------------------

  if (meta.notice) {
    byId("notice").textContent = meta.notice;
    byId("notice").hidden = false;
  }
  applyFilters();
  var container = byId("network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, payload.options);
  buildControls();
  buildTimeline();
  markTimeline();

  network.on("click", function (params) {
    if (params.nodes.length) {
      var id = params.nodes[0];
      if (state.hood && state.center !== id) { state.center = id; applyFilters(); }
      showNode(id);
    } else if (params.edges.length) {
      showEdge(params.edges[0]);
    }
  });

  window.kgraph = {
    network: network,
    nodes: nodes,
    edges: edges,
    nodeView: nodeView,
    edgeView: edgeView,
    meta: meta,
    state: state,
    applyFilters: applyFilters,
    resetFilters: resetFilters,
    search: search,
    focusNode: focusNode,
    focusEdge: focusEdge,
    showNode: showNode,
    showEdge: showEdge,
    visible: function () { return { nodes: nodeView.length, edges: edgeView.length }; }
  };

  network.once("afterDrawing", function () {
    if (state.center) {
      focusNode(state.center);
    } else if (network.getScale() > 1.2) {
      // A tiny graph would otherwise be zoomed until one node fills the screen.
      network.moveTo({ scale: 1.2, animation: false });
    }
    window.requestAnimationFrame(function () {
      window.kgraph.readyAt = performance.now();
      document.body.dataset.ready = "true";
    });
  });
}());
