/// The line syntax iCalendar (RFC 5545) and vCard (RFC 6350) share: escaped text values,
/// lines folded at 75 octets, CRLF endings.
enum ContentLine {
    /// TEXT escaping (RFC 5545 §3.3.11, RFC 6350 §3.4).
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": continue
            default: out.append(c)
            }
        }
        return out
    }

    /// Folds a line at 75 octets, never inside a UTF-8 character (RFC 5545 §3.1).
    static func fold(_ line: String) -> String {
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

    /// Lines joined with CRLF, each folded, ending with CRLF.
    static func file(_ lines: [String]) -> String {
        lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }
}
