import Foundation

/// Whether a URL is one cmark-gfm leaves out of safe output: `javascript:`, `vbscript:`, `file:`, and `data:`
/// other than PNG, GIF, JPEG and WebP images.
func isDangerous(_ url: String) -> Bool {
    let lowered = url.drop { $0 == " " }.prefix(16).lowercased()
    if lowered.hasPrefix("javascript:") || lowered.hasPrefix("vbscript:") || lowered.hasPrefix("file:") { return true }
    guard lowered.hasPrefix("data:") else { return false }
    let type = url.drop { $0 == " " }.dropFirst(5).prefix(10).lowercased()
    return !["image/png", "image/gif", "image/jpe", "image/web"].contains { type.hasPrefix($0) }
}

/// Counts words: runs of bytes other than spaces, tabs and line breaks.
public func countWords(_ text: String) -> Int {
    text.withUTF8Bytes { bytes in
        // A word starts at each byte that is no space after one that is, counted without branching on the text:
        // bits 9, 10, 13 and 32 of the mask are tab, line feed, carriage return and space.
        let spaces: UInt64 = 1 << 0x09 | 1 << 0x0A | 1 << 0x0D | 1 << 0x20
        var count = 0
        var afterSpace = 1
        for byte in bytes {
            let isSpace = byte < 64 ? Int(truncatingIfNeeded: spaces >> UInt64(byte) & 1) : 0
            count &+= afterSpace & (isSpace ^ 1)
            afterSpace = isSpace
        }
        return count
    }
}

extension String {
    /// Calls `body` with the string's UTF-8 bytes: in place for a native string (a `for byte in utf8` loop
    /// costs several times as much), else a copy.
    @inlinable package func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(utf8).withUnsafeBufferPointer(body)
    }

    /// Whether the string's UTF-8 holds `byte`: one `memchr`.
    package func containsUTF8(_ byte: UInt8) -> Bool {
        withUTF8Bytes { $0.containsByte(byte) }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether `byte` is among these bytes: one `memchr`.
    package func containsByte(_ byte: UInt8) -> Bool {
        guard let base = baseAddress else { return false }
        return memchr(base, Int32(byte), count) != nil
    }

    /// Where `pattern` (not empty) first occurs at or after `start`: `memchr` to each place its first byte is,
    /// then `memcmp`.
    package func firstOffset(of pattern: [UInt8], from start: Int) -> Int? {
        guard let base = baseAddress, let first = pattern.first else { return nil }
        var from = start
        while count - from >= pattern.count, let found = memchr(base + from, Int32(first), count - from - pattern.count + 1) {
            let offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if hasPrefix(pattern, at: offset) { return offset }
            from = offset + 1
        }
        return nil
    }

    /// Whether the bytes at `offset` begin with `pattern`.
    package func hasPrefix(_ pattern: [UInt8], at offset: Int) -> Bool {
        guard let base = baseAddress, count - offset >= pattern.count else { return false }
        return pattern.withUnsafeBufferPointer { pattern in
            guard let patternBase = pattern.baseAddress else { return true }
            return memcmp(base + offset, patternBase, pattern.count) == 0
        }
    }
}

extension String {
    /// The string without leading and trailing ASCII whitespace.
    func trimmed() -> String {
        let bytes = Array(utf8)
        return String(decoding: bytes.trimmingASCIIWhitespace(), as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    func trimmed() -> String { String(decoding: trimmingASCIIWhitespace(), as: UTF8.self) }

    func trimmingASCIIWhitespace() -> ArraySlice<UInt8> { self[...].trimmingASCIIWhitespace() }
}

extension ArraySlice where Element == UInt8 {
    func trimmingASCIIWhitespace() -> ArraySlice<UInt8> {
        var start = startIndex
        var end = endIndex
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D }
        while start < end, isSpace(self[start]) { start += 1 }
        while end > start, isSpace(self[end - 1]) { end -= 1 }
        return self[start..<end]
    }
}
