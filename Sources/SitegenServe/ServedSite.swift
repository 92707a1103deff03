import Foundation
import Hummingbird
import SitegenCore

/// One build of the site as the preview server serves it: every output file by its path, in memory, with its
/// media type and entity tag. Pages and generated files are bytes; copied files stay on disk, where the build
/// found them, and are read when requested.
struct ServedSite: Sendable {
    /// A file of the site.
    struct File: Sendable {
        enum Body: Sendable {
            case bytes([UInt8])
            /// An absolute path the build copies from.
            case disk(String)
        }

        var body: Body
        var contentType: String
        /// A strong validator: a hash of the bytes, or the size and modification time of a file on disk.
        var etag: String
        var isHTML: Bool { contentType.hasPrefix("text/html") }
    }

    /// The path every URL starts with, from `base_url`: `/` or `/journey/`.
    var basePath: String
    /// By output path: `index.html`, `posts/hello/index.html`, `assets/style.css`.
    var files: [String: File]

    /// The files of a build; files whose bytes equal those of `previous` keep its entity tag without hashing.
    init(basePath: String, files outputs: [OutputFile], previous: ServedSite? = nil) {
        self.basePath = basePath
        var files: [String: File] = [:]
        files.reserveCapacity(outputs.count)
        for output in outputs {
            let contentType = Self.contentType(of: output.path)
            switch output.contents {
            case .bytes(let bytes):
                if let earlier = previous?.files[output.path], case .bytes(let earlierBytes) = earlier.body, earlierBytes == bytes {
                    files[output.path] = earlier
                } else {
                    files[output.path] = File(body: .bytes(bytes), contentType: contentType, etag: Self.hashTag(bytes))
                }
            case .file(let path):
                files[output.path] = File(body: .disk(path), contentType: contentType, etag: Self.statTag(path))
            }
        }
        self.files = files
    }

    /// The media type for a file name, from Hummingbird's table, with `charset=utf-8` on text.
    static func contentType(of path: String) -> String {
        let name = path.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: "."),
            let type = MediaType.getMediaType(forExtension: name[name.index(after: dot)...].lowercased())
        else { return "application/octet-stream" }
        let textual = type.type == .text || ["xml", "json", "svg+xml", "atom+xml", "javascript"].contains(type.subType)
        return textual ? "\(type); charset=utf-8" : "\(type)"
    }

    /// A quoted FNV-1a 64-bit hash of `bytes`.
    static func hashTag(_ bytes: [UInt8]) -> String {
        "\"\(String(ContentHash.fnv1a(bytes), radix: 16))\""
    }

    /// A quoted tag from the size and modification time of the file at `path`.
    static func statTag(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "\"missing\"" }
        let stamp = FileStamp(info)
        return "\"\(String(stamp.size, radix: 16))-\(String(stamp.modified, radix: 16))\""
    }
}
