import Foundation

public enum Slug {
    /// `Santé mentale` → `sante-mentale`: lower case, no accents, words joined by `-`.
    public static func make(_ text: String) -> String {
        if isSlug(text) { return text }
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
