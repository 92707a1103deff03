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
    static let header = "sitegen build record 8"

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
    ///   - root: The site folder, for git.
    ///   - seen: The output files as ``outputsByPath(lookingIn:until:)`` looked at them, not looked at again.
    func isCurrent(
        inputs current: [SiteTree.Entry], key: String, now: Date, output: String, root: String,
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
        if let gitHead, (GitHistory.head(root: root) ?? Self.noGitHead) != gitHead { return false }
        return true
    }
}

extension BuildRecord {
    /// The record as the lines of its file: a header, then one tab-separated entry a line.
    var text: [UInt8] {
        // Room for every line at once (a file's line is about a hundred bytes), so that the text is not copied
        // as it grows.
        let lineSize = 128
        var text = TabSeparatedText(header: Self.header, capacity: 4096 + key.utf8.count + (inputs.count + outputs.count) * lineSize)
        text.line("key", key)
        text.line("started", String(started))
        text.line("valid-until", String(validUntil))
        if let gitHead { text.line("git", gitHead) }
        text.line("output-folder", outputFolder)
        for (path, input) in inputs {
            text.field("input")
            text.field(path)
            if let hash = input.hash { text.field(hash, radix: 16) } else { text.field("-") }
            text.field(input.timeShows ? "time" : "-")
            Self.add(input.stamp, to: &text)
        }
        // The output lines, most of the record, made in parts on every core.
        let partSize = Swift.max(1024, outputs.count / 4 + 1)
        let parts = stride(from: 0, to: outputs.count, by: partSize).map { outputs[$0..<Swift.min($0 + partSize, outputs.count)] }
        let madeParts = parts.parallelMap { part in
            var lines = TabSeparatedText(capacity: part.count * lineSize)
            for output in part {
                let file = output.file
                lines.field("output")
                lines.field(output.path)
                lines.field(file.hash, radix: 16)
                if let fingerprint = file.fingerprint { lines.field(fingerprint, radix: 16) } else { lines.field("-") }
                lines.field(file.reads?.text ?? "-")
                Self.add(file.stamp, to: &lines)
            }
            return lines
        }
        for part in madeParts { text.append(lines: part) }
        for count in pageCounts { text.line("count", count.kind, String(count.count)) }
        if let dependencies {
            text.line("shape", String(dependencies.shape, radix: 16))
            for (post, card) in zip(dependencies.posts, dependencies.cards) {
                text.line("post", String(post, radix: 16), String(card, radix: 16))
            }
        }
        for warning in warnings {
            text.line("warning", warning.path, String(warning.line), String(warning.column), warning.message)
        }
        return text.bytes
    }

    /// Reads a record's file; `nil` for any other version or anything malformed. The lines are read in parts on
    /// every core: nearly all of them name one file each, and the record is read while the site is walked.
    init?(bytes: [UInt8]) {
        let parts = TabSeparatedText.parts(of: bytes, count: 4)
        let read = Array(parts.enumerated()).parallelMap { index, range -> Lines? in
            var lines = Lines()
            let header = index == 0 ? Self.header : nil
            return TabSeparatedText.forEachLine(of: bytes, in: range, header: header) { lines.take($0) } ? lines : nil
        }
        var all = Lines()
        for part in read {
            guard let part else { return nil }
            all.merge(part)
        }
        guard let key = all.key, let started = all.started, let validUntil = all.validUntil, let outputFolder = all.outputFolder
        else { return nil }
        // A page's reads name posts of the recorded site: any other index (a damaged record) makes it worthless.
        let postCount = all.shape == nil ? 0 : all.posts.count
        guard all.outputs.allSatisfy({ ($0.file.reads?.last ?? -1) < postCount }) else { return nil }
        self.init(
            key: key, started: started, validUntil: validUntil, gitHead: all.gitHead,
            inputs: Dictionary(all.inputs, uniquingKeysWith: { _, last in last }), outputFolder: outputFolder,
            outputs: all.outputs, pageCounts: all.pageCounts, warnings: all.warnings,
            dependencies: all.shape.map { PageDependencies(shape: $0, posts: all.posts, cards: all.cards) })
    }

    /// What some lines of a record's file say, in their order.
    private struct Lines: Sendable {
        var key: String?
        var started: Int64?
        var validUntil: Double?
        var gitHead: String?
        var inputs: [(String, Input)] = []
        var outputFolder: String?
        var outputs: [Output] = []
        var pageCounts: [PageCount] = []
        var warnings: [Diagnostic] = []
        var shape: UInt64?
        var posts: [UInt64] = []
        var cards: [UInt64] = []

        /// Takes one line's fields; `false` for a line that is not one a record has.
        mutating func take(_ fields: [TabSeparatedText.Field]) -> Bool {
            let string = TabSeparatedText.string
            let kind = fields[0]
            switch fields.count {
            case 9 where kind.elementsEqual("output".utf8):
                // The in-place update deletes recorded files the site no longer has: a path that leaves the
                // output folder (a record planted in a cloned site) makes the whole record worthless.
                let path = string(fields[1])
                guard OutputFile.isContained(path), let hash = TabSeparatedText.number(fields[2], radix: 16, as: UInt64.self),
                    let stamp = BuildRecord.stamp(fields, at: 5), let fingerprint = BuildRecord.optionalHash(fields[3])
                else { return false }
                var reads: ReadPosts?
                if !fields[4].elementsEqual("-".utf8) {
                    guard let read = ReadPosts(text: fields[4]) else { return false }
                    reads = read
                }
                outputs.append(
                    Output(path: path, file: OutputWriter.KnownFile(stamp: stamp, hash: hash, fingerprint: fingerprint, reads: reads)))
            case 3 where kind.elementsEqual("post".utf8):
                guard let hash = TabSeparatedText.number(fields[1], radix: 16, as: UInt64.self),
                    let card = TabSeparatedText.number(fields[2], radix: 16, as: UInt64.self)
                else { return false }
                posts.append(hash)
                cards.append(card)
            case 8 where kind.elementsEqual("input".utf8):
                guard let stamp = BuildRecord.stamp(fields, at: 4), let hash = BuildRecord.optionalHash(fields[2]),
                    fields[3].elementsEqual("time".utf8) || fields[3].elementsEqual("-".utf8)
                else { return false }
                inputs.append((string(fields[1]), Input(stamp: stamp, hash: hash, timeShows: fields[3].elementsEqual("time".utf8))))
            case 2:
                let value = string(fields[1])
                switch string(kind) {
                case "key": key = value
                case "started": started = Int64(value)
                case "valid-until": validUntil = Double(value)
                case "git": gitHead = value
                case "output-folder": outputFolder = value
                case "shape":
                    guard let value = UInt64(value, radix: 16) else { return false }
                    shape = value
                default: return false
                }
            case 3 where kind.elementsEqual("count".utf8):
                guard let count = TabSeparatedText.number(fields[2], as: Int.self) else { return false }
                pageCounts.append(PageCount(kind: string(fields[1]), count: count))
            case 5 where kind.elementsEqual("warning".utf8):
                guard let lineNumber = TabSeparatedText.number(fields[2], as: Int.self),
                    let column = TabSeparatedText.number(fields[3], as: Int.self)
                else { return false }
                warnings.append(.warning(string(fields[1]), lineNumber, column, string(fields[4])))
            default:
                return false
            }
            return true
        }

        /// Adds the lines that follow these.
        mutating func merge(_ later: Lines) {
            key = later.key ?? key
            started = later.started ?? started
            validUntil = later.validUntil ?? validUntil
            gitHead = later.gitHead ?? gitHead
            outputFolder = later.outputFolder ?? outputFolder
            shape = later.shape ?? shape
            inputs += later.inputs
            outputs += later.outputs
            pageCounts += later.pageCounts
            warnings += later.warnings
            posts += later.posts
            cards += later.cards
        }
    }

    /// A hexadecimal hash, or `-` for none: `.some(nil)`; `nil` when the field is neither.
    fileprivate static func optionalHash(_ field: TabSeparatedText.Field) -> UInt64?? {
        if field.elementsEqual("-".utf8) { return .some(nil) }
        return TabSeparatedText.number(field, radix: 16, as: UInt64.self).map { .some($0) }
    }

    /// Adds a stamp's four fields and, unless told otherwise, ends the line.
    static func add(_ stamp: FileStamp, to text: inout TabSeparatedText, ending: Bool = true) {
        text.field(stamp.size)
        text.field(stamp.modified)
        text.field(stamp.changed)
        text.field(stamp.inode)
        if ending { text.endLine() }
    }

    /// The stamp of the four fields ``add(_:to:ending:)`` writes, from `fields[start]` on.
    static func stamp(_ fields: [TabSeparatedText.Field], at start: Int) -> FileStamp? {
        guard fields.count >= start + 4, let size = TabSeparatedText.number(fields[start], as: Int64.self),
            let modified = TabSeparatedText.number(fields[start + 1], as: Int64.self),
            let changed = TabSeparatedText.number(fields[start + 2], as: Int64.self),
            let inode = TabSeparatedText.number(fields[start + 3], as: UInt64.self)
        else { return nil }
        return FileStamp(size: size, modified: modified, changed: changed, inode: inode)
    }
}
