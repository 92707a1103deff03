/// A request target turned into a file of the in-memory site, without ever touching the disk: the path is
/// percent-decoded segment by segment, and anything that could climb out of the site or smuggle a separator is
/// refused before a lookup happens.
package enum RequestPath: Hashable, Sendable {
    /// The path names a file or a folder of the site by its path in the output, without slashes at either end:
    /// `posts/hello/index.html`, `posts/hello` (and `""` for the base path itself). `isFolder` when the request
    /// ended with `/`.
    case site(path: String, isFolder: Bool)
    /// The path is outside the site's base path.
    case outside
    /// `..`, `.`, a backslash, a NUL byte, an encoded `/` or `\`, bad percent-encoding or invalid UTF-8.
    case invalid

    /// Resolves the path part of `target` (the query is ignored) under `basePath`, which starts and ends with `/`.
    package init(target: String, basePath: String) {
        var bytes = Substring(target).utf8.prefix { $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") }[...]
        guard bytes.first == UInt8(ascii: "/") else {
            self = .invalid
            return
        }
        bytes = bytes.dropFirst()
        var segments: [String] = []
        var endsWithSlash = true
        for raw in bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            endsWithSlash = raw.isEmpty
            if raw.isEmpty { continue }
            guard let segment = Self.decode(raw), segment != ".", segment != ".." else {
                self = .invalid
                return
            }
            segments.append(segment)
        }
        let base = basePath.split(separator: "/").map(String.init)
        guard segments.count >= base.count, Array(segments.prefix(base.count)) == base else {
            self = .outside
            return
        }
        self = .site(path: segments.dropFirst(base.count).joined(separator: "/"), isFolder: endsWithSlash)
    }

    /// One segment percent-decoded; `nil` when it holds a separator, a NUL or a control byte in any form, or is not
    /// valid UTF-8 after decoding.
    private static func decode(_ raw: Substring.UTF8View.SubSequence) -> String? {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(raw.count)
        var index = raw.startIndex
        while index < raw.endIndex {
            var byte = raw[index]
            if byte == UInt8(ascii: "%") {
                let high = raw.index(after: index)
                guard high < raw.endIndex, raw.index(after: high) < raw.endIndex,
                    let upper = hexValue(raw[high]), let lower = hexValue(raw[raw.index(after: high)])
                else { return nil }
                byte = upper << 4 | lower
                index = raw.index(high, offsetBy: 2)
            } else {
                index = raw.index(after: index)
            }
            guard byte >= 0x20, byte != 0x7F, byte != UInt8(ascii: "/"), byte != UInt8(ascii: "\\") else { return nil }
            decoded.append(byte)
        }
        return String(validating: decoded, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
