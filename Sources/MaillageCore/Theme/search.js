// Maillage — recherche instantanée, sans serveur.
// Same analysis and ranking as Sources/MaillageCore/Search/ (FrenchAnalyzer.swift,
// QueryPlan.swift, SearchEngine.swift); the index format is described in SearchIndex.swift.
// Exposed as `MaillageSearch` (analyze, stem, fold, plan, Index) for node --test.
(function (root) {
  "use strict";
  var A = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_", DIGIT = {};
  for (var i = 0; i < 64; i++) DIGIT[A.charAt(i)] = i;
  var STOP = new Set(("au aux avec ce ces cet cette dans de des du elle elles en et eux il ils je la le les leur " +
    "leurs lui ma mais me mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes " +
    "toi ton tu un une vos votre vous sont ont dont sans sous vers chez tres aussi ainsi comme donc car ni si " +
    "lorsqu puisqu jusqu quoiqu quand afin ceux celle celles celui").split(" "));
  var FEM = [["trice", "teur"], ["euse", "eur"], ["iere", "ier"], ["ive", "if"], ["elle", "el"], ["enne", "en"], ["ette", "et"]];
  var WORD = /[\p{L}\p{N}]/u, NUM = /\p{N}/u, HYPHEN = /[-\u2010\u2011]/;

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/ß/g, "ss");
  }
  function len(s) { return Array.from(s).length; }
  function kept(w) { return len(w) === 1 ? NUM.test(w) : !STOP.has(w); }

  // The folded words of a text, stop words left out (unless `all`), hyphenated words also
  // joined (not in a query).
  function analyze(text, query, all) {
    var out = [], cur = "", chain = [], afterHyphen = false;
    function emit(w) { if (len(w) <= 40 && (all || kept(w))) out.push(w); }
    function endChain() { if (!query && chain.length > 1) emit(chain.join("")); chain = []; }
    for (var ch of fold(text)) {
      if (WORD.test(ch)) {
        if (!cur && !afterHyphen) endChain();
        afterHyphen = false;
        cur += ch;
      } else {
        if (!cur) afterHyphen = false;
        else { emit(cur); chain.push(cur); cur = ""; afterHyphen = HYPHEN.test(ch); }
        if (!afterHyphen) endChain();
      }
    }
    if (cur) { emit(cur); chain.push(cur); }
    endChain();
    return out;
  }

  function stem(w) {
    var s = w, n = len(w);
    if (n < 5 || NUM.test(w)) return w;
    function ends(x) { return s.endsWith(x); }
    function rep(k, r) { s = s.slice(0, s.length - k) + r; n += r.length - k; }
    if (ends("eaux")) rep(1, "");
    else if (ends("aux")) rep(3, "al");
    else if (ends("s") || ends("x")) rep(1, "");
    if (n >= 5) for (var i = 0; i < FEM.length; i++) if (ends(FEM[i][0])) { rep(FEM[i][0].length, FEM[i][1]); break; }
    for (var j = 0; j < 2; j++) if (n >= 5 && ends("e")) rep(1, "");
    if (n >= 6 && ends("er")) { rep(1, ""); if (n >= 5 && ends("e")) rep(1, ""); }
    return s;
  }

  // What a query asks (QueryPlan.swift): words a page should hold, intent words that only
  // add to the score, the kinds asked for, time, month and year. `intents`: the entry's `i`.
  function plan(query, intents) {
    var words = analyze(query, true, true), i = 0;
    var p = { required: [], optional: [], kinds: [], time: null, month: null, year: null, endsWithRequired: false };
    function opt(s) { if (p.optional.indexOf(s) < 0) p.optional.push(s); }
    function apply(codes, phrase) {
      var says = false;
      codes.split(" ").forEach(function (code) {
        var v = code.slice(2), k = code.slice(0, 2);
        if (k === "k:") v.split("+").forEach(function (x) { if (p.kinds.indexOf(x) < 0) p.kinds.push(x); });
        else if (k === "t:") { if (p.time === null) p.time = v; }
        else if (k === "m:") { if (p.month === null) p.month = parseInt(v, 10); }
        else return;
        says = true;
      });
      if (says) phrase.forEach(function (w) { if (kept(w)) opt(stem(w)); });
    }
    while (i < words.length) {
      var taken = 0;
      for (var l = Math.min(4, words.length - i); l >= 1; l--) {
        var phrase = words.slice(i, i + l), key = phrase.map(stem).join(" ");
        if (Object.prototype.hasOwnProperty.call(intents, key)) { apply(intents[key], phrase); taken = l; break; }
      }
      p.endsWithRequired = false;
      if (taken) { i += taken; continue; }
      var w = words[i++];
      if (!kept(w)) continue;
      if (/^[0-9]{4}$/.test(w) && +w >= 1990 && +w <= 2099) { if (p.year === null) p.year = +w; opt(stem(w)); continue; }
      p.required.push(w);
      p.endsWithRequired = true;
    }
    return p;
  }
  function asksNothing(p) {
    return !p.required.length && !p.kinds.length && p.time === null && p.month === null && p.year === null;
  }

  function decode(p) {  // posting list → Map(page id → weight)
    var m = new Map(), id = -1, v = 0, shift = 0, weight = false;
    for (var i = 0; i < p.length; i++) {
      var d = DIGIT[p.charAt(i)];
      if (weight) { m.set(id, d); weight = false; }
      else if (d >= 32) { v += (d - 32) * Math.pow(2, shift); shift += 5; }
      else { id += v + d * Math.pow(2, shift); v = 0; shift = 0; weight = true; }
    }
    return m;
  }

  function numbers(p) {  // a run of variable-length numbers (facets' gaps, dates)
    var out = [], v = 0, shift = 0;
    for (var i = 0; i < p.length; i++) {
      var d = DIGIT[p.charAt(i)];
      if (d >= 32) { v += (d - 32) * Math.pow(2, shift); shift += 5; }
      else { out.push(v + d * Math.pow(2, shift)); v = 0; shift = 0; }
    }
    return out;
  }
  function ids(p) {  // a facet's page ids: gaps only
    var set = new Set(), id = -1;
    numbers(p).forEach(function (gap) { id += gap; set.add(id); });
    return set;
  }

  // Optimal string alignment distance, stopping above `limit`.
  function distance(a, b, limit) {
    a = Array.from(a); b = Array.from(b);
    if (!a.length || !b.length) return Math.max(a.length, b.length);
    var p2 = new Array(b.length + 1).fill(0), p = [], c = new Array(b.length + 1).fill(0), j;
    for (j = 0; j <= b.length; j++) p.push(j);
    for (var i = 1; i <= a.length; i++) {
      c[0] = i;
      var rowMin = i;
      for (j = 1; j <= b.length; j++) {
        var v = Math.min(p[j] + 1, c[j - 1] + 1, p[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, p2[j - 2] + 1);
        c[j] = v;
        rowMin = Math.min(rowMin, v);
      }
      if (rowMin > limit) return limit + 1;
      var t = p2; p2 = p; p = c; c = t;
    }
    return p[b.length];
  }

  // An index: `get(name)` resolves to a file of the index folder, parsed.
  function Index(entry, get) {
    this.e = entry; this.get = get; this.cache = new Map();
  }
  Index.prototype.file = function (name) {
    if (!this.cache.has(name)) this.cache.set(name, this.get(name));
    return this.cache.get(name);
  };
  Index.prototype.shardIndex = function (term) {
    var s = this.e.s, lo = 0, hi = s.length - 1, found = -1;
    while (lo <= hi) { var mid = (lo + hi) >> 1; if (!(term < s[mid][0])) { found = mid; lo = mid + 1; } else hi = mid - 1; }
    return found;
  };
  Index.prototype.shard = function (i) {
    var self = this;
    return this.file(this.e.s[i][1]).then(function (j) {
      if (!j.map) { j.map = new Map(); j.t.forEach(function (t, k) { j.map.set(t, j.p[k]); }); }
      return j.map;
    });
  };
  Index.prototype.exact = function (term) {
    var i = this.shardIndex(term);
    return i < 0 ? Promise.resolve(null) : this.shard(i).then(function (m) { return m.get(term) || null; });
  };
  Index.prototype.prefixed = async function (prefix) {  // Map(term → postings), three shards at most
    var i = this.shardIndex(prefix), found = new Map(), loaded = 0;
    if (i < 0) return found;
    while (i < this.e.s.length && loaded < 3) {
      if (i > 0 && loaded > 0 && !this.e.s[i][0].startsWith(prefix)) break;
      (await this.shard(i)).forEach(function (p, t) { if (t.startsWith(prefix)) found.set(t, p); });
      loaded++; i++;
    }
    return found;
  };
  // Index terms near `s`, nearest first, ten at most, as [distance, term]: one edit from five
  // characters, two from nine; `loose` (suggestions): two from four, three from eight.
  Index.prototype.fuzzy = async function (s, loose) {
    var n = len(s), c = s.charAt(0), key = /[a-z0-9]/.test(c) ? c : "_";
    if (n < (loose ? 4 : 5) || !this.e.w[key]) return [];
    var limit = loose ? (n >= 8 ? 3 : 2) : (n >= 9 ? 2 : 1), found = [];
    (await this.file(this.e.w[key])).forEach(function (t) {
      if (Math.abs(len(t) - n) > limit) return;
      var d = distance(s, t, limit);
      if (d <= limit) found.push([d, t]);
    });
    found.sort(function (a, b) { return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0); });
    return found.slice(0, 10);
  };
  // Each page holding a word of `w`'s with its best score (SearchEngine.matches).
  Index.prototype.matches = async function (w, typing, minimum, terms, scored) {
    var s = stem(w), cands = [], p = await this.exact(s);
    if (p) { cands.push([p, 1]); terms.add(s); }
    if (typing && len(w) >= minimum) {
      var pre = await this.prefixed(s);
      if (w !== s) (await this.prefixed(w)).forEach(function (v, t) { if (!pre.has(t)) pre.set(t, v); });
      Array.from(pre.keys()).sort().forEach(function (t) { if (t !== s) { cands.push([pre.get(t), 0.6]); terms.add(t); } });
    }
    if (!cands.length) {
      var near = await this.fuzzy(s, false), self = this;
      var found = await Promise.all(near.map(function (x) { return self.exact(x[1]); }));
      for (var k = 0; k < near.length; k++) if (found[k]) { cands.push([found[k], 0.3]); terms.add(near[k][1]); }
    }
    var best = new Map();
    cands.forEach(function (c) {
      scored(c[0], c[1], function (id, v) { if (v > (best.get(id) || 0)) best.set(id, v); });
    });
    return best;
  };
  // Each page's day (the entry's `d` file: per kind, gaps from day 65535 plus one, 0 for none),
  // loaded for a question that asks for time.
  Index.prototype.dates = function () {
    var kinds = this.e.k;
    return this.file(this.e.d).then(function (text) {
      var nums = numbers(text), days = [];
      kinds.forEach(function (k) {
        var prev = 65535;
        for (var id = k[1]; id < k[2]; id++) {
          var gap = id < nums.length ? nums[id] : 0;
          if (!gap) days.push(null); else { prev -= gap - 1; days.push(prev); }
        }
      });
      return days;
    });
  };
  // What the time asked multiplies each page's score by (SearchEngine.timeFactors).
  Index.prototype.timeFactors = async function (p, ids, today) {
    var factors = new Map();
    if (p.time === null && p.month === null && p.year === null) return factors;
    var days = await this.dates(), dated = [], time = p.time;
    ids.forEach(function (id) { if (id < days.length && days[id] !== null) dated.push([days[id], id]); });
    if (time === "a-venir" && !dated.some(function (d) { return d[0] >= today; })) time = "recent";
    var ordered = [];
    if (time === "a-venir") ordered = dated.filter(function (d) { return d[0] >= today; }).sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    else if (time === "recent") ordered = dated.filter(function (d) { return d[0] <= today; }).sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    ordered.forEach(function (d, rank) { factors.set(d[1], 1 + 2 / (rank + 1)); });
    var year = p.year !== null ? p.year : time === "cette-annee" ? yearOf(today) : time === "annee-derniere" ? yearOf(today) - 1 : null;
    if (p.month !== null || year !== null) dated.forEach(function (d) {
      var date = new Date(d[0] * 864e5);
      if ((p.month === null || date.getUTCMonth() + 1 === p.month) && (year === null || date.getUTCFullYear() === year))
        factors.set(d[1], (factors.has(d[1]) ? factors.get(d[1]) : 1) * 2);
    });
    return factors;
  };
  function yearOf(day) { return new Date(day * 864e5).getUTCFullYear(); }
  // Today as a day number: the reader's, or `maillageToday` (AAAA-MM-JJ) when a test sets it.
  function today() {
    var t = root.maillageToday, d = new Date();
    if (t) { var x = t.split("-"); return Date.UTC(+x[0], +x[1] - 1, +x[2]) / 864e5; }
    return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / 864e5;
  }
  // Ranked pages for a query: {hits: [{id, score, missing}], terms (to highlight), missing:
  // the words no page holds}. Same rules as SearchEngine.ranked.
  Index.prototype.search = async function (query, day) {
    var p = plan(query, this.e.i || {}), N = this.e.n, terms = new Set(), self = this;
    if (day === undefined) day = today();
    // Each page of posting list `q` with its score for a term matched with weight `w`.
    function scored(q, w, fn) {
      var pages = decode(q), idf = Math.log(1 + (N - pages.size + 0.5) / (pages.size + 0.5));
      pages.forEach(function (wt, id) { fn(id, idf * wt * w); });
    }
    if (asksNothing(p)) return { hits: [], terms: terms, missing: [] };
    var typing = p.endsWithRequired && !/\s$/.test(query) && query.length > 0, words = p.required, perWord = [];
    // The files the steps below read one after the other, fetched at once (same files, one wait).
    var want = new Set(), fetches = [];
    words.forEach(function (w, n) { want.add(stem(w)); if (n) want.add(stem(words[n - 1] + w)); });
    if (typing && words.length) want.add(words[words.length - 1]);
    if (words.length <= 1) p.optional.forEach(function (o) { want.add(o); });
    want.forEach(function (t) { var i = self.shardIndex(t); if (i >= 0) fetches.push(self.shard(i)); });
    if (p.time !== null || p.month !== null || p.year !== null) fetches.push(this.dates());
    await Promise.all(fetches);
    // Each word's matches, at once (a word that needs the typo vocabulary does not hold the others).
    perWord = await Promise.all(words.map(function (w, n) {
      return self.matches(w, typing && n === words.length - 1, words.length > 1 ? 2 : 3, terms, scored);
    }));
    var absent = words.filter(function (w, k) { return !perWord[k].size; });
    var relevance = new Map(), count = new Map();
    perWord.forEach(function (pages) {
      pages.forEach(function (v, id) { relevance.set(id, (relevance.get(id) || 0) + v); count.set(id, (count.get(id) || 0) + 1); });
    });
    // Two words written apart that the index knows joined (« haute somme », from « Haute-Somme »).
    for (var m = 1; m < words.length; m++) {
      var jp = await this.exact(stem(words[m - 1] + words[m]));
      if (!jp) continue;
      scored(jp, 0.5, function (id, v) { if (relevance.has(id)) relevance.set(id, relevance.get(id) + v); });
    }
    var kinds = !p.kinds.length && p.time === "a-venir" ? ["evenements"] : p.kinds;
    if (kinds.length) this.e.k.forEach(function (k) {
      if (kinds.indexOf(k[3]) >= 0) for (var id = k[1]; id < k[2]; id++) if (!relevance.has(id)) relevance.set(id, 0);
    });
    var optional = new Map();
    for (var o = 0; words.length <= 1 && o < p.optional.length; o++) {  // beside one required word at most
      var oq = await this.exact(p.optional[o]);
      if (!oq) continue;
      terms.add(p.optional[o]);
      scored(oq, 0.5, function (id, v) { optional.set(id, (optional.get(id) || 0) + v); });
    }
    optional.forEach(function (v, id) { if (!words.length || relevance.has(id)) relevance.set(id, (relevance.get(id) || 0) + v); });
    var time = await this.timeFactors(p, Array.from(relevance.keys()), day), hits = [];
    relevance.forEach(function (r, id) {
      var held = count.get(id) || 0, asked = kinds.length > 0 && kinds.indexOf(self.kindFolder(id)) >= 0;
      if (!(held * 2 >= words.length || (asked && held > 0) || !words.length)) return;
      var score = (r + 1) * (!words.length ? 1 : held / words.length);
      if (asked) score *= 2;
      score *= time.has(id) ? time.get(id) : 1;
      hits.push({ id: id, score: score, complete: held === words.length,
        missing: held === words.length ? [] : words.filter(function (w, k) { return !perWord[k].has(id); }) });
    });
    hits.sort(function (a, b) { return (b.complete - a.complete) || b.score - a.score || a.id - b.id; });
    return { hits: hits, terms: terms, missing: absent };
  };
  // Up to three terms near the words no page holds, each as a page writes it (SearchEngine.suggestions).
  Index.prototype.suggestions = async function (missing) {
    var near = [];
    for (var i = 0; i < missing.length; i++) {
      (await this.fuzzy(stem(missing[i]), true)).forEach(function (f) {
        if (!near.some(function (x) { return x[1] === f[1]; })) near.push(f);
      });
    }
    near.sort(function (a, b) { return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0); });
    var out = [];
    for (var k = 0; k < Math.min(3, near.length); k++) out.push(await this.written(near[k][1]));
    return out;
  };
  Index.prototype.written = async function (term) {
    var q = await this.exact(term);
    if (!q) return term;
    var best = null;
    decode(q).forEach(function (w, id) { if (!best || w > best[1] || (w === best[1] && id < best[0])) best = [id, w]; });
    var rec = await this.page(best[0]), words = ((rec.t || "") + " " + (rec.x || "")).split(/[^\p{L}\p{N}]+/u);
    for (var i = 0; i < words.length; i++) { var a = analyze(words[i], true); if (a.length && stem(a[0]) === term) return words[i]; }
    return term;
  };
  Index.prototype.kindFolder = function (id) {
    var k = this.e.k;
    for (var i = 0; i < k.length; i++) if (id >= k[i][1] && id < k[i][2]) return k[i][3] || "";
    return "";
  };
  Index.prototype.kind = function (id) {
    var k = this.e.k;
    for (var i = 0; i < k.length; i++) if (id >= k[i][1] && id < k[i][2]) return k[i][0];
    return "";
  };
  // Pages are stored g[0] to a file, g[1] files to a folder (SearchIndex.pagesPerFile, filesPerFolder).
  Index.prototype.page = function (id) {
    var per = this.e.g[0], n = Math.floor(id / per), folder = this.e.p[Math.floor(n / this.e.g[1])];
    return this.file(folder + n + ".json").then(function (group) { return group[id % per]; });
  };
  Index.prototype.facets = function () {
    var self = this;
    return this.file(this.e.f).then(function (f) {
      if (!f.sets) {
        f.sets = {};
        ["territoire", "etiquette"].forEach(function (name) {
          f.sets[name] = f[name].map(function (x) { return [x[0], ids(x[1])]; });
        });
      }
      return f.sets;
    });
  };

  var api = { fold: fold, analyze: analyze, stem: stem, plan: plan, decode: decode, distance: distance, Index: Index };
  root.MaillageSearch = api;
  if (typeof module === "object" && module.exports) module.exports = api;
  if (typeof document === "undefined") return;

  // ---- The page -------------------------------------------------------------------------
  var form = document.querySelector("[data-search-index]");
  if (!form) return;
  var input = form.querySelector("input[type=search]"), list = document.querySelector("[data-search-results]");
  var status = document.querySelector("[data-search-status]"), filters = document.querySelector("[data-search-filters]");
  var nojs = document.querySelector("[data-search-nojs]");
  if (nojs) nojs.hidden = true;
  var entryURL = new URL(form.getAttribute("data-search-index"), location.href);
  var index = null, current = null, shown = 0, filter = { kind: "", territoire: "", etiquette: "" }, facetSets = null;
  var FIRST = 5, MORE = 10, timer = 0, seq = 0, arrival = 0;  // results shown first, then per click
  root.maillageSearchTiming = [];

  function load(name) {
    return fetch(new URL(name, entryURL)).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + name);
      return r.json();
    }).then(function (j) { arrival = performance.now(); return j; });
  }
  function ready() {
    if (!index) index = load(entryURL.href).then(function (e) { return new Index(e, load); });
    return index;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  // Appends `text` to `node`, its words that match `terms` in <mark>.
  function highlight(node, text, terms) {
    var last = 0, re = /[\p{L}\p{N}]+/gu, m;
    while ((m = re.exec(text))) {
      var f = fold(m[0]), s = stem(f), hit = terms.has(s) || terms.has(f);
      if (!hit) terms.forEach(function (t) { if (!hit && t.length >= 3 && s.startsWith(t)) hit = true; });
      if (hit) {
        node.appendChild(document.createTextNode(text.slice(last, m.index)));
        node.appendChild(el("mark", null, m[0]));
        last = m.index + m[0].length;
      }
    }
    node.appendChild(document.createTextNode(text.slice(last)));
  }
  // For each word of `words`, 1 when it is one of `terms`.
  function marks(words, terms) {
    return words.map(function (w) {
      var a = analyze(w);
      return a.some(function (x) { return terms.has(stem(x)) || terms.has(x); }) ? 1 : 0;
    });
  }
  // Where to cut the excerpt from: the page's text, or the piece of its file's text (`g`, a
  // form feed between a PDF's pages) that holds more of the terms, said before the excerpt.
  function excerptSource(p, terms) {
    if (!p.g) return { text: p.x || "" };
    function found(t) { var seen = new Set(); t.split(/[^\p{L}\p{N}]+/u).forEach(function (w) { if (w && marks([w], terms)[0]) seen.add(fold(w)); }); return seen.size; }
    var best = -1, most = found(p.x || ""), pieces = p.g.split("\f");
    pieces.forEach(function (t, i) { var n = found(t); if (n > most) { best = i; most = n; } });
    if (best < 0) return { text: p.x || "" };
    return { text: pieces[best], from: "Dans\u00a0« " + p.f + "\u00a0»" + (/\.pdf$/i.test(p.f) ? ", page\u00a0" + (best + 1) : "") + " : " };
  }
  // The 30 words of `text` around the most matches.
  function excerpt(text, terms) {
    var words = text.split(/\s+/), best = 0, bestAt = 0, marks_ = marks(words, terms);
    for (var i = 0; i < words.length; i++) {
      var c = 0;
      for (var j = i; j < Math.min(words.length, i + 30); j++) c += marks_[j];
      if (c > best) { best = c; bestAt = i; }
    }
    var start = Math.max(0, bestAt - 5), end = Math.min(words.length, start + 30);
    return (start > 0 ? "… " : "") + words.slice(start, end).join(" ") + (end < words.length ? " …" : "");
  }

  function visible() {
    return current.hits.filter(function (h) {
      if (filter.kind && current.index.kind(h.id) !== filter.kind) return false;
      if (facetSets) for (var name of ["territoire", "etiquette"]) {
        if (!filter[name]) continue;
        var set = facetSets[name].find(function (x) { return x[0] === filter[name]; });
        if (!set || !set[1].has(h.id)) return false;
      }
      return true;
    });
  }

  function option(select, value, label, count) {
    var o = el("option", null, label + (count == null ? "" : " (" + count + ")"));
    o.value = value;
    if (filter[select.name] === value) o.selected = true;
    select.appendChild(o);
  }
  function selectBox(name, label, all, entries) {
    var p = el("p", "search-filter"), id = "filtre-" + name, l = el("label", null, label), s = el("select");
    l.htmlFor = id; s.id = id; s.name = name;
    option(s, "", all);
    entries.forEach(function (e) { option(s, e[0], e[0], e[1]); });
    s.addEventListener("change", function () { filter[name] = s.value; render(true); });
    p.appendChild(l); p.appendChild(s);
    return p;
  }
  function count(ids) { var n = 0; current.hits.forEach(function (h) { if (ids(h.id)) n++; }); return n; }
  function renderFilters() {
    filters.textContent = "";
    if (!current || !current.hits.length) { filters.hidden = true; return; }
    filters.hidden = false;
    var kinds = current.index.e.k.map(function (k) { return [k[0], count(function (id) { return id >= k[1] && id < k[2]; })]; })
      .filter(function (k) { return k[1] > 0; });
    filters.appendChild(selectBox("kind", "Type", "Tous les types", kinds));
    if (facetSets) {
      ["territoire", "etiquette"].forEach(function (name) {
        var entries = facetSets[name].map(function (x) { return [x[0], count(function (id) { return x[1].has(id); })]; })
          .filter(function (x) { return x[1] > 0; });
        if (entries.length) filters.appendChild(selectBox(name, name === "territoire" ? "Territoire" : "Thème",
          name === "territoire" ? "Tous les territoires" : "Tous les thèmes", entries));
      });
    } else {
      var more = el("button", "search-more-filters", "Filtrer aussi par territoire ou thème");
      more.type = "button";
      more.addEventListener("click", function () {
        current.index.facets().then(function (f) { facetSets = f; renderFilters(); var s = filters.querySelector("#filtre-territoire"); if (s) s.focus(); });
      });
      filters.appendChild(more);
    }
  }

  async function render(resetFilters) {
    var my = seq, t = current.timing, hits = visible(), page = hits.slice(0, shown);
    var pages = await Promise.all(page.map(function (h) { return current.index.page(h.id); }));
    if (my !== seq) return;
    t.fragments = Math.max(arrival, t.ranked);
    list.textContent = "";
    pages.forEach(function (p, i) {
      var li = el("li", "search-result"), a = el("a"), meta = el("p", "search-meta"), x = el("p", "search-excerpt");
      li.setAttribute("data-search-result", "");
      a.href = new URL(p.u, new URL("../../", entryURL)).pathname;
      highlight(a, p.t, current.terms);
      meta.textContent = p.k + (p.d ? " · " + p.d : "");
      if (hits[i].missing.length) {
        var sans = el("span", "search-missing", " · sans : ");
        hits[i].missing.forEach(function (w, k) { sans.appendChild(el("s", null, w)); if (k < hits[i].missing.length - 1) sans.appendChild(document.createTextNode(", ")); });
        meta.appendChild(sans);
      }
      var source = excerptSource(p, current.terms);
      if (source.from) x.appendChild(el("span", "search-in-file", source.from));
      highlight(x, excerpt(source.text, current.terms), current.terms);
      var h = el("h2"); h.appendChild(a);
      li.appendChild(h); li.appendChild(meta); if (source.text) li.appendChild(x);
      list.appendChild(li);
    });
    if (hits.length > shown) {
      var li = el("li", "search-more"), b = el("button", null, "Afficher plus de résultats");
      b.type = "button";
      b.addEventListener("click", function () { var from = shown; shown += MORE; render().then(function () { var r = list.querySelectorAll("[data-search-result] a"); if (r[from]) r[from].focus(); }); });
      li.appendChild(b); list.appendChild(li);
    }
    var n = hits.length, all = hits.filter(function (h) { return h.complete; }).length, q = " pour «\u00a0" + current.query + "\u00a0»";
    if (n) status.textContent = n + (n > 1 ? " résultats" : " résultat") + q
      + (all === n ? "" : all ? " (" + all + " avec tous les mots)" : " (aucun avec tous les mots)");
    else {
      status.textContent = "Aucun résultat" + q + "." + (current.missing.length ? " Aucune page ne contient : " + current.missing.join(", ") + "." : "")
        + (current.suggestions.length ? " Des mots proches du site sont proposés ci-dessous." : " Vérifiez l’orthographe ou essayez un autre mot.");
      if (current.suggestions.length) {
        var tryLi = el("li", "search-suggestions", "Essayez : ");
        current.suggestions.forEach(function (w) {
          var b = el("button", null, w);
          b.type = "button";
          b.addEventListener("click", function () { input.value = w; run(); input.focus(); });
          tryLi.appendChild(b); tryLi.appendChild(document.createTextNode(" "));
        });
        list.appendChild(tryLi);
      }
    }
    if (resetFilters !== false) renderFilters();
    t.shown = performance.now();
    // Time spent computing once the files were there (ranking, then showing), for the benchmark.
    if (!t.logged) root.maillageSearchTiming.push({ query: current.query, total: t.shown - t.start,
      afterShards: (t.ranked - t.shards) + (t.shown - t.fragments) });
    t.logged = true;
  }

  async function run() {
    var q = input.value, my = ++seq;
    history.replaceState(null, "", q.trim() ? "?q=" + encodeURIComponent(q) : location.pathname);
    if (!q.trim()) { list.textContent = ""; status.textContent = ""; filters.hidden = true; current = null; return; }
    var t = { start: performance.now() }, ix = await ready();
    var r = await ix.search(q);
    t.ranked = performance.now();
    t.shards = Math.max(arrival, t.start);
    if (my !== seq) return;
    var near = !r.hits.length && r.missing.length ? await ix.suggestions(r.missing) : [];
    if (my !== seq) return;
    current = { query: q.trim(), hits: r.hits, terms: r.terms, missing: r.missing, suggestions: near, index: ix, timing: t };
    shown = FIRST;
    filter = { kind: "", territoire: "", etiquette: "" };
    render();
  }

  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 10); });
  form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); run(); });
  function links() { return Array.from(list.querySelectorAll("[data-search-result] a, .search-more button")); }
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" && links().length) { e.preventDefault(); links()[0].focus(); }
  });
  list.addEventListener("keydown", function (e) {
    var all = links(), i = all.indexOf(document.activeElement);
    if (i < 0) return;
    if (e.key === "ArrowDown" && i < all.length - 1) { e.preventDefault(); all[i + 1].focus(); }
    else if (e.key === "ArrowUp") { e.preventDefault(); (i ? all[i - 1] : input).focus(); }
    else if (e.key === "Escape") { e.preventDefault(); input.focus(); }
  });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; run(); }
  else ready();
})(typeof self !== "undefined" ? self : this);
