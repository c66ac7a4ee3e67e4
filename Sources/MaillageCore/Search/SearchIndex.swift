import Foundation

/// The static search index, built with the site and read by `Theme/search.js` in the browser
/// and by `SearchEngine` (`maillage search`). Files, all under `recherche/index/`:
///
/// | file | holds | loaded |
/// |---|---|---|
/// | `entree.<hash>.json` | version, page count, kinds as id ranges (label, first, end, folder), shard boundaries, file names, what question words say (`i`, `SearchVocabulary`) | first |
/// | `t-<hash>.json` | a range of terms (sorted) with their postings | for the terms of a query |
/// | `v-<c>.<hash>.json` | every term starting with `c` (no postings) | for typo tolerance only |
/// | `facettes.<hash>.json` | territories and tags, each with the pages that have it | when filters are opened |
/// | `dates.<hash>.json` | each page's day, as gaps within its kind (pages are in date order there) | when a question asks for time |
/// | `p-<hash>/<n>.json` | pages `4n` to `4n + 3`, each with address, title, kind, date, text | for the results shown |
///
/// Hashed names keep caches right: a file changes name when its content changes, and the
/// entry's name is written into the search page. Page files are grouped 64 to a folder, each
/// folder named by its content (the entry lists the folders, `p`).
///
/// A posting list is a string over `alphabet`: for each page, the gap from the previous
/// page id as a variable-length number (5 bits a character, 32 added when more follow),
/// then one character for the page's weight for the term (1…63). The weight is the term's
/// BM25F score part, computed here: field-weighted frequency, body length normalised,
/// saturated (k1 = 6, for field weights up to 10), times the page's boost, scaled by `weightScale`.
///
/// An edit changes few files: the average field lengths are rounded (to 1/16 of a word), so
/// that one page's new length leaves every other page's weights as they were, and shards are
/// cut where the terms themselves say (see `shardEvery`), so that a term's new postings change
/// its own shard and not every shard after it. With a `Memo` (`maillage serve`), a build
/// after an edit analyses only the edited pages and makes only the files they are in again.
public enum SearchIndex {
    public static let version = 3
    public static let folder = "recherche/index/"
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_".utf8)
    static let weightScale = 7.5
    static let k1 = 6.0
    static let b = 0.75
    /// Shards of postings: a shard ends before a term whose hash is a multiple of `shardEvery`
    /// once it holds `shardMin` bytes (raw), or before the term that would take it over
    /// `shardMax`. Most shards compress 2–3 times. (12 and 36 KB until questions came: a
    /// question looks up more words, each in its shard; 6 and 18 KB until documents' text
    /// came: their words make posting lists longer.)
    static let shardMin = 4_000
    static let shardMax = 12_000
    static let shardEvery: UInt64 = 128
    /// Pages stored together in one file of `p-<hash>/`: four times fewer files to write and
    /// to publish, for about 2 KB more (gzipped) per result shown.
    static let pagesPerFile = 4
    /// Page files in one folder (`p-<hash>/`).
    static let filesPerFolder = 64
    /// The day the dates file counts down from at each kind (year 2149).
    static let datesStart = 65535

    public struct Output: Sendable {
        public var files: [OutputFile]
        /// Site-relative path of the entry file, for the search page.
        public var entry: String
    }

    /// A page's terms with their occurrences in each field, and each field's length in words.
    struct Counted: Sendable, Equatable {
        var frequencies: [String: FieldCounts] = [:]   // term → occurrences in each field
        var lengths = [Int](repeating: 0, count: SearchDocument.Field.allCases.count)
    }

    /// A term's occurrences in each field of a page (a value, not an array: a page has
    /// hundreds of terms, and an allocation for each weighed on the whole build).
    struct FieldCounts: Sendable, Equatable {
        /// As many as `SearchDocument.Field` has cases (checked by `make`).
        static let capacity = 6
        private var counts: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0, 0, 0)

        subscript(field: Int) -> Int {
            get {
                switch field {
                case 0: Int(counts.0)
                case 1: Int(counts.1)
                case 2: Int(counts.2)
                case 3: Int(counts.3)
                case 4: Int(counts.4)
                default: Int(counts.5)
                }
            }
            set {
                switch field {
                case 0: counts.0 = UInt32(newValue)
                case 1: counts.1 = UInt32(newValue)
                case 2: counts.2 = UInt32(newValue)
                case 3: counts.3 = UInt32(newValue)
                case 4: counts.4 = UInt32(newValue)
                default: counts.5 = UInt32(newValue)
                }
            }
        }

        static func == (a: FieldCounts, b: FieldCounts) -> Bool { a.counts == b.counts }
    }

    /// A page of a term's postings, with its weight for the term.
    struct Posting: Equatable {
        var page: Int32
        var weight: UInt8
    }

    /// What an index build keeps for the next build of the same site (`maillage serve`): the
    /// last index, taken out while a build works on it (so that it is changed in place).
    final class Memo: Sendable {
        fileprivate struct State {
            var last: Built?
            /// The entry file of `last` (a build that failed after its index leaves its own).
            var entry: String?

            mutating func take() -> Built? {
                defer { last = nil }
                return last
            }
        }
        /// Held while a build works on the last index.
        fileprivate let state = Locked(State())
    }

    /// An index as made, in the form the next build starts from.
    fileprivate struct Built {
        var docs: [SearchDocument]
        /// Each page's position, by address.
        var positions: [String: Int]
        var counted: [Counted]
        var averages: [Double]
        /// Each page's terms with their weights, in the order of its `Counted`.
        var weighted: [[(term: String, weight: UInt8)]]
        var postings: [String: [Posting]]
        var encoded: [String: [UInt8]]
        /// Every term, in UTF-8 order.
        var terms: [String]
        /// Shards by first term: their last term, term count and file.
        var shards: [String: (last: String, count: Int, file: OutputFile)]
        var vocabulary: [String: (terms: [String], file: OutputFile)]
        /// Each page's JSON record, and the page folders with their files.
        var records: [String]
        var folders: [(name: String, files: [OutputFile])]
        var facets: (tags: [[String]], territories: [[String]], file: OutputFile)
        var dates: (days: [Int?], file: OutputFile)
        /// The synonyms and intents the index was made with.
        var words: SearchVocabulary
    }

    /// With a `memo`, what is the same as in the memo's last index is taken from it.
    static func build(_ docs: [SearchDocument], vocabulary: SearchVocabulary = .builtIn, memo: Memo? = nil) -> Output {
        guard let memo else { return make(docs, vocabulary: vocabulary, previous: nil, edited: nil).output }
        return memo.state.withLock { memo in
            let previous = memo.take()
            let (output, built) = make(docs, vocabulary: vocabulary, previous: previous?.words == vocabulary ? previous : nil, edited: nil)
            memo.last = built
            memo.entry = output.entry
            return output
        }
    }

    /// The memo's last index, whose entry is `entry`, with `pages` in place of the pages of the
    /// same addresses (an edit in place, `InPlaceEdit`); nil when the memo has another index
    /// (that of a build that failed since), or one of the addresses is not in it.
    static func update(_ pages: [SearchDocument], of entry: String?, memo: Memo) -> Output? {
        memo.state.withLock { memo in
            guard memo.entry == entry, var previous = memo.take() else { return nil }
            var docs = previous.docs
            previous.docs = []
            var edited = Set<Int>()
            for page in pages {
                guard let i = previous.positions[page.address] else { return nil }
                // A page that reads what changed may index the same (an event whose speaker's role
                // changed): it is not analysed again.
                if docs[i] == page { continue }
                // A new date moves the page in the index's order: a whole build places it.
                guard docs[i].day == page.day else { return nil }
                docs[i] = page
                edited.insert(i)
            }
            let (output, built) = make(docs, vocabulary: previous.words, previous: previous, edited: edited)
            memo.last = built
            memo.entry = output.entry
            return output
        }
    }

    /// The index of `docs`. With `previous`, what is the same is taken from it: with `edited`,
    /// only those pages differ from `previous` (whose `docs` are not read); without, pages are
    /// compared with those of `previous`.
    private static func make(_ docs: [SearchDocument], vocabulary words: SearchVocabulary, previous: Built?,
                             edited: Set<Int>?) -> (output: Output, built: Built) {
        let fieldCount = SearchDocument.Field.allCases.count
        precondition(fieldCount == FieldCounts.capacity, "FieldCounts holds one count per field")

        // Where each page was in the previous index, when it was there with the same fields
        // and boost (then its terms are the same).
        var positions: [String: Int]
        let was: [Int?]
        if let previous, let edited {
            positions = previous.positions
            was = docs.indices.map { edited.contains($0) ? nil : $0 }
        } else {
            positions = Dictionary(docs.enumerated().map { ($1.address, $0) }) { first, _ in first }
            was = docs.map { d in
                guard let i = previous?.positions[d.address], let p = previous?.docs[i], p.fields == d.fields, p.boost == d.boost else { return nil }
                return i
            }
        }

        // What the loops below read of `previous`, taken out of it first: binding `previous` in
        // them would copy the whole index for each page. With `edited`, the pages an edit left as
        // they were keep their values in place: the previous lists are copied and only the edited
        // pages' values made (here: they are few).
        let previousCounted = previous?.counted ?? [], previousWeighted = previous?.weighted ?? []
        let previousDocs = previous?.docs ?? [], previousRecords = previous?.records ?? []
        let previousShards = previous?.shards ?? [:], previousVocabulary = previous?.vocabulary ?? [:]

        // 1. Each page's terms with their occurrences in each field, on every core; those of the
        // pages that are the same as before taken from `previous`.
        // A term of a synonym group in the title, names or summary also counts its group's other
        // terms, in the summary (a page is found by a synonym, below the pages that have the word
        // itself). Not from the headings and body: a word there that brought its whole group
        // would make the postings, and so a first query, much heavier.
        @Sendable func count(_ doc: SearchDocument, stems: inout [String: String]) -> Counted {
            var c = Counted()
            var expander = SearchVocabulary.Expander(words)
            let summary = SearchDocument.Field.summary.rawValue
            for field in SearchDocument.Field.allCases {
                let expands = field.rawValue <= summary
                for text in doc.fields[field] ?? [] {
                    expander.reset()
                    FrenchAnalyzer.forEachWord(in: text) { word in
                        let term: String
                        if let known = stems[word] { term = known } else {
                            term = FrenchAnalyzer.stem(word)
                            stems[word] = term
                        }
                        c.frequencies[term, default: FieldCounts()][field.rawValue] += 1
                        c.lengths[field.rawValue] += 1
                        guard expands else { return }
                        expander.add(term) { member in
                            for stem in member { c.frequencies[stem, default: FieldCounts()][summary] += 1 }
                        }
                    }
                }
            }
            return c
        }
        let counted: [Counted]
        if let edited {
            var list = previousCounted
            var stems: [String: String] = [:]
            for i in edited { list[i] = count(docs[i], stems: &stems) }
            counted = list
        } else {
            let chunk = 64
            counted = concurrentMap((docs.count + chunk - 1) / chunk) { k -> [Counted] in
                var stems: [String: String] = [:]   // each word stemmed once per chunk
                return (k * chunk..<min(docs.count, (k + 1) * chunk)).map { i in
                    if let j = was[i] { return previousCounted[j] }
                    return count(docs[i], stems: &stems)
                }
            }.flatMap { $0 }
        }

        // 2. Average length of each field over the pages that have it, rounded to 1/16 of a word.
        var lengths = [Double](repeating: 1, count: fieldCount)
        for f in 0..<fieldCount {
            var sum = 0, having = 0
            for c in counted where c.lengths[f] > 0 {
                sum += c.lengths[f]
                having += 1
            }
            if having > 0 { lengths[f] = max(1, (Double(sum) / Double(having) * 16).rounded() / 16) }
        }
        let averages = lengths

        // 3. Each page's weight for each of its terms. BM25F: each field's frequency normalised
        // by the field's length against its average, weighted, summed, then saturated. Pages
        // at the same place as before, with the same terms and averages, keep their weights.
        let samePlaces = previous.map { $0.averages == averages && $0.counted.count == docs.count
            && zip(was.indices, was).allSatisfy { $1 == nil || $1 == $0 } } ?? false
        @Sendable func weigh(_ id: Int) -> [(term: String, weight: UInt8)] {
            let c = counted[id]
            let norms = (0..<fieldCount).map { f in 1 - b + b * Double(c.lengths[f]) / averages[f] }
            return c.frequencies.map { term, counts in
                var tf = 0.0
                for field in SearchDocument.Field.allCases where counts[field.rawValue] > 0 {
                    tf += field.weight * Double(counts[field.rawValue]) / norms[field.rawValue]
                }
                let saturated = tf * (k1 + 1) / (tf + k1)
                return (term, UInt8(min(63, max(1, Int((saturated * docs[id].boost * weightScale).rounded())))))
            }
        }
        let weighted: [[(term: String, weight: UInt8)]]
        if samePlaces {
            var list = previousWeighted
            for id in docs.indices where was[id] == nil { list[id] = weigh(id) }
            weighted = list
        } else {
            weighted = concurrentMap(docs.count) { weigh($0) }
        }

        // 4. Postings, page ids in order: those of the pages whose weights changed updated, or
        // all made again.
        var postings: [String: [Posting]]
        var encoded: [String: [UInt8]]
        var terms: [String]
        var dirty: [String]
        if samePlaces, var previous {
            postings = previous.postings
            encoded = previous.encoded
            terms = previous.terms
            (previous.postings, previous.encoded, previous.terms) = ([:], [:], [])  // changed in place below
            var touched = Set<String>()
            for id in 0..<docs.count where was[id] == nil && !sameWeights(previous.weighted[id], weighted[id]) {
                let page = Int32(id)
                // Only the terms whose weight changed, or that came or went, are touched: a name
                // changed leaves the postings of the page's other words as they were.
                let before = Dictionary(previous.weighted[id].map { ($0.term, $0.weight) }) { first, _ in first }
                let after = Dictionary(weighted[id].map { ($0.term, $0.weight) }) { first, _ in first }
                for (term, _) in previous.weighted[id] where after[term] == nil {
                    touched.insert(term)
                    if let at = position(of: page, in: postings[term]!) { postings[term]!.remove(at: at) }
                    if postings[term]!.isEmpty { postings[term] = nil }
                }
                for (term, weight) in weighted[id] where before[term] != weight {
                    touched.insert(term)
                    let at = insertion(of: page, in: postings[term] ?? [])
                    // (no copy of the list held while it changes: it would be copied whole)
                    if postings[term].map({ at < $0.count && $0[at].page == page }) ?? false {
                        postings[term]![at].weight = weight
                    } else {
                        postings[term, default: []].insert(Posting(page: page, weight: weight), at: at)
                    }
                }
            }
            for term in touched {
                let isKnown = encoded[term] != nil
                if let list = postings[term] {
                    encoded[term] = encode(list)
                    if !isKnown { terms.insert(term, at: insertion(of: term, in: terms)) }
                } else if isKnown {
                    encoded[term] = nil
                    terms.remove(at: insertion(of: term, in: terms))
                }
            }
            dirty = touched.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        } else {
            postings = [:]
            for (id, list) in weighted.enumerated() {
                for (term, weight) in list { postings[term, default: []].append(Posting(page: Int32(id), weight: weight)) }
            }
            encoded = postings.mapValues(encode)
            terms = postings.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            dirty = terms
        }

        var files: [OutputFile] = []
        @Sendable func file(_ name: String, _ text: String) -> OutputFile {
            let data = Data(text.utf8)
            return OutputFile(path: folder + name.replacingOccurrences(of: "#", with: fileHash(data)), contents: .data(data))
        }
        func name(_ file: OutputFile) -> String { String(file.path.dropFirst(folder.count)) }

        // 5. Shards: consecutive terms, cut where the terms say (see `shardEvery`); a shard with
        // the same terms as before, none of whose postings changed, is kept.
        // Where shards start and end (one pass), then the files of the new ones (on every core).
        var ranges: [Range<Int>] = []
        var start = 0
        while start < terms.count {
            var end = start
            var size = 0
            while end < terms.count {
                let cost = encoded[terms[end]]!.count + terms[end].utf8.count + 6
                if end > start && (size + cost > shardMax || (size >= shardMin && cuts(before: terms[end]))) { break }
                size += cost
                end += 1
            }
            ranges.append(start..<end)
            start = end
        }
        let shardFiles = concurrentMap(ranges.count) { [ranges, terms, encoded, dirty] k -> OutputFile in
            let range = ranges[k]
            let first = terms[range.lowerBound], last = terms[range.upperBound - 1]
            if let known = previousShards[first], known.last == last, known.count == range.count, !contains(dirty, from: first, to: last) {
                return known.file
            }
            let slice = terms[range]
            return file("t-#.json", "{\"t\":[" + slice.map { JSONText.quote($0) }.joined(separator: ",") + "],\"p\":["
                + slice.map { "\"" + String(decoding: encoded[$0]!, as: UTF8.self) + "\"" }.joined(separator: ",") + "]}")
        }
        var shards: [String: (last: String, count: Int, file: OutputFile)] = [:]
        var shardList: [(first: String, file: OutputFile)] = []
        for (range, made) in zip(ranges, shardFiles) {
            shards[terms[range.lowerBound]] = (terms[range.upperBound - 1], range.count, made)
            shardList.append((terms[range.lowerBound], made))
        }
        files += shardFiles

        // 6. Vocabulary by first character, for typo tolerance.
        var byFirst: [String: [String]] = [:]
        for term in terms { byFirst[vocabularyKey(term), default: []].append(term) }
        let keys = byFirst.keys.sorted()
        let vocabularyFiles = concurrentMap(keys.count) { [byFirst] k -> OutputFile in
            let list = byFirst[keys[k]]!
            return previousVocabulary[keys[k]].flatMap { $0.terms == list ? $0.file : nil }
                ?? file("v-\(keys[k]).#.json", "[" + list.map { JSONText.quote($0) }.joined(separator: ",") + "]")
        }
        var vocabulary: [String: (terms: [String], file: OutputFile)] = [:]
        for (key, made) in zip(keys, vocabularyFiles) { vocabulary[key] = (byFirst[key]!, made) }
        files += vocabularyFiles

        // 7. Pages, `pagesPerFile` to a file (a JSON array), `filesPerFolder` files to a folder.
        @Sendable func record(_ d: SearchDocument) -> String {
            var fields = ["\"u\":" + JSONText.quote(d.address), "\"t\":" + JSONText.quote(d.title),
                          "\"k\":" + JSONText.quote(d.kind.singular)]
            if let date = d.dateLabel { fields.append("\"d\":" + JSONText.quote(date)) }
            fields.append("\"x\":" + JSONText.quote(excerptSource(d.text)))
            if let file = d.attached.first {
                fields.append("\"f\":" + JSONText.quote(file.name))
                fields.append("\"g\":" + JSONText.quote(attachedExcerptSource(file)))
            }
            return "{" + fields.joined(separator: ",") + "}"
        }
        let records: [String]
        if edited != nil {
            var list = previousRecords
            for i in docs.indices where was[i] == nil { list[i] = record(docs[i]) }
            records = list
        } else {
            records = concurrentMap(docs.count) { i in
                if let j = was[i], sameRecord(previousDocs[j], docs[i]) { return previousRecords[j] }
                return record(docs[i])
            }
        }
        let perFolder = pagesPerFile * filesPerFolder
        var folders: [(name: String, files: [OutputFile])] = []
        for (k, first) in stride(from: 0, to: docs.count, by: perFolder).enumerated() {
            let range = first..<min(docs.count, first + perFolder)
            if let previous, k < previous.folders.count, range.upperBound <= previous.records.count,
               previous.records.count == docs.count || range.upperBound < previous.records.count,
               zip(previous.records[range], records[range]).allSatisfy({ $0 == $1 }) {
                folders.append(previous.folders[k])
                continue
            }
            var texts: [(String, String)] = []
            for start in stride(from: range.lowerBound, to: range.upperBound, by: pagesPerFile) {
                let group = records[start..<min(range.upperBound, start + pagesPerFile)]
                texts.append(("\(start / pagesPerFile).json", "[" + group.joined(separator: ",\n") + "]"))
            }
            let name = "p-\(fileHash(Data(texts.map(\.1).joined(separator: "\n").utf8)))/"
            folders.append((name, texts.map { OutputFile(path: folder + name + $0.0, contents: .data(Data($0.1.utf8))) }))
        }
        for f in folders { files += f.files }

        // 8. Facets: territories and tags, each with its page ids (gaps, as in postings).
        let tags = docs.map(\.tags), territories = docs.map(\.territories)
        let facets: OutputFile
        if let known = previous?.facets, known.tags == tags, known.territories == territories {
            facets = known.file
        } else {
            func facet(_ values: [[String]]) -> String {
                var pages: [String: [UInt8]] = [:]
                var previous: [String: Int] = [:]
                for (id, list) in values.enumerated() {
                    for value in Set(list) {
                        appendNumber(id - (previous[value] ?? -1), to: &pages[value, default: []])
                        previous[value] = id
                    }
                }
                return "[" + pages.keys.sorted { $0.localizedStandardCompare($1) == .orderedAscending }.map {
                    "[" + JSONText.quote($0) + ",\"" + String(decoding: pages[$0]!, as: UTF8.self) + "\"]"
                }.joined(separator: ",") + "]"
            }
            facets = file("facettes.#.json", "{\"territoire\":" + facet(territories) + ",\"etiquette\":" + facet(tags) + "}")
        }
        files.append(facets)

        // 8b. Each page's day, for a question that asks for time. Pages are in date order within
        // their kind (`SearchDocument.isBefore`): for each, the gap from the previous page's day
        // (from day 65535 at each kind's first page) plus one, as in postings; 0 for no date.
        let days = docs.map(\.day)
        let dates: OutputFile
        if let known = previous?.dates, known.days == days {
            dates = known.file
        } else {
            var text: [UInt8] = []
            var previousDay = datesStart
            for (i, day) in days.enumerated() {
                if i == 0 || docs[i].kind != docs[i - 1].kind { previousDay = datesStart }
                if let day, day <= previousDay {
                    appendNumber(previousDay - day + 1, to: &text)
                    previousDay = day
                } else {
                    appendNumber(0, to: &text)
                }
            }
            dates = file("dates.#.json", "\"" + String(decoding: text, as: UTF8.self) + "\"")
        }
        files.append(dates)

        // 9. The entry.
        var kinds: [String] = []
        var i = 0
        while i < docs.count {
            var j = i
            while j < docs.count && docs[j].kind == docs[i].kind { j += 1 }
            kinds.append("[" + JSONText.quote(docs[i].kind.singular) + ",\(i),\(j)," + JSONText.quote(docs[i].kind.folder) + "]")
            i = j
        }
        let entry = file("entree.#.json", "{\"v\":\(version),\"n\":\(docs.count),\"k\":[" + kinds.joined(separator: ",") + "],\"s\":["
            + shardList.map { "[" + JSONText.quote($0.first) + "," + JSONText.quote(name($0.file)) + "]" }.joined(separator: ",")
            + "],\"w\":{" + vocabulary.keys.sorted().map { JSONText.quote($0) + ":" + JSONText.quote(name(vocabulary[$0]!.file)) }.joined(separator: ",")
            + "},\"p\":[" + folders.map { JSONText.quote($0.name) }.joined(separator: ",")
            + "],\"g\":[\(pagesPerFile),\(filesPerFolder)],\"f\":" + JSONText.quote(name(facets))
            + ",\"d\":" + JSONText.quote(name(dates)) + ",\"i\":" + words.intentsJSON + "}")
        files.append(entry)

        let built = Built(docs: docs, positions: positions, counted: counted, averages: averages, weighted: weighted,
                          postings: postings, encoded: encoded, terms: terms, shards: shards, vocabulary: vocabulary,
                          records: records, folders: folders, facets: (tags, territories, facets), dates: (days, dates), words: words)
        return (Output(files: files, entry: entry.path), built)
    }

    /// Whether a shard ends before `term`: a stable hash of it (FNV-1a) is a multiple of `shardEvery`.
    static func cuts(before term: String) -> Bool {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in term.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
        return hash % shardEvery == 0
    }

    static func encode(_ list: [Posting]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(list.count * 2)
        var last = -1
        for posting in list {
            appendNumber(Int(posting.page) - last, to: &out)
            last = Int(posting.page)
            out.append(alphabet[Int(posting.weight)])
        }
        return out
    }

    private static func sameWeights(_ a: [(term: String, weight: UInt8)], _ b: [(term: String, weight: UInt8)]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.term == $1.term && $0.weight == $1.weight }
    }

    private static func sameRecord(_ a: SearchDocument, _ b: SearchDocument) -> Bool {
        a.address == b.address && a.title == b.title && a.kind == b.kind && a.dateLabel == b.dateLabel && a.text == b.text
            && a.attached.first == b.attached.first
    }

    /// The first position in `list` whose element is not before `target` (a binary search of a
    /// sorted list): where `target` is, or would be inserted.
    private static func insertion<T>(of target: T, in list: [T], isBefore: (T, T) -> Bool) -> Int {
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if isBefore(list[mid], target) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    private static func insertion(of page: Int32, in list: [Posting]) -> Int {
        insertion(of: Posting(page: page, weight: 0), in: list) { $0.page < $1.page }
    }

    private static func position(of page: Int32, in list: [Posting]) -> Int? {
        let at = insertion(of: page, in: list)
        return at < list.count && list[at].page == page ? at : nil
    }

    /// In terms sorted by UTF-8.
    private static func insertion(of term: String, in terms: [String]) -> Int {
        insertion(of: term, in: terms) { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Whether a sorted list of terms has one from `first` to `last` (both included).
    private static func contains(_ sorted: [String], from first: String, to last: String) -> Bool {
        let at = insertion(of: first, in: sorted)
        return at < sorted.count && !last.utf8.lexicographicallyPrecedes(sorted[at].utf8)
    }

    /// The vocabulary file a term is in: its first character, or `_` for one that is not a–z, 0–9.
    static func vocabularyKey(_ term: String) -> String {
        guard let first = term.unicodeScalars.first else { return "_" }
        let v = first.value
        return (v >= 97 && v <= 122) || (v >= 48 && v <= 57) ? String(first) : "_"
    }

    /// Up to 1,500 characters of a page's text, cut at a word.
    static func excerptSource(_ text: String, limit: Int = 1500) -> String {
        let cut = text.prefix(limit)  // (not `text.count`: that walks the whole text)
        guard cut.endIndex < text.endIndex else { return text }
        return String(cut[..<(cut.lastIndex(of: " ") ?? cut.endIndex)])
    }

    /// What a result's excerpt can show of a page's first attached file: each page's text
    /// (`attachedLength` characters in all, shared among its pages, at least
    /// `attachedPageLength` a page while the budget lasts), a form feed between
    /// pages, so that a result names the page a word was found on (a `.pdf`'s; a Word or ODT
    /// document is one part). Past the limits, the file's words are indexed but not shown.
    static func attachedExcerptSource(_ file: AttachedText) -> String {
        var left = attachedLength
        // A short document shares the whole budget among its pages.
        let perPage = max(attachedPageLength, attachedLength / max(1, file.pages.count))
        let pages = file.pages.map { page -> String in
            let cut = excerptSource(String(page.prefix(min(left, perPage) + 1)), limit: min(left, perPage))
            left -= cut.count
            return cut
        }
        return pages.joined(separator: "\u{0C}")
    }
    static let attachedPageLength = 600
    static let attachedLength = 2400

    /// A file's name part from its content: 64 bits of its hash, enough to tell apart the
    /// versions of a few thousand files, and short, since the entry lists every shard's name
    /// (at 10,000 pages the full 128-bit names made half of the entry's weight).
    static func fileHash(_ data: Data) -> String {
        String(ContentHash.hex(data).prefix(16))
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
