import Foundation

/// The overview diagram of an orientation tree: an SVG flowchart laid out here, in Swift,
/// without Graphviz — the binary stays self-contained, the output is the same on every
/// machine, and the layout suits printing: an indented tree (each answer's step below and
/// to the right of its question) keeps a fixed width whatever the number of answers, so the
/// text stays readable on an A4 page where a top-down chart of six branches would not.
/// A step reached a second time is drawn as a dashed reference to its number.
struct Flowchart {
    let orientation: ResolvedOrientation
    /// Structure and person names by id, for the outcomes' contacts.
    let names: [String: String]

    static let minWidth = 860.0
    static let margin = 12.0
    static let indent = 32.0
    static let padding = 7.0
    static let fontSize = 14.0
    static let lineHeight = 18.0
    static let labelHeight = 19.0
    static let gap = 6.0
    /// Average advance of a character of DejaVu Sans / Verdana, as a fraction of the font size
    /// (wide fonts, so that lines never overflow their box).
    static let charWidth = 0.6

    struct Entry {
        var step: Int
        var answer: String?
        var parentEntry: Int?
        var depth: Int
    }

    /// What the diagram shows, in reading order: first appearances expanded, later ones as references.
    func entries() -> [Entry] {
        var entries: [Entry] = []
        var stack: [(step: Int, parentEntry: Int?)] = [(0, nil)]
        while let (index, parentEntry) = stack.popLast() {
            let step = orientation.steps[index]
            let answer = step.parent.flatMap { p in step.answer.map { orientation.tree.nodes[orientation.steps[p].node].question?.answers[$0].label } } ?? nil
            entries.append(Entry(step: index, answer: answer, parentEntry: parentEntry, depth: step.depth))
            if step.isFirst {
                let me = entries.count - 1
                for child in step.children.reversed() { stack.append((child, me)) }
            }
        }
        return entries
    }

    struct Box {
        var x, y, width, height: Double
        var lines: [(text: String, bold: Bool, italic: Bool)]
        var style: Style
        var number: Int
        var label: (text: String, y: Double)?
        enum Style { case question, outcome, reference }
    }

    func layout() -> (boxes: [Box], parents: [Int?], width: Double, height: Double) {
        let entries = entries()
        let maxDepth = Double(entries.map(\.depth).max() ?? 0)
        let width = max(Self.minWidth, Self.margin * 2 + maxDepth * Self.indent + 340)
        var boxes: [Box] = []
        var y = Self.margin
        for entry in entries {
            let step = orientation.steps[entry.step]
            let node = orientation.tree.nodes[step.node]
            let x = Self.margin + Double(entry.depth) * Self.indent
            var label: (String, Double)?
            if let answer = entry.answer {
                label = ("Si « \(answer) »", y + 14)
                y += Self.labelHeight
            }
            let boxWidth = width - Self.margin - x
            let columns = max(12, Int((boxWidth - 2 * Self.padding - 30) / (Self.fontSize * Self.charWidth)))
            var lines: [(String, Bool, Bool)] = []
            let style: Box.Style
            if !step.isFirst {
                style = .reference
                lines = Self.wrap("Suite à l’étape \(orientation.numbers[step.node]) : \(node.text)", columns).map { ($0, false, true) }
            } else if let outcome = node.outcome {
                style = .outcome
                lines = Self.wrap(outcome.title, Int(Double(columns) * 0.92)).map { ($0, true, false) }
                let contacts = (outcome.structures + outcome.people).compactMap { names[$0.value] }
                let details = [outcome.delay.map { "Délai : \($0)" }, contacts.isEmpty ? nil : "Contacter : \(contacts.joined(separator: ", "))"]
                    .compactMap { $0 }.joined(separator: " · ")
                lines += Self.wrap(details, columns).map { ($0, false, false) }
            } else {
                style = .question
                lines = Self.wrap(node.text, columns).map { ($0, false, false) }
            }
            let height = 2 * Self.padding + Double(max(lines.count, 1)) * Self.lineHeight + 4
            boxes.append(Box(x: x, y: y, width: boxWidth, height: height, lines: lines, style: style,
                             number: orientation.numbers[step.node], label: label.map { (text: $0.0, y: $0.1) }))
            y += height + Self.gap
        }
        return (boxes, entries.map(\.parentEntry), width, y + Self.margin - Self.gap)
    }

    /// The SVG document: valid XML, `role="img"` with a `<title>` and a `<desc>` that tells the
    /// whole tree in words.
    func svg() -> (text: String, width: Int, height: Int) {
        let (boxes, parents, width, height) = layout()
        let w = Int(width.rounded(.up)), h = Int(height.rounded(.up))
        var out = """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 \(w) \(h)" width="\(w)" height="\(h)" role="img" aria-labelledby="titre description" xml:lang="fr" font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-size="\(Self.number(Self.fontSize))">
        <title id="titre">\(Format.xmlEscape("Schéma de l’arbre d’orientation « \(orientation.tree.title) »"))</title>
        <desc id="description">\(Format.xmlEscape(description()))</desc>
        <defs><marker id="fleche" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#4a5360"/></marker></defs>
        <rect x="0" y="0" width="\(w)" height="\(h)" fill="#ffffff"/>

        """
        // Connectors first, under the boxes: down from the question's number, then right to the step.
        for (i, box) in boxes.enumerated() {
            guard let p = parents[i] else { continue }
            let parent = boxes[p]
            let trunk = parent.x + Self.padding + 11
            let middle = box.y + Self.padding + Self.lineHeight / 2 + 2
            out += "<path d=\"M\(Self.number(trunk)),\(Self.number(parent.y + parent.height)) V\(Self.number(middle)) H\(Self.number(box.x - 1))\" fill=\"none\" stroke=\"#4a5360\" stroke-width=\"1.5\" marker-end=\"url(#fleche)\"/>\n"
        }
        for box in boxes {
            if let label = box.label {
                out += "<text x=\"\(Self.number(box.x + 2))\" y=\"\(Self.number(label.y))\" font-size=\"13\" font-style=\"italic\" fill=\"#3d4550\">\(Format.xmlEscape(label.text))</text>\n"
            }
            let (fill, stroke, dash, strokeWidth): (String, String, String, String) = switch box.style {
            case .question: ("#eef3fb", "#1d3c6e", "", "1.5")
            case .outcome: ("#e6f4f1", "#0b6e69", "", "2.5")
            case .reference: ("#ffffff", "#4a5360", " stroke-dasharray=\"5 4\"", "1.5")
            }
            out += "<g>\n<rect x=\"\(Self.number(box.x))\" y=\"\(Self.number(box.y))\" width=\"\(Self.number(box.width))\" height=\"\(Self.number(box.height))\" rx=\"6\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"\(strokeWidth)\"\(dash)/>\n"
            let cx = box.x + Self.padding + 11, cy = box.y + Self.padding + Self.lineHeight / 2 + 2
            if box.style != .reference {
                out += "<circle cx=\"\(Self.number(cx))\" cy=\"\(Self.number(cy))\" r=\"11\" fill=\"\(stroke)\"/>\n"
                out += "<text x=\"\(Self.number(cx))\" y=\"\(Self.number(cy + 4.5))\" font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#ffffff\">\(box.number)</text>\n"
            }
            let textX = box.style == .reference ? box.x + Self.padding + 4 : box.x + Self.padding + 30
            for (n, line) in box.lines.enumerated() {
                let y = box.y + Self.padding + Self.lineHeight * Double(n) + 16
                let weight = line.bold ? " font-weight=\"bold\"" : ""
                let italic = line.italic ? " font-style=\"italic\"" : ""
                out += "<text x=\"\(Self.number(textX))\" y=\"\(Self.number(y))\" fill=\"#1b1f24\"\(weight)\(italic)>\(Format.xmlEscape(line.text))</text>\n"
            }
            out += "</g>\n"
        }
        out += "</svg>\n"
        return (out, w, h)
    }

    /// The tree told in words, step by step, for the `<desc>` of the diagram.
    func description() -> String {
        let tree = orientation.tree
        let questions = tree.nodes.indices.filter { orientation.numbers[$0] > 0 && tree.nodes[$0].question != nil }.count
        let outcomes = tree.nodes.indices.filter { orientation.numbers[$0] > 0 && tree.nodes[$0].outcome != nil }.count
        var parts = ["\(questions) question\(questions > 1 ? "s" : "") et \(outcomes) issue\(outcomes > 1 ? "s" : "")."]
        let order = tree.nodes.indices.filter { orientation.numbers[$0] > 0 }.sorted { orientation.numbers[$0] < orientation.numbers[$1] }
        for i in order {
            let node = tree.nodes[i]
            let number = orientation.numbers[i]
            switch node.step {
            case .question(let q):
                let answers = q.answers.compactMap { a in tree.index(of: a.next.value).map { "« \(a.label) » mène à l’étape \(orientation.numbers[$0])" } }
                parts.append("Étape \(number), question : \(q.text) \(answers.joined(separator: " ; ")).")
            case .outcome(let o):
                var text = "Étape \(number), issue : \(o.title)"
                if let delay = o.delay { text += ", délai \(delay)" }
                let contacts = (o.structures + o.people).compactMap { names[$0.value] }
                if !contacts.isEmpty { text += ", contacter \(contacts.joined(separator: ", "))" }
                parts.append(text + ".")
            }
        }
        return parts.joined(separator: " ")
    }

    /// Words greedily packed into lines of at most `columns` characters (a longer word stands alone).
    /// French high punctuation (« ? », « : »…) stays with the word before it.
    static func wrap(_ text: String, _ columns: Int) -> [String] {
        var words: [String] = []
        for word in text.split(whereSeparator: \.isWhitespace) {
            if let last = words.last, ["?", "!", ":", ";", "»"].contains(word) || last == "«" {
                words[words.count - 1] = last + " " + word
            } else {
                words.append(String(word))
            }
        }
        var lines: [String] = []
        var current = ""
        for word in words {
            if current.isEmpty {
                current = word
            } else if current.count + 1 + word.count <= columns {
                current += " " + word
            } else {
                lines.append(current)
                current = word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// A coordinate with at most one decimal, the same on every machine.
    static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? String(tenths / 10) : String(format: "%d.%d", tenths / 10, abs(tenths % 10))
    }
}
