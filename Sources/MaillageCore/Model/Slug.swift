import Foundation

public enum Slug {
    /// `Santé mentale` → `sante-mentale`: lower case, no accents, words joined by `-`.
    public static func make(_ text: String) -> String {
        if isSlug(text) { return text }
        return quickly(text) ?? throughFoundation(text)
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
