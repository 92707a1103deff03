import Foundation

/// What `stat` says about a file, enough to tell that it has not changed since it was last seen: its size,
/// modification and status-change times to the nanosecond, and its inode (an editor's atomic save makes a new
/// one).
package struct FileStamp: Sendable, Equatable {
    package var size: Int64
    package var modified: Int64
    package var changed: Int64
    package var inode: UInt64

    package init(size: Int64, modified: Int64, changed: Int64, inode: UInt64) {
        self.size = size
        self.modified = modified
        self.changed = changed
        self.inode = inode
    }

    package init(_ status: stat) {
        #if canImport(Darwin)
            let (modified, changed) = (status.st_mtimespec, status.st_ctimespec)
        #else
            let (modified, changed) = (status.st_mtim, status.st_ctim)
        #endif
        self.init(
            size: Int64(status.st_size), modified: Self.nanoseconds(modified), changed: Self.nanoseconds(changed),
            inode: UInt64(status.st_ino))
    }

    /// The modification time to the second, as ``FileDescriptor/readFile(_:noFollow:expectedSize:)`` gives it.
    var modifiedSecond: Date {
        let (seconds, rest) = modified.quotientAndRemainder(dividingBy: 1_000_000_000)
        return Date(timeIntervalSince1970: TimeInterval(rest < 0 ? seconds - 1 : seconds))
    }

    /// The stamp of the file at `path` without following a final link; `nil` when it is not a regular file.
    package static func of(_ path: String) -> FileStamp? {
        var status = stat()
        guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return FileStamp(status)
    }

    /// The stamp of the file at `path` inside the folder open as `folder`, without following a final link; `nil`
    /// when it is not a regular file. The kernel walks only the path inside the folder.
    package static func of(_ path: String, in folder: Int32) -> FileStamp? {
        var status = stat()
        guard fstatat(folder, path, &status, AT_SYMLINK_NOFOLLOW) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return FileStamp(status)
    }

    private static func nanoseconds(_ time: timespec) -> Int64 {
        Int64(time.tv_sec) &* 1_000_000_000 &+ Int64(time.tv_nsec)
    }
}
