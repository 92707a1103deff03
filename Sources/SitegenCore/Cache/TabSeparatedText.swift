/// The format of the photo index in sitegen's cache folder: one entry a line, its fields separated
/// by tabs, with backslashes, tabs and line breaks in a field written as `\\`, `\t`, `\n` and `\r`, so that any
/// path or message fits on its line. Read and written on UTF-8 bytes: a journal's index of thousands of photos
/// is read on every build.
struct TabSeparatedText {
    /// The text made so far.
    private(set) var bytes: [UInt8] = []
    private var atLineStart = true

    /// Starts a text with its first line, `header`.
    init(header: String, capacity: Int = 1 << 16) {
        bytes.reserveCapacity(capacity)
        field(header)
        endLine()
    }

    /// Starts lines to be added to another text with ``append(lines:)``, with room for `capacity` bytes.
    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Adds whole lines made by another text.
    mutating func append(lines: TabSeparatedText) {
        precondition(atLineStart && lines.atLineStart, "lines are added between lines")
        bytes += lines.bytes
    }

    /// Adds a field to the current line.
    mutating func field(_ text: String) {
        separate()
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
            bytes.append(contentsOf: utf8)
            return
        }
        for byte in utf8 {
            switch byte {
            case 0x5C: bytes += [0x5C, 0x5C]
            case 0x09: bytes += [0x5C, UInt8(ascii: "t")]
            case 0x0A: bytes += [0x5C, UInt8(ascii: "n")]
            case 0x0D: bytes += [0x5C, UInt8(ascii: "r")]
            default: bytes.append(byte)
            }
        }
    }

    /// Adds a number to the current line, in decimal or another radix.
    mutating func field<Number: FixedWidthInteger>(_ number: Number, radix: Number = 10) {
        separate()
        Digits.append(number, radix: radix, to: &bytes)
    }

    /// Adds each of `fields` to the current line and ends it.
    mutating func line(_ fields: String...) {
        for text in fields { field(text) }
        endLine()
    }

    /// Ends the current line.
    mutating func endLine() {
        bytes.append(0x0A)
        atLineStart = true
    }

    private mutating func separate() {
        if !atLineStart { bytes.append(0x09) }
        atLineStart = false
    }

    /// A field of a line being read: bytes of the text, which live only while the line is read.
    typealias Field = Slice<UnsafeBufferPointer<UInt8>>

    /// Calls `body` with the fields of each line of `bytes` after the header, until it returns `false`.
    /// - Returns: `false` when the first line is not `header` or `body` returned `false`.
    static func forEachLine(of bytes: [UInt8], header: String, _ body: ([Field]) -> Bool) -> Bool {
        forEachLine(of: bytes, in: 0..<bytes.count, header: header, body)
    }

    /// Calls `body` with the fields of each line of `bytes[range]`, which begins at the start of a line, until it
    /// returns `false`; with a `header`, the first line must be it and is skipped.
    /// - Returns: `false` when the first line is not `header` or `body` returned `false`.
    static func forEachLine(of bytes: [UInt8], in range: Range<Int>, header: String?, _ body: ([Field]) -> Bool) -> Bool {
        bytes.withUnsafeBufferPointer { whole in
            let buffer = UnsafeBufferPointer(rebasing: whole[range])
            var fields: [Field] = []
            fields.reserveCapacity(16)
            var lineStart = 0
            var fieldStart = 0
            var isHeader = header != nil
            for index in 0...buffer.count {
                let byte = index < buffer.count ? buffer[index] : 0x0A
                if byte == 0x09 {
                    fields.append(buffer[fieldStart..<index])
                    fieldStart = index + 1
                } else if byte == 0x0A {
                    defer {
                        lineStart = index + 1
                        fieldStart = index + 1
                        fields.removeAll(keepingCapacity: true)
                    }
                    if isHeader, let header {
                        guard buffer[lineStart..<index].elementsEqual(header.utf8) else { return false }
                        isHeader = false
                        continue
                    }
                    guard index > lineStart else { continue }
                    fields.append(buffer[fieldStart..<index])
                    guard body(fields) else { return false }
                }
            }
            return !isHeader
        }
    }

    /// A field's text, with its escapes undone.
    static func string(_ field: Field) -> String {
        guard field.contains(0x5C) else { return String(decoding: field, as: UTF8.self) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(field.count)
        var escaping = false
        for byte in field {
            if escaping {
                switch byte {
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                default: bytes.append(byte)
                }
                escaping = false
            } else if byte == 0x5C {
                escaping = true
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A field's number, in decimal (with an optional `-`) or in hexadecimal; `nil` for anything else or a number
    /// that does not fit.
    static func number<Number: FixedWidthInteger>(_ field: Field, radix: Number = 10, as: Number.Type = Number.self)
        -> Number?
    {
        var digits = field[...]
        let negative = Number.isSigned && digits.first == UInt8(ascii: "-")
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.count <= 20 else { return nil }
        var value: Number = 0
        for byte in digits {
            guard let digitValue = Digits.value(byte), digitValue < Int(radix) else { return nil }
            let digit = Number(digitValue)
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: radix)
            let (next, overflowB) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflowA, !overflowB else { return nil }
            value = next
        }
        return value
    }
}

extension TabSeparatedText {
    /// Adds a stamp's four fields to the current line.
    mutating func field(_ stamp: FileStamp) {
        field(stamp.size)
        field(stamp.modified)
        field(stamp.changed)
        field(stamp.inode)
    }

    /// The stamp of the four fields ``field(_:)-(FileStamp)`` writes, from `fields[start]` on.
    static func stamp(_ fields: [Field], at start: Int) -> FileStamp? {
        guard fields.count >= start + 4, let size = number(fields[start], as: Int64.self),
            let modified = number(fields[start + 1], as: Int64.self), let changed = number(fields[start + 2], as: Int64.self),
            let inode = number(fields[start + 3], as: UInt64.self)
        else { return nil }
        return FileStamp(size: size, modified: modified, changed: changed, inode: inode)
    }
}
