import Foundation

public enum Slug {
    /// `Santé mentale` → `sante-mentale`: lower case, no accents, words joined by `-`.
    /// Letters of other scripts are transliterated (`Москва` → `moskva`, `日本` → `ri-ben`) and
    /// a text of symbols alone is named (`💥` → `collision-symbol`): every id, kind and tag
    /// written in any script gets an address of its own. A slug longer than `maximumLength`
    /// bytes is cut, with a short hash of the whole (a file name has at most 255 bytes).
    public static func make(_ text: String) -> String {
        if isSlug(text) { return bounded(text) }
        if let slug = quickly(text) { return bounded(slug) }
        if hasOtherScript(text), let latin = text.applyingTransform(.toLatin, reverse: false) {
            return bounded(named(latin))
        }
        return bounded(named(text))
    }

    /// The longest slug, in bytes (ASCII).
    public static let maximumLength = 120

    /// `throughFoundation`, or when it leaves nothing of a text that is not ASCII, the Unicode
    /// names of its characters (`💥`: `COLLISION SYMBOL`).
    private static func named(_ text: String) -> String {
        let slug = throughFoundation(text)
        guard slug.isEmpty, !text.unicodeScalars.allSatisfy(\.isASCII),
              let names = text.applyingTransform(.toUnicodeName, reverse: false) else { return slug }
        return throughFoundation(names.replacingOccurrences(of: "\\N{", with: " "))
    }

    /// Whether a letter of the text is of a script other than Latin (Greek, Cyrillic, Arabic, CJK…).
    private static func hasOtherScript(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value >= 0x0370 && !(0x1E00...0x1EFF).contains($0.value) && $0.properties.isAlphabetic }
    }

    /// A slug cut to `maximumLength` bytes at a dash where it can, ending with 8 hex digits of
    /// a hash of the whole slug (FNV-1a: the same on every machine and every run).
    static func bounded(_ slug: String) -> String {
        guard slug.utf8.count > maximumLength else { return slug }
        var hash: UInt32 = 2_166_136_261
        for byte in slug.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        var head = slug.utf8.prefix(maximumLength - 9)
        if let dash = head.lastIndex(of: 0x2D), head.distance(from: head.startIndex, to: dash) > maximumLength / 2 {
            head = head[..<dash]
        }
        while head.last == 0x2D { head = head.dropLast() }
        let hex = String(hash, radix: 16)
        return String(decoding: head, as: UTF8.self) + "-" + String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// `make`, every character folded by Foundation.
    static func throughFoundation(_ text: String) -> String {
        let folded = text.replacing([("œ", "oe"), ("Œ", "oe"), ("æ", "ae"), ("Æ", "ae"), ("ß", "ss")])
            .folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .lowercased()
        var slug = ""
        var pendingDash = false
        for scalar in folded.unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                if pendingDash && !slug.isEmpty { slug.append("-") }
                pendingDash = false
                slug.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        return slug
    }

    /// French letters with a diacritic, folded as `make` folds them (without asking Foundation).
    private static let folded: [Unicode.Scalar: UInt8] = {
        var table: [Unicode.Scalar: UInt8] = [:]
        for (letters, base) in [("àâäáãåÀÂÄÁÃÅ", "a"), ("çÇ", "c"), ("éèêëÉÈÊË", "e"), ("îïíìÎÏÍÌ", "i"), ("ñÑ", "n"),
                                ("ôöóòõÔÖÓÒÕ", "o"), ("ùûüúÙÛÜÚ", "u"), ("ÿýŸÝ", "y")] {
            for scalar in letters.unicodeScalars { table[scalar] = base.utf8.first! }
        }
        return table
    }()

    /// `make` for a text of ASCII characters and French accented letters (nil for any other):
    /// the same slug, without Foundation's folding.
    private static func quickly(_ text: String) -> String? {
        var slug: [UInt8] = []
        slug.reserveCapacity(text.utf8.count)
        var pendingDash = false
        for scalar in text.unicodeScalars {
            let byte: UInt8
            switch scalar.value {
            case 0x61...0x7A, 0x30...0x39: byte = UInt8(scalar.value)
            case 0x41...0x5A: byte = UInt8(scalar.value) + 0x20
            case 0x00..<0x80: pendingDash = true; continue
            default:
                guard let base = folded[scalar] else { return nil }
                byte = base
            }
            if pendingDash && !slug.isEmpty { slug.append(0x2D) }
            pendingDash = false
            slug.append(byte)
        }
        return String(decoding: slug, as: UTF8.self)
    }

    /// Already a slug (`sante-mentale`): most ids and many terms are.
    static func isSlug(_ text: String) -> Bool {
        var previous: UInt8 = 0x2D
        for byte in text.utf8 {
            switch byte {
            case 0x61...0x7A, 0x30...0x39: break
            case 0x2D where previous != 0x2D: break
            default: return false
            }
            previous = byte
        }
        return previous != 0x2D
    }

    /// A file's id as it goes in its address: as it is when it is safe, made a slug otherwise.
    public static func forAddress(_ id: String) -> String { isSafe(id) ? id : make(id) }

    /// Whether a file's id can be used as it is in an address.
    public static func isSafe(_ id: String) -> Bool {
        !id.isEmpty && id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }
}
