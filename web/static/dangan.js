/* dangan: small progressive enhancements; every page works without this file. */
(function () {
  "use strict";

  // Bring the paragraph named in the URL fragment (#p12) into view and mark it, also when the
  // browser did not (history navigation, a fragment changed by script, a late layout shift).
  function showTarget() {
    var m = /^#p(\d+)$/.exec(window.location.hash);
    if (!m) return;
    var el = document.getElementById("p" + m[1]);
    if (!el) return;
    var old = document.querySelectorAll(".para.is-target");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("is-target");
    el.classList.add("is-target");
    var box = el.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) {
      el.scrollIntoView({ block: "center" });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    showTarget();
    // Facet lists: opening one closes the others, so the page stays short.
    var facets = document.querySelectorAll("details.facet");
    for (var i = 0; i < facets.length; i++) {
      facets[i].addEventListener("toggle", function (ev) {
        if (!ev.target.open) return;
        for (var j = 0; j < facets.length; j++) {
          if (facets[j] !== ev.target) facets[j].open = false;
        }
      });
    }
  });
  window.addEventListener("hashchange", showTarget);

  // An open facet panel closes on Escape or a click elsewhere.
  function closeFacets(except) {
    var open = document.querySelectorAll("details.facet[open]");
    for (var i = 0; i < open.length; i++) {
      if (open[i] !== except) open[i].open = false;
    }
  }
  document.addEventListener("click", function (ev) {
    closeFacets(ev.target.closest ? ev.target.closest("details.facet") : null);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") closeFacets(null);
  });
})();
