import Foundation

/// Parse stage for `content/orientation/<id>.yaml`: one decision tree per file, read key by key,
/// then checked as a whole (every answer leads to a step, every step is reached, no step leads
/// back to itself). References to the annuaire and trombinoscope are checked by the resolver.
enum OrientationParser {
    static let nodesExample = "\n  debut:\n    question: Sur quel domaine porte l’alerte ?\n    answers:\n      - label: Mobilité\n        next: mobilite\n  mobilite:\n    outcome: Évaluation de la mobilité"

    static func parse(_ file: SourceFile, id: String) -> (OrientationTree?, [Diagnostic]) {
        var r: FieldReader
        switch ContentParser.yamlReader(file) {
        case .success(let reader): r = reader
        case .failure(let d): return (nil, [d])
        }
        let title = r.string("title", required: "le titre de l’arbre d’orientation")
        let summary = r.string("summary")?.value
        let intro = r.markdown("intro")
        let example = r.bool("example") ?? false
        let tags = r.strings("tags")
        let territories = r.strings("territories")
        let draft = r.bool("draft") ?? false
        let start = r.string("start")
        let hasNodes = r.has("nodes")
        var nodes: [OrientationNode] = []
        var nodeDiagnostics: [Diagnostic] = []
        for (name, var reader) in r.namedMappings("nodes", example: nodesExample) {
            if let node = parseNode(name, &reader) { nodes.append(node) }
            nodeDiagnostics += reader.finish(context: "dans l’étape « \(name.value) »", group: "orientation.step")
        }
        r.appendDiagnostics(nodeDiagnostics)
        if !hasNodes {
            r.appendDiagnostics([.error(.missingKey, at: r.origin, "il manque « nodes » (les étapes de l’arbre : questions et issues)",
                                        help: "ajoutez par exemple :\nnodes:\(nodesExample)")])
        }
        var tree = OrientationTree(id: id, path: file.path, title: title?.value ?? id, summary: summary,
                                   intro: intro.map { MarkdownText(text: $0.value, file: file.path, firstLine: $0.location.line) },
                                   example: example, tags: tags, territories: territories, draft: draft, start: 0, nodes: nodes)
        if let start, let index = tree.index(of: start.value) { tree.start = index }
        if !nodes.isEmpty { r.appendDiagnostics(OrientationChecks.check(tree, start: start)) }
        let diagnostics = r.finish(context: "pour un arbre d’orientation", group: "orientation")
        return (nodes.isEmpty ? nil : tree, diagnostics)
    }

    /// One step: `question:` with `answers:`, or `outcome:` with what to do and whom to contact.
    static func parseNode(_ name: Located<String>, _ r: inout FieldReader) -> OrientationNode? {
        let isQuestion = r.has("question")
        let isOutcome = r.has("outcome")
        if isQuestion && isOutcome {
            r.appendDiagnostic(.error(.stepKind, at: r.location(of: "outcome"),
                                      "l’étape « \(name.value) » est à la fois une question et une issue",
                                      help: "gardez « question: » (avec ses réponses) ou « outcome: » (ce qu’il faut faire), pas les deux ; créez une autre étape pour l’autre"))
        }
        if isOutcome && !isQuestion {
            let title = r.string("outcome", required: "le titre de l’issue")
            let text = r.markdown("text")
            let outcome = OrientationOutcome(
                title: title?.value ?? name.value,
                text: text.map { MarkdownText(text: $0.value, file: name.location.file, firstLine: $0.location.line) },
                delay: r.string("delay")?.value, structures: r.strings("structures"), people: r.strings("people"))
            return OrientationNode(id: name.value, location: name.location, step: .outcome(outcome))
        }
        guard isQuestion else {
            r.appendDiagnostic(.error(.stepKind, at: name.location, "l’étape « \(name.value) » n’a ni « question » ni « outcome »",
                                      help: "une étape pose une question (question: … et answers:) ou donne une issue (outcome: …)"))
            // Kept as a bare outcome, so that the answers leading to it are not reported too.
            return OrientationNode(id: name.value, location: name.location,
                                   step: .outcome(OrientationOutcome(title: name.value, text: nil, delay: nil, structures: [], people: [])))
        }
        let question = r.string("question", required: "le texte de la question")
        let help = r.markdown("help")
        let hasAnswers = r.has("answers")
        var answers: [OrientationAnswer] = []
        var answerDiagnostics: [Diagnostic] = []
        for var a in r.mappings("answers") {
            let label = a.string("label", required: "le texte de la réponse")
            let next = a.string("next", required: "l’étape où mène cette réponse")
            answerDiagnostics += a.finish(context: "dans une réponse")
            if let label, let next { answers.append(OrientationAnswer(label: label.value, next: next)) }
        }
        r.appendDiagnostics(answerDiagnostics)
        if !hasAnswers {
            r.appendDiagnostic(.error(.missingKey, at: name.location, "la question « \(name.value) » n’a pas de réponses (« answers »)",
                                      help: "ajoutez par exemple :\n    answers:\n      - label: Oui\n        next: etape-suivante"))
        }
        return OrientationNode(id: name.value, location: name.location,
                               step: .question(OrientationQuestion(
                                   text: question?.value ?? name.value,
                                   help: help.map { MarkdownText(text: $0.value, file: name.location.file, firstLine: $0.location.line) },
                                   answers: answers)))
    }
}
