#!/usr/bin/env python3
"""Man pages of every command of Maillage, from swift-argument-parser's manual generator.

Usage: manpages.py GENERATE_MANUAL MAILLAGE DATE OUTPUT_DIR

The generator keeps only the ASCII characters of the help (its mdoc escaping drops the others):
it is given a wrapper that writes each other character as @@uXXXX@@, made the roff escape
\\[uXXXX] here. The pages are named as git's are (maillage-build.1 for `maillage build`), the
parser's own lines (« Show help information. ») are told in French, and the hidden worker
command (`__apercu`) gets no page. Written gzipped, with no timestamp in the gzip header.
"""
import gzip
import pathlib
import re
import subprocess
import sys
import tempfile

generator, tool, date, output = sys.argv[1:5]
output = pathlib.Path(output)
output.mkdir(parents=True, exist_ok=True)

with tempfile.TemporaryDirectory() as work:
    work = pathlib.Path(work)
    wrapper = work / "maillage"
    wrapper.write_text(
        "#!/usr/bin/env python3\n"
        "import subprocess, sys\n"
        f"text = subprocess.run([{tool!r}] + sys.argv[1:], capture_output=True, text=True).stdout\n"
        "sys.stdout.write(''.join(c if ord(c) < 128 else '@@u%04X@@' % ord(c) for c in text))\n")
    wrapper.chmod(0o755)
    pages = work / "pages"
    pages.mkdir()
    subprocess.run([generator, str(wrapper), "--multi-page", "--date", date,
                    "--authors", "Maillage<maintainers@maillage.invalid>", "--output-directory", str(pages)],
                   check=True, capture_output=True)
    for page in sorted(pages.glob("*.1")):
        words = page.stem.split(".")
        if any(word.startswith("__") for word in words):
            continue
        name, shown = "-".join(words), " ".join(words)
        text = page.read_text()
        text = re.sub(r"@@u([0-9A-F]{4})@@", lambda m: "\\[u%s]" % m.group(1), text)
        text = text.replace("Show the version.", "Affiche la version.").replace("Show help information.", "Affiche cette aide.")
        text = re.sub(r"^\.Dt .*$", f".Dt {name.upper()} 1", text, count=1, flags=re.M)
        # NAME gives the page's name (what `man` and whatis look up); the synopsis shows the
        # command as it is typed.
        head, _, rest = text.partition(".Sh SYNOPSIS")
        head = re.sub(r"^\.Nm .*$", f".Nm {name}", head, count=1, flags=re.M)
        rest = re.sub(r"^\.Nm$", f'.Nm "{shown}"', rest, flags=re.M)
        with open(output / f"{name}.1.gz", "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as out:
            out.write((head + ".Sh SYNOPSIS" + rest).encode())
        print(f"{name}.1")
