/* Site search of tim-kiem.html over the chunked index of generator/searchindex.py.
   Index files are scripts (search/chi-muc.js, search/t/NNNN.js, search/d/NNNN.js) that call
   hezaSearch.*, so search works from file:// as well as over HTTP. Only the chunks a query needs
   are loaded. Words are folded as the generator folds them: "Đầu tư" and "dau tu" match alike. */
(function () {
  "use strict";

  var PAGE_SIZE = 20;
  var MIN_PREFIX = 3;       // shorter last words match whole words only (a prefix would load many chunks)
  var MAX_PREFIX_CHUNKS = 4;
  var root = document.currentScript.src.replace(/assets\/javascripts\/heza-search\.js(\?.*)?$/, "");
  var scripts = {}, manifest = null, termChunks = {}, docChunks = {};

  window.hezaSearch = {
    manifest: function (data) { manifest = data; },
    terms: function (n, postings, partial) { termChunks[n] = {postings: postings, partial: partial}; },
    docs: function (n, list) { docChunks[n] = list; }
  };

  function load(path) {
    if (!scripts[path]) {
      scripts[path] = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = root + path;
        tag.onload = resolve;
        tag.onerror = function () { reject(new Error(path)); };
        document.head.appendChild(tag);
      });
    }
    return scripts[path];
  }

  function pad(n) { return ("000" + n).slice(-4); }

  function fold(text) {
    return text.normalize("NFC").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function words(text) { return fold(text).match(/[a-z0-9]+/g) || []; }

  function chunkOf(word) {  // the last chunk whose first word is <= word
    var first = manifest.firstWords, lo = 0, hi = first.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (first[mid] <= word) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  function chunksFor(word, prefix) {
    var list = [chunkOf(word)], first = manifest.firstWords;
    for (var i = list[0] + 1; prefix && i < first.length && list.length < MAX_PREFIX_CHUNKS &&
         first[i].lastIndexOf(word, 0) === 0; i++) list.push(i);
    return list;
  }

  function decode(flat, into, factor) {
    for (var i = 0, doc = 0; i < flat.length; i += 2) {
      doc += flat[i];
      var weight = flat[i + 1] * factor;
      if (!(into.get(doc) >= weight)) into.set(doc, weight);
    }
  }

  // One query word: its documents with weights, and whether it may filter (not a partial common word).
  function match(word, prefix) {
    var chunks = chunksFor(word, prefix);
    return Promise.all(chunks.map(function (n) { return load("search/t/" + pad(n) + ".js"); })).then(function () {
      var found = new Map(), partial = false, any = false;
      chunks.forEach(function (n) {
        var chunk = termChunks[n];
        Object.keys(chunk.postings).forEach(function (key) {
          var exact = key === word;
          if (!exact && !(prefix && key.lastIndexOf(word, 0) === 0)) return;
          any = true;
          if (chunk.partial.indexOf(key) >= 0) partial = true;
          decode(chunk.postings[key], found, exact ? 1 : 0.5);
        });
      });
      return {docs: found, filters: any && !partial, any: any};
    });
  }

  function rank(matches) {
    var filters = matches.filter(function (m) { return m.filters; });
    if (matches.some(function (m) { return !m.any; })) return [];
    var candidates = new Map();
    (filters.length ? [filters[0]] : matches).forEach(function (m) {
      m.docs.forEach(function (w, doc) { candidates.set(doc, 0); });
    });
    var results = [];
    candidates.forEach(function (_, doc) {
      var score = 0;
      for (var i = 0; i < matches.length; i++) {
        var w = matches[i].docs.get(doc);
        if (w === undefined && matches[i].filters) return;
        score += w || 0;
      }
      results.push([doc, score]);
    });
    return results.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
  }

  function search(query) {
    var list = words(query);
    if (!list.length) return Promise.resolve({words: [], results: []});
    var unique = list.filter(function (w, i) { return list.indexOf(w) === i; });
    var typing = !/\s$/.test(query);
    return load("search/chi-muc.js").then(function () {
      return Promise.all(unique.map(function (w, i) {
        return match(w, typing && i === unique.length - 1 && w.length >= MIN_PREFIX);
      }));
    }).then(function (matches) { return {words: unique, results: rank(matches)}; });
  }

  function documents(ids) {
    var per = manifest.docsPerChunk;
    var chunks = ids.map(function (id) { return Math.floor(id / per); })
      .filter(function (n, i, all) { return all.indexOf(n) === i; });
    return Promise.all(chunks.map(function (n) { return load("search/d/" + pad(n) + ".js"); })).then(function () {
      return ids.map(function (id) { return docChunks[Math.floor(id / per)][id % per]; });
    });
  }

  // --- the page ---------------------------------------------------------------------------

  function highlighted(text, queryWords) {
    var p = document.createElement("p");
    text.split(/(\s+)/).forEach(function (part) {
      var folded = words(part);
      var last = queryWords.length - 1;  // only the last word may be a prefix still being typed
      var hit = folded.length && folded.some(function (w) {
        return queryWords.some(function (q, i) { return w === q || (i === last && w.lastIndexOf(q, 0) === 0); });
      });
      if (hit) {
        var mark = document.createElement("mark");
        mark.textContent = part;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(part));
      }
    });
    return p;
  }

  function item(doc, queryWords) {
    var li = document.createElement("li");
    li.className = "heza-search-result";
    var link = document.createElement("a");
    link.href = doc[0];
    link.textContent = doc[1] || doc[2] || doc[0];
    var heading = document.createElement("h2");
    heading.appendChild(link);
    li.appendChild(heading);
    if (doc[2]) {
      var where = document.createElement("p");
      where.className = "heza-search-result__page";
      where.textContent = doc[2];
      li.appendChild(where);
    }
    if (doc[3]) li.appendChild(highlighted(doc[3], queryWords));
    return li;
  }

  function start() {
    var form = document.getElementById("heza-search-form");
    if (!form) return;
    var box = document.getElementById("heza-search-q");
    var status = document.getElementById("heza-search-status");
    var list = document.getElementById("heza-search-results");
    var more = document.getElementById("heza-search-more");
    var shown = 0, current = null, sequence = 0, timer = null;

    function showMore() {
      var batch = current.results.slice(shown, shown + PAGE_SIZE).map(function (r) { return r[0]; });
      var mine = sequence;
      return documents(batch).then(function (docs) {
        if (mine !== sequence) return;
        docs.forEach(function (doc) { list.appendChild(item(doc, current.words)); });
        shown += docs.length;
        more.hidden = shown >= current.results.length;
      });
    }

    function run() {
      var query = box.value.normalize("NFC");
      var mine = ++sequence;
      try {
        var url = new URL(window.location.href);
        url.searchParams.set("q", query);
        window.history.replaceState(null, "", url.href);
      } catch (e) { /* file:// may refuse; the search still runs */ }
      if (!words(query).length) {
        list.textContent = "";
        more.hidden = true;
        status.textContent = "Hãy gõ từ cần tìm, có dấu hoặc không dấu.";
        return;
      }
      status.textContent = "Đang tìm…";
      search(query).then(function (found) {
        if (mine !== sequence) return;
        current = found;
        shown = 0;
        list.textContent = "";
        status.textContent = found.results.length
          ? "Có " + found.results.length + " kết quả cho “" + query.trim() + "”."
          : "Không tìm thấy kết quả nào cho “" + query.trim() + "”.";
        return showMore();
      }).catch(function () {
        if (mine === sequence) status.textContent = "Không tải được chỉ mục tìm kiếm. Hãy tải lại trang.";
      });
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    box.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
    more.addEventListener("click", function () { showMore(); });
    var initial = new URLSearchParams(window.location.search).get("q");
    if (initial) {
      box.value = initial;
      run();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
