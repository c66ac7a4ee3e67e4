import Foundation

/// A JSON value made of typed parts (no dictionary of anything), written with its object keys
/// sorted: the same value always gives the same bytes.
enum JSONValue: Sendable, Equatable {
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Compact JSON; `inHTML` escapes what must not appear inside a page's `<script>`.
    func written(inHTML: Bool = false) -> String {
        var out = ""
        write(into: &out, inHTML: inHTML)
        return out
    }

    private func write(into out: inout String, inHTML: Bool) {
        switch self {
        case .string(let text): out += JSONText.quote(text, inHTML: inHTML)
        case .array(let elements):
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                element.write(into: &out, inHTML: inHTML)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                out += JSONText.quote(key, inHTML: inHTML)
                out += ":"
                members[key]!.write(into: &out, inHTML: inHTML)
            }
            out += "}"
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    init(stringLiteral value: String) { self = .string(value) }
}


/// JSON string literals, written by hand for speed and a stable output: the one JSON string
/// escaper of Maillage (the search index, the JSON-LD of pages). `<` is always escaped, and
/// U+2028/U+2029, which end a line in JavaScript; with `inHTML` (JSON inside a page's
/// `<script>`), `>` and `&` too.
enum JSONText {
    static func quote(_ s: String, inHTML: Bool = false) -> String {
        var s = s
        return s.withUTF8 { bytes in
            /// Whether the bytes from `i` on are U+2028 or U+2029 (E2 80 A8/A9), which end a line in JavaScript.
            func lineSeparator(at i: Int) -> Bool {
                bytes[i] == 0xE2 && i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9)
            }
            func plain(_ i: Int) -> Bool {
                let byte = bytes[i]
                return byte >= 0x20 && byte != 0x22 && byte != 0x5C && byte != 0x3C && !lineSeparator(at: i)
                    && !(inHTML && (byte == 0x3E || byte == 0x26))
            }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 8)
            out.append(0x22)
            var i = 0
            while i < bytes.count {
                // A run of bytes written as they are, at once.
                var end = i
                while end < bytes.count && plain(end) { end += 1 }
                out.append(contentsOf: bytes[i..<end])
                guard end < bytes.count else { break }
                let byte = bytes[end]
                switch byte {
                case 0x22: out.append(contentsOf: [0x5C, 0x22])
                case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
                case 0x0D: out.append(contentsOf: [0x5C, 0x72])
                case 0x09: out.append(contentsOf: [0x5C, 0x74])
                case 0x3C: out.append(contentsOf: "\\u003c".utf8)
                case 0x3E: out.append(contentsOf: "\\u003e".utf8)
                case 0x26: out.append(contentsOf: "\\u0026".utf8)
                case 0xE2:
                    out.append(contentsOf: (bytes[end + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                    i = end + 3
                    continue
                default:
                    let hex: StaticString = "0123456789abcdef"
                    out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex.utf8Start[Int(byte >> 4)], hex.utf8Start[Int(byte & 15)]])
                }
                i = end + 1
            }
            out.append(0x22)
            return String(decoding: out, as: UTF8.self)
        }
    }
}
