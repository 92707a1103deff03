import Foundation

/// Finds markdown that would make cmark-gfm 0.29 do work far beyond its size, before the library sees it:
/// tables whose rows the library pads to the header's width (columns × rows cells from a few bytes), and
/// paragraphs with thousands of unclosed `[`/`![` openers, which its bracket handling walks again for every
/// link that closes (`![[]()` repeated). One pass over the bytes; fenced code is skipped.
public struct MarkdownBounds: Sendable {
    /// Table cells allowed per byte of markdown, plus `fixedCells`.
    public var cellsPerByte: Int
    public var fixedCells: Int
    /// Unclosed brackets allowed open at once in one paragraph.
    public var openBrackets: Int

    /// Creates bounds.
    public init(cellsPerByte: Int, fixedCells: Int, openBrackets: Int) {
        self.cellsPerByte = cellsPerByte
        self.fixedCells = fixedCells
        self.openBrackets = openBrackets
    }

    /// A reason to refuse `source`, with its line in the file.
    public struct Problem: Sendable, Equatable {
        public var line: Int
        public var message: String
    }

    /// What in `source` exceeds the bounds; empty for any ordinary document.
    public func problems(in source: MarkdownSource) -> [Problem] {
        var text = source.text
        return text.withUTF8 { bytes in scan(bytes, firstLine: source.firstLine) }
    }

    private func scan(_ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int) -> [Problem] {
        var problems: [Problem] = []
        let cellBudget = fixedCells + cellsPerByte * bytes.count
        var cells = 0
        var table: (columns: Int, rows: Int, line: Int)? = nil
        var fence: (byte: UInt8, count: Int)? = nil
        var previousLine: Range<Int>? = nil
        var openInParagraph = 0
        var bracketsReported = false
        var line = firstLine - 1
        var start = 0
        while start < bytes.count {
            line += 1
            let end = Self.lineEnd(bytes, from: start)
            defer { start = end + 1 }
            let content = Self.trimmedStart(bytes, start..<end)
            if let open = fence {
                if let closing = Self.fenceMarker(bytes, content), closing.byte == open.byte, closing.count >= open.count {
                    fence = nil
                }
                continue
            }
            if let marker = Self.fenceMarker(bytes, content) {
                fence = marker
                table = nil
                openInParagraph = 0
                previousLine = nil
                continue
            }
            if content.isEmpty {
                table = nil
                openInParagraph = 0
                previousLine = nil
                continue
            }
            if var current = table {
                current.rows += 1
                table = current
                cells += current.columns
            } else if let header = previousLine, let columns = Self.delimiterColumns(bytes, content), Self.hasPipe(bytes, header) {
                table = (columns, 0, line - 1)
                cells += 2 * columns
            }
            if cells > cellBudget, let current = table {
                problems.append(
                    Problem(
                        line: current.line,
                        message:
                            "this table has \(current.columns) columns, and padding its short rows would make \(cells) cells from \(bytes.count) bytes; give every row its cells or split the table"
                    ))
                return problems
            }
            // Most lines hold no bracket: found so with `memchr`, they are not read byte by byte.
            var index = Self.hasBracket(bytes, content) ? content.lowerBound : content.upperBound
            while index < content.upperBound {
                switch bytes[index] {
                case UInt8(ascii: "\\"): index += 1
                case UInt8(ascii: "["): openInParagraph += 1
                case UInt8(ascii: "]"): openInParagraph = max(0, openInParagraph - 1)
                default: break
                }
                index += 1
            }
            if openInParagraph > openBrackets, !bracketsReported {
                bracketsReported = true
                problems.append(
                    Problem(
                        line: line,
                        message:
                            "more than \(openBrackets) `[` or `![` are left open in this paragraph; close them or escape them as `\\[`"))
            }
            previousLine = content
        }
        return problems
    }

    /// Where the line starting at `start` ends: its line feed, or the end of the text.
    private static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress, start < bytes.count,
            let found = memchr(base + start, 0x0A, bytes.count - start)
        else { return bytes.count }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// Whether `range` of `bytes` holds a `[` or a `]`: only then does the line change the brackets left open.
    private static func hasBracket(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard let base = bytes.baseAddress, !range.isEmpty else { return false }
        return memchr(base + range.lowerBound, Int32(UInt8(ascii: "[")), range.count) != nil
            || memchr(base + range.lowerBound, Int32(UInt8(ascii: "]")), range.count) != nil
    }

    private static func trimmedStart(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 || bytes[lower] == UInt8(ascii: ">") { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 || bytes[upper - 1] == 0x0D { upper -= 1 }
        return lower..<upper
    }

    /// The byte and length of a code fence (three or more backticks or tildes) opening the line.
    private static func fenceMarker(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (byte: UInt8, count: Int)? {
        guard let first = range.first, bytes[first] == UInt8(ascii: "`") || bytes[first] == UInt8(ascii: "~") else { return nil }
        var count = 0
        while range.lowerBound + count < range.upperBound, bytes[range.lowerBound + count] == bytes[first] { count += 1 }
        return count >= 3 ? (bytes[first], count) : nil
    }

    /// The number of columns when the line is a table's delimiter row (`| --- | :-: |`), else `nil`.
    private static func delimiterColumns(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var pipes = 0
        var dashes = 0
        var cellsWithDashes = 0
        var cellHasDash = false
        for index in range {
            switch bytes[index] {
            case UInt8(ascii: "|"):
                pipes += 1
                if cellHasDash { cellsWithDashes += 1 }
                cellHasDash = false
            case UInt8(ascii: "-"):
                dashes += 1
                cellHasDash = true
            case UInt8(ascii: ":"), 0x20, 0x09:
                break
            default:
                return nil
            }
        }
        if cellHasDash { cellsWithDashes += 1 }
        guard dashes > 0, pipes > 0 || cellsWithDashes > 0 else { return nil }
        return max(1, cellsWithDashes)
    }

    private static func hasPipe(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        range.contains { bytes[$0] == UInt8(ascii: "|") }
    }
}
