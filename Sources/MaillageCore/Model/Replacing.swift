/// Plain-text replacement over UTF-8 bytes: Foundation's `replacingOccurrences` goes through
/// `NSString` and UTF-16 and was a tenth of a build's time.
extension String {
    /// Each occurrence of each pattern replaced, in one pass (at each position the patterns are
    /// tried in order); the string itself, not a copy, when none occurs.
    func replacing(_ replacements: [(String, String)]) -> String {
        var text = self
        text.makeContiguousUTF8()
        let patterns = replacements.map { (Array($0.0.utf8), Array($0.1.utf8)) }
        return text.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            var out: [UInt8] = []
            var copied = 0
            var i = 0
            let count = bytes.count
            scan: while i < count {
                let byte = bytes[i]
                for (pattern, replacement) in patterns where pattern.first == byte && i + pattern.count <= count {
                    var matches = true
                    for k in 1..<pattern.count where bytes[i + k] != pattern[k] {
                        matches = false
                        break
                    }
                    guard matches else { continue }
                    if out.isEmpty { out.reserveCapacity(count + 64) }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<i]))
                    out.append(contentsOf: replacement)
                    i += pattern.count
                    copied = i
                    continue scan
                }
                i += 1
            }
            guard copied > 0 else { return nil }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<count]))
            return String(decoding: out, as: UTF8.self)
        }! ?? text
    }
}
