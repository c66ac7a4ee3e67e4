// Maillage — arbre d’orientation pas à pas (amélioration progressive : sans JavaScript, chaque
// étape a son ancre et chaque réponse est un lien vers l’étape suivante).
// Avec JavaScript : une étape à la fois, boutons « Étape précédente » et « Recommencer »,
// le focus va au titre de l’étape affichée, et l’adresse (#etape-…) suit, pour partager une étape.
(function () {
  "use strict";
  var root = document.querySelector("[data-orientation]");
  if (!root) return;
  var steps = Array.prototype.slice.call(root.querySelectorAll("[data-step]"));
  if (!steps.length) return;
  var start = root.getAttribute("data-start");
  var byId = {};
  steps.forEach(function (step) { byId[step.id] = step; });

  root.classList.add("is-guided");
  steps.forEach(function (step) {
    step.querySelectorAll("[data-step-nav]").forEach(function (nav) { nav.hidden = true; });
  });

  var controls = document.createElement("div");
  controls.className = "guide-controls";
  var back = document.createElement("button");
  back.type = "button";
  back.className = "secondary";
  back.textContent = "← Étape précédente";
  var restart = document.createElement("button");
  restart.type = "button";
  restart.className = "secondary";
  restart.textContent = "Recommencer";
  controls.appendChild(back);
  controls.appendChild(restart);
  root.appendChild(controls);

  var current = null;

  function fromHash() {
    var id = decodeURIComponent(location.hash.replace(/^#/, ""));
    return byId[id] ? id : null;
  }

  function show(id, focus) {
    var step = byId[id] || byId[start];
    current = step;
    steps.forEach(function (s) { s.hidden = s !== step; });
    var atStart = step.id === start;
    back.hidden = atStart;
    restart.hidden = atStart;
    if (focus) {
      var heading = step.querySelector("h2");
      heading.focus();
      heading.scrollIntoView({ block: "nearest" });
      root.scrollIntoView({ block: "start" });
    }
  }

  function go(id) {
    if (fromHash() === id) {
      show(id, true);
    } else {
      location.hash = id;  // the hashchange listener shows the step: the address follows
    }
  }

  back.addEventListener("click", function () {
    var parent = current && current.getAttribute("data-parent");
    go(parent || start);
  });
  restart.addEventListener("click", function () { go(start); });
  window.addEventListener("hashchange", function () {
    var id = fromHash();
    if (id) show(id, true);  // other anchors (schéma, version texte, contenu) leave the guide as it is
  });

  show(fromHash() || start, false);
})();
