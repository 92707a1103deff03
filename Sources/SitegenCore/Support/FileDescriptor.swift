import Foundation

/// Reading a whole file with plain POSIX calls, which the build does for thousands of files where Foundation's
/// per-file overhead shows.
public enum FileDescriptor {
    /// The regular file at `path`, with its modification time; symbolic links are followed unless `noFollow`.
    /// - Returns: `nil` when it cannot be opened, is not a regular file, has a size other than `expectedSize`,
    ///   or cannot be read whole.
    public static func readAll(_ path: String, noFollow: Bool = false, expectedSize: Int? = nil) -> (bytes: [UInt8], modified: Date)? {
        let descriptor = open(path, noFollow ? O_RDONLY | O_NOFOLLOW : O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        if let expectedSize, Int(status.st_size) != expectedSize { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        let complete = bytes.withUnsafeMutableBytes { buffer in
            transfer(buffer.count) { offset in read(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset) }
        }
        guard complete else { return nil }
        #if canImport(Darwin)
            let seconds = TimeInterval(status.st_mtimespec.tv_sec)
        #else
            let seconds = TimeInterval(status.st_mtim.tv_sec)
        #endif
        return (bytes, Date(timeIntervalSince1970: seconds))
    }

    /// Creates or truncates the file at `path` and writes `bytes` to it.
    /// - Returns: `false` with `errno` set when it could not.
    static func writeAll(_ bytes: [UInt8], to path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return bytes.withUnsafeBytes { buffer in
            transfer(buffer.count) { offset in write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset) }
        }
    }

    /// Calls `step` with the bytes done so far until `total` are done, retrying on `EINTR`.
    /// - Returns: `false` when a step fails or makes no progress.
    private static func transfer(_ total: Int, _ step: (Int) -> Int) -> Bool {
        var offset = 0
        while offset < total {
            let count = step(offset)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return false }
            offset += count
        }
        return true
    }

    /// The last error as text.
    static var lastError: String { String(cString: strerror(errno)) }
}
