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
    var count = 0
    var inWord = false
    for byte in text.utf8 {
        let isSpace = byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
        if isSpace {
            inWord = false
        } else if !inWord {
            inWord = true
            count += 1
        }
    }
    return count
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
