#!/usr/bin/env python3
"""Load on `maillage atelier` (issue 25): CLIENTS signed-in browsers save drafts for SECONDS on a
generated corpus (1,000 pages by default), each as fast as the desk answers. Each client first
creates its own draft news item, then saves it again and again with a new sentence: a POST of the
form (the save: the build's checks, then a commit in the client's name), then the GET the desk
redirects to (the form again, with the new revision). Reports the saves' latency (p50, p95,
max), the errors, and whether every save is a commit in the remote's clone of the working copy.

    python3 benchmarks/atelier_load.py .build/release/maillage [--pages 1000] [--clients 20] [--seconds 60]

Exit status 1 when a save failed, when a save is missing from git, or (with --p95-limit) when the
p95 is over the limit.
"""
import argparse, concurrent.futures, html, http.client, os, pathlib, re, shutil, socket, statistics, subprocess, sys, tempfile, threading, time
import urllib.parse

HERE = pathlib.Path(__file__).resolve().parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def hidden(text):
    """The hidden inputs of a desk page (_csrf, _revision): a regular expression, not an HTML
    parser, so that the clients' own work takes little of the machine the desk runs on."""
    return {name: html.unescape(value) for name, value in HIDDEN.findall(text)}


class Browser:
    """One signed-in person: a kept-alive connection and the cookies the desk set (the standard
    library only, so that the benchmark needs nothing installed)."""
    def __init__(self, port):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies = {}

    def request(self, method, path, form=None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                if attempt:
                    raise
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                if "=" in pair:
                    k, v = pair.split("=", 1)
                    self.cookies[k.strip()] = v.strip()
        return response.status, response.getheader("Location"), text

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, form):
        return self.request("POST", path, form)


def git(site, *args):
    return subprocess.run(["git", "-C", str(site), *args], check=True, capture_output=True, text=True).stdout


def prepare(maillage, shared, pages, work, clients):
    site = work / "corpus"
    subprocess.run([sys.executable, str(shared / "bench/gen_corpus.py"), "--pages", str(pages), "--out", str(site)],
                   check=True, stdout=subprocess.DEVNULL)
    remote = work / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    git(site, "init", "-q", "-b", "main")
    git(site, "-c", "user.name=banc", "-c", "user.email=banc@example.invalid", "add", "-A")
    git(site, "-c", "user.name=banc", "-c", "user.email=banc@example.invalid", "commit", "-q", "-m", "corpus")
    git(site, "remote", "add", "origin", str(remote))
    git(site, "push", "-q", "-u", "origin", "main")
    for i in range(clients):
        subprocess.run([maillage, "atelier", "compte", "ajouter", f"redac{i}", "--role", "redacteur", "--source", str(site)],
                       input=f"mot-de-passe-{i}-assez-long\n", check=True, capture_output=True, text=True)
    return site, remote


def percentile(values, p):
    values = sorted(values)
    if not values:
        return float("nan")
    k = max(0, min(len(values) - 1, int(round(p / 100 * len(values) + 0.5)) - 1))
    return values[k]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("maillage")
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--p95-limit", type=float, help="fail when the saves' p95 is over this many ms")
    ap.add_argument("--markdown", help="append the result as a Markdown table to this file")
    args = ap.parse_args()
    maillage = str(pathlib.Path(args.maillage).resolve())
    work = pathlib.Path(tempfile.mkdtemp(prefix="atelier-load."))
    server = None
    try:
        site, remote = prepare(maillage, pathlib.Path(args.shared), args.pages, work, args.clients)
        port = free_port()
        server = subprocess.Popen([maillage, "atelier", "--port", str(port), "--source", str(site)],
                                  stdout=subprocess.DEVNULL, stderr=None, text=True)
        for _ in range(300):
            try:
                Browser(port).get("/connexion")
                break
            except OSError:
                time.sleep(0.1)

        def sign_in(i):
            b = Browser(port)
            token = hidden(b.get("/connexion")[2])["_csrf"]
            status, _, _ = b.post("/connexion", {"_csrf": token, "identifiant": f"redac{i}", "mot_de_passe": f"mot-de-passe-{i}-assez-long"})
            assert status == 303, (i, status)
            return b

        with concurrent.futures.ThreadPoolExecutor(args.clients) as pool:
            sessions = list(pool.map(sign_in, range(args.clients)))

        # The desk builds its preview when it starts; a preview asked for waits for it, as a
        # first save would.
        token = hidden(sessions[0].get("/")[2])["_csrf"]
        t = time.monotonic()
        sessions[0].post("/apercu", {"_csrf": token})
        print(f"premier aperçu (construction du site à l’ouverture) : {time.monotonic() - t:.1f} s")

        lock = threading.Lock()
        saves, reads, errors, made = [], [], [], []  # made: (client, path, title, number of saves)
        start_line = threading.Barrier(args.clients)
        deadline = [0.0]

        def client(i):
            s = sessions[i]
            token = hidden(s.get("/nouveau/actualite")[2])["_csrf"]
            form = {"_csrf": token, "_revision": "", "_action": "brouillon", "title": f"Charge {i} : note du réseau",
                    "date": "2026-12-07", "summary": "Une note enregistrée par le banc de charge.", "body": "Premier jet."}
            start_line.wait()
            if i == 0:
                deadline[0] = time.monotonic() + args.seconds
            while deadline[0] == 0:
                time.sleep(0.001)
            path, n = None, 0
            while time.monotonic() < deadline[0]:
                n += 1
                form["body"] = f"Version {n} de la note du client {i}.\n\n" + "Un paragraphe de plus. " * (n % 7 + 1)
                url = "/nouveau/actualite" if path is None else "/modifier?chemin=" + path
                t0 = time.monotonic()
                try:
                    status, location, _ = s.post(url, form)
                except OSError as e:
                    with lock:
                        errors.append(f"client {i}, enregistrement {n} : {e}")
                    continue
                t1 = time.monotonic()
                if status != 303:
                    with lock:
                        errors.append(f"client {i}, enregistrement {n} : HTTP {status}")
                    continue
                path = re.search(r"chemin=([^&]+)", location).group(1)
                _, _, page = s.get(location)
                t2 = time.monotonic()
                form["_revision"] = hidden(page).get("_revision", "")
                with lock:
                    saves.append((t1 - t0) * 1000)
                    reads.append((t2 - t1) * 1000)
            with lock:
                made.append((i, path, n))

        def cpu_of_desk():
            """Seconds of processor time of the desk and of the programs it ran (git), so far."""
            fields = open(f"/proc/{server.pid}/stat").read().rsplit(")", 1)[1].split()
            return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")

        desk_cpu, own_cpu = cpu_of_desk(), sum(os.times()[:2])
        with concurrent.futures.ThreadPoolExecutor(args.clients) as pool:
            list(pool.map(client, range(args.clients)))
        desk_cpu, own_cpu = cpu_of_desk() - desk_cpu, sum(os.times()[:2]) - own_cpu

        # Every save is a commit: the count per file, in the working copy's history; then in the
        # remote once the desk's pushes are done.
        commits_expected = len(saves)
        time.sleep(1)
        for _ in range(120):
            if git(site, "rev-parse", "HEAD").strip() == git(remote, "rev-parse", "main").strip():
                break
            time.sleep(0.5)
        in_remote = int(git(remote, "rev-list", "--count", "main").strip()) - 1
        per_client_ok = True
        for i, path, n in made:
            if path is None:
                continue
            count = len(git(remote, "log", "--format=%H", "main", "--", urllib.parse.unquote(path)).split())
            authors = set(git(remote, "log", "--format=%an", "main", "--", urllib.parse.unquote(path)).split())
            if authors != {f"redac{i}"}:
                per_client_ok = False
                errors.append(f"client {i} : auteurs {authors}")
        status = git(site, "status", "--porcelain").strip()

        p50, p95, worst = statistics.median(saves) if saves else float("nan"), percentile(saves, 95), max(saves, default=float("nan"))
        lines = [
            f"Atelier sous charge : {args.clients} clients, {args.seconds:.0f} s, corpus de {args.pages} pages ({os.cpu_count()} cœurs)",
            "",
            "| mesure | valeur |",
            "|---|---|",
            f"| enregistrements réussis | {len(saves)} ({len(saves) / args.seconds:.1f} par seconde) |",
            f"| erreurs | {len(errors)} |",
            f"| enregistrement (POST) p50 / p95 / max | {p50:.0f} / {p95:.0f} / {worst:.0f} ms |",
            f"| formulaire suivant (GET) p50 / p95 | {statistics.median(reads) if reads else float('nan'):.0f} / {percentile(reads, 95):.0f} ms |",
            f"| processeur pendant la charge : atelier (et git) / clients | {desk_cpu:.1f} s / {own_cpu:.1f} s, sur {2 * args.seconds:.0f} s de 2 cœurs |",
            f"| commits dans le dépôt distant | {in_remote} pour {commits_expected} enregistrements |",
            f"| copie de travail propre après coup | {'oui' if not status else 'non : ' + status[:200]} |",
        ]
        print("\n".join(lines))
        for e in errors[:20]:
            print("  ", e)
        if args.markdown:
            with open(args.markdown, "a") as f:
                f.write("\n".join(lines) + "\n\n")
        failed = bool(errors) or in_remote != commits_expected or not per_client_ok or bool(status)
        if args.p95_limit is not None and not p95 <= args.p95_limit:
            print(f"FAIL p95 {p95:.0f} ms > {args.p95_limit:.0f} ms")
            failed = True
        print("FAIL" if failed else "ok")
        return 1 if failed else 0
    finally:
        if server:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
