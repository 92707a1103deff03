/// A compact binary encoding for what the cache keeps: unsigned LEB128 numbers and length-prefixed UTF-8 strings.
/// It is read back by ``ByteReader``, which refuses anything truncated or malformed instead of trapping.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func number(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// A count, line or offset; a negative one is written as its bit pattern.
    mutating func number(_ value: Int) { number(UInt64(bitPattern: Int64(value))) }

    mutating func string(_ text: String) {
        number(text.utf8.count)
        bytes.append(contentsOf: text.utf8)
    }

    /// Bytes as they are, with no length before them.
    mutating func append(_ more: [UInt8]) { bytes.append(contentsOf: more) }

    mutating func byteArray(_ more: [UInt8]) {
        number(more.count)
        bytes.append(contentsOf: more)
    }

    /// A flag, then the string when there is one.
    mutating func optional(_ text: String?) {
        guard let text else { return number(0) }
        number(1)
        string(text)
    }

    /// A file's size, times and inode.
    mutating func stamp(_ stamp: FileStamp) {
        number(Int(stamp.size))
        number(Int(stamp.modified))
        number(Int(stamp.changed))
        number(stamp.inode)
    }

    /// A flag, then the number when there is one.
    mutating func optionalNumber(_ value: UInt64?) {
        guard let value else { return number(0) }
        number(1)
        number(value)
    }

    mutating func list<Element>(_ elements: [Element], _ add: (inout ByteWriter, Element) -> Void) {
        number(elements.count)
        for element in elements { add(&self, element) }
    }
}

/// Reads what ``ByteWriter`` wrote.
struct ByteReader {
    /// The bytes end early or hold something no writer wrote.
    struct Malformed: Error {}

    private let bytes: [UInt8]
    private(set) var position: Int

    init(_ bytes: [UInt8], from position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var isAtEnd: Bool { position == bytes.count }

    mutating func number() throws(Malformed) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while position < bytes.count, shift < 64 {
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        throw Malformed()
    }

    mutating func int() throws(Malformed) -> Int { Int(Int64(bitPattern: try number())) }

    /// A count or length: not negative and no larger than the bytes left, so that nothing is allocated for a
    /// count the file cannot hold.
    mutating func count() throws(Malformed) -> Int {
        let value = try number()
        guard value <= UInt64(bytes.count - position) else { throw Malformed() }
        return Int(value)
    }

    /// (The bytes are decoded through a pointer: a slice of the array would retain its storage, which the
    /// sections read on every core share, for each string.)
    mutating func string() throws(Malformed) -> String {
        let length = try count()
        defer { position += length }
        let start = position
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<start + length]), as: UTF8.self) }
    }

    /// The range of the next `count` bytes, passed over; `count` is at most the bytes left (``count()``).
    mutating func skip(_ count: Int) -> Range<Int> {
        defer { position += count }
        return position..<position + count
    }

    mutating func byteArray() throws(Malformed) -> [UInt8] {
        let length = try count()
        defer { position += length }
        let start = position
        return bytes.withUnsafeBufferPointer { Array(UnsafeBufferPointer(rebasing: $0[start..<start + length])) }
    }

    mutating func optional() throws(Malformed) -> String? {
        switch try number() {
        case 0: return nil
        case 1: return try string()
        default: throw Malformed()
        }
    }

    /// What ``ByteWriter/stamp(_:)`` wrote.
    mutating func stamp() throws(Malformed) -> FileStamp {
        FileStamp(size: Int64(try int()), modified: Int64(try int()), changed: Int64(try int()), inode: try number())
    }

    /// What ``ByteWriter/optionalNumber(_:)`` wrote.
    mutating func optionalNumber() throws(Malformed) -> UInt64? {
        switch try number() {
        case 0: return nil
        case 1: return try number()
        default: throw Malformed()
        }
    }

    mutating func list<Element>(_ read: (inout ByteReader) throws(Malformed) -> Element) throws(Malformed) -> [Element] {
        let count = try count()
        var elements: [Element] = []
        elements.reserveCapacity(count)
        for _ in 0..<count { elements.append(try read(&self)) }
        return elements
    }
}
