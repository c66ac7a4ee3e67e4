/// The checks that make a set of steps a usable decision tree, each problem located where it is
/// written: every answer leads to an existing step, every step is reached from the first one,
/// and no answer leads back to a step already on the way (a reader would go round in circles).
enum OrientationChecks {
    /// Beyond this many distinct paths, the page (one section per path) would be too long.
    static let maxPaths = 400

    static func check(_ tree: OrientationTree, start written: Located<String>?) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let ids = tree.nodes.map(\.id)
        var index: [String: Int] = [:]
        var slugs: [String: String] = [:]
        for (i, node) in tree.nodes.enumerated() {
            index[node.id] = i
            let slug = Slug.make(node.id)
            if slug.isEmpty {
                diagnostics.append(.error(.stepId, at: node.location, "le nom d’étape « \(node.id) » ne contient aucune lettre ni chiffre",
                                          help: "nommez l’étape avec des lettres sans accents, des chiffres et des tirets : cognition, appel-dac"))
            } else if let other = slugs[slug] {
                diagnostics.append(.error(.stepId, at: node.location, "les étapes « \(other) » et « \(node.id) » auraient la même adresse #etape-\(slug)",
                                          help: "renommez l’une des deux"))
            } else {
                slugs[slug] = node.id
            }
        }
        if let written, index[written.value] == nil {
            diagnostics.append(.error(.unknownStep, at: written.location, "« start » désigne une étape inconnue « \(written.value) »",
                                      help: Suggestion.help(for: written.value, among: ids, otherwise: "les étapes de cet arbre sont : \(ids.joined(separator: ", "))")))
            return diagnostics
        }

        // Every answer leads to an existing step.
        var edges: [[(answer: OrientationAnswer, target: Int)]] = Array(repeating: [], count: tree.nodes.count)
        var suggested = Set<Int>()
        for (i, node) in tree.nodes.enumerated() {
            for answer in node.question?.answers ?? [] {
                if let target = index[answer.next.value] {
                    edges[i].append((answer, target))
                    continue
                }
                let best = Suggestion.closest(to: answer.next.value, among: ids)
                if let best, let b = index[best] { suggested.insert(b) }
                diagnostics.append(.error(.unknownStep, at: answer.next.location,
                                          "la réponse « \(answer.label) » mène à une étape inconnue « \(answer.next.value) »",
                                          help: best.map { "vouliez-vous dire « \($0) » ?" }
                                              ?? "« next » est le nom d’une étape de « nodes » ; celles de cet arbre sont : \(ids.joined(separator: ", "))"))
            }
        }

        // No way back: a depth-first walk from the start, where an answer leading to a step
        // still on the current path closes a circle.
        enum Mark { case new, onPath, done }
        var marks = Array(repeating: Mark.new, count: tree.nodes.count)
        var stack: [(node: Int, next: Int)] = [(tree.start, 0)]
        marks[tree.start] = .onPath
        var hasCycle = false
        var finished: [Int] = []
        while let top = stack.last {
            guard top.next < edges[top.node].count else {
                marks[top.node] = .done
                finished.append(top.node)
                stack.removeLast()
                continue
            }
            stack[stack.count - 1].next += 1
            let (answer, target) = edges[top.node][top.next]
            switch marks[target] {
            case .new:
                marks[target] = .onPath
                stack.append((target, 0))
            case .onPath:
                hasCycle = true
                let from = stack.firstIndex { $0.node == target }!
                let circle = (stack[from...].map { tree.nodes[$0.node].id } + [tree.nodes[target].id]).joined(separator: " → ")
                diagnostics.append(.error(.orientationCycle, at: answer.next.location,
                                          "la réponse « \(answer.label) » ramène à l’étape « \(answer.next.value) », déjà passée : le parcours tournerait en rond (\(circle))",
                                          help: "un arbre d’orientation va toujours vers l’avant : faites mener cette réponse à une nouvelle étape ou à une issue"))
            case .done:
                break
            }
        }

        // Every step is reached. Unreached steps are reported by group: the first of a group
        // (one no other unreached step leads to), with the steps only it leads to.
        let unreached = Set(tree.nodes.indices.filter { marks[$0] == .new })
        var covered = Set<Int>()
        let targetedFromUnreached = Set(unreached.flatMap { edges[$0].map(\.target) }.filter { unreached.contains($0) })
        let roots = tree.nodes.indices.filter { unreached.contains($0) && !targetedFromUnreached.contains($0) }
        let rest = tree.nodes.indices.filter { unreached.contains($0) }
        // A question without answers already has its error; the steps it would lead to are not reported.
        let incomplete = tree.nodes.contains { $0.question?.answers.isEmpty == true }
        for i in roots + rest where !covered.contains(i) && !incomplete {
            var group: [Int] = []
            var queue = [i]
            covered.insert(i)
            while let n = queue.popLast() {
                group.append(n)
                for edge in edges[n] where unreached.contains(edge.target) && covered.insert(edge.target).inserted {
                    queue.append(edge.target)
                }
            }
            // A misspelt `next` already says where it should lead: one mistake, one error.
            if suggested.contains(i) { continue }
            let node = tree.nodes[i]
            let others = group.dropFirst().sorted().map { "« \(tree.nodes[$0].id) »" }
            diagnostics.append(.error(.unreachableStep, at: node.location,
                                      "l’étape « \(node.id) » n’est jamais atteinte : aucune réponse n’y mène depuis le début (« \(tree.nodes[tree.start].id) »)"
                                        + (others.isEmpty ? "" : ", pas plus que \(others.joined(separator: ", ")) qui en dépend\(others.count > 1 ? "ent" : "")"),
                                      help: "ajoutez une réponse « next: \(node.id) » à une question, ou supprimez cette étape"))
        }

        // A page section per path: refuse trees whose paths multiply beyond reason.
        if !hasCycle, paths(finished, edges: edges)[tree.start] ?? 0 > maxPaths {
            diagnostics.append(.error(.tooManyPaths, at: written?.location ?? tree.nodes[tree.start].location,
                                      "cet arbre a plus de \(maxPaths) chemins différents du début aux issues : la page serait illisible",
                                      help: "découpez-le en plusieurs arbres, ou faites mener moins de réponses aux mêmes étapes"))
        }
        return diagnostics
    }

    /// For each step reached, the number of paths from it to the end of the tree (itself
    /// included): a step's section is repeated once per path that reaches it. `finished` lists
    /// the steps children first (the walk's finishing order), so no recursion is needed.
    static func paths(_ finished: [Int], edges: [[(answer: OrientationAnswer, target: Int)]]) -> [Int: Int] {
        var count: [Int: Int] = [:]
        for n in finished {
            count[n] = edges[n].reduce(1) { min($0 + (count[$1.target] ?? 0), Int.max / 4) }
        }
        return count
    }
}
