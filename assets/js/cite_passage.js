// "Cite this passage" on the public evidence page (letters/cite_passage.py,
// templates/letters/includes/cite_passage.html). Only signed-in responses carry this script
// (letters/wagtail_hooks.py); only when the admin's small JSON view answers with letter drafts
// this reader may edit is the form drawn. Selecting text in a page then fills the page number,
// the file and the quotation, and the form posts them to the admin, which appends the citation
// to the chosen draft.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch) return;
  var form = document.createElement("form");

  function build() {
    form.className = "cite-passage";
    form.method = "post";
    form.action = script.getAttribute("data-post-url");
    ["csrfmiddlewaretoken", "item", "pinpoint", "file", "quotation"].forEach(function (name) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      form.appendChild(input);
    });
    form.querySelector("[name=item]").value = script.getAttribute("data-item");
    var shown = document.createElement("p");
    shown.className = "cite-passage-selection";
    shown.textContent = script.getAttribute("data-empty");
    var label = document.createElement("label");
    label.textContent = script.getAttribute("data-letter-label") + " ";
    label.appendChild(document.createElement("select")).name = "letter";
    var button = document.createElement("button");
    button.type = "submit";
    button.disabled = true;
    button.textContent = script.getAttribute("data-button");
    form.append(shown, label, " ", button);
    script.parentNode.insertBefore(form, script.nextSibling);
  }
  var MAX_QUOTATION = 2000; // letters/cite_views.py

  function field(name) {
    return form.querySelector("[name=" + name + "]");
  }

  function pageOf(node) {
    var el = node && (node.nodeType === 1 ? node : node.parentElement);
    return el ? el.closest("section.page-text[data-page]") : null;
  }

  function fileNumber(page) {
    var files = Array.prototype.slice.call(document.querySelectorAll("section.evidence-file"));
    return files.indexOf(page.closest("section.evidence-file")) + 1;
  }

  function onSelection() {
    var selection = window.getSelection();
    var button = form.querySelector("button[type=submit]");
    var shown = form.querySelector(".cite-passage-selection");
    if (!selection || selection.isCollapsed) return;
    var first = pageOf(selection.anchorNode);
    var last = pageOf(selection.focusNode);
    if (!first || !last || fileNumber(first) !== fileNumber(last)) return;
    var quotation = selection.toString().replace(/\s+/g, " ").trim();
    if (!quotation || quotation.length > MAX_QUOTATION) return;
    var pages = [Number(first.dataset.page), Number(last.dataset.page)].sort(function (a, b) {
      return a - b;
    });
    field("pinpoint").value = pages[0] === pages[1] ? String(pages[0]) : pages.join("-");
    field("file").value = String(fileNumber(first));
    field("quotation").value = quotation;
    shown.textContent = "p. " + field("pinpoint").value + ": “" + quotation + "”";
    button.disabled = false;
  }

  fetch(script.getAttribute("data-letters-url"), { credentials: "same-origin" })
    .then(function (response) {
      // Anonymous readers are sent to the admin's login page: nothing to show them.
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      return response.ok && !response.redirected && json ? response.json() : null;
    })
    .then(function (data) {
      if (!data || !data.letters.length) return;
      build();
      var select = field("letter");
      data.letters.forEach(function (letter) {
        var option = document.createElement("option");
        option.value = String(letter.id);
        option.textContent = letter.title;
        select.appendChild(option);
      });
      field("csrfmiddlewaretoken").value = data.csrf;
      document.addEventListener("mouseup", onSelection);
      document.addEventListener("keyup", onSelection);
    })
    .catch(function () {});
})();
