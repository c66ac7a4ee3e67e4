/// The line syntax iCalendar (RFC 5545) and vCard (RFC 6350) share: escaped text values,
/// lines folded at 75 octets, CRLF endings.
///
/// A value never adds a line: every line break form (CR LF, CR, LF, VT, FF, NEL, U+2028,
/// U+2029) becomes the escaped `\n` in text, and no other control character reaches a file
/// (`file` drops those that a value not escaped as text, such as an address, might carry).
enum ContentLine {
    /// TEXT escaping (RFC 5545 §3.3.11, RFC 6350 §3.4), over scalars: on characters, `"\r\n"`
    /// is one `Character` that equals neither `"\r"` nor `"\n"`.
    static func escape(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.utf8.count)
        var afterCR = false
        for scalar in text.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": if !afterCR { out += "\\n" }
            case "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}": out += "\\n"
            default:
                if !isControl(scalar) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// Control characters other than the tab (C0, DEL, C1): never in a content line.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
    }

    /// A line without the control characters a value may have brought (a line is written by
    /// us: only its values can hold them, and a CR or LF would start a property of its own).
    static func clean(_ line: String) -> String {
        guard line.utf8.contains(where: { $0 < 0x20 && $0 != 0x09 || $0 == 0x7F || $0 == 0xC2 }) else { return line }
        var out = ""
        out.unicodeScalars.append(contentsOf: line.unicodeScalars.lazy.filter { !isControl($0) })
        return out
    }

    /// Folds a line at 75 octets, never inside a UTF-8 character (RFC 5545 §3.1).
    static func fold(_ line: String) -> String {
        let line = clean(line)
        guard line.utf8.count > 75 else { return line }
        var result = ""
        var count = 0
        var limit = 75
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if count + size > limit {
                result += "\r\n "
                count = 0
                limit = 74  // the leading space counts
            }
            result.unicodeScalars.append(scalar)
            count += size
        }
        return result
    }

    /// Lines joined with CRLF, each cleaned and folded, ending with CRLF.
    static func file(_ lines: [String]) -> String {
        lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }
}
