import Foundation

/// Removing what the writer made and no longer needs: staging folders left by a build that was stopped, old
/// outputs, trees of files.
extension OutputWriter {
    /// Removes the staging and set-aside folders (`.public.staging-PID`, `.public.previous-PID`) that builds
    /// which died before cleaning up left beside the output folder `name`; those of running builds stay.
    static func removeStaleFolders(in parent: String, of name: String) {
        let prefixes = [".\(name).staging-", ".\(name).previous-"]
        let own = ProcessInfo.processInfo.processIdentifier
        forEachEntry(of: parent) { path, isFolder in
            let entry = String(path.dropFirst(parent.count + 1))
            // `.public.staging-PID`, or `.public.staging-PID.removing` left by an interrupted removal.
            guard let prefix = prefixes.first(where: { entry.hasPrefix($0) }),
                let pid = Int32(entry.dropFirst(prefix.count).prefix { $0.isASCII && $0.isNumber }), pid > 0, pid != own
            else { return }
            if kill(pid, 0) == 0 || errno == EPERM { return }
            removeTree(path)
        }
    }

    /// Deletes a folder and everything in it, its subfolders on every core.
    static func removeTreeInParallel(_ path: String) {
        guard isRealFolder(path) else {
            unlink(path)
            return
        }
        var subfolders: [String] = []
        forEachEntry(of: path) { child, isFolder in
            if isFolder { subfolders.append(child) } else { unlink(child) }
        }
        var grandchildren: [String] = []
        for folder in subfolders {
            forEachEntry(of: folder) { child, _ in grandchildren.append(child) }
        }
        _ = grandchildren.parallelMap { removeTree($0) }
        for folder in subfolders { rmdir(folder) }
        rmdir(path)
    }

    /// Calls `body` with the path of each entry of a folder and whether it is a folder (symbolic links are not).
    static func forEachEntry(of path: String, _ body: (String, Bool) -> Void) {
        guard let directory = opendir(path) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = String(decoding: FileDescriptor.entryName(entry), as: UTF8.self)
            if name == "." || name == ".." { continue }
            let child = path + "/" + name
            let type = Int32(entry.pointee.d_type)
            body(child, type == Int32(DT_DIR) || (type == Int32(DT_UNKNOWN) && isRealFolder(child)))
        }
    }

    /// Deletes a folder and everything in it without following symbolic links; a missing folder is fine.
    static func removeTree(_ path: String) {
        guard isRealFolder(path) else {
            unlink(path)
            return
        }
        forEachEntry(of: path) { child, isFolder in
            if isFolder { removeTree(child) } else { unlink(child) }
        }
        rmdir(path)
    }

    /// Whether `path` is a folder itself, not a symbolic link to one.
    static func isRealFolder(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }
}
