"""PDF files written by hand for the checks: objects numbered from 1 (the first the catalog),
the cross-reference table with exact offsets, the trailer."""


def assemble(objects, marker=""):
    """The bytes of a PDF whose objects are `objects` (bytes, without `N 0 obj`), in order;
    `marker`, when given, is a comment line after the header."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    if marker:
        out += b"% " + marker.encode() + b"\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
