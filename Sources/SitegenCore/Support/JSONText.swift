import SitegenMarkdown

/// JSON written straight to bytes, for the small documents a build writes many thousands of (the search
/// index's shards, each page's JSON-LD), where Foundation's serialiser costs more than the rest of the page.
enum JSONValue {
    case string(String)
    case int(Int)
    case array([JSONValue])
    /// Members in the order written.
    case object([JSONMember])

    /// The value as compact JSON.
    var text: String {
        var bytes: [UInt8] = []
        write(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    func write(to bytes: inout [UInt8]) {
        switch self {
        case .string(let value): Self.appendString(value, to: &bytes)
        case .int(let value): Digits.append(value, to: &bytes)
        case .array(let values):
            bytes.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                value.write(to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            Self.appendMembers(members, to: &bytes)
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// The members of an object, separated by commas, without its braces.
    static func appendMembers(_ members: [JSONMember], to bytes: inout [UInt8]) {
        for (index, member) in members.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            appendString(member.key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            member.value.write(to: &bytes)
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `text` as a JSON string. Quotes, backslashes and control characters are escaped, and so is `<`, so that
    /// no string can close an HTML `<script>` element it sits in.
    static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        text.withUTF8Bytes { text in
            // Runs of bytes that need no escape are copied whole.
            var runStart = 0
            for (index, byte) in text.enumerated()
            where byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 || byte == UInt8(ascii: "<") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<index]))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), byte]
                case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                default:
                    bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
                }
                runStart = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// JSON written as it is said, with no tree of values in between: for a document of fixed shape made for
/// every page (its JSON-LD).
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Whether a value was just written, so that the next key or element needs a comma.
    private var afterValue = false

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// Opens an object, as a value or an element.
    mutating func openObject() { open(UInt8(ascii: "{")) }

    mutating func closeObject() { close(UInt8(ascii: "}")) }

    /// Opens an array, as a value or an element.
    mutating func openArray() { open(UInt8(ascii: "[")) }

    mutating func closeArray() { close(UInt8(ascii: "]")) }

    private mutating func open(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        afterValue = false
    }

    private mutating func close(_ bracket: UInt8) {
        bytes.append(bracket)
        afterValue = true
    }

    /// Starts a member: its key; its value is written next.
    mutating func key(_ key: String) {
        separate()
        JSONValue.appendString(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        afterValue = false
    }

    mutating func string(_ value: String) {
        separate()
        JSONValue.appendString(value, to: &bytes)
        afterValue = true
    }

    mutating func int(_ value: Int) {
        separate()
        Digits.append(value, to: &bytes)
        afterValue = true
    }

    /// A member whose value is a string.
    mutating func member(_ key: String, _ value: String) {
        self.key(key)
        string(value)
    }

    private mutating func separate() {
        if afterValue { bytes.append(UInt8(ascii: ",")) }
    }
}

/// One member of a JSON object.
struct JSONMember {
    let key: String
    let value: JSONValue

    init(_ key: String, _ value: JSONValue) { (self.key, self.value) = (key, value) }
}
