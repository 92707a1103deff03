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
        /// The file or folder concerned: the source file that put an output file where it could not be
        /// written, when there is one.
        public let path: String
        /// The line of `path` the output file's name comes from; 0 for none.
        public var line = 0
        /// What went wrong and what to do.
        public let message: String
        /// `path:line:1: error: message`, or `path: error: message` without a line.
        public var description: String { diagnostic.description }
        /// The failure as a diagnostic.
        public var diagnostic: Diagnostic { .error(path, line, line > 0 ? 1 : 0, message) }

        init(path: String, line: Int = 0, message: String) {
            self.path = path
            self.line = line
            self.message = message
        }

        /// A failure to write `output` (a path in the output folder), blamed on `origin` when known.
        init(writing output: String, in folderName: String, origin: OutputFile.Origin?, cause: String) {
            let shown = folderName + "/" + output
            if let origin {
                self.init(path: origin.path, line: origin.line, message: "cannot write \(shown): \(cause)")
            } else {
                self.init(path: shown, message: "cannot write it: \(cause)")
            }
        }
    }

    /// Creates a writer for `output`.
    public init(output: URL) {
        self.output = output.standardizedFileURL
    }

    /// The file at the top of every output folder that marks it as sitegen's and lists what the build wrote.
    public static let manifestName = ".sitegen-manifest"
    /// The manifest's first line.
    static let manifestHeader = "sitegen output manifest v1"

    /// Refuses any output folder that sitegen may not replace, before anything is touched. sitegen replaces
    /// only a folder that is absent, empty (but for hidden entries, which it keeps), or its own previous output: one with a ``manifestName`` file, or,
    /// for output written before the manifest existed, one whose `index.html` names sitegen as its generator
    /// or that holds the `404.html`, `sitemap.xml`, `robots.txt` and `feed.xml` every build writes. It must
    /// also lie outside the site's sources (`content/`, `templates/`, `site.yml`), must not be the site's
    /// folder or contain it, and must not be a file, a symbolic link, the root or the home folder.
    public func validate(sourceRoot: URL) throws(Failure) {
        func refuse(_ why: String) -> Failure {
            Failure(path: output.path, message: why)
        }
        var status = stat()
        let exists = lstat(output.path, &status) == 0
        if exists, (status.st_mode & S_IFMT) == S_IFLNK {
            throw refuse("the output folder is a symbolic link; pass the folder it points to with --output")
        }
        if exists, (status.st_mode & S_IFMT) != S_IFDIR {
            throw refuse(
                "the output is \(FileDescriptor.kindName(status.st_mode)), not a folder; sitegen will not replace it. Pass a folder such as public/"
            )
        }
        let outputPath = Self.resolvedPath(output.path)
        let sourcePath = Self.resolvedPath(sourceRoot.standardizedFileURL.path)
        if outputPath == "/" || outputPath == sourcePath || (sourcePath + "/").hasPrefix(outputPath + "/") {
            throw refuse("the output folder must not be the site's folder or contain it; use a folder such as public/")
        }
        let home = Self.resolvedPath(FileManager.default.homeDirectoryForCurrentUser.path)
        if outputPath == home {
            throw refuse("refusing to replace your home folder; use a folder such as public/")
        }
        for source in ["content", "templates", "site.yml", "site.yaml"] {
            let sourceFolder = sourcePath + "/" + source
            if outputPath == sourceFolder || outputPath.hasPrefix(sourceFolder + "/") {
                throw refuse(
                    "the output folder is inside the site's sources (\(source)); building there would replace them. Use a folder such as public/"
                )
            }
        }
        guard exists else { return }
        switch Self.ownership(ofFolder: output.path) {
        case .sitegens, .empty:
            return
        case .unreadable(let reason):
            throw refuse("cannot read the output folder to check that it is sitegen's: \(reason)")
        case .someoneElses:
            throw refuse(
                "the output folder holds files sitegen did not write (it has no \(Self.manifestName)); sitegen will not delete them. Empty or remove the folder, or pass another --output"
            )
        }
    }

    /// Who wrote a folder.
    enum Ownership: Equatable {
        case empty, sitegens, someoneElses
        case unreadable(String)
    }

    /// Whether the folder at `path` is empty, sitegen's previous output, or someone else's.
    static func ownership(ofFolder path: String) -> Ownership {
        guard let directory = opendir(path) else { return .unreadable(FileDescriptor.lastError) }
        var names: Set<String> = []
        while let entry = readdir(directory) {
            let name = String(decoding: FileDescriptor.entryName(entry), as: UTF8.self)
            if name != ".", name != ".." { names.insert(name) }
        }
        closedir(directory)
        // Hidden entries (`.git` of a gh-pages checkout, `.gitkeep`) are carried over, never deleted.
        if names.allSatisfy({ $0.hasPrefix(".") && $0 != manifestName }) { return .empty }
        if names.contains(manifestName),
            let manifest = FileDescriptor.readAll(path + "/" + manifestName, noFollow: true)?.bytes,
            manifest.starts(with: Array(manifestHeader.utf8))
        {
            return .sitegens
        }
        if names.isSuperset(of: ["404.html", "sitemap.xml", "robots.txt", "feed.xml"]) { return .sitegens }
        if let index = FileDescriptor.readAll(path + "/index.html", noFollow: true)?.bytes,
            String(decoding: index.prefix(8192), as: UTF8.self).contains("<meta name=\"generator\" content=\"sitegen ")
        {
            return .sitegens
        }
        return .someoneElses
    }

    /// `path` with links resolved as far as it exists, and the rest appended as written.
    static func resolvedPath(_ path: String) -> String {
        var existing = path
        var rest: [String] = []
        while !existing.isEmpty, existing != "/" {
            if let real = SiteTree.realPath(existing) {
                return ([real == "/" ? "" : real] + rest.reversed()).joined(separator: "/")
            }
            let url = URL(fileURLWithPath: existing)
            rest.append(url.lastPathComponent)
            existing = url.deletingLastPathComponent().path
        }
        return "/" + rest.reversed().joined(separator: "/")
    }

    /// What a write put in the output folder, for the build record.
    public struct Written: Sendable {
        /// Every file now in the output.
        var files: [File] = []
        /// The paths of the pages whose values were made, in order; an update takes the others as they were.
        var pagesMade: [String] = []
        /// The paths of the files following the pages (feeds, the sitemap) that were made, in order.
        var filesMade: [String] = []

        /// A file of the output: its path, the hash of its bytes, a page's fingerprint
        /// (``PageStream/Page/fingerprint``), and, for a file the update left as it was, its stamp, which needs no
        /// second look.
        struct File: Sendable {
            var path: String
            var hash: UInt64
            var fingerprint: UInt64?
            /// For a page, the posts it read (``PostReads``).
            var reads: ReadPosts?
            var stamp: FileStamp?
        }
    }

    /// The manifest for files at `paths`: the header, then one path a line.
    static func manifest(of paths: [String]) -> OutputFile {
        var bytes = Array((manifestHeader + "\n").utf8)
        bytes.reserveCapacity(paths.reduce(bytes.count) { $0 + $1.utf8.count + 1 })
        for path in paths.sorted(by: { $0.precedesInUTF8($1) }) {
            bytes += path.utf8
            bytes.append(0x0A)
        }
        return OutputFile(path: manifestName, contents: .bytes(bytes))
    }

    /// Writes `files` and the pages of `pages`, rendering each as it is written, and swaps them in as the new
    /// output folder.
    /// - Returns: The hash of every file written, and the fingerprint of every page.
    @discardableResult
    /// - Parameter ahead: The staging folder, made while the site was built with some of its folders
    ///   (``Staging``); without it, the write makes its own.
    public func write(_ siteFiles: [OutputFile], pages: PageStream = .empty, staging ahead: Staging? = nil) throws(Failure) -> Written {
        let listed = siteFiles.filter { $0.path != Self.manifestName }
        // The manifest's list is sorted while the folders the files need are found.
        let (manifest, needed) = concurrently(
            { Self.manifest(of: listed.map(\.path) + pages.paths) }, { [listed] in Self.folders(of: listed, pages: pages) })
        let files = listed + [manifest]
        let manager = FileManager.default
        let parent = output.deletingLastPathComponent()
        let staging = URL(fileURLWithPath: self.stagingPath)
        let previous = URL(fileURLWithPath: self.previousPath)
        // The folders made ahead, which the write need not make again.
        var madeAhead: Set<String> = []
        if let ahead, ahead.path == staging.path {
            madeAhead = ahead.take()
        } else {
            do {
                try manager.createDirectory(at: parent, withIntermediateDirectories: true)
                guard makeStagingFolder(registering: [previous.path]) else {
                    throw Failure(path: staging.path, message: "cannot create the staging folder: \(FileDescriptor.lastError)")
                }
            } catch let failure as Failure {
                throw failure
            } catch {
                throw Failure(path: staging.path, message: "cannot create the staging folder: \(error.localizedDescription)")
            }
        }
        var done = Written()
        do {
            let folders = try needed.get()
            // Folders level by level, each level on every core: a level's parents all exist before it starts.
            let stagingRoot = staging.path
            let outputName = output.lastPathComponent
            let folderOrigins = folders
            // A folder made ahead for a page the site did not make after all is removed again, deepest first.
            for folder in madeAhead.subtracting(folders.keys).sorted(by: { $0.utf8.count > $1.utf8.count }) {
                rmdir(stagingRoot + "/" + folder)
            }
            let levels = Dictionary(grouping: folders.keys.filter { !madeAhead.contains($0) }) {
                $0.utf8.count(where: { $0 == UInt8(ascii: "/") })
            }
            for depth in levels.keys.sorted() {
                let problems = (levels[depth] ?? []).parallelMap { folder -> Failure? in
                    guard mkdir(stagingRoot + "/" + folder, 0o755) != 0, errno != EEXIST else { return nil }
                    return Failure(
                        writing: folder + "/", in: outputName, origin: folderOrigins[folder] ?? nil, cause: FileDescriptor.lastError)
                }
                if let problem = problems.compactMap({ $0 }).first { throw problem }
            }
            let stagingPath = staging.path
            let previousPath = manager.fileExists(atPath: output.path) ? output.path : nil
            let written = files.parallelMap { file in
                Self.writeFile(file, under: stagingPath, previous: previousPath, outputName: outputName)
            }
            let pagesWritten = Self.mapTakingLastFirst(count: pages.count, from: pages.pageCount) {
                index -> Result<(hash: UInt64, fingerprint: UInt64, reads: ReadPosts?), Failure> in
                switch pages.make(index, nil) {
                case .success(let page):
                    let written = Self.write(
                        page.bytes ?? [], to: pages.paths[index], origin: pages.origins[index], under: stagingPath,
                        previous: previousPath, outputName: outputName)
                    return written.map { ($0, page.fingerprint, page.reads) }
                case .failure(let problem):
                    return .failure(Failure(path: problem.path, line: problem.line, message: problem.message))
                }
            }
            done.files.reserveCapacity(files.count + pages.count)
            for (file, result) in zip(files, written) {
                switch result {
                case .success(let hash): done.files.append(.init(path: file.path, hash: hash))
                case .failure(let failure): throw failure
                }
            }
            done.pagesMade = Array(pages.paths.prefix(pages.pageCount))
            done.filesMade = Array(pages.paths.dropFirst(pages.pageCount))
            for (path, result) in zip(pages.paths, pagesWritten) {
                switch result {
                case .success(let page):
                    done.files.append(.init(path: path, hash: page.hash, fingerprint: page.fingerprint, reads: page.reads))
                case .failure(let failure): throw failure
                }
            }
        } catch let failure as Failure {
            Self.removeTree(staging.path)
            throw failure
        } catch {
            Self.removeTree(staging.path)
            throw Failure(path: staging.path, message: "cannot write the site: \(error.localizedDescription)")
        }
        defer { StagingCleanup.shared.unregister([staging.path, previous.path]) }
        do throws(Failure) {
            try StagingCleanup.shared.whileSwapping { () throws(Failure) in
                try swap(staging: staging, previous: previous, written: Set(files.map(\.path) + pages.paths))
            }
        } catch {
            Self.removeTree(staging.path)
            throw error
        }
        Self.removeTreeInParallel(previous.path)
        return done
    }

    /// `transform` of every index below `count` on every core, the results in order, with the indices from
    /// `start` on taken first and the others from the last down: the files that follow the pages (feeds, the
    /// sitemap, the search index) are the largest, and the pages that list every post (the archive, the skills)
    /// come after the posts' pages, so that made last either would leave one core making them alone, while the
    /// posts' and home pages, of even cost, end the stage on both.
    static func mapTakingLastFirst<Result: Sendable>(count: Int, from start: Int, _ transform: @Sendable (Int) -> Result) -> [Result] {
        let made = (Array(start..<count) + Array((0..<start).reversed())).parallelMap(transform)
        // Index `i` at or after `start` was made at `i - start`; one before it, at `count - 1 - i`.
        return (0..<count).map { index in index >= start ? made[index - start] : made[count - 1 - index] }
    }

    /// Moves the staging folder into place, keeping the old output's hidden entries; on failure, puts
    /// everything back as it was.
    private func swap(staging: URL, previous: URL, written: Set<String>) throws(Failure) {
        let manager = FileManager.default
        do {
            if manager.fileExists(atPath: output.path) {
                let kept = Self.moveHiddenEntries(from: output.path, to: staging.path, skipping: written)
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
            } else {
                try manager.moveItem(at: staging, to: output)
            }
        } catch {
            throw Failure(path: output.path, message: "cannot replace the output folder: \(error.localizedDescription)")
        }
    }

    /// Writes one file with plain POSIX calls, or links the previous output's copy when it has the same bytes.
    /// - Returns: The hash of its bytes, or the failure.
    private static func writeFile(_ file: OutputFile, under folder: String, previous: String?, outputName: String)
        -> Result<UInt64, Failure>
    {
        switch bytes(of: file) {
        case .success(let bytes):
            return write(bytes, to: file.path, origin: file.origin, under: folder, previous: previous, outputName: outputName)
        case .failure(let failure):
            return .failure(failure)
        }
    }

    /// Writes `bytes` at `path` under `folder`, or links the previous output's copy when it has the same bytes.
    /// - Returns: The hash of the bytes, or the failure.
    private static func write(
        _ bytes: [UInt8], to path: String, origin: OutputFile.Origin?, under folder: String, previous: String?, outputName: String
    ) -> Result<UInt64, Failure> {
        let target = folder + "/" + path
        if let previous {
            let old = previous + "/" + path
            if hasContents(old, equalTo: bytes), link(old, target) == 0 { return .success(ContentHash.of(bytes)) }
        }
        guard FileDescriptor.writeAll(bytes, to: target) else {
            return .failure(Failure(writing: path, in: outputName, origin: origin, cause: FileDescriptor.lastError))
        }
        return .success(ContentHash.of(bytes))
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
}
