/// What a raster image's first bytes say about it, read without decoding: its format (from its signature, not
/// its name), its stored size in pixels and its EXIF orientation. The build checks an image against
/// ``pixelLimit`` from this before anything decodes it, so that a few bytes claiming 100000×100000 pixels cost
/// nothing.
public struct RasterHeader: Sendable, Equatable {
    /// A raster format the header reader knows.
    public enum Format: String, Sendable {
        case jpeg, png, webp, gif

        /// The format's usual name, for messages.
        public var name: String {
            switch self {
            case .jpeg: "JPEG"
            case .png: "PNG"
            case .webp: "WebP"
            case .gif: "GIF"
            }
        }

        /// The format that a file named `name` (a name or a path) should be in, by its extension; `nil` for a
        /// name without one (`.jpg` alone is a hidden file's name, as for `NSString.pathExtension`).
        public init?(fileName name: String) {
            let bytes = name.utf8
            let start = bytes.lastIndex(of: UInt8(ascii: "/")).map(bytes.index(after:)) ?? bytes.startIndex
            guard let dot = bytes[start...].lastIndex(of: UInt8(ascii: ".")), dot != start else { return nil }
            self.init(fileExtension: String(decoding: bytes[bytes.index(after: dot)...], as: UTF8.self))
        }

        /// The format that files with this extension (any letter case) should be in.
        public init?(fileExtension: String) {
            switch fileExtension.lowercased() {
            case "jpg", "jpeg": self = .jpeg
            case "png": self = .png
            case "webp": self = .webp
            case "gif": self = .gif
            default: return nil
            }
        }
    }

    public var format: Format
    /// Pixels across and down as stored, before the orientation is applied.
    public var width: Int
    public var height: Int
    /// The EXIF orientation, 1 (as stored) to 8; 1 when there is none.
    public var orientation: Int
    /// Whether the metadata in the header holds a GPS position (EXIF's GPS directory, or XMP's GPSLatitude).
    public var hasLocation = false

    /// The most pixels an image may declare before it is refused undecoded (100 megapixels; a 48-megapixel phone
    /// photo is well within).
    public static let pixelLimit = 100_000_000

    /// Width and height as shown: orientations 5 to 8 turn the picture a quarter.
    public var uprightSize: (width: Int, height: Int) { orientation >= 5 ? (height, width) : (width, height) }

    /// The header of the image in `bytes` (its first bytes are enough: 256 KB covers a JPEG's metadata), or `nil`
    /// when they are not the start of a JPEG, PNG, WebP or GIF file with a size.
    public init?(_ bytes: some Collection<UInt8>) {
        let bytes = Array(bytes)
        guard var header = Self.read(bytes) else { return nil }
        header.hasLocation = Self.holdsLocation(bytes)
        self = header
    }

    private init(format: Format, width: Int, height: Int, orientation: Int = 1) {
        (self.format, self.width, self.height, self.orientation) = (format, width, height, orientation)
    }

    private static func read(_ bytes: [UInt8]) -> RasterHeader? {
        func be16(_ at: Int) -> Int { Int(bytes[at]) << 8 | Int(bytes[at + 1]) }
        func be32(_ at: Int) -> Int { be16(at) << 16 | be16(at + 2) }
        func le16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func le24(_ at: Int) -> Int { le16(at) | Int(bytes[at + 2]) << 16 }
        func le32(_ at: Int) -> Int { le16(at) | le16(at + 2) << 16 }
        func sized(_ format: Format, _ width: Int, _ height: Int, _ orientation: Int = 1) -> RasterHeader? {
            width > 0 && height > 0 ? RasterHeader(format: format, width: width, height: height, orientation: orientation) : nil
        }
        if bytes.count >= 24, bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            return sized(.png, be32(16), be32(20), pngOrientation(bytes))
        }
        if bytes.count >= 10, bytes.starts(with: Array("GIF8".utf8)) {
            return sized(.gif, le16(6), le16(8))
        }
        if bytes.count >= 30, bytes.starts(with: Array("RIFF".utf8)), bytes[8..<12].elementsEqual("WEBP".utf8) {
            let orientation = webpOrientation(bytes)
            switch String(decoding: bytes[12..<16], as: UTF8.self) {
            case "VP8 ": return sized(.webp, le16(26) & 0x3FFF, le16(28) & 0x3FFF, orientation)
            case "VP8L":
                let bits = le32(21)
                return sized(.webp, (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, orientation)
            case "VP8X": return sized(.webp, le24(24) + 1, le24(27) + 1, orientation)
            default: return nil
            }
        }
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var orientation = 1
        var index = 2
        while index + 9 < bytes.count {
            guard bytes[index] == 0xFF else { return nil }
            let marker = bytes[index + 1]
            if marker == 0xFF {
                index += 1
                continue
            }
            let length = be16(index + 2)
            guard length >= 2 else { return nil }
            if marker == 0xE1, index + 4 + length - 2 <= bytes.count,
                bytes[(index + 4)...].starts(with: Array("Exif".utf8) + [0, 0])
            {
                orientation = tiffOrientation(bytes[(index + 10)..<(index + 2 + length)]) ?? orientation
            }
            // Start-of-frame markers: C0–CF except C4 (Huffman tables), C8 (reserved) and CC (arithmetic).
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                return sized(.jpeg, be16(index + 7), be16(index + 5), orientation)
            }
            index += 2 + length
        }
        return nil
    }

    /// Whether `bytes` hold an EXIF directory with a GPS pointer (tag 0x8825 in either byte order) or XMP's
    /// `GPSLatitude`.
    private static func holdsLocation(_ bytes: [UInt8]) -> Bool {
        let patterns: [[UInt8]] = [[0x88, 0x25, 0x00, 0x04], [0x25, 0x88, 0x04, 0x00], Array("GPSLatitude".utf8)]
        guard let first = bytes.indices.first else { return false }
        for index in first..<bytes.endIndex {
            for pattern in patterns where bytes[index] == pattern[0] && index + pattern.count <= bytes.endIndex {
                if bytes[index..<index + pattern.count].elementsEqual(pattern) { return true }
            }
        }
        return false
    }

    /// The orientation in a PNG's `eXIf` chunk, if one comes before the pixels.
    private static func pngOrientation(_ bytes: [UInt8]) -> Int {
        for chunk in ImageChunk.png(bytes).chunks {
            if chunk.type == "IDAT" || chunk.type == "IEND" { return 1 }
            if chunk.type == "eXIf" { return tiffOrientation(bytes[chunk.data]) ?? 1 }
        }
        return 1
    }

    /// The orientation in a WebP's `EXIF` chunk (with or without the `Exif\0\0` that some writers put first).
    private static func webpOrientation(_ bytes: [UInt8]) -> Int {
        guard let chunk = ImageChunk.webp(bytes).chunks.first(where: { $0.type == "EXIF" }) else { return 1 }
        var tiff = bytes[chunk.data]
        if tiff.starts(with: Array("Exif".utf8) + [0, 0]) { tiff = tiff.dropFirst(6) }
        return tiffOrientation(tiff) ?? 1
    }

    /// The Orientation tag (0x0112) of a TIFF structure's first directory.
    static func tiffOrientation(_ tiff: ArraySlice<UInt8>) -> Int? {
        let bytes = Array(tiff)
        guard bytes.count >= 8 else { return nil }
        let little: Bool
        switch (bytes[0], bytes[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return nil
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= bytes.count else { return nil }
            return little ? Int(bytes[at]) | Int(bytes[at + 1]) << 8 : Int(bytes[at]) << 8 | Int(bytes[at + 1])
        }
        func u32(_ at: Int) -> Int? {
            guard let low = u16(little ? at : at + 2), let high = u16(little ? at + 2 : at) else { return nil }
            return high << 16 | low
        }
        guard let directory = u32(4), let count = u16(directory) else { return nil }
        for entry in 0..<min(count, 512) {
            let at = directory + 2 + entry * 12
            guard let tag = u16(at) else { return nil }
            if tag == 0x0112, let type = u16(at + 2), type == 3, let value = u16(at + 8) {
                return (1...8).contains(value) ? value : nil
            }
        }
        return nil
    }
}
