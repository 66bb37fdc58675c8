// The item editor's Files panel, live (archive/panels.py, templates/archive/admin/
// file_facts_panel.html): a file still pending or being read is fetched again every two seconds
// until its reading ends, and "Re-process" queues a file again without leaving the editor (and
// without losing what the researcher has typed). Without JavaScript the panel shows the state as
// of the page's loading, and re-processing stays in Reports → Evidence files.
(function () {
  "use strict";
  var POLL_MS = 2000;
  var MAX_POLLS = 900; // half an hour: a long scan is still being read

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function watch(box, polls) {
    if (!box.hasAttribute("data-file-facts-live") || polls > MAX_POLLS) return;
    window.setTimeout(function () {
      fetch(box.getAttribute("data-file-facts-url"), { credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.text() : Promise.reject(response.status);
        })
        .then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html.trim();
          var fresh = holder.firstElementChild;
          if (!fresh) return;
          box.replaceWith(fresh);
          bind(fresh);
          watch(fresh, polls + 1);
        })
        .catch(function () {
          watch(box, polls + 1);
        });
    }, POLL_MS);
  }

  function bind(box) {
    var button = box.querySelector("[data-reprocess-url]");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      var body = new FormData();
      body.append("csrfmiddlewaretoken", csrfToken());
      fetch(button.getAttribute("data-reprocess-url"), {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken() },
      }).then(function () {
        box.setAttribute("data-file-facts-live", "");
        watch(box, 0);
      });
    });
  }

  function start() {
    document.querySelectorAll("[data-file-facts-url]").forEach(function (box) {
      bind(box);
      watch(box, 0);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
