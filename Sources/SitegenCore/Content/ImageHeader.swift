import Foundation
import SitegenImages
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

    /// The size from a file's first bytes: as shown, so a photo whose EXIF orientation turns it a quarter has
    /// its width and height swapped.
    static func size(of bytes: [UInt8]) -> ImageSize? {
        if let header = RasterHeader(bytes) {
            let upright = header.uprightSize
            return ImageSize(width: upright.width, height: upright.height)
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
