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

  // Copy a citation: the Clipboard API where the page may use it, else select the text and
  // try the older copy command, else leave it selected for Ctrl+C.
  function say(button, message) {
    var body = button.closest(".cite-body");
    var status = body && body.querySelector(".copy-status");
    if (status) status.textContent = message;
  }

  function fallbackCopy(box, button) {
    box.focus();
    box.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (e) {
      copied = false;
    }
    say(button, copied ? "已复制。" : "已选中，请按 Ctrl+C（手机上长按）复制。");
  }

  function copyCitation(button) {
    var box = document.getElementById(button.getAttribute("data-copy"));
    if (!box) return;
    var text = box.value;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        say(button, "已复制到剪贴板。");
      }, function () {
        fallbackCopy(box, button);
      });
    } else {
      fallbackCopy(box, button);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    showTarget();
    var buttons = document.querySelectorAll("button.copy[data-copy]");
    for (var b = 0; b < buttons.length; b++) {
      buttons[b].hidden = false;
      buttons[b].addEventListener("click", function (ev) {
        copyCitation(ev.currentTarget);
      });
    }
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
