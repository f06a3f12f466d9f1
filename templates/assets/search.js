// Search page (/cari/): mounts Pagefind's UI, which the build writes into /pagefind/ beside one
// index per year (or half, quarter or month of a large year) and one for the archive's newest
// month (/pagefind/2017-08/, /pagefind/2016/, /pagefind/2015-h2/, ...; src/search/search-index.ts). The newest is the primary index and the others are merged into it
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
    processTerm: function (term) {
      chart.term = term;
      return term;
    },
  });
  var moduleUrl = bundle(shards[0]) + "pagefind.js";
  var loaded = allFiltersLoaded(moduleUrl);
  completeFilters(ui, root, loaded);
  var chart = { term: "" };
  try {
    chart = coverageChart(document.getElementById("grafik-hasil"), loaded, root);
  } catch (error) {
    // The chart is an extra: a failure leaves the results as they are.
  }
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);

  /** Whether the UI has shown the results of a search: its merges are done by then. */
  function answered() {
    return root.querySelector(".pagefind-ui__results") !== null;
  }

  // Pagefind's UI (1.x) starts loading every index's filter files once it has merged the indexes,
  // but runs its first search without waiting for them, and a search counts only the filters
  // already loaded. So the filter list of the first results, and their "bulan" counts, can lack
  // whatever only a merged index holds (the topics of an older year) until the next search; a
  // query in the address makes that the common case. allFiltersLoaded gives the Pagefind module
  // (the UI's own instance: same URL) once every index's filters are loaded, asked for after the
  // UI's first results, when every index is merged; the promise is kept, so it loads once.
  function allFiltersLoaded(url) {
    var promise = null;
    return function () {
      if (!promise) {
        promise = import(url).then(function (pagefind) {
          return pagefind.filters().then(function (filters) {
            return { pagefind: pagefind, filters: filters };
          });
        });
      }
      return promise;
    };
  }

  // Once the first results are shown, compares the filter values they list with every index's;
  // if any is missing, runs the same search again with the same selection (triggerFilters starts
  // a search), which now counts every filter. Once: later searches find the filters loaded.
  function completeFilters(searchUi, results, filtersOf) {
    if (typeof MutationObserver !== "function") return;
    var observer = new MutationObserver(function () {
      if (!answered()) return;
      observer.disconnect();
      filtersOf()
        .then(function (all) {
          var shown = {};
          var selected = {};
          Array.prototype.forEach.call(results.querySelectorAll(".pagefind-ui__filter-checkbox"), function (box) {
            shown[box.name + ":" + box.value] = true;
            if (box.checked) (selected[box.name] = selected[box.name] || []).push(box.value);
          });
          var missing = Object.keys(all.filters).some(function (name) {
            return Object.keys(all.filters[name]).some(function (value) {
              return !shown[name + ":" + value];
            });
          });
          if (missing) searchUi.triggerFilters(selected);
        })
        .catch(function () {
          // Without the filters the results stay as the UI showed them.
        });
    });
    observer.observe(results, { childList: true, subtree: true });
  }

  // "Hasil pencarian menurut waktu": the current results per month (per year over more than four
  // years), drawn like the static charts of topic pages (src/archive/coverage.ts, same sizes and
  // classes) from the counts of the "bulan" filter, which every article page sets
  // (templates/_includes/pages/article.njk). It asks the Pagefind module the UI loaded (the same
  // URL, so the same instance and merged indexes) once the UI has shown its results and every
  // index's filters are loaded. Without JavaScript, or before a search, the section stays
  // hidden; the results never wait for it.
  function coverageChart(section, filtersOf, results) {
    var state = { term: "" };
    if (!section || typeof MutationObserver !== "function") return state;
    var texts = JSON.parse(section.dataset.texts || "{}");
    var drawn = null;
    var timer = 0;
    var svgNs = "http://www.w3.org/2000/svg";
    var retries = 0;
    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(update, 200);
    }
    new MutationObserver(schedule).observe(results, { childList: true, subtree: true });

    function update() {
      // Clearing the field empties the results without a search (and without processTerm).
      var input = results.querySelector(".pagefind-ui__search-input");
      if (input && !input.value.trim()) state.term = "";
      var term = state.term;
      if (term === drawn) return;
      if (term && !answered()) return;
      drawn = term;
      if (!term) {
        section.hidden = true;
        return;
      }
      filtersOf()
        .then(function (all) {
          return all.pagefind.search(term);
        })
        .then(function (search) {
          if (drawn !== term) return;
          if (!search && retries < 10) {
            // Pagefind answers null to a search that a newer one (the UI's) superseded: ask again.
            retries++;
            drawn = null;
            schedule();
            return;
          }
          retries = 0;
          var counts = (search && search.filters && search.filters.bulan) || {};
          draw(bucketsOf(counts));
        })
        .catch(function () {
          section.hidden = true;
        });
    }

    function bucketsOf(counts) {
      var months = Object.keys(counts)
        .filter(function (key) {
          return counts[key] > 0 && /^\d{4}-\d{2}$/.test(key);
        })
        .map(function (key) {
          return { index: Number(key.slice(0, 4)) * 12 + Number(key.slice(5)) - 1, count: counts[key] };
        });
      if (months.length === 0) return [];
      var byIndex = {};
      var first = Infinity;
      var last = -Infinity;
      months.forEach(function (month) {
        byIndex[month.index] = month.count;
        first = Math.min(first, month.index);
        last = Math.max(last, month.index);
      });
      var buckets = [];
      if (last - first + 1 > 48) {
        for (var year = Math.floor(first / 12); year <= Math.floor(last / 12); year++) {
          var sum = 0;
          for (var m = 0; m < 12; m++) sum += byIndex[year * 12 + m] || 0;
          buckets.push({ label: String(year), count: sum, unit: "year" });
        }
      } else {
        for (var index = first; index <= last; index++) {
          buckets.push({ label: texts.months[index % 12] + " " + Math.floor(index / 12), count: byIndex[index] || 0, unit: "month" });
        }
      }
      return buckets;
    }

    function element(name, attributes, text) {
      var node = name === "svg" || name === "rect" || name === "line" || name === "title" ? document.createElementNS(svgNs, name) : document.createElement(name);
      Object.keys(attributes || {}).forEach(function (key) {
        node.setAttribute(key, attributes[key]);
      });
      if (text !== undefined) node.textContent = text;
      return node;
    }

    function draw(buckets) {
      var heading = section.querySelector("h2");
      while (heading.nextSibling) section.removeChild(heading.nextSibling);
      if (buckets.length === 0) {
        section.hidden = true;
        return;
      }
      var width = 480;
      var height = 96;
      var slot = width / Math.max(buckets.length, 12);
      var total = 0;
      var max = 0;
      var peak = buckets[0];
      buckets.forEach(function (bucket) {
        total += bucket.count;
        if (bucket.count > max) {
          max = bucket.count;
          peak = bucket;
        }
      });
      var first = buckets[0].label;
      var last = buckets[buckets.length - 1].label;
      var span = first === last ? first : first + " – " + last;
      section.appendChild(element("p", { class: "coverage__summary" }, total + " " + section.dataset.articleCount + ", " + span + ", " + texts.per[buckets[0].unit] + "; " + texts.peak + ": " + peak.label + " (" + max + ")."));
      var figure = element("figure", { class: "coverage__figure", "aria-hidden": "true" });
      var svg = element("svg", { class: "coverage__chart", viewBox: "0 0 " + width + " " + height, preserveAspectRatio: "none", focusable: "false" });
      svg.appendChild(element("line", { class: "coverage__axis", x1: 0, y1: height, x2: width, y2: height }));
      buckets.forEach(function (bucket, index) {
        if (!bucket.count) return;
        var barHeight = (bucket.count / max) * height;
        var bar = element("rect", { class: "coverage__bar", x: index * slot + slot * 0.1, y: height - barHeight, width: slot * 0.8, height: barHeight });
        bar.appendChild(element("title", {}, bucket.label + ": " + bucket.count));
        svg.appendChild(bar);
      });
      figure.appendChild(svg);
      var range = element("p", { class: "coverage__range" });
      range.appendChild(element("span", {}, first));
      if (first !== last) range.appendChild(element("span", {}, last));
      figure.appendChild(range);
      section.appendChild(figure);
      var details = element("details", { class: "coverage__details" });
      details.appendChild(element("summary", {}, texts.table));
      var table = element("table", { class: "coverage__table" });
      var head = element("thead");
      var headRow = element("tr");
      headRow.appendChild(element("th", { scope: "col" }, texts.unit[buckets[0].unit]));
      headRow.appendChild(element("th", { scope: "col" }, texts.count));
      head.appendChild(headRow);
      table.appendChild(head);
      var body = element("tbody");
      buckets.forEach(function (bucket) {
        var row = element("tr");
        row.appendChild(element("th", { scope: "row" }, bucket.label));
        row.appendChild(element("td", {}, String(bucket.count)));
        body.appendChild(row);
      });
      table.appendChild(body);
      details.appendChild(table);
      section.appendChild(details);
      section.hidden = false;
    }

    return state;
  }
})();
