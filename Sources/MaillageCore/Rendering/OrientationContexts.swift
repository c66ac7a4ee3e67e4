import Foundation

/// The data of an orientation tree's page (`orientation.mustache`) and of its list.
extension SiteRenderer {
    func orientationContext(_ o: ResolvedOrientation, diagram: (text: String, width: Int, height: Int)) -> [String: Any] {
        var context = common(title: o.link.title, description: o.link.summary, address: o.link.address, section: "orientation",
                             breadcrumb: [("", "Accueil"), ("orientation/", Kind.orientation.plural)])
        let reached = o.tree.nodes.indices.filter { o.numbers[$0] > 0 }
        let questions = reached.filter { o.tree.nodes[$0].question != nil }.count
        let outcomes = reached.count - questions
        var orientation: [String: Any] = [
            "example": o.tree.example,
            "startAnchor": o.start.anchor,
            "countText": "\(questions) question\(questions > 1 ? "s" : ""), \(outcomes) issue\(outcomes > 1 ? "s" : "") possible\(outcomes > 1 ? "s" : "")",
            "steps": o.steps.indices.map { stepContext(o, $0) },
            "outline": [outlineItem(o, 0)],
            "diagramURL": url(o.link.address + Self.diagramName),
            "diagramWidth": diagram.width, "diagramHeight": diagram.height,
            "tags": terms(o.tags, folder: "etiquettes"), "territories": terms(o.territories, folder: "territoires"),
            "hasTerms": !o.tags.isEmpty || !o.territories.isEmpty,
        ]
        if let intro = o.introHTML { orientation["introHTML"] = intro }
        context["orientation"] = orientation
        return context
    }

    static let diagramName = "parcours.svg"

    /// One section of the page: a step as reached by one path, with the answers chosen so far.
    func stepContext(_ o: ResolvedOrientation, _ index: Int) -> [String: Any] {
        let step = o.steps[index]
        let node = o.tree.nodes[step.node]
        let trail = o.trail(to: index)
        var crumbs: [[String: Any]] = []
        for (at, next) in zip(trail, trail.dropFirst()) {
            let answer = o.steps[next].answer.flatMap { o.tree.nodes[o.steps[at].node].question?.answers[$0] }
            crumbs.append(["label": answer?.label ?? "", "target": o.steps[at].anchor])
        }
        var c: [String: Any] = [
            "anchor": step.anchor, "isStart": index == 0, "heading": node.text, "number": o.numbers[step.node],
            "crumbs": crumbs, "current": Format.excerpt(node.text, 70), "startAnchor": o.start.anchor,
            "hasParent": step.parent != nil, "parentAnchor": step.parent.map { o.steps[$0].anchor } ?? "",
            "isQuestion": node.question != nil, "isOutcome": node.outcome != nil,
            "answers": [[String: Any]](), "structures": [[String: Any]](), "people": [[String: Any]](),
        ]
        switch node.step {
        case .question:
            c["answers"] = zip(node.question!.answers, step.children).map { answer, child in
                ["label": answer.label, "target": o.steps[child].anchor]
            }
            if let help = o.nodeHTML[step.node] { c["helpHTML"] = help }
        case .outcome(let outcome):
            if let delay = outcome.delay { c["delay"] = delay }
            if let html = o.nodeHTML[step.node] { c["html"] = Self.withoutHeadingIDs(html) }
            var seen = Set<String>()
            c["structures"] = outcome.structures.compactMap { ref -> [String: Any]? in
                guard seen.insert(ref.value).inserted, let s = structuresByID[ref.value] else { return nil }
                return structureCard(s)
            }
            c["people"] = outcome.people.compactMap { ref -> [String: Any]? in
                guard seen.insert("person:" + ref.value).inserted, let p = peopleByID[ref.value] else { return nil }
                return personCard(p)
            }
        }
        return c
    }

    /// A structure's contact card: every key present (false when empty), so that no lookup
    /// falls through to an enclosing context.
    func structureCard(_ s: ResolvedStructure) -> [String: Any] {
        let st = s.structure
        return ["name": st.name, "url": url(s.link.address), "kind": st.kind ?? false, "address": st.address ?? false,
                "phone": st.phone ?? false, "phoneURL": st.phone.map(Format.telURL) ?? false, "email": st.email ?? false,
                "website": st.website?.value ?? false, "role": false, "structuresText": false,
                "hasLines": st.phone != nil || st.email != nil || st.address != nil || st.website != nil]
    }

    /// A person's contact card. Consent: email and phone only with `consent: true`.
    func personCard(_ p: ResolvedPerson) -> [String: Any] {
        let structures = p.person.structures.compactMap { site.link(.structure, $0.value) }
        let names = structures.map(\.title)
        var card: [String: Any] = ["name": p.person.name, "url": url(p.link.address), "kind": false, "address": false,
                                   "phone": false, "phoneURL": false, "email": false, "website": false,
                                   "role": p.person.role ?? false, "structuresText": names.isEmpty ? false : names.joined(separator: ", "),
                                   "reads": structures.map(\.address)]
        if p.person.consent {
            if let phone = p.person.phone { card["phone"] = phone; card["phoneURL"] = Format.telURL(phone) }
            if let email = p.person.email { card["email"] = email }
        }
        card["hasLines"] = p.person.consent && (p.person.phone != nil || p.person.email != nil)
        return card
    }

    /// An outcome's text may be repeated on the page (one section per path): its headings keep no id.
    static func withoutHeadingIDs(_ html: String) -> String {
        html.replacingOccurrences(of: #"<h([1-6]) id="[^"]*">"#, with: "<h$1>", options: .regularExpression)
    }

    /// The text version of the tree (and of its diagram): nested lists, each step once.
    func outlineItem(_ o: ResolvedOrientation, _ index: Int) -> [String: Any] {
        let step = o.steps[index]
        let node = o.tree.nodes[step.node]
        let answer = step.parent.flatMap { p in step.answer.map { o.tree.nodes[o.steps[p].node].question?.answers[$0].label } } ?? nil
        var item: [String: Any] = [
            "number": o.numbers[step.node], "text": node.text, "target": step.anchor,
            "answer": answer ?? false, "isReference": !step.isFirst, "isOutcome": node.outcome != nil,
            "delay": false, "contacts": false,
            "children": step.isFirst ? step.children.map { outlineItem(o, $0) } : [[String: Any]](),
        ]
        if step.isFirst, let outcome = node.outcome {
            item["delay"] = outcome.delay ?? false
            let contacts = (outcome.structures + outcome.people).compactMap { contactNames[$0.value] }
            item["contacts"] = contacts.isEmpty ? false : contacts.joined(separator: ", ")
        }
        return item
    }

    /// `/orientation/`: every tree, by title.
    func orientationListPages() -> [ListPage] {
        guard !site.orientations.isEmpty else { return [] }
        return paginate(address: "orientation/", title: Kind.orientation.plural,
                        description: "Arbres d’orientation — \(site.config.title)", section: "orientation",
                        intro: "Des arbres de décision pour savoir, question après question, quelle structure contacter et dans quel délai.",
                        groups: [("arbres", "Qui appeler ? Les parcours d’orientation", site.orientations.map { ($0.link, $0.tree.draft) })])
    }

    /// « Cette structure apparaît dans » (or person): the trees whose outcomes name it, each
    /// linked to its first outcome that does.
    func orientationMentions(_ kind: Kind, _ id: String) -> [[String: Any]] {
        site.orientations.compactMap { o -> [String: Any]? in
            let outcomes = o.steps.filter { step in
                guard step.isFirst, let outcome = o.tree.nodes[step.node].outcome else { return false }
                return (kind == .person ? outcome.people : outcome.structures).contains { $0.value == id }
            }
            guard let first = outcomes.first else { return nil }
            let titles = outcomes.map { "« \(o.tree.nodes[$0.node].text) »" }
            return ["title": o.link.title, "url": url(o.link.address) + "#" + first.anchor,
                    "detail": "issue\(titles.count > 1 ? "s" : "") \(titles.joined(separator: ", "))"]
        }
    }
}
