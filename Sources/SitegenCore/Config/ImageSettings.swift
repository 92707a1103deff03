import SitegenImages

/// How photos are published (`images:` in site.yml): the widths of their resized copies, the formats those are
/// made in besides the original's, their quality, and whether the originals keep their metadata. The defaults
/// need no setting: 480, 960 and 1600 pixels across (a phone, a laptop's column at twice its density, a wide
/// screen), WebP, quality 75, no metadata.
public struct ImageSettings: Sendable, Hashable {
    /// Widths of the resized copies, smallest first; none is made wider than its original.
    public var widths = [480, 960, 1600]
    /// Formats made besides the original's own (which every copy is also made in, so that any browser has one).
    public var formats: [ImageCodec.Format] = [.webp]
    /// Quality of JPEG and WebP copies, 1–100.
    public var quality = 75
    /// Publish originals with their EXIF, XMP and IPTC (GPS position included) and copies with their profile.
    public var keepMetadata = false

    /// The defaults.
    public init() {}

    /// Reads the `images:` entry of site.yml, reporting each bad value at its line.
    static func parse(_ entry: YAMLBlock.Entry, path: String, diagnostics: inout [Diagnostic]) -> ImageSettings {
        var settings = ImageSettings()
        guard case .object(let fields) = entry.templateValue else {
            diagnostics.append(
                .error(path, entry.line, entry.column, "`images` must be a mapping (`widths:`, `formats:`, `quality:`, `keep_metadata:`)"))
            return settings
        }
        func problem(_ message: String) { diagnostics.append(.error(path, entry.line, entry.column, message)) }
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            switch (key, value) {
            case ("widths", .list(let items)):
                let widths = items.compactMap { if case .int(let width) = $0, (16...8_192).contains(width) { width } else { nil } }
                if widths.count == items.count, !widths.isEmpty {
                    settings.widths = Array(Set(widths)).sorted()
                } else {
                    problem("`images.widths` must be a list of widths in pixels, each from 16 to 8192, such as [480, 960, 1600]")
                }
            case ("formats", .list(let items)):
                let formats = items.compactMap { item -> ImageCodec.Format? in
                    guard case .string(let name) = item else { return nil }
                    return name.lowercased() == "jpg" ? .jpeg : ImageCodec.Format(rawValue: name.lowercased())
                }
                if formats.count == items.count {
                    settings.formats = formats
                } else {
                    problem("`images.formats` must be a list of `webp`, `jpeg` or `png`, such as [webp]")
                }
            case ("quality", .int(let quality)) where (1...100).contains(quality): settings.quality = quality
            case ("quality", _): problem("`images.quality` must be a whole number from 1 to 100")
            case ("keep_metadata", .bool(let keep)): settings.keepMetadata = keep
            case ("keep_metadata", _): problem("`images.keep_metadata` must be true or false")
            default:
                problem("`images.\(key)` is not a setting; use `widths:`, `formats:`, `quality:` or `keep_metadata:`")
            }
        }
        return settings
    }
}
