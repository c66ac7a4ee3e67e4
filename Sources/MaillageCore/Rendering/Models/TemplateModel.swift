import Foundation
internal import Mustache

/// A value made for a template. It answers the template's names (`{{title}}`) from a table of
/// its fields, declared once per type (`fields`); the same table gives its fingerprint (the
/// render memo: a page whose model is unchanged is not rendered again) and the pages it depends
/// on: the `SiteLink`s it holds and the addresses it `mentions`, found by their type, never by
/// the name of a field.
protocol TemplateModel: MustacheParent, Sendable {
    static var fields: TemplateFields<Self> { get }
    /// Addresses of pages the model shows without linking to them (a structure's name on a
    /// person's line): an edit of one of those pages makes this one again.
    var mentions: [String] { get }
}

extension TemplateModel {
    var mentions: [String] { [] }

    func child(named name: String) -> Any? { Self.fields.read(name, of: self) }

    /// Feeds every field, in the table's order, to the walk.
    func walk(_ walk: inout ModelWalk) { Self.fields.walk(self, &walk) }
}

/// The fields of a model type, by the names templates use (`docs/theme.md`). A field that reads
/// nil is absent: a template's lookup goes on to the enclosing values, as Mustache does.
struct TemplateFields<Model>: Sendable {
    typealias Reader = @Sendable (Model) -> Any?

    private let order: [(name: String, read: Reader)]
    private let byName: [String: Reader]

    init(_ fields: KeyValuePairs<String, Reader>) {
        order = fields.map { ($0.key, $0.value) }
        byName = Dictionary(uniqueKeysWithValues: order.map { ($0.name, $0.read) })
    }

    func read(_ name: String, of model: Model) -> Any? { byName[name]?(model) }

    /// Feeds each field's value, in the table's order (the names add nothing: a model's type
    /// is fed first, and its table's order is fixed).
    func walk(_ model: Model, _ walk: inout ModelWalk) {
        for field in order { walk.feed(field.read(model)) }
    }
}

/// A link to a page or a file of the site: rendered as the site's base path and the address
/// (`/reseau/annuaire/dac-02/`), and counted as something the page depends on.
struct SiteLink: MustacheCustomRenderable, Sendable, Hashable {
    let base: String
    /// Site-relative address (`annuaire/dac-02/`, `ressources/flyer.pdf`).
    let address: String
    var fragment: String? = nil

    var renderText: String { fragment.map { base + address + "#" + $0 } ?? base + address }
    var isNull: Bool { false }
}

/// A model's way through its fields: its fingerprint, and, when asked for, the addresses of
/// the pages it links to or mentions.
struct ModelWalk {
    var pair = Fingerprint.Pair()
    /// The addresses found so far; nil when they are not wanted.
    var addresses: [String]?

    init(collecting: Bool) { addresses = collecting ? [] : nil }

    mutating func feed(_ value: Any?) {
        guard let value else { return pair.combine(0 as UInt8) }
        switch value {
        case let text as String:
            pair.combine(1 as UInt8)
            pair.combineBytes(of: text)
        case let flag as Bool:
            pair.combine(2 as UInt8)
            pair.combine(flag)
        case let number as Int:
            pair.combine(3 as UInt8)
            pair.combine(number)
        case let link as SiteLink:
            pair.combine(4 as UInt8)
            pair.combineBytes(of: link.base)
            pair.combineBytes(of: link.address)
            pair.combine(link.fragment)
            addresses?.append(link.address)
        case let model as any TemplateModel:
            pair.combine(5 as UInt8)
            pair.combine(ObjectIdentifier(type(of: model)))
            model.walk(&self)
            let mentions = model.mentions
            pair.combine(mentions)
            addresses? += mentions
        case let array as [Any]:
            pair.combine(6 as UInt8)
            pair.combine(array.count)
            for element in array { feed(element) }
        default:
            pair.combine(7 as UInt8)
            pair.combineBytes(of: String(describing: value))
        }
    }

    /// A value's fingerprint.
    static func fingerprint(_ value: Any) -> Fingerprint {
        var walk = ModelWalk(collecting: false)
        walk.feed(value)
        return walk.pair.finalize()
    }
}
