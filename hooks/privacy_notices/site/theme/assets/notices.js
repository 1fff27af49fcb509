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
