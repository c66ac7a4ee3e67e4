import Foundation

/// The static search index, built with the site and read by `Theme/search.js` in the browser
/// and by `SearchEngine` (`maillage search`). Files, all under `recherche/index/`:
///
/// | file | holds | loaded |
/// |---|---|---|
/// | `entree.<hash>.json` | version, page count, kinds as id ranges, shard boundaries, file names | first |
/// | `t-<n>.<hash>.json` | a range of terms (sorted) with their postings | for the terms of a query |
/// | `v-<c>.<hash>.json` | every term starting with `c` (no postings) | for typo tolerance only |
/// | `facettes.<hash>.json` | territories and tags, each with the pages that have it | when filters are opened |
/// | `p-<hash>/<n>.json` | pages `4n` to `4n + 3`, each with address, title, kind, date, text | for the results shown |
///
/// Hashed names keep caches right: a file changes name when its content changes, and the
/// entry's name is written into the search page.
///
/// A posting list is a string over `alphabet`: for each page, the gap from the previous
/// page id as a variable-length number (5 bits a character, 32 added when more follow),
/// then one character for the page's weight for the term (1…63). The weight is the term's
/// BM25F score part, computed here: field-weighted frequency, body length normalised,
/// saturated (k1 = 6, for field weights up to 10), times the page's boost, scaled by `weightScale`.
public enum SearchIndex {
    public static let version = 1
    public static let folder = "recherche/index/"
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_".utf8)
    static let weightScale = 7.5
    static let k1 = 6.0
    static let b = 0.75
    /// Raw size a shard of postings aims at (most compress 3–4 times).
    static let shardBytes = 24_000
    /// Pages stored together in one file of `p-<hash>/`: four times fewer files to write and
    /// to publish, for about 2 KB more (gzipped) per result shown.
    static let pagesPerFile = 4

    public struct Output: Sendable {
        public var files: [OutputFile]
        /// Site-relative path of the entry file, for the search page.
        public var entry: String
    }

    /// A page's terms with their occurrences in each field, and each field's length in words.
    struct Counted: Sendable {
        var frequencies: [String: [Int]] = [:]   // term → occurrences in each field
        var lengths = [Int](repeating: 0, count: SearchDocument.Field.allCases.count)
    }

    /// With a `memo` (`maillage serve`), a page whose weighted fields have not changed since an
    /// earlier build is not analysed again.
    static func build(_ docs: [SearchDocument], memo: TermMemo? = nil) -> Output {
        // 1. Each page's terms with their field-weighted frequencies, on every core.
        let fieldCount = SearchDocument.Field.allCases.count
        let chunk = 64
        let counted = concurrentMap((docs.count + chunk - 1) / chunk) { k -> [Counted] in
            var stems: [String: String] = [:]   // each word stemmed once per chunk
            return (k * chunk..<min(docs.count, (k + 1) * chunk)).map { i in
                let key = memo.map { _ in docs[i].fieldsKey }
                if let memo, let key, let known = memo.value(key) { return known }
                var c = Counted()
                for field in SearchDocument.Field.allCases {
                    for text in docs[i].fields[field] ?? [] {
                        FrenchAnalyzer.forEachWord(in: text) { word in
                            let term: String
                            if let known = stems[word] { term = known } else {
                                term = FrenchAnalyzer.stem(word)
                                stems[word] = term
                            }
                            c.frequencies[term, default: [Int](repeating: 0, count: fieldCount)][field.rawValue] += 1
                            c.lengths[field.rawValue] += 1
                        }
                    }
                }
                if let memo, let key { memo.store(c, key) }
                return c
            }
        }.flatMap { $0 }
        memo?.sweep()
        // Average length of each field, over the pages that have it.
        var averages = [Double](repeating: 1, count: fieldCount)
        for f in 0..<fieldCount {
            let having = counted.filter { $0.lengths[f] > 0 }
            if !having.isEmpty { averages[f] = Double(having.reduce(0) { $0 + $1.lengths[f] }) / Double(having.count) }
        }

        // 2. Postings, page ids in order. BM25F: each field's frequency normalised by the
        // field's length against its average, weighted, summed, then saturated.
        var postings: [String: [UInt8]] = [:]
        var last: [String: Int] = [:]
        for (id, c) in counted.enumerated() {
            let norms = (0..<fieldCount).map { f in 1 - b + b * Double(c.lengths[f]) / averages[f] }
            for (term, counts) in c.frequencies {
                var tf = 0.0
                for field in SearchDocument.Field.allCases where counts[field.rawValue] > 0 {
                    tf += field.weight * Double(counts[field.rawValue]) / norms[field.rawValue]
                }
                let saturated = tf * (k1 + 1) / (tf + k1)
                let weight = min(63, max(1, Int((saturated * docs[id].boost * weightScale).rounded())))
                let gap = id - (last[term] ?? -1)
                last[term] = id
                appendNumber(gap, to: &postings[term, default: []])
                postings[term]!.append(alphabet[weight])
            }
        }
        let terms = postings.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }

        var files: [OutputFile] = []
        func add(_ name: String, _ text: String) -> String {
            let data = Data(text.utf8)
            let hashed = name.replacingOccurrences(of: "#", with: ContentHash.hex(data))
            files.append(OutputFile(path: folder + hashed, contents: .data(data)))
            return hashed
        }

        // 3. Shards: consecutive terms up to `shardBytes`.
        var shards: [(first: String, file: String)] = []
        var start = 0
        while start < terms.count {
            var end = start
            var size = 0
            while end < terms.count && (end == start || size + postings[terms[end]]!.count + terms[end].utf8.count < shardBytes) {
                size += postings[terms[end]]!.count + terms[end].utf8.count + 6
                end += 1
            }
            let slice = terms[start..<end]
            let json = "{\"t\":[" + slice.map(JSONText.quote).joined(separator: ",") + "],\"p\":["
                + slice.map { "\"" + String(decoding: postings[$0]!, as: UTF8.self) + "\"" }.joined(separator: ",") + "]}"
            shards.append((terms[start], add("t-\(shards.count).#.json", json)))
            start = end
        }

        // 4. Vocabulary by first character, for typo tolerance.
        var vocabulary: [(String, String)] = []
        var byFirst: [String: [String]] = [:]
        for term in terms { byFirst[vocabularyKey(term), default: []].append(term) }
        for key in byFirst.keys.sorted() {
            let json = "[" + byFirst[key]!.map(JSONText.quote).joined(separator: ",") + "]"
            vocabulary.append((key, add("v-\(key).#.json", json)))
        }

        // 5. Pages, `pagesPerFile` to a file (a JSON array), for the results shown.
        var pageFiles: [(String, String)] = []
        for first in stride(from: 0, to: docs.count, by: pagesPerFile) {
            let records = docs[first..<min(docs.count, first + pagesPerFile)].map { d in
                var fields = ["\"u\":" + JSONText.quote(d.address), "\"t\":" + JSONText.quote(d.title),
                              "\"k\":" + JSONText.quote(d.kind.singular)]
                if let date = d.dateLabel { fields.append("\"d\":" + JSONText.quote(date)) }
                fields.append("\"x\":" + JSONText.quote(excerptSource(d.text)))
                return "{" + fields.joined(separator: ",") + "}"
            }
            pageFiles.append(("\(first / pagesPerFile).json", "[" + records.joined(separator: ",\n") + "]"))
        }
        let pageFolder = "p-\(ContentHash.hex(Data(pageFiles.map(\.1).joined(separator: "\n").utf8)))/"
        for (name, text) in pageFiles {
            files.append(OutputFile(path: folder + pageFolder + name, contents: .data(Data(text.utf8))))
        }

        // 6. Facets: territories and tags, each with its page ids (gaps, as in postings).
        func facet(_ values: (SearchDocument) -> [String]) -> String {
            var pages: [String: [UInt8]] = [:]
            var previous: [String: Int] = [:]
            for (id, d) in docs.enumerated() {
                for value in Set(values(d)) {
                    appendNumber(id - (previous[value] ?? -1), to: &pages[value, default: []])
                    previous[value] = id
                }
            }
            return "[" + pages.keys.sorted { $0.localizedStandardCompare($1) == .orderedAscending }.map {
                "[" + JSONText.quote($0) + ",\"" + String(decoding: pages[$0]!, as: UTF8.self) + "\"]"
            }.joined(separator: ",") + "]"
        }
        let facets = add("facettes.#.json", "{\"territoire\":" + facet(\.territories) + ",\"etiquette\":" + facet(\.tags) + "}")

        // 7. The entry.
        var kinds: [String] = []
        var i = 0
        while i < docs.count {
            var j = i
            while j < docs.count && docs[j].kind == docs[i].kind { j += 1 }
            kinds.append("[" + JSONText.quote(docs[i].kind.singular) + ",\(i),\(j)]")
            i = j
        }
        let entry = "{\"v\":\(version),\"n\":\(docs.count),\"k\":[" + kinds.joined(separator: ",") + "],\"s\":["
            + shards.map { "[" + JSONText.quote($0.first) + "," + JSONText.quote($0.file) + "]" }.joined(separator: ",")
            + "],\"w\":{" + vocabulary.map { JSONText.quote($0.0) + ":" + JSONText.quote($0.1) }.joined(separator: ",")
            + "},\"p\":" + JSONText.quote(pageFolder) + ",\"f\":" + JSONText.quote(facets) + "}"
        let entryName = add("entree.#.json", entry)
        return Output(files: files, entry: folder + entryName)
    }

    /// The vocabulary file a term is in: its first character, or `_` for one that is not a–z, 0–9.
    static func vocabularyKey(_ term: String) -> String {
        guard let first = term.unicodeScalars.first else { return "_" }
        let v = first.value
        return (v >= 97 && v <= 122) || (v >= 48 && v <= 57) ? String(first) : "_"
    }

    /// Up to 1,500 characters of a page's text, cut at a word.
    static func excerptSource(_ text: String) -> String {
        guard text.count > 1500 else { return text }
        let cut = text.prefix(1500)
        return String(cut[..<(cut.lastIndex(of: " ") ?? cut.endIndex)])
    }

    static func appendNumber(_ value: Int, to out: inout [UInt8]) {
        var v = value
        while v >= 32 {
            out.append(alphabet[32 + (v & 31)])
            v >>= 5
        }
        out.append(alphabet[v])
    }
}

/// JSON string literals, written by hand for speed and a stable output.
enum JSONText {
    static func quote(_ s: String) -> String {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [0x22]
        out.reserveCapacity(s.utf8.count + 8)
        var bytes = s.utf8.makeIterator()
        var pending: [UInt8] = []
        while let byte = pending.isEmpty ? bytes.next() : pending.removeFirst() {
            switch byte {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0x3C: out += Array("\\u003c".utf8)
            case 0xE2:
                // U+2028 and U+2029 (E2 80 A8/A9) end a line in JavaScript: escaped.
                let second = bytes.next(), third = second == 0x80 ? bytes.next() : nil
                if second == 0x80, let third, third == 0xA8 || third == 0xA9 {
                    out += Array((third == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                } else {
                    out.append(byte)
                    if let second { pending.append(second) }
                    if let third { pending.append(third) }
                }
            case 0x00..<0x20:
                out += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            default:
                out.append(byte)
            }
        }
        out.append(0x22)
        return String(decoding: out, as: UTF8.self)
    }
}
