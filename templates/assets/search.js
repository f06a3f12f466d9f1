// Search page (/cari/): mounts Pagefind's UI, which the build writes into /pagefind/ beside one
// index per year and one for the archive's newest month (/pagefind/2017-08/, /pagefind/2016/,
// ...; src/search-index.ts). The newest is the primary index and the others are merged into it
// (Pagefind's multisite search). Settings come from data attributes of #pencarian
// (templates/cari.njk): the path prefix, the bundle folder, the shards and the Indonesian UI
// strings from templates/_data/strings.json.
// A query in the address (/cari/?q=kata) is searched at once, so searches can be linked.
(function () {
  "use strict";
  var root = document.getElementById("pencarian");
  if (!root) return;
  var shards = (root.dataset.shards || "").split(" ").filter(Boolean);
  if (typeof window.PagefindUI !== "function" || shards.length === 0) {
    // No index (the dev server had not built it yet, or no article is published): say so
    // instead of showing an empty page.
    var note = document.createElement("p");
    note.textContent = root.dataset.unavailable || "";
    root.appendChild(note);
    return;
  }
  var bundle = function (shard) {
    return root.dataset.bundleRoot + shard + "/";
  };
  var ui = new window.PagefindUI({
    element: "#pencarian",
    baseUrl: root.dataset.baseUrl,
    bundlePath: bundle(shards[0] || ""),
    mergeIndex: shards.slice(1).map(function (shard) {
      return { bundlePath: bundle(shard), baseUrl: root.dataset.baseUrl };
    }),
    showImages: false,
    showSubResults: false,
    translations: JSON.parse(root.dataset.translations || "{}"),
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
