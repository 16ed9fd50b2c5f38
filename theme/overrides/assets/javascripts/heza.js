/* Small enhancements; the site works without them.
   - "In văn bản này" buttons print the page.
   (Search, with NFC/NFD-insensitive folding, is heza-search.js on tim-kiem.html.) */
(function () {
  "use strict";

  function enablePrint() {
    document.querySelectorAll("button.heza-print").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enablePrint);
  } else {
    enablePrint();
  }
})();
