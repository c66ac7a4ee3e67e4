import Foundation
import Testing
@testable import MaillageCore

/// Decoding and splitting a text file: what every later line number depends on.
@Suite("Source files")
struct SourceFileTests {
    @Test(arguments: [
        ("a\r\nb", "a\nb"), ("a\rb", "a\nb"), ("a\r\r\nb", "a\n\nb"), ("a\n\rb", "a\n\nb"), ("\u{FEFF}a\r\n", "a\n"), ("a\r", "a\n"),
    ])
    func lineEndingsBecomeLineFeeds(raw: String, expected: String) throws {
        let file = try SourceFile.decode(path: "x.md", data: Data(raw.utf8)).get()
        #expect(file.text == expected)
    }

    @Test(arguments: [
        ("---\n---\ncorps", "", "corps", 3),
        ("---\ntitle: A\n---", "title: A", "", 4),
        ("--- \ntitle: A\ndate: 2026-01-01\n...\nligne 5\nligne 6", "title: A\ndate: 2026-01-01", "ligne 5\nligne 6", 5),
        ("---\ntitle: \"---\"\n  ---  \n\n", "title: \"---\"", "\n", 4),
    ])
    func frontMatterIsSplitAtItsFences(text: String, yaml: String, body: String, bodyLine: Int) throws {
        let split = try FrontMatterSplit.split(SourceFile(path: "x.md", text: text)).get()
        #expect(split.yaml == yaml)
        #expect(split.body == body)
        #expect(split.yamlFirstLine == 2)
        #expect(split.bodyFirstLine == bodyLine)
    }

    @Test(arguments: [("", "missing-front-matter"), ("title: A\n---\n", "missing-front-matter"), ("---\ntitle: A\n", "unclosed-front-matter"), ("---", "unclosed-front-matter")])
    func aMissingFenceIsAnErrorOnLineOne(text: String, code: String) {
        guard case .failure(let diagnostic) = FrontMatterSplit.split(SourceFile(path: "x.md", text: text)) else {
            Issue.record("\(text.debugDescription) should not split")
            return
        }
        #expect(diagnostic.code == code)
        #expect(diagnostic.location.line == 1)
    }
}
