import Foundation

/// What a query asks, read with the index's intents (`SearchVocabulary.intents`, the entry's
/// `i`); the same reading as `plan` in `Theme/search.js`, both checked against
/// `Tests/Fixtures/search/query-analysis.json`.
///
/// The words are read left to right, stop words kept; at each word the longest phrase of
/// four words or fewer that the intents know is taken: a question word (« comment »)
/// is dropped; a word of kind (« compte rendu », « qui ») or of time (« prochaine », « mars »)
/// says what is asked and only adds to a page's score (`optional`), never blocks it. A year
/// (1990–2099) is time too. The other words, stop words left out, are the ones a page should
/// hold (`required`).
public struct QueryPlan: Sendable, Equatable {
    public var required: [FrenchAnalyzer.Word] = []
    /// Stems that add to the score of the pages holding them.
    public var optional: [String] = []
    /// The kinds asked for, as their folders in `content/` (`comptes-rendus`, `annuaire`…).
    public var kinds: [String] = []
    /// `a-venir`, `recent`, `cette-annee` or `annee-derniere`.
    public var time: String?
    public var month: Int?
    public var year: Int?
    /// Whether the query's last word is its last required word (then it may be still typed).
    public var endsWithRequired = false

    public init(_ query: String, intents: [String: String]) {
        let words = FrenchAnalyzer.words(query, joining: false, keepingStopWords: true)
        var i = 0
        while i < words.count {
            var taken = 0
            for length in stride(from: min(4, words.count - i), through: 1, by: -1) {
                let phrase = words[i..<(i + length)]
                if let codes = intents[phrase.map(\.stem).joined(separator: " ")] {
                    apply(codes, phrase)
                    taken = length
                    break
                }
            }
            endsWithRequired = false
            if taken > 0 {
                i += taken
                continue
            }
            let word = words[i]
            i += 1
            guard FrenchAnalyzer.isKept(word.folded) else { continue }
            if let y = Self.year(word.folded) {
                if year == nil { year = y }
                addOptional(word.stem)
                continue
            }
            required.append(word)
            endsWithRequired = true
        }
    }

    /// Whether the query says anything to look for.
    public var isEmpty: Bool {
        required.isEmpty && kinds.isEmpty && time == nil && month == nil && year == nil
    }

    /// A year from 1990 to 2099, written with four digits.
    static func year(_ word: String) -> Int? {
        guard word.utf8.count == 4, word.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let y = Int(word), (1990...2099).contains(y) else { return nil }
        return y
    }

    private mutating func addOptional(_ stem: String) {
        if !optional.contains(stem) { optional.append(stem) }
    }

    private mutating func apply(_ codes: String, _ words: ArraySlice<FrenchAnalyzer.Word>) {
        var says = false
        for code in codes.split(separator: " ") {
            let value = code.dropFirst(2)
            switch code.prefix(2) {
            case "k:":
                for kind in value.split(separator: "+").map(String.init) where !kinds.contains(kind) { kinds.append(kind) }
            case "t:":
                if time == nil { time = String(value) }
            case "m:":
                if month == nil { month = Int(value) }
            default:
                continue
            }
            says = true
        }
        if says {
            for word in words where FrenchAnalyzer.isKept(word.folded) { addOptional(word.stem) }
        }
    }
}
