import Foundation

/// Queries a built site's search index the way `Theme/search.js` does in the browser (same
/// analysis, same files, same matching and ranking), for `maillage search` and for the
/// relevance tests. Keep the two in step: `scripts/search_check.py` compares their results.
///
/// Matching: every word of the query must match (AND). A word matches the index term equal
/// to its stem (weight 1); the last word, being typed, also matches the terms that start with
/// it (weight 0.6, from 3 characters, or 2 after other words); a word that matches nothing that way matches the terms
/// within one edit (5+ letters) or two (9+ letters) (weight 0.3). A page's score is the sum,
/// over the query's words, of the best of its matching terms' idf × stored weight × match weight,
/// plus half the score of two consecutive words joined when the index has them so (`Haute-Somme`).
public struct SearchEngine {
    public struct Hit: Sendable, Equatable {
        public var id: Int
        public var score: Double
        public var address: String
        public var title: String
        public var kind: String
    }

    let folder: URL
    let count: Int
    let kinds: [(label: String, start: Int, end: Int)]
    let shards: [(first: String, file: String)]
    let vocabulary: [String: String]
    /// Folders of the page files, in page order (the entry's `p`).
    let pageFolders: [String]
    private var loadedShards: [Int: [String: String]] = [:]

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
              let entry = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              entry["v"] as? Int == SearchIndex.version, let n = entry["n"] as? Int else {
            throw Failure.noIndex("index de recherche illisible : \(entryURL.path)")
        }
        folder = entryURL.deletingLastPathComponent()
        count = n
        kinds = (entry["k"] as? [[Any]] ?? []).map { ($0[0] as? String ?? "", $0[1] as? Int ?? 0, $0[2] as? Int ?? 0) }
        shards = (entry["s"] as? [[String]] ?? []).map { ($0[0], $0[1]) }
        vocabulary = entry["w"] as? [String: String] ?? [:]
        pageFolders = entry["p"] as? [String] ?? []
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
    public mutating func search(_ query: String) -> [Hit] {
        ranked(query).map(hit)
    }

    /// A ranked page with its stored fields (read from its file).
    public func hit(_ ranked: (id: Int, score: Double)) -> Hit {
        let page = self.page(ranked.id)
        return Hit(id: ranked.id, score: ranked.score, address: page["u"] ?? "", title: page["t"] ?? "", kind: page["k"] ?? "")
    }

    /// Each page of `postings` with its score for a term matched with `weight`: idf × stored weight × weight.
    func scores(_ postings: String, weight: Double) -> [(id: Int, score: Double)] {
        let pages = Self.decode(postings)
        let idf = idf(pages.count)
        return pages.map { ($0.key, idf * Double($0.value) * weight) }
    }

    /// The pages matching `query`, best first: ids and scores only (no page file read).
    public mutating func ranked(_ query: String) -> [(id: Int, score: Double)] {
        let words = FrenchAnalyzer.words(query, joining: false)
        guard !words.isEmpty else { return [] }
        let typing = !(query.last.map { $0.isWhitespace } ?? true)
        var total: [Int: Double]?
        for (n, word) in words.enumerated() {
            var candidates: [(postings: String, weight: Double)] = []
            let stem = word.stem
            if let i = shardIndex(stem), let postings = shard(i)[stem] { candidates.append((postings, 1)) }
            if n == words.count - 1 && typing && word.folded.unicodeScalars.count >= (words.count > 1 ? 2 : 3) {
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
            if let t = total {
                var next: [Int: Double] = [:]
                for (id, s) in t { if let more = best[id] { next[id] = s + more } }
                total = next
            } else {
                total = best
            }
            if total!.isEmpty { return [] }
        }
        // Two words written apart that the index knows joined (« haute somme » → `hautesomme`,
        // from « Haute-Somme »): the pages that have the joined word score it too, at half weight.
        if var t = total, words.count > 1 {
            for n in 1..<words.count {
                let joined = FrenchAnalyzer.stem(words[n - 1].folded + words[n].folded)
                guard let i = shardIndex(joined), let postings = shard(i)[joined] else { continue }
                for (id, s) in scores(postings, weight: 0.5) { if let sum = t[id] { t[id] = sum + s } }
            }
            total = t
        }
        return (total ?? [:]).sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
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
        let length = stem.unicodeScalars.count
        guard length >= 5, let file = vocabulary[SearchIndex.vocabularyKey(stem)],
              let data = try? Data(contentsOf: folder.appendingPathComponent(file)),
              let terms = try? JSONSerialization.jsonObject(with: data) as? [String] else { return [] }
        let limit = length >= 9 ? 2 : 1
        let s = Array(stem.unicodeScalars)
        var found: [(Int, String)] = []
        for term in terms {
            let t = Array(term.unicodeScalars)
            guard abs(t.count - s.count) <= limit else { continue }
            let d = Self.distance(s, t, limit: limit)
            if d <= limit { found.append((d, term)) }
        }
        return found.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.prefix(10).map(\.1)
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
