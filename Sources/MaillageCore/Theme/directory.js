// Maillage — filtre instantané de l’annuaire et du trombinoscope (amélioration progressive :
// sans JavaScript, les pages de filtres par type, structure et territoire restent disponibles).
(function () {
  "use strict";
  var root = document.querySelector("[data-directory]");
  if (!root) return;
  var items = Array.prototype.slice.call(root.querySelectorAll("li[data-filter-text]"));
  if (items.length < 2) return;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/œ/g, "oe").toLowerCase();
  }
  items.forEach(function (li) { li.dataset.folded = fold(li.dataset.filterText + " " + li.textContent); });

  var form = document.createElement("div");
  form.className = "live-filter";
  var label = document.createElement("label");
  label.htmlFor = "filtre-liste";
  label.textContent = "Filtrer cette liste";
  var input = document.createElement("input");
  input.type = "text";
  input.id = "filtre-liste";
  input.autocomplete = "off";
  input.placeholder = "nom, structure, territoire…";
  var status = document.createElement("p");
  status.className = "filter-status";
  status.setAttribute("role", "status");
  form.appendChild(label);
  form.appendChild(input);

  if (root.hasAttribute("data-sortable")) {
    var sortLabel = document.createElement("label");
    sortLabel.htmlFor = "tri-liste";
    sortLabel.textContent = "Trier par";
    var select = document.createElement("select");
    select.id = "tri-liste";
    [["name", "nom"], ["structure", "structure"]].forEach(function (option) {
      var element = document.createElement("option");
      element.value = option[0];
      element.textContent = option[1];
      select.appendChild(element);
    });
    select.addEventListener("change", function () {
      var key = select.value === "structure" ? "sortStructure" : "sortName";
      root.querySelectorAll("ul").forEach(function (list) {
        var children = Array.prototype.slice.call(list.children);
        children.sort(function (a, b) {
          return (a.dataset[key] || "").localeCompare(b.dataset[key] || "", "fr") ||
                 (a.dataset.sortName || "").localeCompare(b.dataset.sortName || "", "fr");
        });
        children.forEach(function (child) { list.appendChild(child); });
      });
    });
    form.appendChild(sortLabel);
    form.appendChild(select);
  }
  form.appendChild(status);
  root.parentNode.insertBefore(form, root);

  input.addEventListener("input", function () {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (li) {
      var match = words.every(function (word) { return li.dataset.folded.indexOf(word) !== -1; });
      li.hidden = !match;
      if (match) shown += 1;
    });
    root.querySelectorAll("[data-group]").forEach(function (group) {
      var visible = group.querySelectorAll("li[data-filter-text]:not([hidden])").length;
      group.hidden = visible === 0;
      var count = group.querySelector("[data-count]");
      if (count) count.textContent = String(visible);
    });
    status.textContent = words.length ? shown + (shown > 1 ? " résultats" : " résultat") : "";
  });
})();
