import Foundation

/// What one `sitegen build` read and wrote, kept in the cache folder so that the next build can tell, before it
/// reads a single source, that nothing its output depends on has changed.
///
/// The output depends on the files of the site (each with its stamp and, for text, a hash of its contents), on
/// everything else in ``key`` (sitegen's version, the options, the folders, the time zone), on the day (`site.year`,
/// running projects) and the next future post (``validUntil``), and, for undated posts, on git history
/// (``gitHead``). The record is one versioned file; anything it cannot vouch for means a full build.
struct BuildRecord: Sendable, Equatable {
    /// The first line of the file; a record of any other version is ignored.
    static let header = "sitegen build record 9"

    /// A file the build read: its stamp, and for a text file the hash of its contents.
    struct Input: Sendable, Equatable {
        var stamp: FileStamp
        var hash: UInt64?
        /// Whether the output shows the file's modification time (a post dated by it, a page's date in the
        /// sitemap), so that saving the same bytes again changes the output.
        var timeShows = false
    }

    /// Everything besides the site's files that the output depends on.
    var key: String
    /// When the build began, in nanoseconds since 1970: a file modified since may have changed without its
    /// stamp showing it, so its contents are compared.
    var started: Int64
    /// The moment from which the same inputs may give other output, in seconds since 1970.
    var validUntil: Double
    /// `git rev-parse HEAD` in the site's folder, when undated posts took their dates from git history.
    var gitHead: String?
    /// Every file of the site the build read, by site-relative path.
    var inputs: [String: Input]
    /// The output folder the build wrote.
    var outputFolder: String
    /// Every file of the output, with its path inside the output folder, its stamp after the write and its hash;
    /// in the order the build listed them, as they are written and read without a dictionary in between.
    var outputs: [Output]
    /// The summary's counts: pages by kind, feeds, files.
    var pageCounts: [PageCount]
    /// The warnings the build printed, printed again when nothing changed.
    var warnings: [Diagnostic]
    /// What the pages depended on (each page's posts are in its output's ``OutputWriter/KnownFile/reads``).
    var dependencies: PageDependencies?

    /// A file of the output.
    struct Output: Sendable, Equatable {
        var path: String
        var file: OutputWriter.KnownFile
    }

    /// The output files by path, as the in-place update looks them up. Until `enough()` says so, each is looked
    /// at in `folder`, when that is the recorded output folder, and has the stamp it has now
    /// (``OutputWriter/KnownFile/current``): the thread that reads the record does that while the site is
    /// walked, instead of the writer afterwards.
    func outputsByPath(lookingIn folder: String, until enough: () -> Bool) -> [String: OutputWriter.KnownFile] {
        let descriptor = folder == outputFolder ? open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW) : -1
        defer { if descriptor >= 0 { close(descriptor) } }
        var files = [String: OutputWriter.KnownFile](minimumCapacity: outputs.count)
        var looking = descriptor >= 0
        for (index, output) in outputs.enumerated() {
            var file = output.file
            // The flag is read every so often: a look costs about a microsecond.
            if looking, index % 64 == 0, enough() { looking = false }
            if looking { file.current = FileStamp.of(output.path, in: descriptor) }
            files[output.path] = file
        }
        return files
    }

    /// One entry of the summary.
    struct PageCount: Sendable, Equatable {
        var kind: String
        var count: Int
    }

    /// ``gitHead`` for a site outside a git work tree.
    static let noGitHead = "none"

    /// The hash recorded for a text file read as `bytes`: that of its text, without a byte-order mark.
    static func contentHash(of bytes: some Collection<UInt8>) -> UInt64 {
        let hasMark = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        return ContentHash.of(hasMark ? bytes.dropFirst(3) : bytes[...])
    }

    /// Whether the output folder still holds what the recorded build wrote, and the site is still what it read.
    /// - Parameters:
    ///   - inputs: The files found by walking the site now, by path, with their real paths to read.
    ///   - key: What ``key`` is for the build about to run.
    ///   - now: The build's moment.
    ///   - output: The output folder's path.
    ///   - head: The commit checked out now (``GitHistory/head(root:)``, or ``noGitHead``), when the record has one.
    ///   - seen: The output files as ``outputsByPath(lookingIn:until:)`` looked at them, not looked at again.
    func isCurrent(
        inputs current: [SiteTree.Entry], key: String, now: Date, output: String, head: String?,
        seen: [String: OutputWriter.KnownFile] = [:]
    ) -> Bool {
        guard key == self.key, now.timeIntervalSince1970 < validUntil, current.count == inputs.count else { return false }
        let recent = started - 1_000_000_000
        for entry in current {
            guard let recorded = inputs[entry.path] else { return false }
            if recorded.stamp == entry.stamp, entry.stamp.modified < recent { continue }
            if recorded.timeShows, recorded.stamp.modified != entry.stamp.modified { return false }
            guard let hash = recorded.hash, recorded.stamp.size == entry.stamp.size,
                let bytes = FileDescriptor.readAll(entry.realPath, noFollow: true)?.bytes, Self.contentHash(of: bytes) == hash
            else { return false }
        }
        guard output == outputFolder else { return false }
        let folder = open(output, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
        guard folder >= 0 else { return false }
        defer { close(folder) }
        let unchanged = outputs.parallelMap { output in
            let file = output.file
            guard let stamp = seen[output.path]?.current ?? FileStamp.of(output.path, in: folder) else { return false }
            return stamp.size == file.stamp.size && stamp.modified == file.stamp.modified && stamp.inode == file.stamp.inode
        }
        guard !unchanged.contains(false) else { return false }
        if let gitHead, head != gitHead { return false }
        return true
    }
}

extension BuildRecord {
    /// The record as the bytes of its file (``ByteWriter``): the header, the build's own values, then its files in
    /// sections, each prefixed with its length, that are written and read on every core: nearly every entry names
    /// one file, and the record is read while the site is walked.
    var bytes: [UInt8] {
        var writer = ByteWriter(capacity: 4096 + key.utf8.count)
        writer.string(Self.header)
        writer.string(key)
        writer.number(Int(started))
        writer.number(validUntil.bitPattern)
        writer.optional(gitHead)
        writer.string(outputFolder)
        writer.list(pageCounts) { writer, count in
            writer.string(count.kind)
            writer.number(count.count)
        }
        writer.list(warnings) { writer, warning in
            writer.string(warning.path)
            writer.number(warning.line)
            writer.number(warning.column)
            writer.string(warning.message)
        }
        if let dependencies {
            writer.number(1)
            writer.number(dependencies.shape)
            writer.list(Array(zip(dependencies.posts, dependencies.cards))) { writer, post in
                writer.number(post.0)
                writer.number(post.1)
            }
        } else {
            writer.number(0)
        }
        let inputSection = { @Sendable () -> [UInt8] in
            var section = ByteWriter(capacity: self.inputs.count * 64)
            section.number(self.inputs.count)
            for (path, input) in self.inputs {
                section.string(path)
                section.optionalNumber(input.hash)
                section.number(input.timeShows ? 1 : 0)
                section.stamp(input.stamp)
            }
            return section.bytes
        }
        let partSize = Swift.max(1024, outputs.count / 4 + 1)
        let parts = stride(from: 0, to: outputs.count, by: partSize).map { outputs[$0..<Swift.min($0 + partSize, outputs.count)] }
        let sections = [nil] + parts.map(Optional.some)
        let made = sections.parallelMap { part -> [UInt8] in
            guard let part else { return inputSection() }
            var section = ByteWriter(capacity: part.count * 64)
            section.number(part.count)
            for output in part {
                let file = output.file
                section.string(output.path)
                section.number(file.hash)
                section.optionalNumber(file.fingerprint)
                if let reads = file.reads {
                    section.number(1)
                    section.runs(reads.whole)
                    section.runs(reads.cards)
                } else {
                    section.number(0)
                }
                section.stamp(file.stamp)
            }
            return section.bytes
        }
        writer.list(made) { $0.byteArray($1) }
        return writer.bytes
    }

    /// Reads a record's file; `nil` for any other version or anything malformed.
    init?(bytes: [UInt8]) {
        var reader = ByteReader(bytes)
        do {
            guard try reader.string() == Self.header else { return nil }
            let key = try reader.string()
            let started = Int64(try reader.int())
            let validUntil = Double(bitPattern: try reader.number())
            let gitHead = try reader.optional()
            let outputFolder = try reader.string()
            let pageCounts = try reader.list { reader throws(ByteReader.Malformed) in
                PageCount(kind: try reader.string(), count: try reader.int())
            }
            let warnings = try reader.list { reader throws(ByteReader.Malformed) -> Diagnostic in
                .warning(try reader.string(), try reader.int(), try reader.int(), try reader.string())
            }
            var dependencies: PageDependencies?
            switch try reader.number() {
            case 0: break
            case 1:
                let shape = try reader.number()
                let posts = try reader.list { reader throws(ByteReader.Malformed) in (try reader.number(), try reader.number()) }
                dependencies = PageDependencies(shape: shape, posts: posts.map(\.0), cards: posts.map(\.1))
            default: return nil
            }
            let sections = try reader.list { reader throws(ByteReader.Malformed) in reader.skip(try reader.count()) }
            guard reader.isAtEnd, !sections.isEmpty else { return nil }
            // A page's reads name posts of the recorded site: any other index (a damaged record) makes it worthless.
            let postCount = dependencies?.posts.count ?? 0
            let read = Array(sections.enumerated()).parallelMap { index, range -> Section? in
                var reader = ByteReader(bytes, from: range.lowerBound)
                let section = try? (index == 0 ? Self.inputs(&reader) : Self.outputs(&reader, postCount: postCount))
                return reader.position == range.upperBound ? section : nil
            }
            var inputs: [(String, Input)] = []
            var outputs: [Output] = []
            for section in read {
                switch section {
                case .inputs(let found) where inputs.isEmpty && outputs.isEmpty: inputs = found
                case .outputs(let found): outputs += found
                default: return nil
                }
            }
            self.init(
                key: key, started: started, validUntil: validUntil, gitHead: gitHead,
                inputs: Dictionary(inputs, uniquingKeysWith: { _, last in last }), outputFolder: outputFolder, outputs: outputs,
                pageCounts: pageCounts, warnings: warnings, dependencies: dependencies)
        } catch {
            return nil
        }
    }

    /// What one section of a record's file holds.
    private enum Section {
        case inputs([(String, Input)])
        case outputs([Output])
    }

    private static func inputs(_ reader: inout ByteReader) throws(ByteReader.Malformed) -> Section {
        .inputs(
            try reader.list { reader throws(ByteReader.Malformed) in
                let path = try reader.string()
                let hash = try reader.optionalNumber()
                let timeShows = try reader.number()
                guard timeShows <= 1 else { throw ByteReader.Malformed() }
                return (path, Input(stamp: try reader.stamp(), hash: hash, timeShows: timeShows == 1))
            })
    }

    /// The outputs of a section, whose pages read posts below `postCount`.
    private static func outputs(_ reader: inout ByteReader, postCount: Int) throws(ByteReader.Malformed) -> Section {
        .outputs(
            try reader.list { reader throws(ByteReader.Malformed) in
                // The in-place update deletes recorded files the site no longer has: a path that leaves the
                // output folder (a record planted in a cloned site) makes the whole record worthless.
                let path = try reader.string()
                guard OutputFile.isContained(path) else { throw ByteReader.Malformed() }
                let hash = try reader.number()
                let fingerprint = try reader.optionalNumber()
                var reads: ReadPosts?
                switch try reader.number() {
                case 0: break
                case 1: reads = ReadPosts(whole: try reader.runs(below: postCount), cards: try reader.runs(below: postCount))
                default: throw ByteReader.Malformed()
                }
                return Output(
                    path: path, file: OutputWriter.KnownFile(stamp: try reader.stamp(), hash: hash, fingerprint: fingerprint, reads: reads))
            })
    }
}

extension ByteWriter {
    /// Ascending indices as runs: how many, then for each the gap from the end of the one before and its length
    /// less one. An archive reads every post, so a list of runs is short.
    mutating func runs(_ indices: [Int]) {
        var runs: [(start: Int, last: Int)] = []
        for index in indices {
            if let last = runs.last?.last, index == last + 1 { runs[runs.count - 1].last = index } else { runs.append((index, index)) }
        }
        number(runs.count)
        var end = 0
        for run in runs {
            number(run.start - end)
            number(run.last - run.start)
            end = run.last + 1
        }
    }
}

extension ByteReader {
    /// What ``ByteWriter/runs(_:)`` wrote: ascending indices, each below `limit`.
    mutating func runs(below limit: Int) throws(Malformed) -> [Int] {
        let count = try count()
        var indices: [Int] = []
        var end: UInt64 = 0
        let limit = UInt64(max(0, limit))
        for _ in 0..<count {
            let gap = try number()
            let length = try number()
            guard gap < limit - min(limit, end), length < limit - (end + gap) else { throw Malformed() }
            let start = end + gap
            indices.append(contentsOf: Int(start)...Int(start + length))
            end = start + length + 1
        }
        return indices
    }
}
