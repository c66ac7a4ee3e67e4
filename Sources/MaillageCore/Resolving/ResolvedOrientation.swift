/// An orientation tree ready to render: its address, its Markdown rendered, its references
/// checked, and its steps laid out as a reader meets them.
public struct ResolvedOrientation: Sendable {
    public var tree: OrientationTree
    public var link: PageLink
    public var introHTML: String?
    /// Rendered Markdown by node index: a question's help, an outcome's text.
    public var nodeHTML: [Int: String]
    public var tags: [Term]
    public var territories: [Term]
    /// One step per path from the start, in reading order (depth first, answers in order):
    /// a step reached by two answers appears twice, each with its own trail of answers.
    public var steps: [OrientationStep]
    /// Each node's number (1, 2…), in order of first appearance; 0 for a node never reached.
    public var numbers: [Int]

    public var start: OrientationStep { steps[0] }
}

/// A step as reached by one path: the node, the step it came from and by which answer.
public struct OrientationStep: Sendable {
    /// The HTML id (and URL fragment) of its section: `etape-cognition`, then `etape-cognition--2`…
    public var anchor: String
    /// Index in the tree's nodes.
    public var node: Int
    /// Index in `steps` of the step before, and of the answer chosen there.
    public var parent: Int?
    public var answer: Int?
    public var depth: Int
    /// Indexes in `steps` of the steps each answer leads to, in answer order.
    public var children: [Int]
    /// The node's first appearance: the diagram and text version expand only these, and
    /// show later appearances as a reference to it.
    public var isFirst: Bool
}

extension ResolvedOrientation {
    /// Unfolds a tree into its steps. Safe on an invalid tree (the build then stops before
    /// rendering): unknown targets are skipped, circles cut, and the count bounded.
    static func steps(of tree: OrientationTree) -> (steps: [OrientationStep], numbers: [Int]) {
        guard tree.nodes.indices.contains(tree.start) else { return ([], []) }
        var index: [String: Int] = [:]
        for (i, node) in tree.nodes.enumerated() where index[node.id] == nil { index[node.id] = i }
        var steps: [OrientationStep] = []
        var seen: [Int: Int] = [:]
        var numbers = Array(repeating: 0, count: tree.nodes.count)
        var next = 1
        func add(_ node: Int, parent: Int?, answer: Int?, depth: Int) -> Int {
            let occurrence = (seen[node] ?? 0) + 1
            seen[node] = occurrence
            if occurrence == 1 {
                numbers[node] = next
                next += 1
            }
            let slug = Slug.make(tree.nodes[node].id)
            steps.append(OrientationStep(anchor: "etape-\(slug)" + (occurrence > 1 ? "--\(occurrence)" : ""), node: node, parent: parent,
                                         answer: answer, depth: depth, children: [], isFirst: occurrence == 1))
            return steps.count - 1
        }
        // Depth first, with an explicit stack: (step, next answer to follow).
        var stack: [(step: Int, answer: Int)] = [(add(tree.start, parent: nil, answer: nil, depth: 0), 0)]
        let limit = OrientationChecks.maxPaths * 2
        while let top = stack.last {
            let answers = tree.nodes[steps[top.step].node].question?.answers ?? []
            guard top.answer < answers.count, steps.count < limit else {
                stack.removeLast()
                continue
            }
            stack[stack.count - 1].answer += 1
            guard let target = index[answers[top.answer].next.value],
                  !stack.contains(where: { steps[$0.step].node == target }) else { continue }
            let child = add(target, parent: top.step, answer: top.answer, depth: steps[top.step].depth + 1)
            steps[top.step].children.append(child)
            stack.append((child, 0))
        }
        return (steps, numbers)
    }

    /// The steps from the start to `step`, both included.
    func trail(to step: Int) -> [Int] {
        var trail = [step]
        while let parent = steps[trail[0]].parent { trail.insert(parent, at: 0) }
        return trail
    }
}
