/* The page viewer on the evidence page: lands on #page-N (fetching it when the view did not
   send it), loads the rest of a long file as it scrolls into view, previous/next with the arrow
   keys, a jump box, a thumbnail strip, the small-screen image/text toggle, "Cite this page", and
   the first mark scrolled into view. Without it the page is text and images with links.
   No inline script or style anywhere: the CSP forbids both (tests/browser/test_csp.py). */
(function () {
    "use strict";

    var viewers = Array.prototype.slice.call(document.querySelectorAll(".viewer[data-pages]"));
    if (!viewers.length) { return; }
    var loading = {};

    /* What the viewer says, in the page's language: the note's data-* attributes
       (templates/archive/includes/viewer_bar.html), %(page)s standing for a page number. */
    function words(viewer, name, page) {
        var note = viewer.querySelector(".viewer-note");
        return ((note && note.dataset[name]) || "").replace("%(page)s", page);
    }

    function sectionId(viewer, number) { return viewer.dataset.prefix + "page-" + number; }

    function viewerOf(id) {
        var match = /^(f\d+-)?page-(\d+)$/.exec(id || "");
        if (!match) { return null; }
        var prefix = match[1] || "";
        for (var i = 0; i < viewers.length; i++) {
            if (viewers[i].dataset.prefix === prefix) {
                return {viewer: viewers[i], number: parseInt(match[2], 10)};
            }
        }
        return null;
    }

    /* The view around page N, as the server renders it for ?page=N: its sections replace the
       placeholders they stand for. */
    function load(viewer, number) {
        var key = viewer.dataset.prefix + number;
        if (loading[key]) { return loading[key]; }
        var params = new URLSearchParams(window.location.search);
        params.set("page", number);
        loading[key] = fetch("?" + params.toString(), {credentials: "same-origin"})
            .then(function (response) { return response.ok ? response.text() : ""; })
            .then(function (html) {
                var doc = new DOMParser().parseFromString(html, "text/html");
                // Pages filled in above the one being read must not push it out of view.
                var anchor = inView(), before = anchor ? anchor.getBoundingClientRect().top : 0;
                doc.querySelectorAll(".page-text:not(.pending)").forEach(function (fresh) {
                    var old = document.getElementById(fresh.id);
                    if (old && old.classList.contains("pending")) {
                        old.replaceWith(document.importNode(fresh, true));
                    }
                });
                if (anchor && anchor.isConnected) {
                    window.scrollBy(0, anchor.getBoundingClientRect().top - before);
                }
                observePending();
                drawAll();
            })
            .catch(function () { delete loading[key]; });
        return loading[key];
    }

    /* What the reader is looking at: the first mark or page section in the viewport. */
    function inView() {
        var candidates = document.querySelectorAll(".page-text mark, .page-text:not(.pending)");
        for (var i = 0; i < candidates.length; i++) {
            var box = candidates[i].getBoundingClientRect();
            if (box.bottom > 0 && box.top < window.innerHeight) { return candidates[i]; }
        }
        return null;
    }

    function go(viewer, number, smooth) {
        var pages = parseInt(viewer.dataset.pages, 10);
        number = Math.max(1, Math.min(pages, number));
        var id = sectionId(viewer, number);
        var target = document.getElementById(id);
        var ready = target && target.classList.contains("pending") ? load(viewer, number) : Promise.resolve();
        return ready.then(function () {
            target = document.getElementById(id);
            if (!target) { return; }
            if (window.location.hash !== "#" + id) { history.replaceState(null, "", "#" + id); }
            var mark = target.querySelector("mark");
            (mark || target).scrollIntoView({block: mark ? "center" : "start", behavior: smooth ? "smooth" : "auto"});
            setCurrent(viewer, number);
            noteQuotation(viewer, number, target);
        });
    }

    function setCurrent(viewer, number) {
        viewer.dataset.current = number;
        var output = viewer.querySelector(".viewer-current");
        if (output) { output.textContent = number; }
        var thumbs = viewer.querySelectorAll(".viewer-thumbs a");
        thumbs.forEach(function (a) {
            if (a.dataset.page === String(number)) { a.setAttribute("aria-current", "page"); }
            else { a.removeAttribute("aria-current"); }
        });
    }

    /* A footnote's quotation that is not on the page it cites: say so, and where it is. */
    function noteQuotation(viewer, number, target) {
        var note = viewer.querySelector(".viewer-note");
        var params = new URLSearchParams(window.location.search);
        if (!note || !params.get("quote")) { return; }
        if (target.querySelector("mark")) { note.hidden = true; return; }
        var elsewhere = viewer.querySelector(".page-text mark");
        var section = elsewhere && elsewhere.closest(".page-text");
        note.textContent = words(viewer, "notOnPage", number) +
            (section ? " " + words(viewer, "onPage", section.dataset.page) : "");
        note.hidden = false;
    }

    /* Marks drawn on the page image: the words of each <mark> found among the page's words
       and their boxes (/files/<pk>/pages/words/<n>.json, fractions of the page). */
    function fold(word) { return word.toLowerCase().replace(/[^\p{L}\p{N}]/gu, ""); }

    function matchAt(words, start, tokens) {
        var j = start, found = [];
        for (var t = 0; t < tokens.length; t++) {
            var token = tokens[t], last = t === tokens.length - 1;
            if (j >= words.length) { return null; }
            var here = words[j].folded;
            if (here === token || (t === 0 && tokens.length > 1 && here.endsWith(token)) || (last && here.startsWith(token))) {
                found.push(j); j += 1;
            } else if (j + 1 < words.length && here + words[j + 1].folded === token) {
                found.push(j, j + 1); j += 2;
            } else { return null; }
        }
        return found;
    }

    function drawMarks(viewer, section) {
        var image = section.querySelector(".page-image");
        var marks = section.querySelectorAll("mark");
        if (!image || !marks.length || section.dataset.drawn) { return; }
        section.dataset.drawn = "1";
        var url = viewer.dataset.images.replace(/\/\d+$/, "/words") + "/" + section.dataset.page + ".json";
        fetch(url, {credentials: "same-origin"})
            .then(function (response) { return response.ok ? response.json() : []; })
            .then(function (words) {
                words = words.map(function (w) { return {folded: fold(w[0]), box: w.slice(1)}; })
                    .filter(function (w) { return w.folded; });
                var figure = document.createElement("div");
                figure.className = "page-figure";
                image.replaceWith(figure);
                figure.appendChild(image);
                var from = 0;
                marks.forEach(function (mark) {
                    var tokens = mark.textContent.split(/\s+/).map(fold).filter(Boolean);
                    if (!tokens.length) { return; }
                    for (var i = from; i < words.length; i++) {
                        var found = matchAt(words, i, tokens);
                        if (!found) { continue; }
                        found.forEach(function (k) {
                            var box = words[k].box, span = document.createElement("span");
                            span.className = "page-mark";
                            span.style.left = (box[0] * 100) + "%";
                            span.style.top = (box[1] * 100) + "%";
                            span.style.width = ((box[2] - box[0]) * 100) + "%";
                            span.style.height = ((box[3] - box[1]) * 100) + "%";
                            figure.appendChild(span);
                        });
                        from = found[found.length - 1] + 1;
                        break;
                    }
                });
                figure.dataset.marks = figure.querySelectorAll(".page-mark").length;
            })
            .catch(function () {});
    }

    function drawAll() {
        viewers.forEach(function (viewer) {
            viewer.querySelectorAll(".page-text:not(.pending)").forEach(function (section) {
                if (section.querySelector("mark")) { drawMarks(viewer, section); }
            });
        });
    }

    function observePending() {
        if (!("IntersectionObserver" in window)) { return; }
        document.querySelectorAll(".page-text.pending").forEach(function (section) {
            if (section.dataset.observed) { return; }
            section.dataset.observed = "1";
            pendingObserver.observe(section);
        });
    }

    var pendingObserver = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
            if (!entry.isIntersecting) { return; }
            pendingObserver.unobserve(entry.target);
            var found = viewerOf(entry.target.id);
            if (found) { load(found.viewer, found.number); }
        });
    }, {rootMargin: "400px 0px"}) : null;

    var currentObserver = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
            if (!entry.isIntersecting) { return; }
            var found = viewerOf(entry.target.id);
            if (found) { setCurrent(found.viewer, found.number); }
        });
    }, {rootMargin: "-40% 0px -55% 0px"}) : null;

    function thumbnails(viewer) {
        var strip = document.createElement("nav");
        strip.className = "viewer-thumbs";
        strip.setAttribute("aria-label", words(viewer, "thumbnails"));
        var pages = parseInt(viewer.dataset.pages, 10);
        var folder = viewer.dataset.images.replace(/\/\d+$/, "/160");
        for (var n = 1; n <= pages; n++) {
            var a = document.createElement("a");
            a.href = "#" + sectionId(viewer, n);
            a.dataset.page = n;
            var img = document.createElement("img");
            img.src = folder + "/" + n + ".webp";
            img.loading = "lazy";
            img.width = 60;
            img.height = 85;
            img.alt = words(viewer, "page", n);
            a.appendChild(img);
            strip.appendChild(a);
        }
        return strip;
    }

    viewers.forEach(function (viewer) {
        viewer.classList.add("js-on");
        var bar = viewer.querySelector(".viewer-bar");
        if (!bar) { return; }
        bar.querySelector(".viewer-buttons").hidden = false;
        bar.after(thumbnails(viewer));
        var current = function () { return parseInt(viewer.dataset.current || "1", 10); };
        bar.querySelector(".viewer-prev").addEventListener("click", function () { go(viewer, current() - 1, true); });
        bar.querySelector(".viewer-next").addEventListener("click", function () { go(viewer, current() + 1, true); });
        var toggle = bar.querySelector(".viewer-toggle");
        var showText = toggle.textContent;
        toggle.addEventListener("click", function () {
            var text = viewer.classList.toggle("show-text");
            toggle.setAttribute("aria-pressed", text ? "true" : "false");
            toggle.textContent = text ? toggle.dataset.showImage : showText;
        });
        bar.querySelector(".viewer-jump").addEventListener("submit", function (event) {
            event.preventDefault();
            var value = parseInt(event.target.elements.page.value, 10);
            if (value) { go(viewer, value, false); }
        });
        bar.querySelector(".viewer-cite").addEventListener("click", function () {
            var box = document.querySelector(".citation-text");
            if (!box) { return; }
            box.dataset.original = box.dataset.original || box.value;
            var url = window.location.origin + window.location.pathname + "#" + sectionId(viewer, current());
            box.value = box.dataset.original.replace(/\.?\s*$/, "") + ", p. " + current() + ". " + url;
        });
        viewer.querySelectorAll(".page-text").forEach(function (section) {
            if (currentObserver) { currentObserver.observe(section); }
        });
    });
    observePending();
    drawAll();

    document.addEventListener("keydown", function (event) {
        if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
        if (/^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(event.target.tagName) || event.target.isContentEditable) { return; }
        if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") { return; }
        var found = viewerOf(window.location.hash.slice(1)) || {viewer: viewers[0]};
        var viewer = found.viewer;
        var number = parseInt(viewer.dataset.current || "1", 10);
        event.preventDefault();
        go(viewer, number + (event.key === "ArrowRight" ? 1 : -1), false);
    });

    function land() {
        var found = viewerOf(window.location.hash.slice(1));
        if (found) { go(found.viewer, found.number, false); return; }
        var mark = document.querySelector(".viewer mark, .page-text mark");
        if (mark) { mark.scrollIntoView({block: "center"}); return; }
        var note = viewers[0].querySelector(".viewer-note");
        if (note && new URLSearchParams(window.location.search).get("quote")) {
            note.textContent = words(viewers[0], "notFound");
            note.hidden = false;
        }
    }
    window.addEventListener("hashchange", land);
    land();
})();
