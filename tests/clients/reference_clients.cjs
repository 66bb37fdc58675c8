// The JavaScript reference clients the citation exports are read back with (tests/letters/
// test_reference_clients.py), run as a reader's program would run them:
//   node reference_clients.cjs citeproc STYLE.csl ITEMS.json   -> {"entries": [rendered text, ...]}
//   node reference_clients.cjs citation-js FILE                -> {"items": [CSL-JSON as read]}
// citeproc-js renders CSL-JSON with a real CSL style (the en-US locale is the one citation-js
// ships); citation-js parses a .bib, .ris or CSL-JSON file into CSL-JSON, as Zotero-adjacent
// tools and many web apps do. Output is JSON on stdout; any failure exits non-zero with the error.
"use strict";

const fs = require("fs");

function citeproc(stylePath, itemsPath) {
  const CSL = require("citeproc");
  const locales = require("@citation-js/plugin-csl/lib/locales.json");
  const items = JSON.parse(fs.readFileSync(itemsPath, "utf8"));
  const byId = Object.fromEntries(items.map((item) => [String(item.id), item]));
  const sys = {
    retrieveLocale: (lang) => locales[lang] || locales["en-US"],
    retrieveItem: (id) => byId[id],
  };
  const engine = new CSL.Engine(sys, fs.readFileSync(stylePath, "utf8"), "en-US");
  engine.setOutputFormat("text");
  engine.updateItems(Object.keys(byId));
  const [meta, entries] = engine.makeBibliography();
  return { errors: meta.bibliography_errors, entries: entries.map((e) => e.trim()) };
}

function citationJs(path) {
  const { Cite } = require("@citation-js/core");
  require("@citation-js/plugin-bibtex");
  require("@citation-js/plugin-ris");
  require("@citation-js/plugin-csl");
  const cite = new Cite(fs.readFileSync(path, "utf8"));
  // _graph is citation-js's record of how it parsed the input (it holds the whole file).
  return { items: cite.data.map(({ _graph, ...item }) => item) };
}

const [mode, ...args] = process.argv.slice(2);
const modes = { citeproc, "citation-js": citationJs };
if (!modes[mode]) {
  console.error(`unknown mode ${mode}: one of ${Object.keys(modes).join(", ")}`);
  process.exit(2);
}
process.stdout.write(JSON.stringify(modes[mode](...args)));
