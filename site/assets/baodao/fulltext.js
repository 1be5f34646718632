/* Full-text search page: Pagefind's own interface over the index the build wrote into
   pagefind/ (same site, nothing from another host). Without the index the page says so. */
(function () {
  "use strict";
  var el = document.getElementById("bd-fulltext");
  if (!el || typeof window.PagefindUI !== "function") return;
  // The index is built in parts (web/fulltext.py), listed in pagefind-parts.json at the site's
  // root; Pagefind merges them (mergeIndex). Addresses from the UI script's own, so the site
  // works under any path.
  var script = document.querySelector('script[src$="pagefind/pagefind-ui.js"]');
  var root = script ? script.src.replace(/pagefind\/pagefind-ui\.js$/, "") : "../";
  function start(parts) {
    el.innerHTML = "";
    new window.PagefindUI({
      element: "#bd-fulltext",
      showImages: false,
      showSubResults: false,
      resetStyles: false,
      mergeIndex: parts.map(function (name) { return { bundlePath: root + name + "/" }; }),
      translations: { placeholder: "输入要找的文字", zero_results: "没有找到 [SEARCH_TERM]" }
    });
  }
  fetch(root + "pagefind-parts.json")
    .then(function (r) { return r.ok ? r.json() : []; })
    .catch(function () { return []; })
    .then(function (parts) {
      start(Array.isArray(parts) ? parts.filter(function (p) { return /^pagefind-[a-z0-9]+$/.test(p); }) : []);
    });
  // Pagefind's box is named by a title only; screen readers need a label.
  (function label(tries) {
    var input = el.querySelector("input");
    if (input) input.setAttribute("aria-label", "在全站搜索");
    else if (tries > 0) setTimeout(function () { label(tries - 1); }, 50);
  })(100);
})();
