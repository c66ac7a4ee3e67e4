import Foundation
internal import Yams

/// What search knows of the field's words (`Vocabulaire/vocabulaire.yaml`, extended by a site's
/// `maillage.yaml`, `recherche:`), in two uses:
/// - **synonyms**, used when the index is made: a page holding one term of a group is indexed
///   under the others too (`expansions`), so neither the browser nor `maillage search` needs
///   the groups;
/// - **what a question says** (question words, the kind of page asked for, time, months), used
///   when a query is read: `intents` goes into the index entry (`i`), read by `QueryPlan` and
///   by `Theme/search.js` alike.
///
/// Every phrase is keyed by its stems joined by a space, stop words kept for the intents
/// (« qui », « à venir ») and left out for synonyms (as the indexed text has them).
public struct SearchVocabulary: Sendable, Equatable {
    /// Query phrase → what it says, space-separated codes: `q` (a question word), `k:<folder>`
    /// (kind asked for, `+` between kinds), `t:<time>` (`a-venir`, `recent`, `cette-annee`,
    /// `annee-derniere`), `m:<month>`.
    public private(set) var intents: [String: String] = [:]
    /// Each synonym group's members, each member its stems.
    private(set) var groups: [[[String]]] = []
    /// A member's stems joined by a space → the groups it is in.
    private(set) var members: [String: [Int]] = [:]
    /// The first stem of each member of two words or more, and the longest member, in words.
    private(set) var phraseStarts: Set<String> = []
    private(set) var longestMember = 1

    /// The vocabulary kept in the repository.
    public static let builtIn: SearchVocabulary = {
        let text = String(decoding: PackageResources.vocabulaire_yaml, as: UTF8.self)
        do {
            let file = try YAMLDecoder().decode(File.self, from: text)
            var vocabulary = SearchVocabulary()
            for word in file.questions { vocabulary.addIntent(word, "q") }
            for (kinds, words) in file.types.sorted(by: { $0.key < $1.key }) {
                for word in words { vocabulary.addIntent(word, "k:" + kinds) }
            }
            for (time, words) in file.temps.sorted(by: { $0.key < $1.key }) {
                for word in words { vocabulary.addIntent(word, "t:" + time) }
            }
            for (month, words) in file.mois.enumerated() {
                for word in words { vocabulary.addIntent(word, "m:\(month + 1)") }
            }
            for group in file.synonymes { vocabulary.addGroup(group) }
            return vocabulary
        } catch {
            preconditionFailure("Search/Vocabulaire/vocabulaire.yaml: \(error)")
        }
    }()

    private struct File: Decodable {
        var questions: [String]
        var types: [String: [String]]
        var temps: [String: [String]]
        var mois: [[String]]
        var synonymes: [[String]]
    }

    /// This vocabulary with a site's own synonym groups and ignored words.
    public func adding(synonyms: [[String]], ignored: [String]) -> SearchVocabulary {
        var vocabulary = self
        for word in ignored { vocabulary.addIntent(word, "q") }
        for group in synonyms { vocabulary.addGroup(group) }
        return vocabulary
    }

    /// The key of a query phrase: its stems, stop words kept.
    static func intentKey(_ phrase: String) -> String {
        FrenchAnalyzer.words(phrase, joining: false, keepingStopWords: true).map(\.stem).joined(separator: " ")
    }

    private mutating func addIntent(_ phrase: String, _ code: String) {
        let key = Self.intentKey(phrase)
        guard !key.isEmpty else { return }
        let codes = intents[key].map { $0.split(separator: " ").map(String.init) } ?? []
        if !codes.contains(code) { intents[key] = (codes + [code]).joined(separator: " ") }
    }

    private mutating func addGroup(_ group: [String]) {
        var stems: [[String]] = []
        for member in group {
            let words = FrenchAnalyzer.words(member, joining: false).map(\.stem)
            if !words.isEmpty && !stems.contains(words) { stems.append(words) }
        }
        guard stems.count > 1 else { return }
        let id = groups.count
        groups.append(stems)
        for member in stems {
            members[member.joined(separator: " "), default: []].append(id)
            if member.count > 1 { phraseStarts.insert(member[0]) }
            longestMember = max(longestMember, member.count)
        }
    }

    /// Reads a field's terms in order and calls `body` with the stems of each other member of
    /// the groups of each member found (a word, or consecutive words) — what the page is also
    /// indexed under.
    struct Expander {
        let vocabulary: SearchVocabulary
        private var recent: [String] = []

        init(_ vocabulary: SearchVocabulary) { self.vocabulary = vocabulary }

        mutating func add(_ stem: String, _ body: ([String]) -> Void) {
            guard !vocabulary.groups.isEmpty else { return }
            if vocabulary.longestMember > 1 {
                recent.append(stem)
                if recent.count > vocabulary.longestMember { recent.removeFirst() }
            }
            if let ids = vocabulary.members[stem] { expand(ids, found: [stem], body) }
            guard recent.count > 1 else { return }
            for length in 2...recent.count where vocabulary.phraseStarts.contains(recent[recent.count - length]) {
                let phrase = Array(recent.suffix(length))
                if let ids = vocabulary.members[phrase.joined(separator: " ")] { expand(ids, found: phrase, body) }
            }
        }

        mutating func reset() { recent.removeAll(keepingCapacity: true) }

        private func expand(_ ids: [Int], found: [String], _ body: ([String]) -> Void) {
            for id in ids {
                for member in vocabulary.groups[id] where member != found { body(member) }
            }
        }
    }

    /// The entry's `i`: the intents as a JSON object, keys sorted.
    var intentsJSON: String {
        "{" + intents.keys.sorted().map { JSONText.quote($0) + ":" + JSONText.quote(intents[$0]!) }.joined(separator: ",") + "}"
    }
}
