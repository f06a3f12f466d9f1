// Search page (/cari/): mounts Pagefind's UI, which the build writes into /pagefind/ with the index.
// Settings come from data attributes of #pencarian (templates/cari.njk): the path prefix, the
// bundle folder and the Indonesian UI strings from templates/_data/strings.json.
// A query in the address (/cari/?q=kata) is searched at once, so searches can be linked.
(function () {
  "use strict";
  var root = document.getElementById("pencarian");
  if (!root) return;
  if (typeof window.PagefindUI !== "function") {
    // The dev server does not build the index; say so instead of showing an empty page.
    var note = document.createElement("p");
    note.textContent = root.dataset.unavailable || "";
    root.appendChild(note);
    return;
  }
  var ui = new window.PagefindUI({
    element: "#pencarian",
    baseUrl: root.dataset.baseUrl,
    bundlePath: root.dataset.bundlePath,
    showImages: false,
    showSubResults: false,
    translations: JSON.parse(root.dataset.translations || "{}"),
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
