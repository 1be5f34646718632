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
})();
