#!/usr/bin/env python3
"""Times `maillage serve` rebuilds on a corpus (issue 8): a save without a change (no-op), and
four one-file edits, each made `--runs` times: a sentence added to a news page's text, its title
changed, a person's name changed, a structure's name changed (the name's first line, with a
number added). Each is measured end to end (from the file written to the rebuild's line on the
preview's output, which includes the watcher's wait for the editor to finish: 10 ms after the
file is closed) and as the rebuild itself reports it, with the number of pages it made again.

    python3 benchmarks/serve.py .build/release/maillage /tmp/bench-work/corpus-10000-s42/maillage
"""
import argparse, json, os, pathlib, queue, re, signal, socket, statistics, subprocess, sys, threading, time

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("maillage")
    ap.add_argument("site")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json")
    args = ap.parse_args()
    site = pathlib.Path(args.site)
    news = sorted((site / "content/actualites").glob("*.md"))
    target = news[len(news) // 2]
    original = target.read_bytes()
    people = sorted((site / "content/trombinoscope").glob("*.yaml"))
    person = people[len(people) // 2]
    structures = sorted((site / "content/annuaire").glob("*.yaml"))
    structure = structures[len(structures) // 2]

    port = free_port()
    proc = subprocess.Popen([args.maillage, "serve", "-s", str(site), "-p", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put((time.monotonic(), l.rstrip())) for l in proc.stdout], daemon=True).start()

    def wait_for(pattern, timeout=600):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                at, line = lines.get(timeout=1)
            except queue.Empty:
                continue
            m = re.search(pattern, line)
            if m:
                return at, m
        raise SystemExit(f"délai dépassé en attendant {pattern!r}")

    result = {"pages": None, "noop": [], "edit": [], "title": [], "person": [], "structure": []}
    try:
        at, m = wait_for(r"Reconstruit : ([\d\s\u202f]+) pages en ([\d,]+) s")
        result["pages"] = int(re.sub(r"\D", "", m.group(1)))
        result["first_build_s"] = float(m.group(2).replace(",", "."))
        wait_for(r"Prévisualisation")
        time.sleep(1.0)
        for i in range(args.runs):
            start = time.monotonic()
            target.write_bytes(original)  # saved without a change
            at, m = wait_for(r"Aucun changement \(vérifié en (\d+) ms\)")
            result["noop"].append({"end_to_end_ms": (at - start) * 1000, "rebuild_ms": int(m.group(1))})
            time.sleep(0.5)
        def edits(key, path, change):
            before = path.read_bytes()
            try:
                for i in range(args.runs):
                    start = time.monotonic()
                    path.write_bytes(change(before.decode(), i).encode())
                    at, m = wait_for(r"Reconstruit : .* en ([\d,]+) s(.*)")
                    remade = re.search(r"([\d\s\u202f]+) pages? refaites?", m.group(2))
                    result[key].append({"end_to_end_ms": (at - start) * 1000, "rebuild_ms": float(m.group(1).replace(",", ".")) * 1000,
                                        "in_place": "modifié :" in m.group(2),
                                        "pages_remade": int(re.sub(r"\D", "", remade.group(1))) if remade else None})
                    time.sleep(0.5)
            finally:
                path.write_bytes(before)
                wait_for(r"Reconstruit|Aucun changement")
                time.sleep(0.5)
        def renamed(key):  # the file's first `key:` line, with a number added
            return lambda text, i: re.sub(rf"^{key}: (.*)$", lambda t: f"{key}: {t.group(1)} ({i})", text, count=1, flags=re.M)
        edits("edit", target, lambda text, i: text + f"\n\nPhrase ajoutée pour le banc d’essai, modification {i}.\n")
        edits("title", target, renamed("title"))
        edits("person", person, renamed("name"))
        edits("structure", structure, renamed("name"))
    finally:
        target.write_bytes(original)
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()

    def med(rows, key):
        return statistics.median(r[key] for r in rows)
    print(f"maillage serve, {result['pages']} pages (première construction {result['first_build_s']:.2f} s), {args.runs} mesures chacune :")
    print("| reconstruction | médiane de bout en bout, ms | médiane mesurée par la construction, ms | max de bout en bout, ms | pages refaites |")
    print("|---|---:|---:|---:|---:|")
    for key, label in [("noop", "enregistrement sans changement"), ("edit", "texte d’une page modifié"),
                       ("title", "titre d’une page modifié"), ("person", "nom d’une personne modifié"),
                       ("structure", "nom d’une structure modifié")]:
        rows = result[key]
        if key != "noop" and not all(r["in_place"] for r in rows):
            label += " (pas toujours par le chemin court !)"
        remade = sorted({r["pages_remade"] for r in rows if r.get("pages_remade") is not None})
        remade = "–".join(str(n) for n in (remade[:1] + remade[-1:] if len(remade) > 1 else remade)) or "–"
        print(f"| {label} | {med(rows, 'end_to_end_ms'):.0f} | {med(rows, 'rebuild_ms'):.0f} | {max(r['end_to_end_ms'] for r in rows):.0f} | {remade} |")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(result, indent=2))

if __name__ == "__main__":
    main()
