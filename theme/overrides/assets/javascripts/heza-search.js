/* Site search of tim-kiem.html over the chunked index of generator/website/searchindex.py (its module
   docstring describes the files and the ranking; IndexReader there ranks as this file does).
   Index files are scripts (search/chi-muc.js, search/t/NNNN.js, search/p/NNNN.js, search/d/NNNN.js)
   that call hezaSearch.*, so search works from file:// as well as over HTTP. Only the chunks a query
   needs are loaded. Words are folded as the generator folds them: "Đầu tư" and "dau tu" match alike;
   the spelling typed, and the words in the order typed, rank first. Index text is shown only as text
   nodes, never as HTML. */
(function () {
  "use strict";

  var PAGE_SIZE = 20;
  var MIN_PREFIX = 3;       // shorter last words match whole words only (a prefix would load many chunks)
  var MAX_PREFIX_CHUNKS = 4;
  var MAX_WORDS = 12;       // longer queries are cut: each word loads a chunk
  var MAX_ALTERNATIVES = 8; // the query as typed and with glossary terms swapped for their other side
  var SNIPPET_CHARS = 240;
  var FORM_PRESENT = 1, FORM_IN_TITLE = 2;
  var root = document.currentScript.src.replace(/assets\/javascripts\/heza-search(\.[0-9a-f]{8})?\.js(\?.*)?$/, "");
  var scripts = {}, manifest = null, termChunks = {}, pairChunks = {}, docChunks = {};

  window.hezaSearch = {
    manifest: function (data) { manifest = data; },
    terms: function (n, postings, partial, forms) {
      termChunks[n] = {postings: postings, partial: partial, forms: forms || {}};
    },
    pairs: function (n, postings, partial) { pairChunks[n] = {postings: postings, partial: partial}; },
    docs: function (n, list) { docChunks[n] = list; }
  };

  function load(path) {
    if (!scripts[path]) {
      scripts[path] = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = root + path;
        tag.onload = resolve;
        tag.onerror = function () { delete scripts[path]; reject(new Error(path)); };
        document.head.appendChild(tag);
      });
    }
    return scripts[path];
  }

  function pad(n) { return ("000" + n).slice(-4); }

  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  function fold(text) {
    return text.normalize("NFC").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function words(text) { return fold(text).match(/[a-z0-9]+/g) || []; }

  // Each word of a text with where it stands and how it is written, as searchindex.tokens reads it:
  // {word (folded), form (lower case, as written), start, end}.
  var TOKEN = /(?:[\p{L}\p{N}]|[\u0300-\u036f])+/gu;
  function tokens(text) {
    var found = [], lowered = text.toLowerCase().normalize("NFC"), match;
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(lowered)) !== null) {
      var folded = words(match[0]);
      for (var i = 0; i < folded.length; i++) {
        found.push({word: folded[i], form: folded.length === 1 ? match[0] : folded[i],
                    start: match.index, end: match.index + match[0].length});
      }
    }
    return found;
  }

  // --- the query -------------------------------------------------------------------------

  // The query as typed and with each glossary term swapped for its other side (both ways). The last word
  // is a prefix while typed (no space after it), unless it is part of a glossary term, so that a term and
  // its expansion find the same sections. A word must be found in its own spelling when the query is
  // typed with diacritics (the glossary's words need not).
  function alternatives(query) {
    var typed = tokens(query).slice(0, MAX_WORDS);
    if (!typed.length) return [];
    var accented = typed.some(function (t) { return t.word !== t.form; });
    var swaps = [];
    (manifest.glossary || []).forEach(function (entry) {
      var a = entry[0].split(" "), b = entry[1].split(" ");
      // An abbreviation is matched as it is spelled ("tư" is not "TU"); an expansion with or without accents.
      var spelled = entry[2].toLowerCase().normalize("NFC").split(" ");
      [[a, b, entry[3], spelled], [b, a, entry[2], null]].forEach(function (sides) {
        var side = sides[0], forms = sides[3];
        for (var start = 0; start + side.length <= typed.length; start++) {
          var same = true;
          for (var k = 0; k < side.length && same; k++) {
            same = typed[start + k].word === side[k] && (!forms || typed[start + k].form === forms[k]);
          }
          if (same) swaps.push({start: start, size: side.length, other: sides[1], shown: sides[2]});
        }
      });
    });
    var last = typed.length - 1;
    var prefix = !/\s$/.test(query) && typed[last].word.length >= MIN_PREFIX &&
      !swaps.some(function (s) { return s.start <= last && last < s.start + s.size; });
    var own = typed.map(function (t, i) {
      return {word: t.word, form: t.form, prefix: prefix && i === last, exact: accented};
    });
    var found = [];
    (function walk(at, soFar) {
      if (found.length >= MAX_ALTERNATIVES) return;
      if (at === own.length) { found.push(soFar); return; }
      walk(at + 1, soFar.concat([own[at]]));
      swaps.forEach(function (s) {
        if (s.start === at) {
          walk(at + s.size, soFar.concat(s.other.map(function (w) {
            return {word: w, form: w, prefix: false, exact: false};
          })));
        }
      });
    })(0, []);
    found.also = swaps.map(function (s) { return s.shown; })  // shown in the status line
      .filter(function (shown, i, all) { return all.indexOf(shown) === i; });
    return found;
  }

  // --- the index -------------------------------------------------------------------------

  function chunkOf(first, key) {  // the last chunk whose first key is <= key
    var lo = 0, hi = first.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (first[mid] <= key) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  function chunksFor(word, prefix) {
    var first = manifest.firstWords, list = [chunkOf(first, word)];
    for (var i = list[0] + 1; prefix && i < first.length && list.length < MAX_PREFIX_CHUNKS &&
         first[i].lastIndexOf(word, 0) === 0; i++) list.push(i);
    return list;
  }

  // FORM_* bits of the query word's own spelling in one posting of `key`; for a prefix match, any form of
  // the key that starts with what is typed.
  function exactBits(term, key, spelled, mask, title) {
    if (!term.exact) return 0;
    var whole = key === term.word, inTitle = title ? FORM_IN_TITLE : 0;
    function same(form) { return whole ? form === term.form : form.lastIndexOf(term.form, 0) === 0; }
    if (!spelled) return same(key) ? FORM_PRESENT | inTitle : 0;
    var order = spelled[0], bits = 0;
    for (var i = 0; i < order.length; i++) {
      if (!same(order[i])) continue;
      if (order.length === 1) return FORM_PRESENT | inTitle;
      bits |= (mask >> (2 * i)) & (FORM_PRESENT | FORM_IN_TITLE);
    }
    return bits;
  }

  // One query word: document → [score, title flags, exact bits, passage]; whether any key matched; whether
  // it filters (no matching key is partial, that is cut to its best postings).
  function matchWord(term) {
    var chunks = chunksFor(term.word, term.prefix), bits = manifest.bits;
    return Promise.all(chunks.map(function (n) { return load("search/t/" + pad(n) + ".js"); })).then(function () {
      var found = new Map(), partial = false, any = false;
      var titles = bits.sectionTitle | bits.pageTitle, own = (1 << bits.partShift) - 1;
      chunks.forEach(function (n) {
        var chunk = termChunks[n];
        Object.keys(chunk.postings).forEach(function (key) {
          var whole = key === term.word;
          if (!whole && !(term.prefix && key.lastIndexOf(term.word, 0) === 0)) return;
          any = true;
          if (chunk.partial.indexOf(key) >= 0) partial = true;
          var flat = chunk.postings[key], spelled = has(chunk.forms, key) ? chunk.forms[key] : null;
          var masks = spelled && spelled.length > 1 ? spelled[1] : null;
          for (var i = 0, doc = 0; i < flat.length; i += 2) {
            doc += flat[i];
            var weight = flat[i + 1] & own, title = weight & titles;
            var score = ((weight & bits.count) + (title ? 8 : 0) + (title & bits.pageTitle ? 8 : 0)) * (whole ? 1 : 0.5);
            var exact = exactBits(term, key, spelled, masks ? masks[i / 2] : 0, title);
            var record = found.get(doc);
            if (!record) {
              found.set(doc, [score, title, exact, flat[i + 1] >> bits.partShift]);
            } else {
              record[0] = Math.max(record[0], score);
              record[1] |= title;
              record[2] |= exact;
            }
          }
        });
      });
      return {docs: found, any: any, filters: any && !partial};
    });
  }

  function matchPair(key) {  // document → weight of two folded words in a row
    var first = manifest.firstPairs;
    if (!first || !first.length) return Promise.resolve(new Map());
    var n = chunkOf(first, key);
    return load("search/p/" + pad(n) + ".js").then(function () {
      var found = new Map(), flat = has(pairChunks[n].postings, key) ? pairChunks[n].postings[key] : [];
      for (var i = 0, doc = 0; i < flat.length; i += 2) {
        doc += flat[i];
        found.set(doc, flat[i + 1]);
      }
      return found;
    });
  }

  // The sections one spelling of the query finds, each {section, best (passage to show), key}.
  function rank(terms, matches, pairs, typed) {
    var bits = manifest.bits, titles = bits.sectionTitle | bits.pageTitle, shift = bits.partShift;
    if (matches.some(function (m) { return !m.any; })) return [];
    // Passages add up to their section: section = document − passage number.
    var passages = new Map();
    var wordsBySection = matches.map(function (m) {
      var grouped = new Map();
      m.docs.forEach(function (r, doc) {
        var section = doc - r[3], g = grouped.get(section);
        if (!g) grouped.set(section, g = [0, 0, 0]);
        g[0] += r[0]; g[1] |= r[1]; g[2] |= r[2];
        if (!passages.has(section)) passages.set(section, new Map());
        var p = passages.get(section);
        p.set(doc, (p.get(doc) || 0) + 1 + (r[2] ? 1 : 0));
      });
      return grouped;
    });
    // A phrase counts within one passage: the most pairs of the query one passage of the section has.
    var inPassage = new Map(), phrases = new Map();
    var pairTitles = pairs.map(function (found) {
      var grouped = new Map();
      found.forEach(function (weight, doc) {
        var section = doc - (weight >> shift);
        grouped.set(section, (grouped.get(section) || 0) | (weight & titles));
        inPassage.set(doc, (inPassage.get(doc) || 0) + 1);
        phrases.set(section, Math.max(phrases.get(section) || 0, inPassage.get(doc)));
        var p = passages.get(section);
        if (p && p.has(doc)) p.set(doc, p.get(doc) + 2);
      });
      return grouped;
    });
    var filters = wordsBySection.filter(function (g, i) { return matches[i].filters; });
    var candidates = new Set();
    if (filters.length) {
      filters.reduce(function (a, b) { return b.size < a.size ? b : a; }).forEach(function (_, s) { candidates.add(s); });
    } else {
      wordsBySection.concat([phrases]).forEach(function (g) { g.forEach(function (_, s) { candidates.add(s); }); });
    }
    var required = terms.filter(function (t) { return t.exact; }).length, n = terms.length, results = [];
    candidates.forEach(function (section) {
      for (var f = 0; f < filters.length; f++) if (!filters[f].has(section)) return;
      var base = 0, exact = 0, inTitle = true, pageTitle = true, phrase = phrases.get(section) || 0;
      wordsBySection.forEach(function (g, i) {
        var r = g.get(section);
        if (r) {
          base += r[0];
          if (terms[i].exact && r[2] & FORM_PRESENT) exact++;
        }
        if (!r || !(terms[i].exact ? r[2] & FORM_IN_TITLE : r[1])) inTitle = false;
        if (!r || !(r[1] & bits.pageTitle)) pageTitle = false;
      });
      pairTitles.forEach(function (g) { if (!((g.get(section) || 0) & titles)) inTitle = false; });
      var phraseAll = n < 2 || phrase === n - 1, exactAll = exact === required, tier;
      if (phraseAll && exactAll) tier = 2 + (inTitle ? (pageTitle ? 2 : 1) : 0);
      else if ((n > 1 && phraseAll) || (required && exactAll)) tier = 1;
      else tier = 0;
      var shown = passages.get(section), best = section, bestScore = -1;
      if (shown) {
        shown.forEach(function (score, doc) {
          if (score > bestScore || (score === bestScore && doc < best)) { best = doc; bestScore = score; }
        });
      }
      var wanted = n - 1 + required, evidence = wanted ? (phrase + exact) / wanted : 1;
      results.push({section: section, best: best, key: [tier, evidence, typed ? 1 : 0, base / n]});
    });
    return results;
  }

  function compare(a, b) {
    for (var i = 0; i < a.key.length; i++) if (a.key[i] !== b.key[i]) return b.key[i] - a.key[i];
    return a.section - b.section;
  }

  function search(query) {
    return load("search/chi-muc.js").then(function () {
      var alts = alternatives(query);
      return Promise.all(alts.map(function (terms, number) {
        return Promise.all([
          Promise.all(terms.map(matchWord)),
          Promise.all(terms.slice(1).map(function (t, i) { return matchPair(terms[i].word + " " + t.word); }))
        ]).then(function (found) { return rank(terms, found[0], found[1], number === 0); });
      })).then(function (ranked) {
        var best = new Map();
        ranked.forEach(function (list) {
          list.forEach(function (r) {
            var seen = best.get(r.section);
            if (!seen || compare(r, seen) < 0) best.set(r.section, r);
          });
        });
        return {alternatives: alts, also: alts.also || [], results: Array.from(best.values()).sort(compare)};
      });
    });
  }

  function documents(ids) {
    var per = manifest.docsPerChunk;
    var chunks = ids.map(function (id) { return Math.floor(id / per); })
      .filter(function (n, i, all) { return all.indexOf(n) === i; });
    return Promise.all(chunks.map(function (n) { return load("search/d/" + pad(n) + ".js"); })).then(function () {
      return ids.map(function (id) {
        var d = docChunks[Math.floor(id / per)][id % per];
        return {url: d[0], title: d[1], page: d[2], text: d[3], section: d[4] || "", part: d[5] || 0};
      });
    });
  }

  // --- snippets --------------------------------------------------------------------------

  function termMatches(t, token) {
    return token.word === t.word || (t.prefix && token.word.lastIndexOf(t.word, 0) === 0);
  }

  function sameForm(t, token) {
    return t.prefix ? token.form.lastIndexOf(t.form, 0) === 0 : token.form === t.form;
  }

  // The words of a text to mark, as the ranking reads them, and where the best match starts: for each
  // spelling of the query, its words in a row where the text has them so (else each word where it is),
  // in the spelling typed where the text has that spelling (else folded). Indices into `found`.
  function hitsIn(found, alts) {
    var hits = new Set(), anchor = -1, anchorScore = 0;
    alts.forEach(function (terms) {
      var ok = terms.map(function (t) {
        var folded = found.map(function (token) { return termMatches(t, token); });
        var spelled = folded.map(function (m, i) { return m && sameForm(t, found[i]); });
        return t.exact && spelled.indexOf(true) >= 0 ? spelled : folded;
      });
      var runs = [];
      for (var i = 0; terms.length > 1 && i + terms.length <= found.length; i++) {
        var k = 0;
        while (k < terms.length && ok[k][i + k]) k++;
        if (k === terms.length) runs.push(i);
      }
      if (runs.length) {
        runs.forEach(function (i) { for (var k = 0; k < terms.length; k++) hits.add(i + k); });
      } else {
        ok.forEach(function (list) { list.forEach(function (m, i) { if (m) hits.add(i); }); });
      }
      var first = runs.length ? runs[0] : -1;
      if (first < 0) ok.forEach(function (list) { var i = list.indexOf(true); if (i >= 0 && (first < 0 || i < first)) first = i; });
      var score = runs.length ? 2 + terms.length : (first >= 0 ? 1 : 0);
      if (score > anchorScore || (score === anchorScore && first >= 0 && first < anchor)) {
        anchor = first;
        anchorScore = score;
      }
    });
    return {hits: hits, anchor: anchor};
  }

  // The text with the query's words marked, as text nodes and <mark> elements into `into`, never as HTML;
  // with `cut`, a long text shows about SNIPPET_CHARS from a little before the best match.
  function marked(into, text, alts, cut) {
    var found = tokens(text), from = 0, to = text.length, marks = hitsIn(found, alts);
    if (cut && text.length > SNIPPET_CHARS) {
      var start = marks.anchor < 0 ? 0 : found[marks.anchor].start;
      from = start > 60 ? text.lastIndexOf(" ", start - 50) + 1 : 0;
      to = Math.min(text.length, from + SNIPPET_CHARS);
      if (to < text.length) to = Math.max(text.lastIndexOf(" ", to), start + 1);
    }
    if (cut === "continued" || from > 0) into.appendChild(document.createTextNode("… "));
    var position = from, mark = null;
    found.forEach(function (t, i) {
      if (t.start < from || t.end > to || !marks.hits.has(i)) return;
      if (mark && /^\s*$/.test(text.slice(position, t.start))) {  // the next word of a run: one mark
        mark.textContent += text.slice(position, t.end);
        position = Math.max(position, t.end);
        return;
      }
      if (t.start < position) return;  // a run that folds to several words: marked once
      into.appendChild(document.createTextNode(text.slice(position, t.start)));
      mark = document.createElement("mark");
      mark.textContent = text.slice(t.start, t.end);
      into.appendChild(mark);
      position = t.end;
    });
    into.appendChild(document.createTextNode(text.slice(position, to)));
    if (to < text.length) into.appendChild(document.createTextNode(" …"));
    return into;
  }

  // --- the page ---------------------------------------------------------------------------

  function item(doc, alts) {
    var li = document.createElement("li");
    li.className = "heza-search-result";
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = doc.url;
    var name = document.createElement("span");
    name.className = "heza-search-result__name";
    marked(name, doc.title || doc.page || doc.url, alts, false);
    link.appendChild(name);
    var where = [doc.section, doc.page].filter(Boolean);
    if (where.length) {
      var place = document.createElement("span");
      place.className = "heza-search-result__where";
      place.textContent = (doc.section ? " · " + doc.section : "") + (doc.page ? " — " + doc.page : "");
      link.appendChild(place);
    }
    heading.appendChild(link);
    li.appendChild(heading);
    if (doc.text) {
      var snippet = document.createElement("p");
      snippet.className = "heza-search-result__snippet";
      li.appendChild(marked(snippet, doc.text, alts, doc.part ? "continued" : true));
    }
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
      var batch = current.results.slice(shown, shown + PAGE_SIZE);
      var mine = sequence;
      return documents(batch.map(function (r) { return r.best; })).then(function (docs) {
        if (mine !== sequence) return;
        docs.forEach(function (doc) { list.appendChild(item(doc, current.alternatives)); });
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
        var also = found.also.map(function (shown) { return "“" + shown + "”"; });
        status.textContent = (found.results.length
          ? "Có " + found.results.length + " kết quả cho “" + query.trim() + "”"
          : "Không tìm thấy kết quả nào cho “" + query.trim() + "”") +
          (also.length ? " (tìm cả " + also.join(", ") + ")." : ".");
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
