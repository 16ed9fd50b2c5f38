/* A unit page (don-vi/<unit-id>.html), enhanced; without this script everything shows and the calendar
   address stays selectable text.
   - The filter (form#heza-filter, hidden until this script runs): by year and by role, from each row's
     data-year ("none": no calendar date) and data-role (data-via: work given to a group the unit belongs
     to, the role "group"). Rows that do not match get the class heza-filtered-out; the status line (a
     polite live region) says how many show; a list left empty says so.
   - The copy button of the subscribe block copies the calendar address ([data-heza-copy] names the
     element that holds it). */
(function () {
  "use strict";

  var ROWS = ".heza-unit-work li[data-role]";

  function matches(row, year, role) {
    if (year && (row.getAttribute("data-year") || "none") !== year) {
      return false;
    }
    if (role === "group") {
      return row.hasAttribute("data-via");
    }
    return !role || row.getAttribute("data-role") === role;
  }

  function emptyNote(list) {
    var note = list.querySelector(".heza-filter-empty");
    if (!note) {
      note = document.createElement("p");
      note.className = "heza-filter-empty";
      note.textContent = "Không có việc nào khớp bộ lọc.";
      list.appendChild(note);
    }
    return note;
  }

  function setUpFilter() {
    var form = document.getElementById("heza-filter");
    if (!form) {
      return;
    }
    var year = form.querySelector("#heza-filter-year");
    var role = form.querySelector("#heza-filter-role");
    var status = form.querySelector("#heza-filter-status");

    function apply() {
      var rows = document.querySelectorAll(ROWS);
      var shown = 0;
      Array.prototype.forEach.call(rows, function (row) {
        var keep = matches(row, year.value, role.value);
        row.classList.toggle("heza-filtered-out", !keep);
        if (keep) {
          shown += 1;
        }
      });
      Array.prototype.forEach.call(document.querySelectorAll(".heza-unit-work"), function (list) {
        var all = list.querySelectorAll("li[data-role]").length;
        var left = list.querySelectorAll("li[data-role]:not(.heza-filtered-out)").length;
        emptyNote(list).hidden = !(all && !left);
      });
      status.textContent = (year.value || role.value)
        ? "Đang hiện " + shown + " trên " + rows.length + " mục."
        : "Đang hiện cả " + rows.length + " mục.";
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); });
    year.addEventListener("change", apply);
    role.addEventListener("change", apply);
    form.hidden = false;
    apply();
  }

  function copied(button, text) {
    var said = button.parentNode.querySelector(".heza-copy__status");
    if (said) {
      said.textContent = text;
    }
  }

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function setUpCopy() {
    Array.prototype.forEach.call(document.querySelectorAll("button[data-heza-copy]"), function (button) {
      var source = document.getElementById(button.getAttribute("data-heza-copy"));
      if (!source) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = source.textContent.trim();
        var fallback = function () {
          selectText(source);
          var done = false;
          try {
            done = document.execCommand("copy");
          } catch (e) {
            done = false;
          }
          copied(button, done ? "Đã sao chép địa chỉ." : "Địa chỉ đã được chọn: nhấn Ctrl+C (⌘C) để sao chép.");
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(function () {
            copied(button, "Đã sao chép địa chỉ.");
          }, fallback);
        } else {
          fallback();
        }
      });
    });
  }

  function start() {
    setUpFilter();
    setUpCopy();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
