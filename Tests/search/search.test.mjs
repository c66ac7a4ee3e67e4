// node --test Tests/search/ — the browser's search client against the shared analysis
// vectors (the Swift analyzer reads the same file in SearchTests.swift) and on a tiny index.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const S = require("../../Sources/MaillageCore/Theme/search.js");
const vectors = JSON.parse(readFileSync(new URL("../Fixtures/search/analysis.json", import.meta.url)));

test("analysis matches the shared vectors", () => {
  for (const v of vectors) {
    const words = S.analyze(v.text);
    assert.deepEqual(words, v.words, `words of « ${v.text} »`);
    assert.deepEqual(words.map(S.stem), v.stems, `stems of « ${v.text} »`);
  }
});

test("postings decode gaps and weights", () => {
  // ids 0 (weight 5), 3 (weight 63), 40 (weight 1): gaps 1, 3, 37 (= 5 + 32 × 1: "b" then "1")
  assert.deepEqual([...S.decode("15" + "3_" + "b1" + "1").entries()], [[0, 5], [3, 63], [40, 1]]);
});

test("distance counts a swap as one edit and stops above the limit", () => {
  assert.equal(S.distance("teleconsultaton", "teleconsultation", 2), 1);
  assert.equal(S.distance("vaseur", "vasseur", 1), 1);
  assert.equal(S.distance("infrimi", "infirmi", 1), 1);
  assert.equal(S.distance("abcdef", "uvwxyz", 2), 3);
});

test("an index answers with AND, prefix and typo tolerance", async () => {
  // Three pages: 0 « téléconsultation assistée », 1 « téléconsultation », 2 « infirmiers »
  const files = {
    "t-0.json": { t: ["assist", "infirmi", "teleconsultation"], p: ["1A", "3A", "1A1K"] },
    "v-a.json": ["assist"], "v-i.json": ["infirmi"], "v-t.json": ["teleconsultation"],
  };
  const entry = { v: 1, n: 3, k: [["Retour d’expérience", 0, 3]], s: [["assist", "t-0.json"]],
    w: { a: "v-a.json", i: "v-i.json", t: "v-t.json" }, p: "p/", f: "f.json" };
  const ix = new S.Index(entry, async (name) => files[name]);
  const ids = async (q) => (await ix.search(q)).hits.map((h) => h.id);
  assert.deepEqual(await ids("téléconsultations"), [1, 0]);
  assert.deepEqual(await ids("teleconsultation assistée"), [0]);
  assert.deepEqual(await ids("Infirmières"), [2]);
  assert.deepEqual(await ids("infirm"), [2]);
  assert.deepEqual(await ids("teleconsultaton"), [1, 0]);
  assert.deepEqual(await ids("kinésithérapeute"), []);
  assert.deepEqual(await ids("le la les"), []);
});
