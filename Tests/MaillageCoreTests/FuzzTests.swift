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

/// Mutates the files of a valid fixture site many times and builds each result: the build
/// never crashes, and every error it reports points into a file of the site.
@Suite("Fuzzed inputs")
struct FuzzTests {
    static let junk = ["key: [unclosed", ": :", "- - -", "\t\ttab: x", "title: \"", "date: 2026-99-99", "'", "{", "&a *b",
                       "sessions: 3", "tags: {a: b}", "start: demain", "photo: ../../../../etc/passwd", "file: /dev/zero",
                       "[lien](../nulle/part.md)", "<script>alert(1)</script>", "---", "...", String(repeating: "[", count: 3000)]

    static func mutate(_ bytes: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
        var data = bytes
        let position = data.isEmpty ? 0 : Int.random(in: 0..<data.count, using: &random)
        switch Int.random(in: 0..<10, using: &random) {
        case 0: if !data.isEmpty { data[position] ^= UInt8.random(in: 1...255, using: &random) }
        case 1: data = Array(data.prefix(position))
        case 2: data.insert(0, at: position)
        case 3: data = [0xEF, 0xBB, 0xBF] + data
        case 4: data = Array(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8)
        case 5:
            var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            if !lines.isEmpty { lines.remove(at: Int.random(in: 0..<lines.count, using: &random)) }
            data = Array(lines.joined(separator: "\n").utf8)
        case 6:
            var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines.insert(junk.randomElement(using: &random)!, at: Int.random(in: 0...lines.count, using: &random))
            data = Array(lines.joined(separator: "\n").utf8)
        case 7: data.insert(contentsOf: [0xC3, 0x28, 0xFF], at: position)
        case 8: data.insert(contentsOf: Array(String(repeating: "é", count: 50_000).utf8), at: position)
        default:
            var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.count > 1 {
                let i = Int.random(in: 0..<lines.count, using: &random)
                lines.insert(lines[i], at: i)
            }
            data = Array(lines.joined(separator: "\n").utf8)
        }
        return data
    }

    @Test func mutatedSitesNeverCrashAndEveryErrorIsLocated() throws {
        let source = FixtureSiteTests.fixtures.appendingPathComponent("good/minimal")
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("maillage-fuzz-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        let texts = SiteLoader.walk(copy, prefix: "").filter { $0.hasSuffix(".md") || $0.hasSuffix(".yaml") }
        var random = SeededRandom(state: 20261123)
        var failures = 0
        let iterations = 600
        for iteration in 0..<iterations {
            let path = texts.randomElement(using: &random)!
            let url = copy.appendingPathComponent(path)
            let original = try Data(contentsOf: url)
            var mutated = [UInt8](original)
            for _ in 0..<Int.random(in: 1...3, using: &random) { mutated = Self.mutate(mutated, &random) }
            try Data(mutated).write(to: url)
            let report = Build.run(BuildOptions(source: copy, buildDate: LocalDate(year: 2026, month: 11, day: 23)!), write: false)
            for error in report.errors {
                let exists = FileManager.default.fileExists(atPath: copy.appendingPathComponent(error.location.file).path)
                if !exists || error.location.line < 1 || error.message.isEmpty {
                    failures += 1
                    Issue.record("iteration \(iteration), \(path): unlocated error \(error)")
                }
            }
            try original.write(to: url)
        }
        #expect(failures == 0)
        #expect(Build.run(BuildOptions(source: copy), write: false).errors.isEmpty, "the restored site builds again")
    }
}
