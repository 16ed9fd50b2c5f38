/* Small enhancements; the site works without them.
   - Dates relative to today follow the reader's clock, not the build day: the pages carry the dates
     (data-due, data-heza-dues) and say "tính đến ngày …" for the build day when scripts do not run.
   - "In văn bản này" buttons print the page; a link into a closed <details> opens it; the notes on the
     transcription print only when the reader opened them.
   (Search is heza-search.js on tim-kiem.html.) */
(function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function iso(d) { return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); }
  function vn(day) { var p = day.split("-"); return p[2] + "/" + p[1] + "/" + p[0]; }
  function addDays(day, n) {
    var p = day.split("-"), d = new Date(+p[0], +p[1] - 1, +p[2] + n);
    return iso(d);
  }
  function all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  function setTime(el, day) { el.setAttribute("datetime", day); el.textContent = vn(day); }

  var today = iso(new Date());

  // Build-day dates that mean "today".
  function showToday() {
    all("time[data-heza-today]").forEach(function (el) { setTime(el, today); });
    all("[data-heza-build-only]").forEach(function (el) { el.hidden = true; });
  }

  // Windows of coming deadlines (home page): rows with data-due from today to today + N days.
  function windows() {
    all("[data-heza-window]").forEach(function (box) {
      var days = +box.getAttribute("data-heza-window"), end = addDays(today, days), shown = 0;
      all("[data-due]", box).forEach(function (row) {
        var due = row.getAttribute("data-due"), inside = due >= today && due <= end;
        row.hidden = !inside;
        if (inside) shown++;
      });
      all("time[data-heza-window-start]", box.parentNode).forEach(function (el) { setTime(el, today); });
      all("time[data-heza-window-end]", box.parentNode).forEach(function (el) { setTime(el, end); });
      all("[data-heza-window-empty]", box).forEach(function (el) { el.hidden = shown > 0; });
      all("ul", box).forEach(function (list) {  // the build day's window and the dates after it, now one window
        list.hidden = list.querySelector("[data-due]:not([hidden])") === null;
      });
    });
  }

  // Coming and past lists (unit pages): each dated row moves to the list its date belongs to today.
  // <ul data-heza-coming="ID-of-past-list"> … <ul id="ID-of-past-list">; an element with
  // data-heza-empty-for="list id" says the list is empty.
  function comingAndPast() {
    all("[data-heza-coming]").forEach(function (coming) {
      var past = document.getElementById(coming.getAttribute("data-heza-coming"));
      if (!past) return;
      var rows = all("[data-due]", coming).concat(all("[data-due]", past));
      rows.sort(function (a, b) { return a.getAttribute("data-due") < b.getAttribute("data-due") ? -1 : 1; });
      rows.forEach(function (row) { if (row.getAttribute("data-due") >= today) coming.appendChild(row); });
      rows.reverse().forEach(function (row) { if (row.getAttribute("data-due") < today) past.appendChild(row); });
      [coming, past].forEach(function (list) {
        var has = list.querySelector("[data-due]") !== null;
        list.hidden = !has;
        if (list.id) all('[data-heza-empty-for="' + list.id + '"]').forEach(function (el) { el.hidden = has; });
      });
    });
  }

  // The next deadlines of a plan (its summary): the first N of its dates from today.
  function nextDeadlines() {
    all("ul[data-heza-dues]").forEach(function (list) {
      var rows, count = +list.getAttribute("data-heza-next") || 3;
      try { rows = JSON.parse(list.getAttribute("data-heza-dues")); } catch (e) { return; }
      var coming = rows.filter(function (r) { return r[0] >= today; }).slice(0, count);
      while (list.firstChild) list.removeChild(list.firstChild);
      coming.forEach(function (r) {
        var li = document.createElement("li"), time = document.createElement("time");
        setTime(time, r[0]);
        li.appendChild(time);
        if (r[1]) {
          var flag = document.createElement("span");
          flag.className = "heza-flag";
          flag.textContent = r[1];
          li.appendChild(document.createTextNode(" "));
          li.appendChild(flag);
        }
        li.appendChild(document.createTextNode(": "));
        var a = document.createElement("a");
        a.href = "#" + r[3];
        a.textContent = r[2];
        li.appendChild(a);
        li.appendChild(document.createTextNode(" – " + r[4]));
        list.appendChild(li);
      });
      var none = list.parentNode.querySelector(".heza-hantoi__het");
      if (none) none.hidden = coming.length > 0;
      list.hidden = coming.length === 0;
    });
  }

  // The next of an item's many due dates (a recurring task or report).
  function nextOfMany() {
    all("[data-heza-next-due]").forEach(function (box) {
      var rows;
      try { rows = JSON.parse(box.getAttribute("data-heza-next-due")); } catch (e) { return; }
      var next = rows.filter(function (r) { return r[0] >= today; })[0];
      var slot = box.querySelector("[data-heza-next-slot]");
      if (!slot) return;
      while (slot.firstChild) slot.removeChild(slot.firstChild);
      if (!next) { slot.textContent = "không còn"; return; }
      var time = document.createElement("time");
      setTime(time, next[0]);
      slot.appendChild(time);
      if (next[1]) {
        var flag = document.createElement("span");
        flag.className = "heza-flag";
        flag.textContent = next[1];
        slot.appendChild(document.createTextNode(" "));
        slot.appendChild(flag);
      }
    });
  }

  // "năm nay" beside the current year; the link to the nearest month with deadlines on a year page.
  function thisYear() {
    var year = today.slice(0, 4);
    all("[data-heza-year]").forEach(function (el) { el.hidden = el.getAttribute("data-heza-year") !== year; });
    all("a[data-heza-next-month]").forEach(function (link) {
      var next = null, target = null;  // the month of the first deadline from today, not merely this month
      all("[data-due]").forEach(function (row) {
        var due = row.getAttribute("data-due");
        if (due >= today && (next === null || due < next)) next = due;
      });
      all("[data-heza-month]").forEach(function (h) {
        if (!target && next !== null && h.getAttribute("data-heza-month") === next.slice(0, 7)) target = h;
      });
      var box = link.closest("p") || link;
      if (!target || link.getAttribute("data-heza-next-month") !== year) { box.hidden = true; return; }
      box.hidden = false;
      link.href = "#" + target.id;
      link.textContent = "Đến tháng gần nhất còn thời hạn: " + target.textContent.replace(/¶$/, "").trim();
    });
  }

  function enablePrint() {
    all("button.heza-print").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  // The notes on the transcription are printed only when the reader opened them. Material opens every
  // <details> just before printing, so what the reader chose is kept apart, in data-heza-opened (heza.css).
  function rememberOpened() {
    all("details.heza-ban-chep > summary").forEach(function (summary) {
      summary.addEventListener("click", function () {  // before the block toggles: open now means closing
        summary.parentNode.toggleAttribute("data-heza-opened", !summary.parentNode.open);
      });
    });
  }

  // A link to a note inside the closed "Về bản chép này" block opens the block first.
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1)), el = id && document.getElementById(id);
    for (; el; el = el.parentElement) {
      if (el.tagName === "DETAILS" && !el.open) {
        el.open = true;
        el.setAttribute("data-heza-opened", "");
      }
    }
  }

  function start() {
    showToday();
    windows();
    comingAndPast();
    nextDeadlines();
    nextOfMany();
    thisYear();
    enablePrint();
    rememberOpened();
    openTarget();
    window.addEventListener("hashchange", openTarget);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
