/// `text` with `<`, `>`, `&`, `"` and `'` escaped for HTML text and attribute values, working on UTF-8 bytes.
public func escapeHTML(_ text: String) -> String {
    var text = text
    return text.withUTF8 { bytes in
        guard bytes.contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 }) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(bytes.count + 16)
        appendEscapingHTML(bytes, to: &escaped)
        return String(decoding: escaped, as: UTF8.self)
    }
}

/// Appends the UTF-8 `bytes` to `output` escaped as ``escapeHTML(_:)`` escapes them, copying the runs between
/// the escaped bytes whole.
public func appendEscapingHTML(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
    var runStart = 0
    for index in 0..<bytes.count {
        let entity: StaticString
        switch bytes[index] {
        case 0x3C: entity = "&lt;"
        case 0x3E: entity = "&gt;"
        case 0x26: entity = "&amp;"
        case 0x22: entity = "&quot;"
        case 0x27: entity = "&#39;"
        default: continue
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
        output.append(contentsOf: UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
        runStart = index + 1
    }
    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
}

/// `url` escaped for an `href` or `src` attribute exactly as cmark-gfm's renderer escapes it (houdini's
/// `escape_href`): bytes outside the URL-safe set are percent-encoded, `&` and `'` become entities.
public func escapeHref(_ url: String) -> String {
    var url = url
    return url.withUTF8 { bytes in
        var escaped: [UInt8] = []
        escaped.reserveCapacity(bytes.count + 8)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in bytes {
            if isHrefSafe(byte) {
                escaped.append(byte)
            } else if byte == UInt8(ascii: "&") {
                escaped.append(contentsOf: "&amp;".utf8)
            } else if byte == UInt8(ascii: "'") {
                escaped.append(contentsOf: "&#x27;".utf8)
            } else {
                escaped += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }
}

/// Whether cmark-gfm writes `byte` into a URL as it is: letters, digits and `-_.+!*(),%#@?=;:/$~`.
private func isHrefSafe(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        return true
    default:
        return "-_.+!*(),%#@?=;:/$~".utf8.contains(byte)
    }
}
