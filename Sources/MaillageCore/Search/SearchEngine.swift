import Foundation

/// Queries a built site's search index the way `Theme/search.js` does in the browser (same
/// analysis, same files, same matching and ranking), for `maillage search` and for the
/// relevance tests. Keep the two in step: `scripts/search_check.py` compares their results.
///
/// A query is first read into a `QueryPlan` (question words dropped; kind and time noted).
/// Matching: a page holding every required word is a full match; one holding some is a partial
/// match, ranked after (see `ranked`). A word matches the index term equal
/// to its stem (weight 1); the last word, being typed, also matches the terms that start with
/// it (weight 0.6, from 3 characters, or 2 after other words); a word that matches nothing that way matches the terms
/// within one edit (5+ letters) or two (9+ letters) (weight 0.3). A word's score on a page is
/// the best of its matching terms' idf × stored weight × match weight; two consecutive words
/// joined, when the index has them so (`Haute-Somme`), add half their score.
public struct SearchEngine {
    public struct Hit: Sendable, Equatable {
        public var id: Int
        public var score: Double
        public var address: String
        public var title: String
        public var kind: String
        /// The query's words this page does not hold (a partial match).
        public var missing: [String] = []
        /// Where the query's words are when they are in a file the page publishes rather than
        /// in the page's own text: « flyer.pdf, page 2 » (a Word document has no page).
        public var foundIn: String? = nil
    }

    let folder: URL
    let count: Int
    let kinds: [(label: String, start: Int, end: Int, folder: String)]
    let shards: [(first: String, file: String)]
    let vocabulary: [String: String]
    /// Folders of the page files, in page order (the entry's `p`).
    let pageFolders: [String]
    /// What a question's words say (the vocabulary's intents), and the file of the pages' dates.
    let intents: [String: String]
    let datesFile: String?
    private var loadedShards: [Int: [String: String]] = [:]
    private var loadedDates: [Int?]?

    public enum Failure: Error, CustomStringConvertible {
        case noIndex(String)
        public var description: String {
            switch self { case .noIndex(let s): s }
        }
    }

    /// Opens the index of the site built in `site` (its `recherche/` page names the entry file).
    public init(site: URL) throws {
        let page = site.appendingPathComponent("recherche/index.html")
        guard let html = try? String(contentsOf: page, encoding: .utf8),
              let range = html.range(of: "data-search-index=\""),
              let end = html[range.upperBound...].firstIndex(of: "\"") else {
            throw Failure.noIndex("pas d’index de recherche dans \(page.path) : construisez d’abord le site (maillage build)")
        }
        var entryPath = String(html[range.upperBound..<end])
        // The attribute holds an address under the site's base path; the file is under site/.
        if let r = entryPath.range(of: SearchIndex.folder) { entryPath = String(entryPath[r.lowerBound...]) }
        let entryURL = site.appendingPathComponent(entryPath)
        guard let data = try? Data(contentsOf: entryURL),
              let entry = try? JSONDecoder().decode(IndexEntry.self, from: data), entry.v == SearchIndex.version else {
            throw Failure.noIndex("index de recherche illisible : \(entryURL.path)")
        }
        folder = entryURL.deletingLastPathComponent()
        count = entry.n
        kinds = (entry.k ?? []).map { ($0.label, $0.start, $0.end, $0.folder) }
        intents = entry.i ?? [:]
        datesFile = entry.d
        shards = (entry.s ?? []).compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil }
        vocabulary = entry.w ?? [:]
        pageFolders = entry.p ?? []
    }

    /// The shard that may hold `term`: the last whose first term is not after it.
    func shardIndex(_ term: String) -> Int? {
        var lo = 0, hi = shards.count - 1, found: Int?
        while lo <= hi {
            let mid = (lo + hi) / 2
            if !term.utf8.lexicographicallyPrecedes(shards[mid].first.utf8) { found = mid; lo = mid + 1 } else { hi = mid - 1 }
        }
        return found
    }

    mutating func shard(_ i: Int) -> [String: String] {
        if let s = loadedShards[i] { return s }
        var terms: [String: String] = [:]
        if let data = try? Data(contentsOf: folder.appendingPathComponent(shards[i].file)),
           let json = try? JSONSerialization.jsonObject(with: data) as? [String: [String]],
           let t = json["t"], let p = json["p"] {
            for (term, postings) in zip(t, p) { terms[term] = postings }
        }
        loadedShards[i] = terms
        return terms
    }

    /// Index terms starting with `prefix`, from the shards that cover it (three at most).
    mutating func terms(startingWith prefix: String) -> [String: String] {
        guard var i = shardIndex(prefix) else { return [:] }
        var found: [String: String] = [:]
        var loaded = 0
        while i < shards.count && loaded < 3 {
            if i > 0 && loaded > 0 && !shards[i].first.hasPrefix(prefix) { break }
            for (term, postings) in shard(i) where term.hasPrefix(prefix) { found[term] = postings }
            loaded += 1
            i += 1
        }
        return found
    }

    /// Decodes a posting list into page id → stored weight.
    static func decode(_ postings: String) -> [Int: Int] {
        var result: [Int: Int] = [:]
        var id = -1
        var value = 0, shift = 0
        var expectWeight = false
        for byte in postings.utf8 {
            let digit = SearchIndex.alphabet.firstIndex(of: byte) ?? 0
            if expectWeight {
                result[id] = digit
                expectWeight = false
                continue
            }
            if digit >= 32 {
                value += (digit - 32) << shift
                shift += 5
            } else {
                value += digit << shift
                id += value
                value = 0
                shift = 0
                expectWeight = true
            }
        }
        return result
    }

    func idf(_ df: Int) -> Double {
        log(1 + (Double(count) - Double(df) + 0.5) / (Double(df) + 0.5))
    }

    /// The pages matching `query`, best first, with their stored fields.
    public mutating func search(_ query: String, today: LocalDate = .today) -> [Hit] {
        let terms = Self.terms(of: query)
        return ranked(query, today: today).hits.map { hit($0, terms: terms) }
    }

    /// A query's words, folded and stemmed: what an excerpt looks for.
    public static func terms(of query: String) -> Set<String> {
        Set(FrenchAnalyzer.words(query).flatMap { [$0.stem, $0.folded] })
    }

    /// A ranked page with its stored fields (read from its file), and where the query's `terms`
    /// are found when it is in a file the page publishes.
    public func hit(_ ranked: Ranked, terms: Set<String> = []) -> Hit {
        let page = self.page(ranked.id)
        return Hit(id: ranked.id, score: ranked.score, address: page["u"] ?? "", title: page["t"] ?? "", kind: page["k"] ?? "",
                   missing: ranked.missing, foundIn: Self.foundIn(page, terms: terms))
    }

    /// « flyer.pdf, page 2 » when a piece of the attached file's text (`f`, `g`) holds more of
    /// `terms` than the page's own text (`x`): what the browser shows before the excerpt.
    static func foundIn(_ page: [String: String], terms: Set<String>) -> String? {
        guard let file = page["f"], let pieces = page["g"]?.split(separator: "\u{0C}", omittingEmptySubsequences: false) else { return nil }
        // The distinct words of a text that are among `terms` (as search.js counts them).
        func matched(_ text: Substring) -> Int {
            Set(FrenchAnalyzer.words(String(text), joining: false, keepingStopWords: true)
                .filter { terms.contains($0.stem) || terms.contains($0.folded) }.map(\.folded)).count
        }
        var best = (piece: -1, count: matched((page["x"] ?? "")[...]))
        for (i, piece) in pieces.enumerated() {
            let n = matched(piece)
            if n > best.count { best = (i, n) }
        }
        guard best.piece >= 0 else { return nil }
        return file.lowercased().hasSuffix(".pdf") ? "\(file), page \(best.piece + 1)" : file
    }

    /// Each page of `postings` with its score for a term matched with `weight`: idf × stored weight × weight.
    func scores(_ postings: String, weight: Double) -> [(id: Int, score: Double)] {
        let pages = Self.decode(postings)
        let idf = idf(pages.count)
        return pages.map { ($0.key, idf * Double($0.value) * weight) }
    }

    /// Each page that holds a word of `word`'s, with its best score: the term equal to its stem
    /// (weight 1); while typed (`typing`), the terms it starts (0.6); when neither is there, the
    /// terms one or two edits away (0.3).
    mutating func matches(_ word: FrenchAnalyzer.Word, typing: Bool, minimumPrefix: Int) -> [Int: Double] {
        var candidates: [(postings: String, weight: Double)] = []
        let stem = word.stem
        if let i = shardIndex(stem), let postings = shard(i)[stem] { candidates.append((postings, 1)) }
        if typing && word.folded.unicodeScalars.count >= minimumPrefix {
            var prefixed = terms(startingWith: stem)
            if word.folded != stem { prefixed.merge(terms(startingWith: word.folded)) { a, _ in a } }
            for (term, postings) in prefixed.sorted(by: { $0.key < $1.key }) where term != stem {
                candidates.append((postings, 0.6))
            }
        }
        if candidates.isEmpty {
            for term in fuzzyTerms(stem) {
                if let i = shardIndex(term), let postings = shard(i)[term] { candidates.append((postings, 0.3)) }
            }
        }
        var best: [Int: Double] = [:]
        for c in candidates {
            for (id, s) in scores(c.postings, weight: c.weight) where s > best[id] ?? 0 { best[id] = s }
        }
        return best
    }

    /// A ranked page: its id, score, and the query's words it does not hold.
    public struct Ranked: Sendable, Equatable {
        public var id: Int
        public var score: Double
        public var missing: [String]
    }

    /// The pages for `query`, best first (ids and scores only: no page file read), and the
    /// words no page holds.
    ///
    /// Pages holding every required word come first; then those holding at least half of them
    /// (or one, when of the kind asked for); with no required word, the pages of the kind asked
    /// for and those holding the question's intent words. How telling each word is counts
    /// through its idf, in its score. A page's score: (sum of its words' scores, and with one
    /// required word at most half its intent words' scores, + 1) × the share of the words it holds × 2 when of a kind asked for × the time factor: for
    /// « prochain » the upcoming pages by date, for « dernier » the past ones latest first,
    /// get 1 + 2 / (rank + 1); a page of the month or year asked for gets 2.
    public mutating func ranked(_ query: String, today: LocalDate = .today) -> (hits: [Ranked], missing: [String]) {
        let plan = QueryPlan(query, intents: intents)
        guard !plan.isEmpty else { return ([], []) }
        let typing = plan.endsWithRequired && !(query.last.map { $0.isWhitespace } ?? true)
        let words = plan.required
        var perWord: [[Int: Double]] = []
        for (n, word) in words.enumerated() {
            perWord.append(matches(word, typing: typing && n == words.count - 1, minimumPrefix: words.count > 1 ? 2 : 3))
        }
        let absent = words.indices.filter { perWord[$0].isEmpty }.map { words[$0].folded }
        var relevance: [Int: Double] = [:], count: [Int: Int] = [:]
        for pages in perWord {
            for (id, s) in pages {
                relevance[id, default: 0] += s
                count[id, default: 0] += 1
            }
        }
        // Two words written apart that the index knows joined (« haute somme » → `hautesomme`,
        // from « Haute-Somme »): the pages that have the joined word score it too, at half weight.
        if words.count > 1 {
            for n in 1..<words.count {
                let joined = FrenchAnalyzer.stem(words[n - 1].folded + words[n].folded)
                guard let i = shardIndex(joined), let postings = shard(i)[joined] else { continue }
                for (id, s) in scores(postings, weight: 0.5) { if let sum = relevance[id] { relevance[id] = sum + s } }
            }
        }
        let kinds = plan.kinds.isEmpty && plan.time == "a-venir" ? ["evenements"] : plan.kinds
        for range in kinds.isEmpty ? [] : self.kinds where kinds.contains(range.folder) {
            for id in range.start..<range.end where relevance[id] == nil { relevance[id] = 0 }
        }
        // Intent words are looked up beside one required word at most (« agenda », « flyer icope »):
        // beside more, the kind and time they say are enough, and their shards would weigh.
        var optional: [Int: Double] = [:]
        for stem in words.count <= 1 ? plan.optional : [] {
            guard let i = shardIndex(stem), let postings = shard(i)[stem] else { continue }
            for (id, s) in scores(postings, weight: 0.5) { optional[id, default: 0] += s }
        }
        for (id, s) in optional where words.isEmpty || relevance[id] != nil { relevance[id, default: 0] += s }

        let time = timeFactors(plan, pages: relevance.keys, today: today)
        var hits: [(complete: Bool, ranked: Ranked)] = []
        for (id, r) in relevance {
            let held = count[id] ?? 0, asked = !kinds.isEmpty && kinds.contains(kind(of: id))
            guard held * 2 >= words.count || (asked && held > 0) || words.isEmpty else { continue }
            var score = (r + 1) * (words.isEmpty ? 1 : Double(held) / Double(words.count))
            if asked { score *= 2 }
            score *= time[id] ?? 1
            let missing = held == words.count ? [] : words.indices.filter { perWord[$0][id] == nil }.map { words[$0].folded }
            hits.append((held == words.count, Ranked(id: id, score: score, missing: missing)))
        }
        hits.sort { a, b in
            if a.complete != b.complete { return a.complete }
            return a.ranked.score != b.ranked.score ? a.ranked.score > b.ranked.score : a.ranked.id < b.ranked.id
        }
        return (hits.map(\.ranked), absent)
    }

    /// The folder of the kind of page `id` (`evenements`…).
    func kind(of id: Int) -> String {
        kinds.first { id >= $0.start && id < $0.end }?.folder ?? ""
    }

    /// What time asked in `plan` multiplies each page's score by (pages absent: 1).
    mutating func timeFactors(_ plan: QueryPlan, pages: Dictionary<Int, Double>.Keys, today: LocalDate) -> [Int: Double] {
        guard plan.time != nil || plan.month != nil || plan.year != nil else { return [:] }
        let days = dates()
        let now = today.daysSinceEpoch
        var factors: [Int: Double] = [:]
        var dated: [(day: Int, id: Int)] = []
        for id in pages { if id < days.count, let day = days[id] { dated.append((day, id)) } }
        var time = plan.time
        if time == "a-venir" && !dated.contains(where: { $0.day >= now }) { time = "recent" }
        var ordered: [(day: Int, id: Int)] = []
        if time == "a-venir" {
            ordered = dated.filter { $0.day >= now }.sorted { $0.day != $1.day ? $0.day < $1.day : $0.id < $1.id }
        } else if time == "recent" {
            ordered = dated.filter { $0.day <= now }.sorted { $0.day != $1.day ? $0.day > $1.day : $0.id < $1.id }
        }
        for (rank, page) in ordered.enumerated() { factors[page.id] = 1 + 2 / Double(rank + 1) }
        let year = plan.year ?? (time == "cette-annee" ? today.year : time == "annee-derniere" ? today.year - 1 : nil)
        if plan.month != nil || year != nil {
            for page in dated {
                let date = LocalDate(daysSinceEpoch: page.day)
                if (plan.month == nil || date.month == plan.month) && (year == nil || date.year == year) {
                    factors[page.id] = (factors[page.id] ?? 1) * 2
                }
            }
        }
        return factors
    }

    /// Each page's date as a day number (the entry's `d` file, see `SearchIndex`), loaded once.
    mutating func dates() -> [Int?] {
        if let loadedDates { return loadedDates }
        var days: [Int?] = []
        if let file = datesFile, let data = try? Data(contentsOf: folder.appendingPathComponent(file)),
           let text = try? JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed) as? String {
            var numbers: [Int] = []
            var value = 0, shift = 0
            for byte in text.utf8 {
                let digit = SearchIndex.alphabet.firstIndex(of: byte) ?? 0
                if digit >= 32 {
                    value += (digit - 32) << shift
                    shift += 5
                } else {
                    numbers.append(value + digit << shift)
                    value = 0
                    shift = 0
                }
            }
            for range in kinds {
                var previous = SearchIndex.datesStart
                for id in range.start..<range.end {
                    let gap = id < numbers.count ? numbers[id] : 0
                    if gap == 0 {
                        days.append(nil)
                    } else {
                        previous -= gap - 1
                        days.append(previous)
                    }
                }
            }
        }
        loadedDates = days
        return days
    }

    /// Up to three terms of the index near the words no page holds (two edits, three from
    /// eight letters), nearest first, each as a page writes it.
    public mutating func suggestions(for missing: [String]) -> [String] {
        var near: [(distance: Int, term: String)] = []
        for word in missing {
            for found in fuzzyTerms(FrenchAnalyzer.stem(word), loose: true) where !near.contains(where: { $0.term == found.term }) {
                near.append(found)
            }
        }
        near.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.term < $1.term }
        return near.prefix(3).map { written($0.term) }
    }

    /// `term` as the page that weighs it most writes it (title or excerpt), or the term itself.
    mutating func written(_ term: String) -> String {
        guard let i = shardIndex(term), let postings = shard(i)[term] else { return term }
        var best: (id: Int, weight: Int)?
        for (id, weight) in Self.decode(postings) {
            if let b = best, weight < b.weight || (weight == b.weight && id > b.id) { continue }
            best = (id, weight)
        }
        guard let id = best?.id else { return term }
        let record = page(id)
        let text = (record["t"] ?? "") + " " + (record["x"] ?? "")
        let words = text.split { !($0.isLetter || $0.isNumber) }
        return words.first { FrenchAnalyzer.words(String($0), joining: false).first?.stem == term }.map(String.init) ?? term
    }

    /// The stored fields of page `id` (address, title, kind, date, text).
    public func page(_ id: Int) -> [String: String] {
        let per = SearchIndex.pagesPerFile, folderIndex = id / (per * SearchIndex.filesPerFolder)
        guard id >= 0, folderIndex < pageFolders.count,
              let data = try? Data(contentsOf: folder.appendingPathComponent(pageFolders[folderIndex] + "\(id / per).json")),
              let json = try? JSONSerialization.jsonObject(with: data) as? [[String: String]], id % per < json.count else { return [:] }
        return json[id % per]
    }

    /// Index terms within one edit of `stem` (two from nine characters), nearest first, ten at most.
    func fuzzyTerms(_ stem: String) -> [String] {
        fuzzyTerms(stem, loose: false).map(\.term)
    }

    /// Index terms near `stem`, nearest first, ten at most: within one edit from five
    /// characters, two from nine; `loose` (for suggestions): two from four, three from eight.
    func fuzzyTerms(_ stem: String, loose: Bool) -> [(distance: Int, term: String)] {
        let length = stem.unicodeScalars.count
        guard length >= (loose ? 4 : 5), let file = vocabulary[SearchIndex.vocabularyKey(stem)],
              let data = try? Data(contentsOf: folder.appendingPathComponent(file)),
              let terms = try? JSONSerialization.jsonObject(with: data) as? [String] else { return [] }
        let limit = loose ? (length >= 8 ? 3 : 2) : (length >= 9 ? 2 : 1)
        let s = Array(stem.unicodeScalars)
        var found: [(Int, String)] = []
        for term in terms {
            let t = Array(term.unicodeScalars)
            guard abs(t.count - s.count) <= limit else { continue }
            let d = Self.distance(s, t, limit: limit)
            if d <= limit { found.append((d, term)) }
        }
        return found.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.prefix(10).map { ($0.0, $0.1) }
    }

    /// Optimal string alignment distance (an adjacent swap is one edit), stopping above `limit`.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMin = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var v = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] { v = min(v, previous2[j - 2] + 1) }
                current[j] = v
                rowMin = min(rowMin, v)
            }
            if rowMin > limit { return limit + 1 }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}

/// The index's entry file as `SearchIndex` writes it (`docs/recherche.md`).
private struct IndexEntry: Decodable {
    /// A kind of page: its label, the range of its pages' numbers, its folder.
    struct KindRange: Decodable {
        var label: String, start: Int, end: Int, folder: String

        init(from decoder: any Decoder) throws {
            var row = try decoder.unkeyedContainer()
            label = try row.decode(String.self)
            start = try row.decode(Int.self)
            end = try row.decode(Int.self)
            folder = row.isAtEnd ? "" : try row.decode(String.self)
        }
    }

    var v: Int, n: Int
    var k: [KindRange]?, i: [String: String]?, d: String?, s: [[String]]?, w: [String: String]?, p: [String]?
}
