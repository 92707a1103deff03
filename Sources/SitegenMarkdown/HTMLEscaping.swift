/// `text` with `<`, `>`, `&`, `"` and `'` escaped for HTML text and attribute values, working on UTF-8 bytes.
public func escapeHTML(_ text: String) -> String {
    var text = text
    return text.withUTF8 { bytes in
        guard bytes.contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 }) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(bytes.count + 16)
        for byte in bytes {
            switch byte {
            case 0x3C: escaped.append(contentsOf: "&lt;".utf8)
            case 0x3E: escaped.append(contentsOf: "&gt;".utf8)
            case 0x26: escaped.append(contentsOf: "&amp;".utf8)
            case 0x22: escaped.append(contentsOf: "&quot;".utf8)
            case 0x27: escaped.append(contentsOf: "&#39;".utf8)
            default: escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }
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
