import Foundation

extension OutputWriter {
    /// A file of the previous output as the build record knows it: its stamp after the write, its hash, and for
    /// a page the fingerprint it was made from.
    public struct KnownFile: Sendable, Equatable {
        var stamp: FileStamp
        var hash: UInt64
        var fingerprint: UInt64?
        /// For a page, the posts it read (``PostReads``).
        var reads: ReadPosts?
        /// The stamp the file had when this build began, if it was looked at then and was a regular file.
        var current: FileStamp?
    }

    /// Updates the output folder in place instead of replacing it: every file is made first, and only those
    /// whose bytes differ from `known` (the previous output, whose files must still have their recorded stamps)
    /// are written, into the staging folder; then, with interruptions held back, they are renamed into place and
    /// the files of the previous output that the site no longer has are deleted. Unchanged files and folders are
    /// not touched. A failure while the files are made leaves the output as it was.
    /// A page whose fingerprint is the one `known` has for it is not even rendered.
    /// - Returns: The hash of every file now in the output and the fingerprint of every page; `nil`, with
    ///   nothing changed, when the output cannot be updated in place (a file where a folder must go, or the
    ///   reverse).
    func update(_ siteFiles: [OutputFile], pages: PageStream, known: [String: KnownFile]) throws(Failure) -> Written? {
        let files = siteFiles.filter { $0.path != Self.manifestName } + [Self.manifest(of: siteFiles.map(\.path) + pages.paths)]
        let paths = files.map(\.path) + pages.paths
        for path in paths where !OutputFile.isContained(path) {
            throw Failure(path: path, message: "output path escapes the output folder")
        }
        let outputPath = output.path
        // An output folder removed since the last build is written anew, as a first build writes it.
        var folderStatus = stat()
        guard lstat(outputPath, &folderStatus) == 0, (folderStatus.st_mode & S_IFMT) == S_IFDIR else { return nil }
        // One look at each path: what stands there now, whether it blocks the update, and its stamp.
        // Looked up from the output folder, not from `/`: the kernel walks only the path inside it.
        let folder = open(outputPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
        guard folder >= 0 else { return nil }
        let present = paths.parallelMap { Self.presence(of: $0, in: folder, known: known) }
        close(folder)
        guard !present.contains(where: { if case .blocked = $0 { true } else { false } }) else { return nil }
        let staging = stagingPath
        guard makeStagingFolder(registering: []) else {
            throw Failure(path: staging, message: "cannot create the staging folder: \(FileDescriptor.lastError)")
        }
        defer {
            Self.removeTree(staging)
            StagingCleanup.shared.unregister([staging])
        }
        let outputName = output.lastPathComponent
        // Each file is made, hashed and, when changed, written to the staging folder under its number.
        let made = Self.mapTakingLastFirst(count: paths.count, from: files.count + pages.pageCount) { index -> Result<Made, Failure> in
            let path = paths[index]
            // The previous file, if it is still as the record says.
            let previous: KnownFile? =
                if case .file(let stamp, let file) = present[index], stamp.size == file.stamp.size,
                    stamp.modified == file.stamp.modified, stamp.inode == file.stamp.inode
                {
                    file
                } else { nil }
            // A file left as it is keeps the stamp just seen, which the record takes without looking again.
            let unchanged = { (hash: UInt64, fingerprint: UInt64?, reads: ReadPosts?) in
                Made(hash: hash, fingerprint: fingerprint, reads: reads, changed: false, stamp: previous?.stamp)
            }
            let bytes: [UInt8]
            let origin: OutputFile.Origin?
            var fingerprint: UInt64?
            var reads: ReadPosts?
            if index < files.count {
                // A copied file whose source is as it was when it was last copied (the same identity, or the same
                // size, times and inode) and whose copy is as recorded is not read again: a journal's photos are
                // not hashed on every build.
                if let identity = files[index].identity {
                    fingerprint = identity
                } else if case .file(let source) = files[index].contents, let stamp = FileStamp.of(source) {
                    fingerprint = ContentHash.of(Array("\(source) \(stamp.size) \(stamp.modified) \(stamp.changed) \(stamp.inode)".utf8))
                }
                if let previous, let fingerprint, previous.fingerprint == fingerprint {
                    return .success(unchanged(previous.hash, fingerprint, nil))
                }
                switch Self.bytes(of: files[index]) {
                case .success(let read): bytes = read
                case .failure(let failure): return .failure(failure)
                }
                origin = files[index].origin
            } else {
                switch pages.make(index - files.count, previous.map { PageStream.Previous(fingerprint: $0.fingerprint, reads: $0.reads) }) {
                case .success(let page):
                    guard let rendered = page.bytes else {
                        var made = unchanged(previous?.hash ?? 0, page.fingerprint, page.reads)
                        made.reused = page.reused
                        return .success(made)
                    }
                    bytes = rendered
                    fingerprint = page.fingerprint
                    reads = page.reads
                case .failure(let problem): return .failure(Failure(path: problem.path, line: problem.line, message: problem.message))
                }
                origin = pages.origins[index - files.count]
            }
            let hash = ContentHash.of(bytes)
            if let previous, previous.hash == hash, previous.stamp.size == bytes.count {
                return .success(unchanged(hash, fingerprint, reads))
            }
            guard FileDescriptor.writeAll(bytes, to: staging + "/\(index)") else {
                return .failure(Failure(writing: path, in: outputName, origin: origin, cause: FileDescriptor.lastError))
            }
            return .success(Made(hash: hash, fingerprint: fingerprint, reads: reads, changed: true, stamp: nil))
        }
        var done = Written()
        done.files.reserveCapacity(paths.count)

        var changed: [Int] = []
        for (index, result) in made.enumerated() {
            switch result {
            case .success(let file):
                done.files.append(
                    .init(
                        path: paths[index], hash: file.hash, fingerprint: file.fingerprint, reads: file.reads,
                        stamp: file.changed ? nil : file.stamp))
                if file.changed { changed.append(index) }
                if index >= files.count, !file.reused {
                    if index - files.count < pages.pageCount {
                        done.pagesMade.append(paths[index])
                    } else {
                        done.filesMade.append(paths[index])
                    }
                }
            case .failure(let failure): throw failure
            }
        }
        // Recorded files the site no longer has: none when every recorded one is among the paths.
        let recordedAmongPaths = zip(paths, present).count { path, presence in
            if case .file = presence { true } else { known[path] != nil }
        }
        let gone = recordedAmongPaths == known.count ? [] : Array(Set(known.keys).subtracting(paths))
        try StagingCleanup.shared.whileSwapping { () throws(Failure) in
            for index in changed {
                let path = paths[index]
                let target = outputPath + "/" + path
                try Self.makeFolders(for: path, in: outputPath)
                guard rename(staging + "/\(index)", target) == 0 else {
                    throw Failure(path: target, message: "cannot move the new file into place: \(FileDescriptor.lastError)")
                }
            }
            for path in gone {
                unlink(outputPath + "/" + path)
                var folder = path
                while let slash = folder.lastIndex(of: "/") {
                    folder = String(folder[..<slash])
                    if rmdir(outputPath + "/" + folder) != 0 { break }
                }
            }
        }
        return done
    }

    /// One file as ``update(_:pages:known:)`` made it.
    private struct Made {
        var hash: UInt64
        var fingerprint: UInt64?
        var reads: ReadPosts?
        /// For a page, whether it was taken as it was without making its values.
        var reused = false
        var changed: Bool
        /// The file's stamp, when it was left as it was.
        var stamp: FileStamp?
    }

    /// A file's bytes: those in memory, or those of the file it copies.
    static func bytes(of file: OutputFile) -> Result<[UInt8], Failure> {
        switch file.contents {
        case .bytes(let contents):
            return .success(contents)
        case .file(let source):
            switch FileDescriptor.readFile(source, noFollow: true) {
            case .success(let read): return .success(read.bytes)
            case .failure(let problem):
                return .failure(Failure(path: file.origin?.path ?? source, message: "cannot read the file to copy it: \(problem)"))
            }
        }
    }

    /// What stands in the output at a file's path.
    private enum Presence {
        /// Nothing: neither the file nor, if sitegen made them, its folders.
        case absent
        /// A regular file sitegen wrote, with its stamp and what the record knows of it.
        case file(FileStamp, KnownFile)
        /// Something the update must not replace: a folder at the file's place, a file or link at a folder's
        /// place, or anything sitegen did not write.
        case blocked
    }

    /// What stands at `path` in the output folder open as `output`: for a recorded file looked at when the build
    /// began, the stamp it had then (``KnownFile/current``); else one `lstat` for a file that is there, the usual
    /// case.
    private static func presence(of path: String, in output: Int32, known: [String: KnownFile]) -> Presence {
        if let file = known[path], let current = file.current { return .file(current, file) }
        var status = stat()
        if fstatat(output, path, &status, AT_SYMLINK_NOFOLLOW) == 0 {
            guard (status.st_mode & S_IFMT) == S_IFREG, let file = known[path] else { return .blocked }
            return .file(FileStamp(status), file)
        }
        var folder = path
        while let slash = folder.lastIndex(of: "/") {
            folder = String(folder[..<slash])
            if fstatat(output, folder, &status, AT_SYMLINK_NOFOLLOW) == 0 {
                return (status.st_mode & S_IFMT) == S_IFDIR ? .absent : .blocked
            }
        }
        return .absent
    }

    /// Creates the folders above `path` in the output that do not exist yet.
    private static func makeFolders(for path: String, in output: String) throws(Failure) {
        var missing: [String] = []
        var folder = path
        var status = stat()
        while let slash = folder.lastIndex(of: "/") {
            folder = String(folder[..<slash])
            if lstat(output + "/" + folder, &status) == 0 { break }
            missing.append(folder)
        }
        for folder in missing.reversed() where mkdir(output + "/" + folder, 0o755) != 0 && errno != EEXIST {
            throw Failure(path: output + "/" + folder, message: "cannot create the folder: \(FileDescriptor.lastError)")
        }
    }
}
