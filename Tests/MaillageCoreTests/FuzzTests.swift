import Foundation
import Testing
@testable import MaillageCore

/// Deterministic random numbers (SplitMix64), so that a failing mutation can be replayed.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

/// The ways a file is damaged: every kind the issue lists, plus duplicated lines.
enum Mutation: String, CaseIterable, Sendable {
    case byteFlip, truncation, deletedLine, duplicatedLine, junkLine, randomYAML, hugeValue, deepNesting,
         invalidUTF8, bom, crlf, nul
}

/// Damages text files the way editors, copy-pastes and disks do.
struct Mutator {
    static let junk = ["key: [unclosed", ": :", "- - -", "\t\ttab: x", "title: \"", "date: 2026-99-99", "'", "{", "&a *b",
                       "sessions: 3", "tags: {a: b}", "start: demain", "photo: ../../../../etc/passwd", "file: /dev/zero",
                       "[lien](../nulle/part.md)", "[ancre](#nulle-part)", "<script>alert(1)</script>", "---", "...",
                       "consent: peut-être", "website: javascript:alert(1)", "organizers: [personne]", "*alias", "!!binary AAAA"]
    /// Keys of every kind, so that random YAML reaches the readers of each value type.
    static let keys = ["title", "date", "start", "end", "summary", "tags", "territories", "draft", "location", "registration",
                       "organizers", "sessions", "speakers", "room", "event", "participants", "next_meeting", "structures",
                       "file", "audience", "name", "kind", "address", "phone", "email", "website", "missions", "description",
                       "role", "photo", "consent", "bio", "base_url", "timezone", "language", "accessibilite", "etat", "courriel"]
    static let scalars = ["2026-04-10", "2026-04-10T09:30", "09:30", "25:99", "true", "non", "~", "", "0", "-1", "1e400",
                          "https://example.org", "mailto:x@example.org", "javascript:alert(1)", "../..", "/etc/passwd",
                          "\"</script><script>alert(1)</script>\"", "'é'", "cpts-exemple", "julien-carpentier", "Europe/Paris",
                          "\"\\u0000\"", "&ancre valeur", "*ancre", "[a, b]", "{a: 1}", "|", ">"]

    var random: SeededRandom

    mutating func pick(_ count: Int) -> Int { Int.random(in: 0..<max(1, count), using: &random) }

    mutating func mutate(_ bytes: [UInt8], _ kind: Mutation) -> [UInt8] {
        var data = bytes
        let position = data.isEmpty ? 0 : pick(data.count)
        // Lines as bytes: a mutated file is not always valid UTF-8, and may be megabytes long.
        func lines() -> [[UInt8]] { data.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init) }
        func join(_ lines: [[UInt8]]) -> [UInt8] { Array(lines.joined(separator: [0x0A])) }
        switch kind {
        case .byteFlip:
            if !data.isEmpty { data[position] ^= UInt8.random(in: 1...255, using: &random) }
        case .truncation:
            data = Array(data.prefix(position))
        case .deletedLine:
            var l = lines()
            if !l.isEmpty { l.remove(at: pick(l.count)) }
            data = join(l)
        case .duplicatedLine:
            var l = lines()
            if l.count > 1 { let i = pick(l.count); l.insert(l[i], at: i) }
            data = join(l)
        case .junkLine:
            var l = lines()
            l.insert(Array(Self.junk[pick(Self.junk.count)].utf8), at: pick(l.count + 1))
            data = join(l)
        case .randomYAML:
            // Replaces the YAML (the whole file, or a Markdown file's front matter) by random keys and values.
            let yaml = randomYAML(depth: 0)
            let text = String(decoding: data, as: UTF8.self)
            if text.hasPrefix("---\n"), let end = text.range(of: "\n---", range: text.index(text.startIndex, offsetBy: 4)..<text.endIndex) {
                data = Array(("---\n" + yaml + text[end.lowerBound...]).utf8)
            } else {
                data = Array(yaml.utf8)
            }
        case .hugeValue:
            let huge: String
            switch pick(4) {
            case 0: huge = String(repeating: "é", count: 50_000)
            case 1: huge = "title: " + String(repeating: "x", count: 300_000)
            case 2: huge = "tags: [" + Array(repeating: "t", count: 20_000).joined(separator: ", ") + "]"
            default: huge = "date: " + String(repeating: "9", count: 400) + "-01-01"
            }
            var l = lines()
            l.insert(Array(huge.utf8), at: pick(l.count + 1))
            data = join(l)
        case .deepNesting:
            let depth = [50, 500, 5_000][pick(3)]
            let nested: String
            switch pick(3) {
            case 0: nested = "tags: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            case 1: nested = "sessions: " + String(repeating: "{a: ", count: depth) + "1" + String(repeating: "}", count: depth)
            default: nested = (0..<min(depth, 300)).map { String(repeating: "  ", count: $0) + "k\($0):" }.joined(separator: "\n") + " fin"
            }
            var l = lines()
            l.insert(Array(nested.utf8), at: pick(l.count + 1))
            data = join(l)
        case .invalidUTF8:
            data.insert(contentsOf: [[0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80]][pick(4)], at: position)
        case .bom:
            data = [0xEF, 0xBB, 0xBF] + data
        case .crlf:
            data = Array(data.split(separator: 0x0A, omittingEmptySubsequences: false).joined(separator: [0x0D, 0x0A]))
        case .nul:
            data.insert(0, at: position)
        }
        return data
    }

    mutating func randomYAML(depth: Int) -> String {
        let indent = String(repeating: "  ", count: depth)
        var out = ""
        for _ in 0..<(1 + pick(6)) {
            let key = pick(8) == 0 ? "clé\(pick(100))" : Self.keys[pick(Self.keys.count)]
            switch depth < 3 ? pick(4) : 0 {
            case 0: out += "\(indent)\(key): \(Self.scalars[pick(Self.scalars.count)])\n"
            case 1: out += "\(indent)\(key): [" + (0..<pick(4)).map { _ in Self.scalars[pick(Self.scalars.count)] }.joined(separator: ", ") + "]\n"
            case 2: out += "\(indent)\(key):\n" + randomYAML(depth: depth + 1)
            default:
                out += "\(indent)\(key):\n"
                for _ in 0..<(1 + pick(3)) {
                    let item = randomYAML(depth: depth + 2)
                    out += "\(indent)  -" + item.dropFirst(indent.count + 3)
                }
            }
        }
        return out
    }
}

/// Mutates the files of the valid fixture sites thousands of times and builds each result:
/// the build never crashes or hangs, and every error it reports points at a line of a file
/// of the site.
@Suite("Fuzzed inputs")
struct FuzzTests {
    static let seed: UInt64 = 20261123
    static let mutationsPerWorker = Int(ProcessInfo.processInfo.environment["MAILLAGE_FUZZ_PER_WORKER"] ?? "") ?? 1_010
    static let workers = 2
    /// A build of a fixture site takes tens of milliseconds; ten seconds means it hangs.
    static let perBuildLimit = 10.0

    final class Tally: @unchecked Sendable {
        let lock = NSLock()
        var builds = 0, failures = 0, slowest = 0.0
        var kinds: [Mutation: Int] = [:]
        var secondsByKind: [Mutation: Double] = [:]
        var secondsBySite: [String: Double] = [:]
        var problems: [String] = []
        func add(_ body: (Tally) -> Void) { lock.lock(); body(self); lock.unlock() }
    }

    static func copyFixtures(into folder: URL) throws -> [URL] {
        try ["minimal", "agenda", "annuaire"].map { name in
            let copy = folder.appendingPathComponent(name)
            try FileManager.default.copyItem(at: FixtureSiteTests.fixtures.appendingPathComponent("good/\(name)"), to: copy)
            return copy
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func mutatedSitesNeverCrashOrHangAndEveryErrorIsLocated() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("maillage-fuzz-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let copies = try (0..<Self.workers).map { try Self.copyFixtures(into: folder.appendingPathComponent("w\($0)")) }
        let tally = Tally()
        let date = LocalDate(year: 2026, month: 11, day: 23)!
        let start = ContinuousClock.now
        DispatchQueue.concurrentPerform(iterations: Self.workers) { worker in
            var mutator = Mutator(random: SeededRandom(state: Self.seed &+ UInt64(worker)))
            let sites = copies[worker]
            let texts = sites.map { site in SiteLoader.walk(site, prefix: "").filter { $0.hasSuffix(".md") || $0.hasSuffix(".yaml") } }
            for iteration in 0..<Self.mutationsPerWorker {
                // The annuaire (photos, many filter pages) costs twice the others: drawn half as often.
                let s = [0, 0, 1, 1, 2][mutator.pick(5)]
                let site = sites[s]
                let path = texts[s][mutator.pick(texts[s].count)]
                let url = site.appendingPathComponent(path)
                guard let original = try? Data(contentsOf: url) else { continue }
                var mutated = [UInt8](original)
                var applied: [Mutation] = []
                for _ in 0..<(1 + mutator.pick(3)) {
                    let kind = Mutation.allCases[mutator.pick(Mutation.allCases.count)]
                    applied.append(kind)
                    mutated = mutator.mutate(mutated, kind)
                }
                try? Data(mutated).write(to: url)
                // Every mutation is loaded, parsed, resolved and processed: that is where input is
                // read and every diagnostic is made. One build in four also computes every page's
                // data, and one in sixteen renders the pages through the templates and checks
                // their anchors (in a debug build the template engine costs most of the time).
                let buildStart = ContinuousClock.now
                let depth: Build.Depth = iteration % 16 == 0 ? .pages : (iteration % 4 == 0 ? .pageData : .processed)
                let report = Build.run(BuildOptions(source: site, buildDate: date), write: false, depth: depth)
                let seconds = (ContinuousClock.now - buildStart).seconds
                var problems: [String] = []
                if seconds > Self.perBuildLimit { problems.append("build took \(seconds) s") }
                for error in report.errors {
                    if let problem = Self.unlocated(error, in: site, mutatedPath: path, mutated: mutated) { problems.append(problem) }
                }
                tally.add {
                    $0.builds += 1
                    $0.slowest = max($0.slowest, seconds)
                    for kind in applied { $0.kinds[kind, default: 0] += 1; $0.secondsByKind[kind, default: 0] += seconds }
                    $0.secondsBySite[site.lastPathComponent, default: 0] += seconds
                    $0.failures += problems.count
                    $0.problems += problems.map { "worker \(worker) iteration \(iteration), \(site.lastPathComponent)/\(path) \(applied): \($0)" }
                }
                try? original.write(to: url)
            }
        }
        let elapsed = (ContinuousClock.now - start).seconds
        let kinds = Mutation.allCases.map { "\($0.rawValue) \(tally.kinds[$0] ?? 0)" }.joined(separator: ", ")
        print("Fuzz : \(tally.builds) constructions de sites mutés en \(String(format: "%.1f", elapsed)) s (graine \(Self.seed), la plus lente \(String(format: "%.2f", tally.slowest)) s) ; \(kinds)")
        if ProcessInfo.processInfo.environment["MAILLAGE_FUZZ_PROFILE"] != nil {
            print(tally.secondsByKind.map { "\($0.key.rawValue) \(String(format: "%.1f", $0.value))" }.sorted(), tally.secondsBySite)
        }
        for problem in tally.problems.prefix(20) { Issue.record("\(problem)") }
        #expect(tally.failures == 0)
        #expect(tally.builds >= 2_000)
        #expect(Mutation.allCases.allSatisfy { (tally.kinds[$0] ?? 0) > 50 }, "every kind of mutation is exercised")
        #expect(tally.secondsBySite.count == 3, "every fixture is mutated")
        for site in copies.flatMap({ $0 }) {
            #expect(Build.run(BuildOptions(source: site, buildDate: date), write: false).errors.isEmpty, "\(site.lastPathComponent) builds again once restored")
        }
    }

    /// Why an error is not properly located, or nil when it is: it names an existing file of the
    /// site, a line inside that file, and says something.
    static func unlocated(_ error: Diagnostic, in site: URL, mutatedPath: String, mutated: [UInt8]) -> String? {
        let file = site.appendingPathComponent(error.location.file)
        guard !error.location.file.isEmpty, FileManager.default.fileExists(atPath: file.path) else { return "error in no file of the site: \(error)" }
        let bytes = error.location.file == mutatedPath ? mutated : ((try? [UInt8](Data(contentsOf: file))) ?? [])
        // Lines as an editor counts them: LF, CRLF and a lone CR each end one.
        let lines = SourceFile.normalizeLineEndings(bytes).withUnsafeBufferPointer { buffer in
            var count = 1
            for byte in buffer where byte == 0x0A { count += 1 }
            return count
        }
        guard error.location.line >= 1, error.location.line <= lines + 1 else { return "line \(error.location.line) outside the file (\(lines) lines): \(error)" }
        return error.message.isEmpty ? "error without a message: \(error)" : nil
    }

    /// Editors on Windows save with CRLF line endings and a byte-order mark: every file of every
    /// good fixture saved that way builds to exactly the same output.
    @Test(arguments: ["minimal", "agenda", "annuaire"])
    func windowsLineEndingsAndBOMBuildTheSameSite(name: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("maillage-crlf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = FixtureSiteTests.fixtures.appendingPathComponent("good/\(name)")
        let plain = folder.appendingPathComponent("plain"), windows = folder.appendingPathComponent("windows")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: source, to: plain)
        try FileManager.default.copyItem(at: source, to: windows)
        var converted = 0
        for path in SiteLoader.walk(windows, prefix: "") where path.hasSuffix(".md") || path.hasSuffix(".yaml") {
            let url = windows.appendingPathComponent(path)
            let text = try String(contentsOf: url, encoding: .utf8)
            try Data(([0xEF, 0xBB, 0xBF] as [UInt8]) + Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)).write(to: url)
            converted += 1
        }
        #expect(converted > 5)
        let date = LocalDate(year: 2026, month: 11, day: 23)!
        let a = Build.run(BuildOptions(source: plain, buildDate: date)), b = Build.run(BuildOptions(source: windows, buildDate: date))
        #expect(a.errors.isEmpty && b.errors.isEmpty, "\(DiagnosticPrinter(sources: b.sources).format(b.errors))")
        #expect(a.warnings.map(\.message) == b.warnings.map(\.message))
        let outA = try TreeHash.files(plain.appendingPathComponent("site")), outB = try TreeHash.files(windows.appendingPathComponent("site"))
        #expect(outA.count > 10)
        #expect(outA.keys.sorted() == outB.keys.sorted())
        for (path, data) in outA where outB[path] != data { Issue.record("\(path) differs between the LF and the CRLF+BOM builds") }
    }
}

/// Every file of an output tree, by relative path.
enum TreeHash {
    static func files(_ root: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for path in SiteLoader.walk(root, prefix: "") { files[path] = try Data(contentsOf: root.appendingPathComponent(path)) }
        return files
    }
}
