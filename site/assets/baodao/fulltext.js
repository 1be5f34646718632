/* Full-text search page: Pagefind's own interface over the index the build wrote into
   pagefind/ (same site, nothing from another host). Without the index the page says so. */
(function () {
  "use strict";
  var el = document.getElementById("bd-fulltext");
  if (!el || typeof window.PagefindUI !== "function") return;
  el.innerHTML = "";
  new window.PagefindUI({
    element: "#bd-fulltext",
    showImages: false,
    showSubResults: false,
    resetStyles: false,
    translations: { placeholder: "输入要找的文字", zero_results: "没有找到 [SEARCH_TERM]" }
  });
  // Pagefind's box is named by a title only; screen readers need a label.
  (function label(tries) {
    var input = el.querySelector("input");
    if (input) input.setAttribute("aria-label", "在全站搜索");
    else if (tries > 0) setTimeout(function () { label(tries - 1); }, 50);
  })(100);
})();
