/// Finds and drops the characters that no feed, sitemap or page may hold, working on UTF-8 bytes.
///
/// XML 1.0 forbids the C0 controls other than tab, line feed and carriage return, and U+FFFE/U+FFFF; HTML makes
/// the other controls (U+007F to U+009F) and every noncharacter (U+FDD0 to U+FDEF, and the last two code points
/// of each plane) parse errors. Text pasted from a terminal or a PDF carries them, and one of them makes a whole
/// feed ill-formed. Lone surrogates cannot occur: a file that is not valid UTF-8 is refused when it is read.
enum TextCharacters {
    /// What ``droppingForbidden(_:)`` took out.
    struct Dropped: Equatable {
        /// The text without them.
        var bytes: [UInt8]
        /// How many characters were dropped.
        var count: Int
        /// Where the first one was (1-based line and column, counting characters).
        var first: SourcePosition
        /// The first one, as `U+0002`.
        var firstCodePoint: String

        /// What was left out, for a warning at ``first``.
        var message: String {
            let others = count == 1 ? "" : " and \(count - 1) more like it"
            return "character \(firstCodePoint)\(others) left out (a control character or noncharacter, which feeds and pages "
                + "cannot hold); delete them from the file"
        }
    }

    /// `bytes` without the forbidden characters; `nil` when there are none, which is almost always.
    static func droppingForbidden(_ bytes: ArraySlice<UInt8>) -> Dropped? {
        // The common case copies nothing: find the first forbidden character, if any.
        guard var index = firstForbidden(in: bytes) else { return nil }
        let prefix = bytes[bytes.startIndex..<index]
        let line = prefix.count { $0 == 0x0A } + 1
        let lineStart = prefix.lastIndex(of: 0x0A).map { $0 + 1 } ?? bytes.startIndex
        let column = bytes[lineStart..<index].count { $0 & 0xC0 != 0x80 } + 1
        let firstLength = forbiddenLength(bytes, at: index)
        let scalar = String(decoding: bytes[index..<(index + firstLength)], as: UTF8.self).unicodeScalars.first?.value ?? 0
        var hex = String(scalar, radix: 16, uppercase: true)
        while hex.count < 4 { hex = "0" + hex }
        var kept = Array(prefix)
        kept.reserveCapacity(bytes.count)
        var count = 0
        while index < bytes.endIndex {
            let length = forbiddenLength(bytes, at: index)
            if length > 0 {
                count += 1
                index += length
            } else {
                kept.append(bytes[index])
                index += 1
            }
        }
        return Dropped(bytes: kept, count: count, first: SourcePosition(line: line, column: column), firstCodePoint: "U+" + hex)
    }

    /// Where the first forbidden character starts, if any. Runs of eight bytes are checked as one word first (a
    /// byte below 0x20 or above 0x7E shows as its high bit), so that the usual text, mostly printable ASCII, is
    /// looked at byte by byte only around newlines and other characters.
    private static func firstForbidden(in bytes: ArraySlice<UInt8>) -> Int? {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        return bytes.withUnsafeBytes { buffer -> Int? in
            var offset = 0
            while offset < buffer.count {
                if offset + 8 <= buffer.count {
                    let word = buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    let below = (word &- ones &* 0x20) & ~word & highBits
                    let above = ((word &+ ones) | word) & highBits
                    if below | above == 0 {
                        offset += 8
                        continue
                    }
                }
                let end = min(offset + 8, buffer.count)
                while offset < end {
                    if forbiddenLength(bytes, at: bytes.startIndex + offset) > 0 { return bytes.startIndex + offset }
                    offset += 1
                }
            }
            return nil
        }
    }

    /// The byte length of the forbidden character that starts at `index`, or 0 when it starts none.
    @inline(__always)
    private static func forbiddenLength(_ bytes: ArraySlice<UInt8>, at index: Int) -> Int {
        let byte = bytes[index]
        if byte < 0x20 { return byte == 0x09 || byte == 0x0A || byte == 0x0D ? 0 : 1 }
        if byte < 0x7F { return 0 }
        if byte == 0x7F { return 1 }
        let remaining = bytes.endIndex - index
        switch byte {
        case 0xC2:
            // U+0080 to U+009F
            return remaining >= 2 && bytes[index + 1] <= 0x9F ? 2 : 0
        case 0xEF:
            guard remaining >= 3 else { return 0 }
            let (second, third) = (bytes[index + 1], bytes[index + 2])
            // U+FDD0 to U+FDEF, U+FFFE and U+FFFF
            if second == 0xB7, third >= 0x90, third <= 0xAF { return 3 }
            if second == 0xBF, third == 0xBE || third == 0xBF { return 3 }
            return 0
        case 0xF0...0xF4:
            // U+nFFFE and U+nFFFF in the supplementary planes
            guard remaining >= 4 else { return 0 }
            return bytes[index + 1] & 0x0F == 0x0F && bytes[index + 2] == 0xBF && (bytes[index + 3] & 0xFE) == 0xBE ? 4 : 0
        default:
            return 0
        }
    }
}
