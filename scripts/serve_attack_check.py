#!/usr/bin/env python3
"""`maillage serve` under hostile input, on the loopback only (127.0.0.1).

Starts `maillage serve` on a new site (`maillage init`), then: holds 2,000 open connections
while several clients send 1 MB headers and 1 MB addresses, and checks that a normal GET /
is answered 200 within 1 s throughout and that the process lives on with a bounded number of
open sockets; checks that a foreign Host is refused, that HEAD / is GET / without its body,
that an oversized head gets 431 (414 for the address) within a second on a closed
connection, that an idle connection and a head sent a byte at a time are closed after the
timeout, and that the process uses no more CPU once the attackers have left.

Usage: serve_attack_check.py MAILLAGE_BINARY
Prints `ok NAME` or `FAIL NAME: why` per check, ends with 'N passed, N failed'; exit 1 on any failure.
Every loop is bounded in count and time; serve is killed at the end.
"""
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

HOST = "127.0.0.1"
HELD = 2000
MB = 1024 * 1024

binary = os.path.abspath(sys.argv[1])
results = []


def check(name, ok, why=""):
    results.append(bool(ok))
    print(f"ok {name}" if ok else f"FAIL {name}: {why}", flush=True)


# This script holds 2,000 sockets and more: its own limit of open files goes to the hard limit.
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
wanted = HELD + 512 if hard == resource.RLIM_INFINITY else min(hard, HELD + 512)
if soft != resource.RLIM_INFINITY and soft < wanted:
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
held_count = min(HELD, resource.getrlimit(resource.RLIMIT_NOFILE)[0] - 256)


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def parse(raw):
    """(status, headers as a dict of lower-case names, body) of one HTTP/1.1 answer."""
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1]) if lines and lines[0].startswith("HTTP/1.") else 0
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, body


def request(method="GET", path="/", host=None, extra="", timeout=1.0):
    """One request on a new connection (Connection: close): (status, headers, body, seconds)."""
    start = time.monotonic()
    host = host if host is not None else f"{HOST}:{port}"
    with socket.create_connection((HOST, port), timeout=timeout) as s:
        s.sendall(f"{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n{extra}\r\n".encode("latin-1"))
        chunks = []
        while time.monotonic() - start < timeout:
            data = s.recv(65536)
            if not data:
                break
            chunks.append(data)
    status, headers, body = parse(b"".join(chunks))
    return status, headers, body, time.monotonic() - start


def safe_request(**kwargs):
    try:
        return request(**kwargs)
    except OSError as error:
        return 0, {}, str(error).encode(), kwargs.get("timeout", 1.0)


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def open_files(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return -1


def oversized(kind, size=MB, wait=1.0):
    """Sends a head with a `size`-byte address or header from a thread; returns (status, seconds
    to the answer, closed by the server within 3 s)."""
    s = socket.create_connection((HOST, port), timeout=5)
    if kind == "url":
        data = b"GET /" + b"a" * size + f" HTTP/1.1\r\nHost: {HOST}:{port}\r\n\r\n".encode()
    else:
        data = f"GET / HTTP/1.1\r\nHost: {HOST}:{port}\r\nX-Grand: ".encode() + b"b" * size + b"\r\n\r\n"
    start = time.monotonic()

    def send():
        try:
            s.sendall(data)
        except OSError:
            pass

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    s.settimeout(wait)
    raw = b""
    status, seconds, closed = 0, None, False
    try:
        while b"\r\n\r\n" not in raw and time.monotonic() - start < wait:
            data_in = s.recv(4096)
            if not data_in:
                break
            raw += data_in
        if raw:
            seconds = time.monotonic() - start
            status = parse(raw)[0]
        s.settimeout(3)
        end = time.monotonic() + 3
        while time.monotonic() < end:
            if not s.recv(65536):
                closed = True
                break
    except ConnectionResetError:
        closed = True
    except OSError:
        pass
    finally:
        s.close()
        sender.join(5)
    return status, seconds, closed


work = tempfile.mkdtemp(prefix="maillage-attack-")
site = os.path.join(work, "site")
subprocess.run([binary, "init", site], check=True, stdout=subprocess.DEVNULL)
port = free_port()
log = open(os.path.join(work, "serve.log"), "w")
# Started with the usual soft limit of a shell (1,024 open files): serve must raise it itself.
server = subprocess.Popen([binary, "serve", "--port", str(port)], cwd=site, stdout=log, stderr=subprocess.STDOUT,
                          preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (min(1024, wanted), hard)))
held = []
try:
    ready = False
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and server.poll() is None:
        if safe_request()[0] == 200:
            ready = True
            break
        time.sleep(0.1)
    check("serve-demarre", ready, "no 200 on GET / within 30 s")
    if not ready:
        raise SystemExit

    with open(f"/proc/{server.pid}/limits") as f:
        line = next((l for l in f if l.startswith("Max open files")), "")
    numbers = line.split()[3:5]
    check("rlimit-nofile-au-maximum", len(numbers) == 2 and numbers[0] == numbers[1], line.strip())

    # HEAD is GET without the body.
    get = safe_request()
    head = safe_request(method="HEAD")
    check("head-200-sans-corps", head[0] == 200 and head[2] == b"", f"status {head[0]}, {len(head[2])} body bytes")
    check("head-memes-en-tetes-que-get", head[1] == get[1] and get[1].get("content-length") == str(len(get[2])),
          f"GET {get[1]} / HEAD {head[1]}")

    # DNS rebinding: only the loopback names with this port.
    for host in ["evil.example", f"evil.example:{port}", f"127.0.0.1:{port + 1}", "127.0.0.1", f"localhost.evil.example:{port}"]:
        status, _, body, _ = safe_request(host=host)
        text = body.decode("utf-8", "replace")
        check(f"host-refuse {host}", status in (421, 403) and "refusée" in text and len(body) < 1000,
              f"status {status}, body {text[:80]!r}")
    for host in [f"localhost:{port}", f"[::1]:{port}", f"LOCALHOST:{port}"]:
        status = safe_request(host=host)[0]
        check(f"host-accepte {host}", status == 200, f"status {status}")

    # Two requests on one keep-alive connection.
    with socket.create_connection((HOST, port), timeout=2) as s:
        statuses = []
        for _ in range(2):
            s.sendall(f"GET /__maillage/version HTTP/1.1\r\nHost: {HOST}:{port}\r\n\r\n".encode())
            raw = b""
            while b"\r\n\r\n" not in raw:
                raw += s.recv(4096)
            status, headers, body = parse(raw)
            length = int(headers.get("content-length", "0"))
            while len(body) < length:
                body += s.recv(4096)
            statuses.append(status)
    check("keep-alive", statuses == [200, 200], str(statuses))

    # An oversized head, alone: answered within a second, on a connection then closed.
    for kind, expected in [("header", 431), ("url", 414)]:
        status, seconds, closed = oversized(kind)
        print(f"   tête de 1 Mo ({kind}) : {status} en {seconds if seconds is None else round(seconds * 1000)} ms", flush=True)
        check(f"tete-1-Mo-{kind}-{expected}-en-moins-d-1-s", status == expected and seconds is not None and seconds < 1.0,
              f"status {status}, {seconds if seconds is None else round(seconds, 3)} s")
        check(f"tete-1-Mo-{kind}-connexion-fermee", closed, "the server left it open")

    # 2,000 held connections: half silent, half sending a head that never ends.
    start = time.monotonic()
    failures = 0
    for i in range(held_count):
        if time.monotonic() - start > 60:
            break
        try:
            s = socket.create_connection((HOST, port), timeout=3)
            if i % 2:
                s.sendall(f"GET / HTTP/1.1\r\nHost: {HOST}:{port}\r\nX-Lent: ".encode())
            held.append(s)
        except OSError:
            failures += 1
    opened = time.monotonic() - start
    print(f"   {len(held)} connexions tenues ouvertes en {opened:.1f} s ({failures} refusées)", flush=True)
    check("connexions-tenues-ouvertes", len(held) >= held_count * 0.9, f"{len(held)} of {held_count}")
    check("vivant-apres-connexions-tenues", server.poll() is None, f"exit code {server.returncode}")

    # While held, attackers send 1 MB heads in a loop, and a normal client asks for / every 0.2 s.
    stop = threading.Event()
    attack_results = []

    def attacker(kind):
        for _ in range(30):
            if stop.is_set():
                break
            try:
                attack_results.append((kind,) + oversized(kind, wait=3.0))
            except OSError as error:
                attack_results.append((kind, 0, None, str(error)))

    attackers = [threading.Thread(target=attacker, args=(kind,), daemon=True) for kind in ["header", "url", "header", "url"]]
    cpu_before_attack = cpu_seconds(server.pid)
    for t in attackers:
        t.start()
    latencies, statuses, most_files = [], [], 0
    end = time.monotonic() + 8
    while time.monotonic() < end:
        status, _, _, seconds = safe_request(timeout=2.0)
        statuses.append(status)
        latencies.append(seconds)
        most_files = max(most_files, open_files(server.pid))
        time.sleep(0.2)
    stop.set()
    for t in attackers:
        t.join(10)
    answered = sum(1 for r in attack_results if r[1] in (414, 431))
    print(f"   GET / pendant l'attaque : {len(latencies)} requêtes, max {max(latencies) * 1000:.0f} ms, "
          f"médiane {sorted(latencies)[len(latencies) // 2] * 1000:.0f} ms ; {len(attack_results)} têtes de 1 Mo envoyées, "
          f"{answered} refusées par 414/431 ; au plus {most_files} fichiers ouverts par serve ; "
          f"CPU de serve pendant l'attaque {cpu_seconds(server.pid) - cpu_before_attack:.2f} s", flush=True)
    check("get-200-en-moins-d-1-s-sous-attaque", statuses and all(s == 200 for s in statuses) and max(latencies) < 1.0,
          f"statuses {sorted(set(statuses))}, max {max(latencies):.2f} s")
    check("tetes-1-Mo-refusees-sous-attaque", attack_results and answered == len(attack_results),
          f"{answered} of {len(attack_results)}: {[r[:3] for r in attack_results if r[1] not in (414, 431)][:3]}")
    check("sockets-servis-bornes", 0 < most_files < held_count, f"{most_files} open files for {len(held)} held connections")
    check("vivant-apres-attaque", server.poll() is None, f"exit code {server.returncode}")

    # The attackers leave: the process must not go on working for them.
    for s in held:
        s.close()
    held = []
    time.sleep(1.0)
    cpu_start = cpu_seconds(server.pid)
    time.sleep(3.0)
    burnt = cpu_seconds(server.pid) - cpu_start
    print(f"   CPU de serve dans les 3 s après le départ des attaquants : {burnt:.2f} s", flush=True)
    check("pas-de-cpu-apres-depart-des-attaquants", burnt < 0.3, f"{burnt:.2f} s of CPU in 3 s")

    # Timeouts: an idle keep-alive connection, a silent one, and a head sent a byte a second.
    def closed_after(mode, limit=40):
        s = socket.create_connection((HOST, port), timeout=limit)
        start = time.monotonic()
        try:
            if mode == "keep-alive":
                s.sendall(f"GET /__maillage/version HTTP/1.1\r\nHost: {HOST}:{port}\r\n\r\n".encode())
                s.recv(4096)
                start = time.monotonic()
            if mode == "slow":
                s.settimeout(1.0)
                for byte in f"GET / HTTP/1.1\r\nHost: {HOST}:{port}\r\nX-Lent: ".encode() + b"z" * limit:
                    if time.monotonic() - start > limit:
                        return None
                    try:
                        s.sendall(bytes([byte]))
                        if s.recv(4096) == b"":
                            return time.monotonic() - start
                    except socket.timeout:
                        continue
                return None
            while time.monotonic() - start < limit:
                if s.recv(4096) == b"":
                    return time.monotonic() - start
        except (ConnectionResetError, BrokenPipeError):
            return time.monotonic() - start
        except OSError:
            return None
        finally:
            s.close()
        return None

    timings = {}
    threads = [threading.Thread(target=lambda m=m: timings.__setitem__(m, closed_after(m)), daemon=True)
               for m in ["keep-alive", "silent", "slow"]]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for mode in ["keep-alive", "silent", "slow"]:
        seconds = timings.get(mode)
        check(f"fermeture-apres-delai {mode}", seconds is not None and 5 <= seconds <= 35,
              "never closed" if seconds is None else f"closed after {seconds:.1f} s")
    print("   délais : " + ", ".join(f"{m} {t:.1f} s" if t is not None else f"{m} jamais" for m, t in timings.items()), flush=True)

    status, _, _, seconds = safe_request()
    check("get-200-a-la-fin", status == 200 and seconds < 1.0, f"status {status}, {seconds:.2f} s")
    check("vivant-a-la-fin", server.poll() is None, f"exit code {server.returncode}")
except SystemExit:
    pass
finally:
    for s in held:
        s.close()
    if server.poll() is None:
        server.kill()
    server.wait(10)
    log.close()
    with open(os.path.join(work, "serve.log")) as f:
        text = f.read()
    if "Too many open files" in text or "Trop de fichiers" in text:
        check("pas-de-manque-de-descripteurs", False, text[-300:])
    shutil.rmtree(work, ignore_errors=True)

failed = results.count(False)
print(f"{len(results) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
