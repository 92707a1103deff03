import Mustache

/// A value handed to templates: a Sendable tree of strings, numbers, lists and objects that swift-mustache reads
/// through `MustacheParent` instead of reflection.
public enum TemplateValue: Sendable, Equatable {
    case string(String)
    case bool(Bool)
    case int(Int)
    case double(Double)
    case list([TemplateValue])
    case object([String: TemplateValue])
    case null
    /// A string read only when rendered, such as a post's HTML waiting in the spill file; fingerprints and
    /// comparisons take its hash.
    case storedText(TemplateText)
    /// A value that many pages show, such as a post's card, with its fingerprint worked out once.
    case hashed(HashedValue)

    /// The value under `key` when this is an object.
    public subscript(key: String) -> TemplateValue? {
        objectFields?[key]
    }

    /// The fields, when this is an object.
    var objectFields: [String: TemplateValue]? {
        switch self {
        case .object(let fields): return fields
        case .hashed(let hashed): return hashed.value.objectFields
        default: return nil
        }
    }

    /// The string, when this is one.
    public var stringValue: String? {
        switch self {
        case .string(let value): return value
        case .storedText(let text): return text.text
        case .hashed(let hashed): return hashed.value.stringValue
        default: return nil
        }
    }

    /// The Swift value swift-mustache renders: strings and numbers as themselves, lists as arrays.
    var mustacheValue: Any? {
        switch self {
        case .string(let value): return value
        case .storedText(let text): return text.text
        case .hashed(let hashed): return hashed.value.mustacheValue
        case .bool(let value): return value
        case .int(let value): return value
        case .double(let value): return value
        case .list(let values): return values
        case .object: return self
        case .null: return nil
        }
    }
}

extension TemplateValue: MustacheParent {
    /// The field named `name` of an object. A field that is present but null is returned too, so that the lookup
    /// stops here instead of climbing to an outer object with a field of the same name; its
    /// ``representation`` then makes it empty.
    public func child(named name: String) -> Any? {
        objectFields?[name]
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
}

extension TemplateValue: ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension Optional where Wrapped == String {
    /// The string as a template value, or null.
    var templateValue: TemplateValue { map(TemplateValue.string) ?? .null }
}

extension TemplateValue: MustacheCustomRepresentation {
    /// What swift-mustache sees: booleans as `Bool` and lists as arrays (so that sections test and loop over
    /// them), null as nothing, and every other value as itself. Strings and numbers stay `TemplateValue`s so
    /// that swift-mustache renders them through ``MustacheCustomRenderable`` and, when one is pushed by a
    /// section, finds names above it through ``MustacheParent``: a bare `String` on its context stack would be
    /// searched with `Mirror` on every lookup.
    public var representation: Any? {
        switch self {
        case .string, .storedText, .int, .double, .object: return self
        case .hashed(let hashed): return hashed.value.representation
        case .bool(let value): return value
        case .list(let values): return values
        case .null: return nil
        }
    }
}

extension TemplateValue: MustacheCustomRenderable {
    /// The text of a string or number, as swift-mustache would render the plain Swift value.
    public var renderText: String {
        switch self {
        case .string(let value): return value
        case .storedText(let text): return text.text
        case .hashed(let hashed): return hashed.value.renderText
        case .int(let value): return String(value)
        default: return String(describing: mustacheValue ?? "")
        }
    }

    /// Never null: null values are represented as nothing.
    public var isNull: Bool { false }
}

extension TemplateValue: MustacheTransformable {
    /// The transform of the plain Swift value: `uppercased(title)`, `plusone(index)`, …
    public func transform(_ name: String) -> Any? {
        (mustacheValue as? MustacheTransformable)?.transform(name)
    }
}

extension TemplateValue {
    /// Adds the value to `hasher` so that equal values hash equally in any build: an object's fields are hashed
    /// one by one and summed, which is independent of the dictionary's order without sorting its keys.
    func combine(into hasher: inout StableHasher) {
        switch self {
        case .string(let value):
            hasher.combine(1)
            hasher.combine(value)
        case .bool(let value): hasher.combine(value ? 2 : 3)
        case .int(let value):
            hasher.combine(4)
            hasher.combine(Int64(value))
        case .double(let value):
            hasher.combine(5)
            hasher.combine(Int64(bitPattern: value.bitPattern))
        case .list(let values):
            hasher.combine(6)
            hasher.combine(Int64(values.count))
            for value in values { value.combine(into: &hasher) }
        case .object(let fields):
            var sum: UInt64 = 0
            for (key, value) in fields {
                var field = StableHasher()
                field.combine(key)
                value.combine(into: &field)
                sum &+= field.value
            }
            hasher.combine(7)
            hasher.combine(Int64(bitPattern: sum))
        case .null: hasher.combine(8)
        case .storedText(let text):
            hasher.combine(9)
            hasher.combine(Int64(bitPattern: text.hash))
        case .hashed(let hashed):
            hasher.combine(10)
            hasher.combine(Int64(bitPattern: hashed.hash))
        }
    }
}

/// A string that a template value reads only when it is rendered, known until then by the hash of its UTF-8
/// bytes (``ContentHash``): two are equal when their hashes are.
public final class TemplateText: Sendable, Equatable {
    let hash: UInt64
    private let read: @Sendable () -> String

    init(hash: UInt64, read: @escaping @Sendable () -> String) {
        self.hash = hash
        self.read = read
    }

    /// The string, read now.
    var text: String { read() }

    public static func == (lhs: TemplateText, rhs: TemplateText) -> Bool { lhs.hash == rhs.hash }
}

/// A template value with its fingerprint (``TemplateValue/combine(into:)``) worked out once, for a value that many
/// pages show: two are equal when their fingerprints are.
public final class HashedValue: Sendable, Equatable {
    let value: TemplateValue
    let hash: UInt64

    init(_ value: TemplateValue) {
        self.value = value
        var hasher = StableHasher()
        value.combine(into: &hasher)
        hash = hasher.value
    }

    public static func == (lhs: HashedValue, rhs: HashedValue) -> Bool { lhs.hash == rhs.hash }
}
