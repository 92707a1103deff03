import Foundation

/// The folder where `sitegen build` keeps what the next build may reuse: `.sitegen-cache/` in the site's folder.
/// It is sitegen's alone and may be deleted at any time; a missing, unreadable or outdated cache means a full
/// build, never a wrong one.
public struct CacheFolder: Sendable {
    /// The folder's path.
    public let path: String

    /// The folder's name in the site's folder.
    public static let name = ".sitegen-cache"

    /// The cache of the site in `root`.
    public init(site root: URL) {
        path = root.standardizedFileURL.path + "/" + Self.name
    }

    private var recordPath: String { path + "/record" }

    /// Whether the cache folder is a folder of its own, not a symbolic link that could lead out of the site.
    private var isRealFolder: Bool {
        var status = stat()
        return lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// The last build's record, when there is a readable one of this version.
    func record() -> BuildRecord? {
        guard isRealFolder else { return nil }
        return FileDescriptor.readAll(recordPath, noFollow: true).flatMap { BuildRecord(bytes: $0.bytes) }
    }

    /// Replaces the record, atomically: a build that reads it sees the old one or the new one whole.
    /// - Returns: Why it could not be written, if it could not.
    func save(_ record: BuildRecord) -> String? {
        if let problem = prepare() { return problem }
        return Self.replace(recordPath, with: record.bytes)
    }

    /// Creates the folder unless it exists.
    /// - Returns: Why it cannot be used, if it cannot.
    func prepare() -> String? {
        if mkdir(path, 0o755) != 0, errno != EEXIST { return FileDescriptor.lastError }
        guard isRealFolder else { return "\(Self.name) is not a folder (a symbolic link?); remove it" }
        return nil
    }

    /// Replaces the file at `path` with `bytes`, atomically: a build that reads it sees the old bytes or the new
    /// ones whole.
    /// - Returns: Why it could not be written, if it could not.
    static func replace(_ path: String, with bytes: [UInt8]) -> String? { replace(path) { put in put(bytes) } }

    /// Replaces the file at `path` atomically with the bytes `write` puts, part by part, so that they need not be in
    /// memory at once.
    /// - Returns: Why it could not be written, if it could not.
    static func replace(_ path: String, writing write: (_ put: ([UInt8]) -> Bool) -> Bool) -> String? {
        let temporary = path + ".\(ProcessInfo.processInfo.processIdentifier)"
        // Whatever stands at the temporary name (a link planted there) goes first.
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else { return FileDescriptor.lastError }
        let written = write { FileDescriptor.writeAll($0, to: descriptor) }
        let problem = written ? nil : FileDescriptor.lastError
        close(descriptor)
        guard problem == nil, rename(temporary, path) == 0 else {
            let cause = problem ?? FileDescriptor.lastError
            unlink(temporary)
            return cause
        }
        return nil
    }

    /// Forgets the last build, so that the next one is a full one.
    func forget() {
        if isRealFolder { unlink(recordPath) }
    }
}
