#!/usr/bin/env python3
"""The Debian package on a bare Debian 12: installed with apt into a minimal root made by
debootstrap (no Swift anywhere), then used as a network's CI job and a person would use it.

Usage: package_check.py DEB SHARED_DIR REPOSITORY
  DEB         dist/maillage_<version>_amd64.deb (scripts/package.sh)
  SHARED_DIR  the project's shared/ folder (acceptance checker)
  REPOSITORY  the repository, whose site is built inside the root

The bare root is made once and kept (MAILLAGE_DEBROOT, /var/cache/maillage-debroot by default):
each run works on a copy of it. Needs root (debootstrap, chroot, mount). The Debian mirror is
the one this machine's apt uses. Prints one line per check and ends with 'N passed, M failed';
exit 1 on any failure.
"""
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time

deb, shared, repository = (pathlib.Path(a).resolve() for a in sys.argv[1:4])
cache = pathlib.Path(os.environ.get("MAILLAGE_DEBROOT", "/var/cache/maillage-debroot"))
results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    if ok:
        first = str(detail).strip().splitlines()[0][:160] if str(detail).strip() else ""
        print("ok   " + name + (f" ({first})" if first else ""), flush=True)
    else:
        print("FAIL " + name + (f" — {detail}" if detail else ""), flush=True)


def run(command, **kwargs):
    return subprocess.run(command, capture_output=True, text=True, **kwargs)


def mirror():
    """The Debian mirror this machine's apt uses (first URI of its sources)."""
    for source in [pathlib.Path("/etc/apt/sources.list"), *sorted(pathlib.Path("/etc/apt/sources.list.d").glob("*"))]:
        if not source.is_file():
            continue
        text = source.read_text(errors="replace")
        for match in re.finditer(r"^(?:URIs:\s*(\S+)|deb\s+(?:\[[^]]*\]\s+)?(\S+)\s+bookworm\s)", text, re.M):
            uri = match.group(1) or match.group(2)
            if "security" not in uri:
                return uri
    return None


def bare_root():
    """The pristine root, made by debootstrap the first time (about 30 s)."""
    pristine = cache / "bookworm-minbase"
    if (pristine / "usr/bin/apt-get").exists():
        return pristine, 0.0
    shutil.rmtree(pristine, ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    result = run(["debootstrap", "--variant=minbase", "bookworm", str(pristine), mirror() or ""])
    if result.returncode != 0:
        print(result.stdout[-2000:], result.stderr[-2000:], file=sys.stderr)
        shutil.rmtree(pristine, ignore_errors=True)
        return None, 0.0
    return pristine, time.monotonic() - started


def main():
    if os.geteuid() != 0:
        print("package_check.py: il faut être root (debootstrap, chroot)")
        return 1
    for tool in ("debootstrap", "chroot"):
        if shutil.which(tool) is None:
            subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends", "debootstrap"],
                           capture_output=True, env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    pristine, made = bare_root()
    check("a bare Debian 12 root (debootstrap --variant=minbase bookworm)", pristine is not None,
          f"made in {made:.0f} s" if made else "kept from an earlier run")
    if pristine is None:
        return finish()

    work = pathlib.Path(tempfile.mkdtemp(prefix="maillage-debroot-"))
    root = work / "root"
    mounted = []
    try:
        started = time.monotonic()
        run(["cp", "-a", str(pristine), str(root)])
        copy_seconds = time.monotonic() - started
        # Only /proc (the preview workers start /proc/self/exe); debootstrap made the root's /dev.
        if run(["mount", "-t", "proc", "proc", str(root / "proc")]).returncode == 0:
            mounted.append(root / "proc")
        shutil.copy("/etc/resolv.conf", root / "etc/resolv.conf")
        env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root", "LANG": "C.UTF-8", "DEBIAN_FRONTEND": "noninteractive"}

        def chroot(command, timeout=600):
            return subprocess.run(["chroot", str(root), "sh", "-c", command], capture_output=True, text=True,
                                  env=env, timeout=timeout)

        check("no Swift in the root", chroot("command -v swift swiftc; ls /usr/lib/swift /usr/share/swift 2>/dev/null").stdout.strip() == "")

        # A site's CI job from a clean machine: install the package and its dependencies, check, build.
        shutil.copy(deb, root / "tmp/maillage.deb")
        site = root / "root/depot"
        site.mkdir(parents=True)
        for part in ("maillage.yaml", "content", "layouts"):
            source = repository / part
            if source.is_dir():
                shutil.copytree(source, site / part, symlinks=True)
            elif source.exists():
                shutil.copy(source, site / part)
        job = time.monotonic()
        update = chroot("apt-get update -q")
        install = chroot("apt-get install -y -q --no-install-recommends /tmp/maillage.deb")
        installed = time.monotonic() - job
        check("apt installs the package and resolves its Depends:", install.returncode == 0 and update.returncode == 0,
              f"{installed:.1f} s" if install.returncode == 0 else (update.stderr + install.stdout[-1500:] + install.stderr[-1500:]))
        checked = chroot("cd /root/depot && maillage check --strict --format github")
        built = chroot("cd /root/depot && maillage build --strict")
        total = time.monotonic() - job
        check("the repository's site: check --strict", checked.returncode == 0, checked.stdout[-800:] + checked.stderr[-800:])
        check("the repository's site: build --strict", built.returncode == 0, built.stdout[-800:] + built.stderr[-800:])
        check("a site's CI job from a clean root to a built site in under 60 s", total < 60,
              f"{total:.1f} s: install {installed:.1f} s, check and build {total - installed:.1f} s (root copied in {copy_seconds:.1f} s)")

        ldd = chroot("ldd /usr/bin/maillage")
        lines = [l.strip() for l in ldd.stdout.splitlines() if l.strip()]
        check("ldd in the root: every library found", ldd.returncode == 0 and lines and not any("not found" in l for l in lines),
              f"{len(lines)} libraries" if ldd.returncode == 0 else ldd.stdout)
        check("ldd in the root: nothing from a Swift toolchain", lines and not any("swift" in l.lower() for l in lines), "" if lines else ldd.stdout)
        check("ldd in the root: only system folders",
              all(re.search(r"=> /(usr/)?lib/", l) or l.startswith("linux-vdso") or l.startswith("/lib64/") for l in lines), "" if lines else ldd.stdout)

        version = chroot("maillage --version")
        check("maillage --version gives the version and commit", version.returncode == 0 and re.match(r"^\d+\.\d+\.\d+( \(commit [0-9a-f]+\))?$", version.stdout.strip()),
              version.stdout.strip() or version.stderr)
        init = chroot("maillage init /root/nouveau && cd /root/nouveau && maillage build --strict")
        check("maillage init, then build --strict on the new site", init.returncode == 0, init.stdout[-600:] + init.stderr[-600:])
        previews = list((site / "site").rglob("apercu.png"))
        check("PDF previews made in the root (worker processes)", len(previews) > 0, f"{len(previews)} previews")
        accept = run([sys.executable, str(shared / "acceptance/check_site.py"), str(site / "site"), "--a11y-pages", "10"])
        summary = [l for l in accept.stdout.splitlines() if re.search(r"passed, \d+ failed", l)]
        check("check_site.py on the repository's site built in the root", accept.returncode == 0 and summary and summary[-1].endswith(" 0 failed"),
              (summary[-1] if summary else "") + ("" if accept.returncode == 0 else accept.stdout[-1500:] + accept.stderr[-500:]))

        # A person at a terminal: the manual and the completion.
        extra = chroot("apt-get install -y -q --no-install-recommends man-db bash-completion")
        manual = chroot("MANPAGER=cat MANWIDTH=80 man maillage-build 2>/dev/null")
        check("man maillage-build shows the French page", extra.returncode == 0 and "maillage build" in manual.stdout
              and "--strict" in manual.stdout and "Construit le site" in manual.stdout, manual.stdout[:400] + extra.stderr[-400:])
        whole = chroot("MANPAGER=cat man maillage 2>/dev/null")
        check("man maillage", "Générateur de sites statiques" in whole.stdout, whole.stdout[:400])
        # As bash calls a completion function: the command, the word being completed, the one before.
        completion = chroot("bash -c 'source /usr/share/bash-completion/bash_completion; "
                            "source /usr/share/bash-completion/completions/maillage; "
                            "COMP_WORDS=(maillage bu); COMP_CWORD=1; COMP_LINE=\"maillage bu\"; COMP_POINT=11; "
                            "_maillage maillage bu maillage; echo \"${COMPREPLY[*]}\"; COMPREPLY=(); "
                            "COMP_WORDS=(maillage build --str); COMP_CWORD=2; COMP_LINE=\"maillage build --str\"; COMP_POINT=20; "
                            "_maillage maillage --str build; echo \"${COMPREPLY[*]}\"'")
        check("bash completes 'maillage bu' to build, 'maillage build --str' to --strict",
              completion.stdout.split("\n")[:2] == ["build", "--strict"], completion.stdout + completion.stderr)
        for path in ("usr/share/zsh/vendor-completions/_maillage", "usr/share/fish/vendor_completions.d/maillage.fish",
                     "usr/share/doc/maillage/contenu.md.gz", "usr/share/doc/maillage/copyright", "usr/share/doc/maillage/changelog.gz"):
            check(f"/{path} installed", (root / path).is_file())
    finally:
        for target in mounted:
            run(["umount", str(target)])
        # Never remove a tree that still has a file system mounted in it.
        if any(os.path.ismount(target) for target in mounted):
            print(f"warning: {work} left in place (a file system is still mounted in it)")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return finish()


def finish():
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 1 if passed != len(results) else 0


sys.exit(main())
