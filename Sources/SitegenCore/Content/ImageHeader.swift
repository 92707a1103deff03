import Foundation
import SitegenMarkdown

/// Reads the pixel size of a PNG, GIF, JPEG, WebP or SVG file from its first bytes, so that every `<img>` of a
/// post can say its `width` and `height` and the page does not shift as images load.
enum ImageHeader {
    /// The extensions whose files are read.
    static let extensions: Set<String> = ["png", "gif", "jpg", "jpeg", "webp", "svg"]

    /// The size of the image file at `path`; `nil` when it is not an image this reads or its header is broken.
    static func size(ofFileAt path: String) -> ImageSize? {
        let ext = (path as NSString).pathExtension.lowercased()
        guard extensions.contains(ext), let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        // A JPEG's size is in its first frame header, after any metadata; 256 KB covers large EXIF blocks.
        let limit = ext == "jpg" || ext == "jpeg" ? 262_144 : 16_384
        guard let data = try? handle.read(upToCount: limit) else { return nil }
        return size(of: [UInt8](data))
    }

    /// The size from a file's first bytes.
    static func size(of bytes: [UInt8]) -> ImageSize? {
        func be16(_ at: Int) -> Int { Int(bytes[at]) << 8 | Int(bytes[at + 1]) }
        func be32(_ at: Int) -> Int { be16(at) << 16 | be16(at + 2) }
        func le16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func le24(_ at: Int) -> Int { le16(at) | Int(bytes[at + 2]) << 16 }
        func valid(_ width: Int, _ height: Int) -> ImageSize? {
            width > 0 && height > 0 ? ImageSize(width: width, height: height) : nil
        }
        if bytes.count >= 24, bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
            return valid(be32(16), be32(20))
        }
        if bytes.count >= 10, bytes.starts(with: Array("GIF8".utf8)) {
            return valid(le16(6), le16(8))
        }
        if bytes.count >= 30, bytes.starts(with: Array("RIFF".utf8)), bytes[8..<12].elementsEqual("WEBP".utf8) {
            switch String(decoding: bytes[12..<16], as: UTF8.self) {
            case "VP8 ": return valid(le16(26) & 0x3FFF, le16(28) & 0x3FFF)
            case "VP8L":
                let bits = Int(bytes[21]) | Int(bytes[22]) << 8 | Int(bytes[23]) << 16 | Int(bytes[24]) << 24
                return valid((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
            case "VP8X": return valid(le24(24) + 1, le24(27) + 1)
            default: return nil
            }
        }
        if bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 {
            var index = 2
            while index + 9 < bytes.count {
                guard bytes[index] == 0xFF else { return nil }
                let marker = bytes[index + 1]
                if marker == 0xFF {
                    index += 1
                    continue
                }
                let length = be16(index + 2)
                // Start-of-frame markers: C0–CF except C4 (Huffman tables), C8 (reserved) and CC (arithmetic).
                if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                    return valid(be16(index + 7), be16(index + 5))
                }
                guard length >= 2 else { return nil }
                index += 2 + length
            }
            return nil
        }
        return svgSize(String(decoding: bytes, as: UTF8.self))
    }

    /// An SVG's `width` and `height` in pixels, or its `viewBox` size.
    private static func svgSize(_ text: String) -> ImageSize? {
        guard let start = text.range(of: "<svg"), let end = text[start.upperBound...].firstIndex(of: ">") else { return nil }
        let tag = text[start.upperBound..<end]
        func attribute(_ name: String) -> String? {
            for quote in ["\"", "'"] {
                if let range = tag.range(of: " \(name)=\(quote)"), let close = tag[range.upperBound...].firstIndex(of: Character(quote)) {
                    return String(tag[range.upperBound..<close])
                }
            }
            return nil
        }
        func pixels(_ value: String?) -> Int? {
            guard var value = value?.trimmingCharacters(in: .whitespaces) else { return nil }
            if value.hasSuffix("px") { value.removeLast(2) }
            return Double(value).map { Int($0.rounded()) }
        }
        if let width = pixels(attribute("width")), let height = pixels(attribute("height")), width > 0, height > 0 {
            return ImageSize(width: width, height: height)
        }
        let box = (attribute("viewBox") ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Double($0) }
        guard box.count == 4 else { return nil }
        let (width, height) = (Int(box[2].rounded()), Int(box[3].rounded()))
        return width > 0 && height > 0 ? ImageSize(width: width, height: height) : nil
    }
}
