import Foundation

/// Writes a built site into a staging folder beside the output folder, then swaps it in with renames, so that a
/// failed or interrupted build leaves the previous output exactly as it was. A file whose bytes equal the previous
/// output's is hard-linked instead of written, so unchanged files keep their modification time and rebuilds
/// create few new files.
public struct OutputWriter: Sendable {
    /// The folder the site is published from, such as `public/`.
    public let output: URL

    /// A problem writing the output.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Creates a writer for `output`.
    public init(output: URL) {
        self.output = output.standardizedFileURL
    }

    /// Refuses output folders whose replacement would destroy the source: the site's folder itself, a folder
    /// that contains it, or the file system's root.
    public func validate(sourceRoot: URL) throws(Failure) {
        let outputPath = output.resolvingSymlinksInPath().path
        let sourcePath = sourceRoot.standardizedFileURL.resolvingSymlinksInPath().path
        if outputPath == "/" || outputPath == sourcePath || (sourcePath + "/").hasPrefix(outputPath + "/") {
            throw Failure(
                description:
                    "\(output.path): error: the output folder must not be the site's folder or contain it; use a folder such as public/")
        }
        let home = FileManager.default.homeDirectoryForCurrentUser.resolvingSymlinksInPath().path
        if outputPath == home {
            throw Failure(description: "\(output.path): error: refusing to replace your home folder; use a folder such as public/")
        }
    }

    /// Writes `files` and swaps them in as the new output folder.
    public func write(_ files: [OutputFile]) throws(Failure) {
        let manager = FileManager.default
        let parent = output.deletingLastPathComponent()
        let name = output.lastPathComponent
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = parent.appendingPathComponent(".\(name).staging-\(pid)")
        let previous = parent.appendingPathComponent(".\(name).previous-\(pid)")
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
            Self.removeTree(staging.path)
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "\(staging.path): error: cannot create the staging folder: \(error.localizedDescription)")
        }
        do {
            for file in files where !OutputFile.isContained(file.path) {
                throw Failure(description: "\(file.path): error: output path escapes the output folder")
            }
            var folders: Set<String> = []
            for file in files {
                var folder = file.path
                while let slash = folder.lastIndex(of: "/") {
                    folder = String(folder[..<slash])
                    guard folders.insert(folder).inserted else { break }
                }
            }
            // Folders level by level, each level on every core: a level's parents all exist before it starts.
            let stagingRoot = staging.path
            let levels = Dictionary(grouping: folders) { $0.utf8.count(where: { $0 == UInt8(ascii: "/") }) }
            for depth in levels.keys.sorted() {
                let problems = (levels[depth] ?? []).parallelMap { folder -> Failure? in
                    let path = stagingRoot + "/" + folder
                    guard mkdir(path, 0o755) != 0, errno != EEXIST else { return nil }
                    return Failure(description: "\(path): error: cannot create the folder: \(String(cString: strerror(errno)))")
                }
                if let problem = problems.compactMap({ $0 }).first { throw problem }
            }
            let stagingPath = staging.path
            let previousPath = manager.fileExists(atPath: output.path) ? output.path : nil
            let failures = files.parallelMap { file in
                Self.writeFile(file, under: stagingPath, previous: previousPath)
            }.compactMap { $0 }
            if let failure = failures.first { throw failure }
        } catch let failure as Failure {
            Self.removeTree(staging.path)
            throw failure
        } catch {
            Self.removeTree(staging.path)
            throw Failure(description: "\(staging.path): error: cannot write the site: \(error.localizedDescription)")
        }
        do {
            if manager.fileExists(atPath: output.path) {
                let kept = Self.moveHiddenEntries(from: output.path, to: staging.path, skipping: Set(files.map(\.path)))
                do {
                    try manager.moveItem(at: output, to: previous)
                } catch {
                    Self.moveBack(kept, from: staging.path, to: output.path)
                    throw error
                }
                do {
                    try manager.moveItem(at: staging, to: output)
                } catch {
                    try? manager.moveItem(at: previous, to: output)
                    Self.moveBack(kept, from: staging.path, to: output.path)
                    throw error
                }
                Self.removeTreeInParallel(previous.path)
            } else {
                try manager.moveItem(at: staging, to: output)
            }
        } catch {
            Self.removeTree(staging.path)
            throw Failure(description: "\(output.path): error: cannot replace the output folder: \(error.localizedDescription)")
        }
    }

    /// Writes one file with plain POSIX calls, or links the previous output's copy when it has the same bytes;
    /// returns the failure, if any.
    private static func writeFile(_ file: OutputFile, under folder: String, previous: String?) -> Failure? {
        let target = folder + "/" + file.path
        let bytes: [UInt8]
        switch file.contents {
        case .bytes(let contents):
            bytes = contents
        case .file(let source):
            guard let contents = FileDescriptor.readAll(source)?.bytes else {
                return Failure(description: "\(source): error: cannot read the file to copy it: \(FileDescriptor.lastError)")
            }
            bytes = contents
        }
        if let previous {
            let old = previous + "/" + file.path
            if hasContents(old, equalTo: bytes), link(old, target) == 0 { return nil }
        }
        return writeBytes(bytes, to: target)
    }

    /// Whether the regular file at `path` (not a symbolic link) holds exactly `bytes`.
    private static func hasContents(_ path: String, equalTo bytes: [UInt8]) -> Bool {
        FileDescriptor.readAll(path, noFollow: true, expectedSize: bytes.count)?.bytes == bytes
    }

    /// Moves the hidden entries at the top of the old output (`.git`, `.gitkeep`, `.well-known`) into the new
    /// one, unless the site itself writes them, so that a gh-pages checkout in the output folder survives.
    /// - Returns: The names moved.
    private static func moveHiddenEntries(from old: String, to new: String, skipping written: Set<String>) -> [String] {
        var moved: [String] = []
        forEachEntry(of: old) { path, _ in
            let name = String(path.dropFirst(old.count + 1))
            guard name.hasPrefix("."), !written.contains(where: { $0 == name || $0.hasPrefix(name + "/") }) else { return }
            if rename(path, new + "/" + name) == 0 { moved.append(name) }
        }
        return moved
    }

    /// Undoes ``moveHiddenEntries(from:to:skipping:)`` after a failed swap.
    private static func moveBack(_ names: [String], from new: String, to old: String) {
        for name in names { rename(new + "/" + name, old + "/" + name) }
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
    private static func forEachEntry(of path: String, _ body: (String, Bool) -> Void) {
        guard let directory = opendir(path) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
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
    private static func isRealFolder(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    private static func writeBytes(_ bytes: [UInt8], to path: String) -> Failure? {
        FileDescriptor.writeAll(bytes, to: path)
            ? nil : Failure(description: "\(path): error: cannot write the file: \(FileDescriptor.lastError)")
    }
}
