import Foundation

/// The model of an orientation tree's page (`orientation.mustache`) and of its list.
extension SiteRenderer {
    func orientationModel(_ o: ResolvedOrientation, diagram: (text: String, width: Int, height: Int)) -> PageModel {
        let reached = o.tree.nodes.indices.filter { o.numbers[$0] > 0 }
        let questions = reached.filter { o.tree.nodes[$0].question != nil }.count
        let outcomes = reached.count - questions
        let orientation = OrientationModel(
            example: o.tree.example, startAnchor: o.start.anchor,
            countText: "\(questions) question\(questions > 1 ? "s" : ""), \(outcomes) issue\(outcomes > 1 ? "s" : "") possible\(outcomes > 1 ? "s" : "")",
            steps: o.steps.indices.map { step(o, $0) }, outline: [outlineItem(o, 0)],
            diagramURL: url(o.link.address + Self.diagramName), diagramWidth: diagram.width, diagramHeight: diagram.height,
            tags: terms(o.tags, folder: "etiquettes"), territories: terms(o.territories, folder: "territoires"), introHTML: o.introHTML)
        return PageModel(chrome: chrome(title: o.link.title, description: o.link.summary, address: o.link.address, section: "orientation",
                                        breadcrumb: [("", "Accueil"), ("orientation/", Kind.orientation.plural)]),
                         content: .orientation(orientation))
    }

    static let diagramName = "parcours.svg"

    /// One section of the page: a step as reached by one path, with the answers chosen so far.
    func step(_ o: ResolvedOrientation, _ index: Int) -> StepModel {
        let step = o.steps[index]
        let node = o.tree.nodes[step.node]
        let trail = o.trail(to: index)
        let crumbs = zip(trail, trail.dropFirst()).map { at, next in
            let answer = o.steps[next].answer.flatMap { o.tree.nodes[o.steps[at].node].question?.answers[$0] }
            return AnswerLink(label: answer?.label ?? "", target: o.steps[at].anchor)
        }
        var model = StepModel(anchor: step.anchor, isStart: index == 0, heading: node.text, number: o.numbers[step.node],
                                    crumbs: crumbs, current: Format.excerpt(node.text, 70), startAnchor: o.start.anchor,
                                    parentAnchor: step.parent.map { o.steps[$0].anchor },
                                    isQuestion: node.question != nil, isOutcome: node.outcome != nil)
        switch node.step {
        case .question:
            model.answers = zip(node.question!.answers, step.children).map { answer, child in
                AnswerLink(label: answer.label, target: o.steps[child].anchor)
            }
            model.helpHTML = o.nodeHTML[step.node]
        case .outcome(let outcome):
            model.delay = outcome.delay
            model.html = o.nodeHTML[step.node].map(Self.withoutHeadingIDs)
            var seen = Set<String>()
            model.structures = outcome.structures.compactMap { ref in
                guard seen.insert(ref.value).inserted, let s = structuresByID[ref.value] else { return nil }
                return structureCard(s)
            }
            model.people = outcome.people.compactMap { ref in
                guard seen.insert("person:" + ref.value).inserted, let p = peopleByID[ref.value] else { return nil }
                return personCard(p)
            }
        }
        return model
    }

    /// A structure's contact card.
    func structureCard(_ s: ResolvedStructure) -> ContactCard {
        let x = s.structure
        return ContactCard(name: x.name, url: url(s.link.address), kind: x.kind, address: x.address, phone: x.phone, email: x.email,
                           website: x.website?.value)
    }

    /// A person's contact card. Consent: email and phone only with `consent: true`.
    func personCard(_ p: ResolvedPerson) -> ContactCard {
        let structures = p.person.structures.compactMap { site.link(.structure, $0.value) }
        let names = structures.map(\.title).joined(separator: ", ")
        return ContactCard(name: p.person.name, url: url(p.link.address),
                           phone: p.person.consent ? p.person.phone : nil, email: p.person.consent ? p.person.email : nil,
                           role: p.person.role, structuresText: names.isEmpty ? nil : names, mentions: structures.map(\.address))
    }

    /// An outcome's text may be repeated on the page (one section per path): its headings keep no id.
    static func withoutHeadingIDs(_ html: String) -> String {
        html.replacingOccurrences(of: #"<h([1-6]) id="[^"]*">"#, with: "<h$1>", options: .regularExpression)
    }

    /// The text version of the tree (and of its diagram): nested lists, each step once.
    func outlineItem(_ o: ResolvedOrientation, _ index: Int) -> OutlineItem {
        let step = o.steps[index]
        let node = o.tree.nodes[step.node]
        let answer = step.parent.flatMap { p in step.answer.map { o.tree.nodes[o.steps[p].node].question?.answers[$0].label } } ?? nil
        var item = OutlineItem(number: o.numbers[step.node], text: node.text, target: step.anchor, answer: answer,
                               isReference: !step.isFirst, isOutcome: node.outcome != nil, delay: nil, contacts: nil,
                               children: step.isFirst ? step.children.map { outlineItem(o, $0) } : [])
        if step.isFirst, let outcome = node.outcome {
            item.delay = outcome.delay
            let contacts = (outcome.structures + outcome.people).compactMap { contactNames[$0.value] }
            item.contacts = contacts.isEmpty ? nil : contacts.joined(separator: ", ")
        }
        return item
    }

    /// `/orientation/`: every tree, by title.
    func orientationListPages() -> [ListPage] {
        guard !site.orientations.isEmpty else { return [] }
        return paginate(address: "orientation/", title: Kind.orientation.plural,
                        description: "Arbres d’orientation — \(site.config.title)", section: "orientation",
                        intro: "Des arbres de décision pour savoir, question après question, quelle structure contacter et dans quel délai.",
                        groups: [ListSection(id: "arbres", heading: "Qui appeler ? Les parcours d’orientation",
                                             items: site.orientations.map { ListSection.Item(link: $0.link, draft: $0.tree.draft) })])
    }

    /// « Cette structure apparaît dans » (or person): the trees whose outcomes name it, each
    /// linked to its first outcome that does; nil when none does.
    func mentionGroup(_ kind: Kind, _ id: String, heading: String) -> LinkGroup? {
        let items = site.orientations.compactMap { o -> LinkItem? in
            let outcomes = o.steps.filter { step in
                guard step.isFirst, let outcome = o.tree.nodes[step.node].outcome else { return false }
                return (kind == .person ? outcome.people : outcome.structures).contains { $0.value == id }
            }
            guard let first = outcomes.first else { return nil }
            let titles = outcomes.map { "« \(o.tree.nodes[$0.node].text) »" }
            var link = url(o.link.address)
            link.fragment = first.anchor
            return LinkItem(title: o.link.title, url: link, detail: "issue\(titles.count > 1 ? "s" : "") \(titles.joined(separator: ", "))")
        }
        return items.isEmpty ? nil : LinkGroup(id: "orientation", heading: heading, items: items)
    }
}
