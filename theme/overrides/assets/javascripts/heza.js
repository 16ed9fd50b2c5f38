/* Small enhancements; the site works without them.
   - The search box keeps what is typed in Unicode NFC, so decomposed (NFD) Vietnamese input,
     as some keyboards and pasted text produce, finds the same pages as composed input.
   - "In văn bản này" buttons print the page. */
(function () {
  "use strict";

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!field || !field.matches || !field.matches("[data-md-component=search-query]")) return;
    var normal = field.value.normalize("NFC");
    if (normal !== field.value) {
      var end = field.selectionEnd === field.value.length;
      field.value = normal;
      if (end) field.setSelectionRange(normal.length, normal.length);
    }
  }, true);

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
