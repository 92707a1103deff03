import Foundation

/// Reading a whole file with plain POSIX calls, which the build does for thousands of files where Foundation's
/// per-file overhead shows.
public enum FileDescriptor {
    /// The regular file at `path`, with its modification time; symbolic links are followed unless `noFollow`.
    /// - Returns: `nil` when it cannot be opened, is not a regular file, has a size other than `expectedSize`,
    ///   or cannot be read whole.
    public static func readAll(_ path: String, noFollow: Bool = false, expectedSize: Int? = nil) -> (bytes: [UInt8], modified: Date)? {
        try? readFile(path, noFollow: noFollow, expectedSize: expectedSize).get()
    }

    /// Why a file could not be read, in words that are true to the cause.
    public struct ReadFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The regular file at `path`, with its modification time. It is opened without blocking, so that a FIFO
    /// cannot hang the caller, and anything but a regular file is refused before a byte is read.
    public static func readFile(_ path: String, noFollow: Bool = false, expectedSize: Int? = nil)
        -> Result<(bytes: [UInt8], modified: Date), ReadFailure>
    {
        let flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | (noFollow ? O_NOFOLLOW : 0)
        let descriptor = open(path, flags)
        guard descriptor >= 0 else {
            if errno == ELOOP, noFollow { return .failure(ReadFailure(description: "it is a symbolic link")) }
            return .failure(ReadFailure(description: lastError))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .failure(ReadFailure(description: lastError)) }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            return .failure(ReadFailure(description: "it is \(kindName(status.st_mode)), not a regular file"))
        }
        if let expectedSize, Int(status.st_size) != expectedSize {
            return .failure(ReadFailure(description: "its size is not \(expectedSize)"))
        }
        let contents = filled(count: Int(status.st_size)) { buffer in
            transfer(buffer.count) { offset in read(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset) }
        }
        guard let bytes = contents else {
            return .failure(ReadFailure(description: errno == 0 ? "it changed while being read" : lastError))
        }
        #if canImport(Darwin)
            let seconds = TimeInterval(status.st_mtimespec.tv_sec)
        #else
            let seconds = TimeInterval(status.st_mtim.tv_sec)
        #endif
        return .success((bytes, Date(timeIntervalSince1970: seconds)))
    }

    /// "a folder", "a FIFO", … for a `st_mode`.
    public static func kindName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a folder"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFLNK: return "a symbolic link"
        case S_IFREG: return "a regular file"
        default: return "a special file"
        }
    }

    /// Creates or truncates the file at `path` and writes `bytes` to it; never through a symbolic link at `path`
    /// (one planted in a cloned site's cache folder must not lead the write out of it).
    /// - Returns: `false` with `errno` set when it could not.
    static func writeAll(_ bytes: [UInt8], to path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return writeAll(bytes, to: descriptor)
    }

    /// Writes all of `bytes` to an open descriptor (a file or a pipe), retrying on `EINTR`.
    /// - Returns: `false` with `errno` set when it could not (`EPIPE` once the reader is gone, as SIGPIPE is
    ///   ignored by whoever starts a child process).
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        bytes.withUnsafeBytes { buffer in
            transfer(buffer.count) { offset in write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset) }
        }
    }

    /// The bytes that one `read` of an open descriptor returns, retrying on `EINTR`; `nil` at the end or on an
    /// error. Foundation's `FileHandle.availableData` stops the process on any error, an interrupted call
    /// included.
    static func readChunk(_ descriptor: Int32, upTo limit: Int = 65_536) -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: limit)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, limit) }
            if count > 0 { return Array(chunk[..<count]) }
            if count < 0, errno == EINTR { continue }
            return nil
        }
    }

    /// `count` bytes that `fill` reads into memory that is not zeroed first (a file read whole is written over
    /// anyway); `nil` when `fill` fails.
    static func filled(count: Int, _ fill: (UnsafeMutableBufferPointer<UInt8>) -> Bool) -> [UInt8]? {
        var complete = false
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            complete = fill(buffer)
            initialized = complete ? count : 0
        }
        return complete ? bytes : nil
    }

    /// Calls `step` with the bytes done so far until `total` are done, retrying on `EINTR`.
    /// - Returns: `false` when a step fails or makes no progress.
    static func transfer(_ total: Int, _ step: (Int) -> Int) -> Bool {
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
    static var lastError: String { message(errno) }

    /// The system's words for the error number `code`.
    static func message(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// The name of a folder entry from `readdir`, read in place up to its NUL. Copying `d_name` as a value
    /// would read all of its declared 256 bytes, past the end of a short last entry in libc's buffer.
    public static func entryName(_ entry: UnsafeMutablePointer<dirent>) -> [UInt8] {
        withUnsafeMutablePointer(to: &entry.pointee.d_name) { field in
            let raw = UnsafeRawPointer(field)
            return Array(UnsafeRawBufferPointer(start: raw, count: strlen(raw.assumingMemoryBound(to: CChar.self))))
        }
    }
}
