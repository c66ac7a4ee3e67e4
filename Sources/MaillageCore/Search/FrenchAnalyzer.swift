import Foundation

/// French text analysis for search, the same in the indexer (here) and in the browser
/// (`Theme/search.js`, function `analyze`): both are checked against the vectors of
/// `Tests/Fixtures/search/analysis.json`.
///
/// 1. Folding: canonical decomposition, combining accents (U+0300–U+036F) dropped, lower
///    case, `œ` → `oe`, `æ` → `ae`, `ß` → `ss`.
/// 2. Words: runs of letters and digits; anything else separates. Hyphenated words also
///    give their joined form (`télé-expertise` → `tele`, `expertise`, `teleexpertise`).
/// 3. Elision and stop words: `l'`, `d'`, `qu'`… are stop words, as are single letters and
///    the common French function words; numbers are kept.
/// 4. A light stemmer (`stem`) so that plurals and feminine forms meet their singular
///    masculine: `infirmières` and `infirmier` → `infirmi`, `libéraux` → `liberal`.
public enum FrenchAnalyzer {
    /// Function words left out of the index and of queries (folded forms).
    public static let stopWords: Set<String> = [
        "au", "aux", "avec", "ce", "ces", "cet", "cette", "dans", "de", "des", "du", "elle", "elles", "en", "et",
        "eux", "il", "ils", "je", "la", "le", "les", "leur", "leurs", "lui", "ma", "mais", "me", "mes", "moi",
        "mon", "ne", "nos", "notre", "nous", "on", "ou", "par", "pas", "pour", "qu", "que", "qui", "sa", "se",
        "ses", "son", "sur", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "sont",
        "ont", "dont", "sans", "sous", "vers", "chez", "tres", "aussi", "ainsi", "comme", "donc", "car", "ni",
        "si", "lorsqu", "puisqu", "jusqu", "quoiqu", "quand", "afin", "ceux", "celle", "celles", "celui",
    ]

    /// Longest word kept (longer runs are identifiers or noise).
    static let maxWordLength = 40

    /// One word of a text: its folded form, as typed, and its stem, as indexed.
    public struct Word: Sendable, Hashable {
        public var folded: String
        public var stem: String
    }

    /// The words of `text`, in order, stop words left out. A query's words (`joining: false`)
    /// leave out the joined forms of hyphenated words: their parts must match, and two
    /// consecutive words also count joined (`SearchEngine`).
    public static func words(_ text: String, joining: Bool = true, keepingStopWords: Bool = false) -> [Word] {
        var result: [Word] = []
        forEachWord(in: text, joining: joining, keepingStopWords: keepingStopWords) { folded in
            result.append(Word(folded: folded, stem: stem(folded)))
        }
        return result
    }

    /// Calls `body` with each folded word of `text` that is not a stop word. Works on UTF-8
    /// bytes: ASCII directly, other characters through `folded` (same result as
    /// folding the whole text first, as the browser does).
    /// With `keepingStopWords`, every word comes (a query's question and time words are read
    /// before stop words are left out).
    public static func forEachWord(in text: String, joining: Bool = true, keepingStopWords: Bool = false, _ body: (String) -> Void) {
        var words = Tokenizer(joining: joining, keepingStopWords: keepingStopWords)
        var text = text
        text.withUTF8 { bytes in
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b < 0x80 {
                    if (b >= 97 && b <= 122) || (b >= 48 && b <= 57) {
                        words.add(b, body)
                    } else if b >= 65 && b <= 90 {
                        words.add(b + 32, body)
                    } else {
                        words.separator(hyphen: b == 45, body)
                    }
                    i += 1
                    continue
                }
                // Other characters: each folded scalar is a letter or digit, or a separator.
                let (scalar, length) = decode(bytes, at: i)
                i += length
                for f in folded(scalar) {
                    if f.isWord {
                        words.add(f.bytes, body)
                    } else {
                        words.separator(hyphen: f.isHyphen, body)
                    }
                }
            }
        }
        words.separator(hyphen: false, body)
    }

    /// The scalar that starts at `i` in valid UTF-8 (a `String`'s), and its length in bytes.
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int) {
        let lead = UInt32(bytes[i])
        func next(_ k: Int) -> UInt32 { UInt32(bytes[i + k]) & 0x3F }
        if lead < 0xE0 { return (Unicode.Scalar((lead & 0x1F) << 6 | next(1))!, 2) }
        if lead < 0xF0 { return (Unicode.Scalar((lead & 0x0F) << 12 | next(1) << 6 | next(2))!, 3) }
        return (Unicode.Scalar((lead & 0x07) << 18 | next(1) << 12 | next(2) << 6 | next(3))!, 4)
    }

    /// The word being read, and the parts of a hyphenated word so far (their joined form is a
    /// word too, when `joining`).
    private struct Tokenizer {
        let joining: Bool
        let keepingStopWords: Bool
        var current: [UInt8] = []
        var currentLength = 0              // in scalars
        var chain: [[UInt8]] = []
        var afterHyphen = false            // the last run ended with exactly one hyphen

        init(joining: Bool, keepingStopWords: Bool) {
            self.joining = joining
            self.keepingStopWords = keepingStopWords
            current.reserveCapacity(64)
        }

        func emit(_ bytes: [UInt8], length: Int, _ body: (String) -> Void) {
            guard length <= maxWordLength else { return }
            let word = String(decoding: bytes, as: UTF8.self)
            if keepingStopWords || isKept(word) { body(word) }
        }

        mutating func endChain(_ body: (String) -> Void) {
            if joining && chain.count > 1 {
                let joined = Array(chain.joined())
                emit(joined, length: joined.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }, body)
            }
            chain.removeAll(keepingCapacity: true)
        }

        /// A letter or digit (one scalar, folded).
        mutating func add(_ byte: UInt8, _ body: (String) -> Void) {
            if current.isEmpty && !afterHyphen { endChain(body) }
            afterHyphen = false
            current.append(byte)
            currentLength += 1
        }

        mutating func add(_ bytes: [UInt8], _ body: (String) -> Void) {
            if current.isEmpty && !afterHyphen { endChain(body) }
            afterHyphen = false
            current.append(contentsOf: bytes)
            currentLength += 1
        }

        mutating func separator(hyphen: Bool, _ body: (String) -> Void) {
            if current.isEmpty {
                afterHyphen = false
            } else {
                emit(current, length: currentLength, body)
                chain.append(current)
                current.removeAll(keepingCapacity: true)
                currentLength = 0
                afterHyphen = hyphen
            }
            if !afterHyphen { endChain(body) }
        }
    }

    /// A scalar of a folded character: its UTF-8 bytes, and what it is to the tokenizer.
    struct FoldedScalar: Sendable {
        var bytes: [UInt8]
        var isWord: Bool
        var isHyphen: Bool
    }

    /// The folded scalars of `scalar` (none for a combining accent).
    static func folded(_ scalar: Unicode.Scalar) -> [FoldedScalar] {
        let v = scalar.value
        if v <= 0x24F { return latinFolded[Int(v)] }
        if (0x300...0x36F).contains(v) { return [] }
        if (0x2000...0x206F).contains(v) { return punctuationFolded[Int(v - 0x2000)] }
        return foldedScalars(foldSlow(scalar))
    }

    private static func foldedScalars(_ text: String) -> [FoldedScalar] {
        text.unicodeScalars.map { FoldedScalar(bytes: Array(String($0).utf8), isWord: isWordScalar($0), isHyphen: isHyphen($0)) }
    }

    /// `folded` for U+0000–U+024F, computed once.
    private static let latinFolded: [[FoldedScalar]] = (0...0x24F).map { value in
        let scalar = Unicode.Scalar(UInt32(value))!
        return foldedScalars(value < 0x80 ? String(scalar).lowercased() : foldSlow(scalar))
    }

    /// `folded` for the General Punctuation block (U+2000–U+206F: `’`, `–`, `…`, thin spaces), computed once.
    private static let punctuationFolded: [[FoldedScalar]] = (0x2000...0x206F).map { foldedScalars(foldSlow(Unicode.Scalar(UInt32($0))!)) }

    /// The longest stop word, in bytes: a longer word is not one.
    private static let longestStopWord = stopWords.map(\.utf8.count).max()!

    static func isKept(_ word: String) -> Bool {
        let count = word.utf8.count
        // One scalar (four bytes at most): kept when it is a number.
        if count <= 4 {
            let scalars = word.unicodeScalars
            if scalars.count == 1 { return isDigit(scalars.first!) }
        }
        return count > longestStopWord || !stopWords.contains(word)
    }

    static func isHyphen(_ s: Unicode.Scalar) -> Bool {
        s == "-" || s == "\u{2010}" || s == "\u{2011}"
    }

    /// A number (Unicode category N).
    static func isDigit(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return s.value >= 48 && s.value <= 57 }
        switch s.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }

    /// Letters and numbers (Unicode categories L and N), after folding.
    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            let v = s.value
            return (v >= 97 && v <= 122) || (v >= 48 && v <= 57) || (v >= 65 && v <= 90)
        }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    private static func foldSlow(_ scalar: Unicode.Scalar) -> String {
        let decomposed = String(String.UnicodeScalarView([scalar])).decomposedStringWithCanonicalMapping
        var kept = String.UnicodeScalarView()
        for s in decomposed.unicodeScalars where !(0x300...0x36F).contains(s.value) { kept.append(s) }
        var lower = String(kept).lowercased()
        if lower.contains("œ") { lower = lower.replacingOccurrences(of: "œ", with: "oe") }
        if lower.contains("æ") { lower = lower.replacingOccurrences(of: "æ", with: "ae") }
        if lower.contains("ß") { lower = lower.replacingOccurrences(of: "ß", with: "ss") }
        return lower
    }

    /// The light French stemmer: each step applies to words of five letters or more.
    /// 1. plural: `-eaux` → `-eau`, `-aux` → `-al`, else a final `s` or `x` goes;
    /// 2. feminine: `-trice` → `-teur`, `-euse` → `-eur`, `-iere` → `-ier`, `-ive` → `-if`,
    ///    `-elle` → `-el`, `-enne` → `-en`, `-ette` → `-et`;
    /// 3. a final `e` goes, twice at most (`assistee` → `assist`);
    /// 4. a final `-er` loses its `r`, then a final `e` goes (`infirmier` → `infirmi`).
    /// Words with a digit are left as they are.
    public static func stem(_ word: String) -> String {
        var s = Array(word.utf8)
        // Length in characters (UTF-8 continuation bytes do not count); the suffixes are ASCII.
        var length = s.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        if length < 5 || word.unicodeScalars.contains(where: isDigit) { return word }
        func ends(_ suffix: [UInt8]) -> Bool {
            s.count >= suffix.count && s[(s.count - suffix.count)...].elementsEqual(suffix)
        }
        func replace(_ count: Int, with r: [UInt8]) {
            s.removeLast(count)
            s.append(contentsOf: r)
            length += r.count - count
        }
        if ends(Array("eaux".utf8)) { replace(1, with: []) }
        else if ends(Array("aux".utf8)) { replace(3, with: Array("al".utf8)) }
        else if ends([UInt8(ascii: "s")]) || ends([UInt8(ascii: "x")]) { replace(1, with: []) }
        if length >= 5 {
            for (suffix, replacement) in feminine where ends(suffix) {
                replace(suffix.count, with: replacement)
                break
            }
        }
        for _ in 0..<2 {
            if length >= 5 && ends([UInt8(ascii: "e")]) { replace(1, with: []) }
        }
        if length >= 6 && ends(Array("er".utf8)) {
            replace(1, with: [])
            if length >= 5 && ends([UInt8(ascii: "e")]) { replace(1, with: []) }
        }
        return String(decoding: s, as: UTF8.self)
    }

    static let feminine: [([UInt8], [UInt8])] = [
        ("trice", "teur"), ("euse", "eur"), ("iere", "ier"), ("ive", "if"), ("elle", "el"), ("enne", "en"), ("ette", "et"),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }
}
