// Citing from the text, in the letter editor (letters/cite_views.py, letters/wagtail_hooks.py):
// once a citation block's evidence item is chosen, its pages' text (per file, per page, with the
// page's thumbnail where the file has page images) is shown in a scrollable pane beside the
// block. Selecting a passage there fills the block's pinpoint (the page or pages it stands on),
// its file (when not the first) and its quotation, and the server's quotation check runs at once:
// "Checked" when the words stand on the cited page. Without JavaScript the block is filled by
// hand, as before, and checked on save.
(function () {
  "use strict";
  var script = document.currentScript;
  var PAGES_URL = script.getAttribute("data-pages-url"); // …/letters/evidence/0/pages/
  var CHECK_URL = script.getAttribute("data-check-url");
  var MAX_QUOTATION = 2000; // letters/cite_views.py

  // A citation block's fields share one prefix: <prefix>-evidence, -pinpoint, -file, -quotation.
  function fieldsOf(evidenceInput) {
    var id = evidenceInput.id || "";
    if (!/-evidence$/.test(id)) return null;
    var prefix = id.slice(0, -"evidence".length);
    var quotation = document.getElementById(prefix + "quotation");
    var pinpoint = document.getElementById(prefix + "pinpoint");
    if (!quotation || !pinpoint) return null;
    return {
      prefix: prefix,
      evidence: evidenceInput,
      pinpoint: pinpoint,
      quotation: quotation,
      file: document.getElementById(prefix + "file"),
    };
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function setValue(input, value) {
    if (!input) return;
    input.value = value;
    // Wagtail's unsaved-changes check and the textarea's autosize listen for these.
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function paneOf(fields) {
    var pane = document.getElementById(fields.prefix + "cite-pane");
    if (pane) return pane;
    pane = element("section", "cite-pane");
    pane.id = fields.prefix + "cite-pane";
    pane.setAttribute("aria-label", "The evidence item's text");
    var wrapper = fields.quotation.closest("[data-field-wrapper], .w-field__wrapper");
    var anchor = wrapper || fields.quotation;
    anchor.parentNode.insertBefore(pane, anchor.nextSibling);
    return pane;
  }

  function render(fields, pane, data) {
    pane.replaceChildren();
    var help = element(
      "p",
      "cite-pane__help",
      "Select a passage in the text of " +
        data.reference +
        " to cite it: the page and quotation are filled in and checked."
    );
    var status = element("p", "cite-pane__status");
    status.setAttribute("role", "status");
    status.setAttribute("data-cite-status", "");
    var scroller = element("div", "cite-pane__text");
    scroller.tabIndex = 0;
    data.files.forEach(function (file) {
      var section = element("div", "cite-pane__file");
      section.setAttribute("data-file", String(file.position));
      var heading = "File " + file.position + (file.title ? ": " + file.title : "");
      section.appendChild(element("h3", "cite-pane__file-title", heading));
      if (!file.pages.length) {
        section.appendChild(
          element("p", "cite-pane__empty", file.readable ? "No text." : "Status: " + file.status)
        );
      }
      file.pages.forEach(function (page) {
        var box = element("div", "cite-pane__page");
        box.appendChild(element("p", "cite-pane__page-number", "Page " + page.number));
        if (page.image) {
          var image = element("img", "cite-pane__thumbnail");
          image.src = page.image;
          image.alt = "";
          if (page.width && page.height) {
            image.width = page.width;
            image.height = page.height;
          }
          image.loading = "lazy";
          box.appendChild(image);
        }
        var text = element("div", "cite-pane__page-text", page.text);
        text.setAttribute("data-page", String(page.number));
        box.appendChild(text);
        section.appendChild(box);
      });
      scroller.appendChild(section);
    });
    pane.appendChild(help);
    pane.appendChild(scroller);
    pane.appendChild(status);
    scroller.addEventListener("mouseup", function () {
      cite(fields, pane);
    });
    scroller.addEventListener("keyup", function (event) {
      if (event.shiftKey) cite(fields, pane);
    });
  }

  function show(fields) {
    var id = fields.evidence.value;
    var pane = document.getElementById(fields.prefix + "cite-pane");
    if (!id) {
      if (pane) pane.remove();
      return;
    }
    pane = paneOf(fields);
    pane.replaceChildren(element("p", "cite-pane__help", "Loading the item's text…"));
    fetch(PAGES_URL.replace("/0/", "/" + encodeURIComponent(id) + "/"), {
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.ok ? response.json() : Promise.reject(response.status);
      })
      .then(function (data) {
        render(fields, pane, data);
      })
      .catch(function () {
        pane.replaceChildren(element("p", "cite-pane__help", "The item's text is not available."));
      });
  }

  function pageOf(node) {
    var el = node && (node.nodeType === 1 ? node : node.parentElement);
    return el ? el.closest("[data-page]") : null;
  }

  function cite(fields, pane) {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed) return;
    var first = pageOf(selection.anchorNode);
    var last = pageOf(selection.focusNode);
    if (!first || !last || !pane.contains(first) || !pane.contains(last)) return;
    var status = pane.querySelector("[data-cite-status]");
    var fileOf = function (page) {
      return page.closest("[data-file]").getAttribute("data-file");
    };
    if (fileOf(first) !== fileOf(last)) {
      status.textContent = "Select within one file: a citation names pages of one file.";
      return;
    }
    var quotation = selection.toString().replace(/\s+/g, " ").trim();
    if (!quotation) return;
    if (quotation.length > MAX_QUOTATION) {
      status.textContent = "That passage is too long to quote (at most 2000 characters).";
      return;
    }
    var pages = [Number(first.getAttribute("data-page")), Number(last.getAttribute("data-page"))];
    pages.sort(function (a, b) {
      return a - b;
    });
    var pinpoint = pages[0] === pages[1] ? String(pages[0]) : pages[0] + "-" + pages[1];
    var file = fileOf(first);
    setValue(fields.pinpoint, pinpoint);
    setValue(fields.file, file === "1" ? "" : file);
    setValue(fields.quotation, quotation);
    check(fields, status);
  }

  function check(fields, status, retried) {
    status.textContent = "Checking…";
    status.removeAttribute("data-result");
    var query = new URLSearchParams({
      item: fields.evidence.value,
      pinpoint: fields.pinpoint.value,
      file: fields.file ? fields.file.value : "",
      quotation: fields.quotation.value,
    });
    fetch(CHECK_URL + "?" + query.toString(), { credentials: "same-origin" })
      .then(function (response) {
        return response.status >= 500 ? Promise.reject(response.status) : response.json();
      })
      .then(function (answer) {
        if (answer.error) {
          status.textContent = answer.error;
          return;
        }
        status.setAttribute("data-result", answer.result);
        var where = answer.pages.length ? " (p. " + answer.pages.join("–") + ")" : "";
        status.textContent = answer.checked
          ? "Checked: " + answer.label.toLowerCase() + where + "."
          : answer.label + where + ".";
      })
      .catch(function () {
        // A server busy for a moment (a 500, the network): once more, then leave it to the save.
        if (!retried) {
          window.setTimeout(function () {
            check(fields, status, true);
          }, 1000);
          return;
        }
        status.textContent = "Not checked yet: it will be checked when you save.";
      });
  }

  // The chooser sets its hidden input and fires "change" when an item is chosen or cleared.
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!(target instanceof HTMLInputElement) || target.type !== "hidden") return;
    var fields = fieldsOf(target);
    if (fields) show(fields);
  });

  // A citation saved before keeps its block as it is; its text is a click away.
  function offerText() {
    document.querySelectorAll("input[type=hidden][id$='-evidence']").forEach(function (input) {
      var fields = fieldsOf(input);
      if (!fields || !input.value || document.getElementById(fields.prefix + "cite-pane")) return;
      var pane = paneOf(fields);
      var button = element("button", "button button-small button-secondary", "Cite from its text");
      button.type = "button";
      button.addEventListener("click", function () {
        show(fields);
      });
      pane.appendChild(button);
    });
  }

  // After "load": the StreamField draws its blocks once the document is parsed.
  if (document.readyState === "complete") {
    offerText();
  } else {
    window.addEventListener("load", offerText);
  }
})();
