import CVips
import Foundation

/// Decodes, resizes and encodes raster images through libvips; the one file that calls it. Every image comes out
/// upright (its EXIF orientation applied to the pixels) and in sRGB, and, unless metadata is kept, without any
/// EXIF, XMP, IPTC or ICC block: no GPS position, camera serial or maker notes is ever published by accident.
public enum ImageCodec {
    /// An encoding sitegen writes.
    public enum Format: String, Sendable, CaseIterable, Codable {
        case jpeg, png, webp

        /// The file extension of this format's files.
        public var fileExtension: String {
            switch self {
            case .jpeg: "jpg"
            case .png: "png"
            case .webp: "webp"
            }
        }

        /// The media type, as `<source type>` wants it.
        public var mediaType: String { "image/\(rawValue)" }

        fileprivate var code: Int32 {
            switch self {
            case .jpeg: 0
            case .png: 1
            case .webp: 2
            }
        }
    }

    /// How one rendition is made.
    public struct Request: Sendable, Hashable {
        /// The most pixels across; the image is never made wider than it is unless `fill` is set.
        public var width: Int
        /// The most pixels down; `nil` for no limit.
        public var height: Int?
        /// Fill the `width` × `height` box exactly: scale to cover it and crop around the image's most interesting
        /// part (a social card).
        public var fill: Bool
        public var formats: [Format]
        /// Quality for JPEG and WebP, 1–100.
        public var quality: Int
        /// Keep EXIF, XMP, IPTC and the colour profile instead of leaving every metadata block out.
        public var keepMetadata: Bool

        /// A request.
        public init(width: Int, height: Int? = nil, fill: Bool = false, formats: [Format], quality: Int, keepMetadata: Bool = false) {
            self.width = width
            self.height = height
            self.fill = fill
            self.formats = formats
            self.quality = quality
            self.keepMetadata = keepMetadata
        }
    }

    /// One image made from the source: its pixel size and its bytes in each format asked for.
    public struct Rendition: Sendable {
        public var width: Int
        public var height: Int
        public var files: [Format: [UInt8]]
    }

    /// Why libvips could not read or write an image, in its words.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String

        /// A failure described by `description`.
        public init(description: String) {
            self.description = description
        }
    }

    /// libvips's version, which the files made depend on; `unavailable` when it could not be loaded.
    public static var version: String { started ? String(cString: sitegen_vips_version_string()) : "unavailable" }

    /// The file libvips is loaded from, which this loads (Linux; `nil` elsewhere or when it is not found): while
    /// that file is the same, so is ``version``.
    public static var libraryPath: String? {
        guard started else { return nil }
        var path = [CChar](repeating: 0, count: 4096)
        guard sitegen_vips_library_path(&path, path.count) != 0 else { return nil }
        return String(decoding: path.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Loads and starts libvips once per process; `false` when it could not.
    private static let started: Bool = sitegen_vips_start() == 0

    /// The image encoded in `source` made as `request` asks.
    /// - Throws: ``Failure`` when the bytes are not an image libvips reads whole (a truncated file, say).
    public static func render(_ source: [UInt8], _ request: Request) throws(Failure) -> Rendition {
        guard started else { throw Failure(description: "libvips could not be loaded or started") }
        defer { sitegen_vips_thread_shutdown() }
        var image: OpaquePointer?
        let height = Int32(clamping: request.height ?? 10_000_000)
        let status = source.withUnsafeBytes { buffer in
            sitegen_vips_thumbnail(
                buffer.baseAddress, buffer.count, &image, Int32(clamping: request.width), height, request.fill ? 1 : 0,
                request.fill ? 1 : 0)
        }
        guard status == 0, let thumbnail = image else { throw failure() }
        defer { sitegen_vips_unref(thumbnail) }
        // The thumbnail reads its source once, in order: saving it in a second format would read it again, which
        // a PNG's loader refuses ("out of order read"). Decoded into memory once, it is saved as often as asked.
        guard let resized = sitegen_vips_copy_memory(thumbnail) else { throw failure() }
        defer { sitegen_vips_unref(resized) }
        guard let image = request.keepMetadata ? resized : sitegen_vips_without_metadata(resized) else { throw failure() }
        defer { if image != resized { sitegen_vips_unref(image) } }
        var rendition = Rendition(width: Int(sitegen_vips_width(image)), height: Int(sitegen_vips_height(image)), files: [:])
        for format in request.formats {
            var output: UnsafeMutableRawPointer?
            var length = 0
            guard
                sitegen_vips_save(image, format.code, Int32(clamping: request.quality), request.keepMetadata ? 0 : 1, &output, &length)
                    == 0, let output
            else { throw failure() }
            let saved = Array(UnsafeRawBufferPointer(start: output, count: length))
            sitegen_vips_free(output)
            // The WebP saver adds an EXIF block of its own (orientation and resolution) even when told to strip.
            rendition.files[format] = request.keepMetadata ? saved : MetadataStripper.stripped(saved) ?? saved
        }
        return rendition
    }

    /// libvips's last error message, cleared.
    private static func failure() -> Failure {
        let message = String(cString: sitegen_vips_error_buffer()).trimmingCharacters(in: .whitespacesAndNewlines)
        sitegen_vips_error_clear()
        let firstLine = message.split(separator: "\n").first.map(String.init) ?? ""
        return Failure(description: firstLine.isEmpty ? "libvips could not read the image" : firstLine)
    }
}
