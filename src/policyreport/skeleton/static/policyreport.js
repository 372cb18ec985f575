/* policyreport: tables that work on a phone and for numbers (no network, no CDN).
 * - every table's cells carry their column header (data-label), so on narrow screens the CSS
 *   shows each row as a stacked card; keyword-in-context tables become one sentence per row;
 * - long tables (>= 12 rows) are sortable (tablesort, MIT) and get a filter box. */
(function () {
  "use strict";
  var LONG = 12;
  var FOLDED = 10; /* a long table shows its first rows until the reader unfolds it or filters */

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
    var folded = true;
    var more = document.createElement("button");
    more.type = "button";
    more.className = "pr-unfold";
    function apply() {
      var q = box.value.trim().toLowerCase(), shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (tr) {
        var hit = !q || tr.textContent.toLowerCase().indexOf(q) !== -1;
        var visible = hit && (q || !folded || shown < FOLDED);
        tr.hidden = !visible;
        if (hit) shown += 1;
      });
      count.textContent = q ? "显示 " + shown + " / " + rows.length + " 行" : "";
      more.hidden = Boolean(q) || rows.length <= FOLDED;
      more.textContent = folded ? "展开全部 " + rows.length + " 行" : "只显示前 " + FOLDED + " 行";
      more.setAttribute("aria-expanded", String(!folded));
    }
    box.addEventListener("input", apply);
    more.addEventListener("click", function () { folded = !folded; apply(); });
    table.addEventListener("click", function (e) { if (e.target.closest("th")) setTimeout(apply, 0); });
    var bar = document.createElement("div");
    bar.className = "pr-table-tools";
    bar.appendChild(box);
    bar.appendChild(more);
    bar.appendChild(count);
    apply();
    var holder = table.closest(".pst-scrollable-table-container") || table;
    holder.parentNode.insertBefore(bar, holder);
  }

  /* The theme's buttons: Chinese labels, and accessible names that contain their visible text. */
  function themeButtons() {
    document.querySelectorAll("button.search-button-field").forEach(function (b) { b.removeAttribute("aria-label"); });
    document.querySelectorAll("button.theme-switch-button").forEach(function (b) {
      b.removeAttribute("aria-label");
      b.setAttribute("data-bs-title", "颜色模式");
      b.setAttribute("title", "颜色模式");
      var auto = b.querySelector('[data-mode="auto"]');
      if (auto) auto.setAttribute("title", "跟随系统");
    });
    document.querySelectorAll("nav summary").forEach(function (s) {
      if (!s.textContent.trim()) s.setAttribute("aria-label", "展开或折叠下级目录");
    });
  }

  function setup() {
    themeButtons();
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
