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
  assert.deepEqual(await ids("teleconsultation assistée"), [0, 1], "a page holding half the words comes after");
  assert.deepEqual(await ids("Infirmières"), [2]);
  assert.deepEqual(await ids("infirm"), [2]);
  assert.deepEqual(await ids("teleconsultaton"), [1, 0]);
  assert.deepEqual(await ids("kinésithérapeute"), []);
  assert.deepEqual(await ids("le la les"), []);
});

const queryVectors = JSON.parse(readFileSync(new URL("../Fixtures/search/query-analysis.json", import.meta.url)));

test("questions are read as the shared vectors say", () => {
  assert.ok(queryVectors.cases.length >= 12);
  for (const c of queryVectors.cases) {
    const p = S.plan(c.query, queryVectors.intents);
    assert.deepEqual(p.required, c.required, `required words of « ${c.query} »`);
    assert.deepEqual(p.optional, c.optional, `intent words of « ${c.query} »`);
    assert.deepEqual([p.kinds, p.time, p.month, p.year], [c.kinds, c.time, c.month, c.year], `kind and time of « ${c.query} »`);
    assert.equal(p.endsWithRequired, c.endsWithRequired);
  }
});

test("a question never dead-ends: partial matches, kind and time steer, suggestions", async () => {
  // Pages: 0 event « réunion icope » (2026-12-15), 1 event « réunion » (2026-10-01),
  // 2 minutes « réunion icope » (2026-10-02), 3 resource « téléconsultation ».
  const files = {
    "t-0.json": { t: ["icop", "reunion", "teleconsultation"], p: ["1A2A", "1A1A1A", "4A"] },
    "v-t.json": ["teleconsultation"], "v-i.json": ["icop"], "v-r.json": ["reunion"],
    "p/0.json": [{ u: "a/", t: "A" }, { u: "b/", t: "B" }, { u: "c/", t: "C" }, { u: "d/", t: "Téléconsultation assistée", x: "" }],
  };
  const day = (y, m, d) => Date.UTC(y, m - 1, d) / 864e5;
  // Dates: per kind, the gap from the previous day (65535 at a kind's start) plus one, 0 for none.
  const A = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  const num = (v) => { let out = ""; while (v >= 32) { out += A[32 + (v & 31)]; v >>= 5; } return out + A[v]; };
  const [d0, d1, d2] = [day(2026, 12, 15), day(2026, 10, 1), day(2026, 10, 2)];
  files["d.json"] = num(65535 - d0 + 1) + num(d0 - d1 + 1) + num(65535 - d2 + 1) + num(0);
  const intents = { prochain: "t:a-venir", derni: "t:recent", compt: "k:comptes-rendus", "compt rendu": "k:comptes-rendus", comment: "q" };
  const entry = { v: 3, n: 4, k: [["Événement", 0, 2, "evenements"], ["Compte rendu", 2, 3, "comptes-rendus"], ["Ressource", 3, 4, "ressources"]],
    s: [["icop", "t-0.json"]], w: { t: "v-t.json", i: "v-i.json", r: "v-r.json" }, p: ["p/"], g: [4, 64], f: "f.json", d: "d.json", i: intents };
  const ix = new S.Index(entry, async (name) => files[name]);
  const today = day(2026, 12, 7);
  const r = async (q) => ix.search(q, today);
  assert.deepEqual((await r("prochaine réunion ")).hits.map((h) => h.id)[0], 0, "the upcoming event first");
  assert.deepEqual((await r("dernière réunion ")).hits.map((h) => h.id)[0], 2, "the latest page first");
  assert.deepEqual((await r("compte rendu réunion ")).hits.map((h) => h.id)[0], 2, "the kind asked for first");
  const partial = await r("comment réunion icope amiens ");
  assert.deepEqual(partial.hits.map((h) => h.id).slice(0, 2).sort(), [0, 2], "pages holding most words");
  assert.deepEqual(partial.hits[0].missing, ["amiens"]);
  assert.deepEqual(partial.missing, ["amiens"]);
  const none = await r("telekomsultasion ");
  assert.deepEqual(none.hits, []);
  assert.deepEqual(await ix.suggestions(none.missing), ["Téléconsultation"]);
});
