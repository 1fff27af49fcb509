/* Tables that reflow on a narrow screen (class pn-table, see notices.css): some browsers drop a table's
   semantics when its elements are displayed as blocks, so each element states its role. HTML forbids these
   roles in a table's markup, which is why they are set here. */
(function () {
  var roles = { TABLE: "table", THEAD: "rowgroup", TBODY: "rowgroup", TR: "row", TD: "cell" };
  document.querySelectorAll("table.pn-table").forEach(function (table) {
    [table].concat(Array.prototype.slice.call(table.querySelectorAll("thead, tbody, tr, th, td"))).forEach(function (el) {
      var role = el.tagName === "TH" ? (el.getAttribute("scope") === "row" ? "rowheader" : "columnheader") : roles[el.tagName];
      el.setAttribute("role", role);
    });
  });
})();

/* The home page's filter box: shown only where JavaScript runs, so that without it the whole list stays. */
(function () {
  var box = document.querySelector(".pn-filter");
  if (!box) return;
  var input = box.querySelector("input");
  var count = box.querySelector(".pn-filter__count");
  var entities = Array.prototype.slice.call(document.querySelectorAll(".pn-entity"));
  box.hidden = false;
  input.addEventListener("input", function () {
    var query = input.value.trim().toLowerCase();
    var shown = 0;
    entities.forEach(function (entity) {
      var match = !query || entity.getAttribute("data-filter").indexOf(query) !== -1;
      entity.hidden = !match;
      var heading = entity.previousElementSibling;
      if (heading && heading.tagName === "H3") heading.hidden = !match;
      if (match) shown += 1;
    });
    document.querySelectorAll(".md-content h2[id^='country-']").forEach(function (group) {
      var next = group.nextElementSibling, any = false;
      while (next && next.tagName !== "H2") {
        if (next.classList.contains("pn-entity") && !next.hidden) any = true;
        next = next.nextElementSibling;
      }
      group.hidden = !any;
    });
    count.textContent = query && !shown ? count.getAttribute("data-none") : "";
  });
})();
