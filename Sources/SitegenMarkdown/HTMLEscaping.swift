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
