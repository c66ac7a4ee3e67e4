import Foundation

/// The `<h2>`…`<h6>` headings of an HTML fragment (as cmark writes it), found by a scan of
/// its bytes: where each starts, its attributes, and its inner HTML.
struct HTMLHeadings {
    var level: Int
    /// Byte offset of `<h`, and of the first byte after the opening tag's `>`.
    var start: Int
    var contentStart: Int
    /// What is between `<hN` and `>` (empty, or ` id="…"`).
    var attributes: String
    var innerHTML: String

    static func find(in html: String) -> [HTMLHeadings] {
        var found: [HTMLHeadings] = []
        var utf8 = Array(html.utf8)
        utf8.append(0)
        let n = utf8.count - 1
        var i = 0
        while i + 3 < n {
            guard utf8[i] == UInt8(ascii: "<"), utf8[i + 1] == UInt8(ascii: "h"),
                  (UInt8(ascii: "2")...UInt8(ascii: "6")).contains(utf8[i + 2]),
                  utf8[i + 3] == UInt8(ascii: ">") || utf8[i + 3] == UInt8(ascii: " ") else {
                i += 1
                continue
            }
            let level = utf8[i + 2]
            var tagEnd = i + 3
            while tagEnd < n && utf8[tagEnd] != UInt8(ascii: ">") { tagEnd += 1 }
            // The closing tag `</hN>`.
            var j = tagEnd + 1
            var close: Int?
            while j + 4 < n + 1 {
                if utf8[j] == UInt8(ascii: "<"), utf8[j + 1] == UInt8(ascii: "/"), utf8[j + 2] == UInt8(ascii: "h"),
                   utf8[j + 3] == level, j + 4 < n, utf8[j + 4] == UInt8(ascii: ">") {
                    close = j
                    break
                }
                j += 1
            }
            guard let close, tagEnd < n else {
                i += 1
                continue
            }
            found.append(HTMLHeadings(level: Int(level - UInt8(ascii: "0")), start: i, contentStart: tagEnd + 1,
                                      attributes: String(decoding: utf8[(i + 3)..<tagEnd], as: UTF8.self),
                                      innerHTML: String(decoding: utf8[(tagEnd + 1)..<close], as: UTF8.self)))
            i = close + 5
        }
        return found
    }
}
