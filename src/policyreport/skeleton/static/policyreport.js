/* policyreport: tables that work on a phone and for numbers (no network, no CDN).
 * - every table's cells carry their column header (data-label), so on narrow screens the CSS
 *   shows each row as a stacked card; keyword-in-context tables become one sentence per row;
 * - long tables (>= 12 rows) are sortable (tablesort, MIT) and get a filter box. */
(function () {
  "use strict";
  var LONG = 12;

  function headers(table) {
    var row = table.tHead && table.tHead.rows[0];
    return row ? Array.prototype.map.call(row.cells, function (c) { return c.textContent.trim(); }) : [];
  }

  function label(table, names) {
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (tr) {
        Array.prototype.forEach.call(tr.cells, function (td, i) {
          if (names[i]) td.setAttribute("data-label", names[i]);
        });
      });
    });
  }

  function filterBox(table) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "pr-filter";
    box.placeholder = "筛选本表…";
    box.setAttribute("aria-label", "筛选本表的行");
    var count = document.createElement("span");
    count.className = "pr-filter-count";
    count.setAttribute("aria-live", "polite");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    box.addEventListener("input", function () {
      var q = box.value.trim().toLowerCase(), shown = 0;
      rows.forEach(function (tr) {
        var hit = !q || tr.textContent.toLowerCase().indexOf(q) !== -1;
        tr.hidden = !hit;
        if (hit) shown += 1;
      });
      count.textContent = q ? "显示 " + shown + " / " + rows.length + " 行" : "";
    });
    var bar = document.createElement("div");
    bar.className = "pr-table-tools";
    bar.appendChild(box);
    bar.appendChild(count);
    var holder = table.closest(".pst-scrollable-table-container") || table;
    holder.parentNode.insertBefore(bar, holder);
  }

  function setup() {
    document.querySelectorAll("main table, article table").forEach(function (table) {
      if (table.dataset.prReady || !table.tHead) return;
      table.dataset.prReady = "1";
      var names = headers(table);
      label(table, names);
      table.classList.add("pr-stack");
      if (names.indexOf("左侧语境") !== -1 || names.indexOf("右侧语境") !== -1) table.classList.add("pr-kwic");
      var n = table.tBodies[0] ? table.tBodies[0].rows.length : 0;
      if (n >= LONG && typeof Tablesort === "function") {
        new Tablesort(table);
        table.classList.add("pr-sortable");
        filterBox(table);
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
