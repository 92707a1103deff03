/// A value handed to templates: a Sendable tree of strings, numbers, lists and objects that
/// ``MustacheRendering`` walks.
public enum TemplateValue: Sendable, Equatable {
    case string(String)
    case bool(Bool)
    case int(Int)
    case double(Double)
    case list([TemplateValue])
    case object([String: TemplateValue])
    case null
    /// A string read only when rendered, such as a post's HTML waiting in the spill file; fingerprints and
    /// comparisons take its hash. Rendering reads it (``TemplateText/read()``), and fails when it cannot.
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

    /// The string, when this is one held in memory; a stored text is read only by rendering.
    public var stringValue: String? {
        switch self {
        case .string(let value): return value
        case .hashed(let hashed): return hashed.value.stringValue
        default: return nil
        }
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
    private let stored: StoredText
    var hash: UInt64 { stored.hash }

    init(_ stored: StoredText) { self.stored = stored }

    /// The string, read now from where it is stored.
    func read() throws(SpillFile.ReadFailure) -> String { try stored.read() }

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
