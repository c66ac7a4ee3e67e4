import Foundation

/// Which links content may hold: web pages, e-mail and phone numbers, nothing that runs.
enum URLPolicy {
    static let allowedSchemes: Set<String> = ["http", "https", "mailto", "tel"]

    /// A web address (`http:` or `https:`), as `maillage check --external` checks them.
    static func isWeb(_ text: String) -> Bool {
        ["http", "https"].contains(scheme(of: text))
    }

    /// The scheme of a URL text (`https`), lower-cased, or nil for a relative link.
    static func scheme(of text: String) -> String? {
        guard text.utf8.contains(UInt8(ascii: ":")) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let colon = trimmed.firstIndex(of: ":") else { return nil }
        let candidate = trimmed[..<colon]
        guard let first = candidate.first, first.isLetter,
              candidate.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }) else { return nil }
        return candidate.lowercased()
    }

    /// A URL given in a YAML key (`website`, `registration`): absolute, and of an allowed scheme.
    static func check(_ url: Located<String>, key: String) -> [Diagnostic] {
        let scheme = scheme(of: url.value)
        if let scheme, allowedSchemes.contains(scheme), URL(string: url.value) != nil {
            if (scheme == "http" || scheme == "https"), URL(string: url.value)?.host == nil {
                return [.error(.invalidUrl, at: url.location, "adresse web incomplète « \(url.value) »",
                               help: "écrivez l’adresse complète, par exemple https://example.org/inscription")]
            }
            return []
        }
        if let scheme, !allowedSchemes.contains(scheme) {
            return [.error(.unsafeUrl, at: url.location, "lien refusé dans « \(key) » : le type « \(scheme): » n’est pas autorisé",
                           help: "seules les adresses https://, http://, mailto: et tel: sont publiées")]
        }
        return [.error(.invalidUrl, at: url.location, "« \(key) » doit être une adresse web complète, pas « \(url.value) »",
                       help: "écrivez l’adresse complète, par exemple https://example.org/")]
    }
}
