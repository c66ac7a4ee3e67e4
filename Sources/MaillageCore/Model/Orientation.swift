/// An orientation decision tree (`content/orientation/<id>.yaml`): questions whose answers lead
/// to other steps, down to outcomes that say what to do, how fast, and whom to contact.
public struct OrientationTree: Sendable {
    public var id: String
    public var path: String
    public var title: String
    public var summary: String?
    public var intro: MarkdownText?
    /// An example to adapt (a demo tree): the page says so.
    public var example: Bool
    public var tags: [Located<String>]
    public var territories: [Located<String>]
    public var draft: Bool
    /// The index in `nodes` of the first step (`start:`, or the first node written).
    public var start: Int
    /// In file order.
    public var nodes: [OrientationNode]

    public func index(of id: String) -> Int? { nodes.firstIndex { $0.id == id } }
}

/// A step of a tree: a question, or an outcome.
public struct OrientationNode: Sendable {
    /// The node's key under `nodes:`, unique in its tree.
    public var id: String
    /// Where the key is written.
    public var location: SourceLocation
    public var step: Step

    public enum Step: Sendable {
        case question(OrientationQuestion)
        case outcome(OrientationOutcome)
    }

    public var question: OrientationQuestion? {
        if case .question(let q) = step { return q }
        return nil
    }

    public var outcome: OrientationOutcome? {
        if case .outcome(let o) = step { return o }
        return nil
    }

    /// What the step says in one line: the question, or the outcome's title.
    public var text: String {
        switch step {
        case .question(let q): q.text
        case .outcome(let o): o.title
        }
    }
}

public struct OrientationQuestion: Sendable {
    public var text: String
    public var help: MarkdownText?
    public var answers: [OrientationAnswer]
}

public struct OrientationAnswer: Sendable {
    public var label: String
    /// The id of the node it leads to.
    public var next: Located<String>
}

public struct OrientationOutcome: Sendable {
    public var title: String
    /// What to do, in Markdown.
    public var text: MarkdownText?
    /// How fast (« sous 15 jours »).
    public var delay: String?
    /// Structures to contact (annuaire ids).
    public var structures: [Located<String>]
    /// People to contact (trombinoscope ids); their contacts only with their consent.
    public var people: [Located<String>]
}
