/* The public site's only script, and an optional one: every page works without it.
   - Search filters apply as soon as one changes (without JS, the "Apply filters" button does it),
     and stand open beside the results on a wide screen, folded above them on a phone.
   - "Copy citation" copies the citation's text.
   Loaded from a file with `defer`: the Content-Security-Policy allows no inline script. */
(function () {
  "use strict";

  var WIDE = window.matchMedia("(min-width: 50.01rem)");

  // After a filter applies, the next page opens the panel again at the control just used, so a
  // reader choosing several filters on a phone (or by keyboard) carries on where they were.
  var REOPEN = "evidence-archive-filter";

  function reopen(panel) {
    var used = null;
    try { used = sessionStorage.getItem(REOPEN); sessionStorage.removeItem(REOPEN); } catch (e) { used = null; }
    if (used === null) return;
    panel.open = true;
    var control = Array.prototype.find.call(
      panel.querySelectorAll("input[name]"),
      function (input) { return input.name + "=" + input.value === used || input.name === used; }
    );
    if (control) control.focus();
  }

  function setUpFilters(panel) {
    var form = panel.closest("form");
    var button = panel.querySelector(".apply-filters");
    if (button) button.hidden = true;
    function fit() { panel.open = WIDE.matches; }
    fit();
    if (WIDE.addEventListener) WIDE.addEventListener("change", fit);
    reopen(panel);
    panel.addEventListener("change", function (event) {
      var input = event.target;
      if (!form || !input.name) return;
      try {
        sessionStorage.setItem(REOPEN, input.type === "checkbox" ? input.name + "=" + input.value : input.name);
      } catch (e) { /* storage refused: the panel just opens folded */ }
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    });
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain http on another host has no Clipboard API: the older way still works there.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "copy-buffer";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      area.remove();
      if (done) resolve(); else reject(new Error("copy refused"));
    });
  }

  function setUpCopy(button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) return;
    var status = button.parentNode.querySelector(".copy-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      copyText(source.textContent.trim()).then(
        function () { if (status) status.textContent = status.getAttribute("data-copied"); },
        function () {
          if (status) status.textContent = status.getAttribute("data-failed");
          var range = document.createRange();
          range.selectNodeContents(source);
          var selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
        }
      );
    });
  }

  function start() {
    document.querySelectorAll("[data-filters]").forEach(setUpFilters);
    document.querySelectorAll("button[data-copy]").forEach(setUpCopy);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
