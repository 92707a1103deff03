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
    static let header = "sitegen build record 5"

    /// A file the build read: its stamp, and for a text file the hash of its contents.
    struct Input: Sendable, Equatable {
        var stamp: FileStamp
        var hash: UInt64?
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
    /// Every file of the output, by path inside the output folder, with its stamp after the write and its hash.
    var outputs: [String: OutputWriter.KnownFile]
    /// The summary's counts: pages by kind, feeds, files.
    var pageCounts: [PageCount]
    /// The warnings the build printed, printed again when nothing changed.
    var warnings: [Diagnostic]

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
    func isCurrent(inputs current: [SiteTree.Entry], key: String, now: Date, output: String, root: String) -> Bool {
        guard key == self.key, now.timeIntervalSince1970 < validUntil, current.count == inputs.count else { return false }
        let recent = started - 1_000_000_000
        for entry in current {
            guard let recorded = inputs[entry.path] else { return false }
            if recorded.stamp == entry.stamp, entry.stamp.modified < recent { continue }
            guard let hash = recorded.hash, recorded.stamp.size == entry.stamp.size,
                let bytes = FileDescriptor.readAll(entry.realPath, noFollow: true)?.bytes, Self.contentHash(of: bytes) == hash
            else { return false }
        }
        guard output == outputFolder else { return false }
        for (path, recorded) in outputs {
            guard let stamp = FileStamp.of(output + "/" + path), stamp.size == recorded.stamp.size,
                stamp.modified == recorded.stamp.modified, stamp.inode == recorded.stamp.inode
            else { return false }
        }
        if let gitHead, (GitHistory.head(root: root) ?? Self.noGitHead) != gitHead { return false }
        return true
    }
}

extension BuildRecord {
    /// The record as the lines of its file: a header, then one tab-separated entry a line.
    var text: String {
        var lines = [
            Self.header, Self.line("key", key), Self.line("started", String(started)), Self.line("valid-until", String(validUntil)),
        ]
        if let gitHead { lines.append(Self.line("git", gitHead)) }
        lines.append(Self.line("output-folder", outputFolder))
        for (path, input) in inputs.sorted(by: { $0.key < $1.key }) {
            lines.append(Self.line(["input", path, input.hash.map { String($0, radix: 16) } ?? "-"] + Self.fields(input.stamp)))
        }
        for (path, file) in outputs.sorted(by: { $0.key < $1.key }) {
            let fingerprint = file.fingerprint.map { String($0, radix: 16) } ?? "-"
            lines.append(Self.line(["output", path, String(file.hash, radix: 16), fingerprint] + Self.fields(file.stamp)))
        }
        for count in pageCounts { lines.append(Self.line(["count", count.kind, String(count.count)])) }
        for warning in warnings {
            lines.append(Self.line(["warning", warning.path, String(warning.line), String(warning.column), warning.message]))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads a record's file; `nil` for any other version or anything malformed.
    init?(bytes: [UInt8]) {
        var lines = bytes.split(separator: 0x0A).makeIterator()
        guard let first = lines.next(), first.elementsEqual(Self.header.utf8) else { return nil }
        var key: String?
        var started: Int64?
        var validUntil: Double?
        var gitHead: String?
        var inputs: [String: Input] = [:]
        var outputFolder: String?
        var outputs: [String: OutputWriter.KnownFile] = [:]
        var pageCounts: [PageCount] = []
        var warnings: [Diagnostic] = []
        while let line = lines.next() {
            let fields = line.split(separator: 0x09, omittingEmptySubsequences: false).map(Self.unescaped)
            switch (fields.first, fields.count) {
            case ("key", 2): key = fields[1]
            case ("started", 2): started = Int64(fields[1])
            case ("valid-until", 2): validUntil = Double(fields[1])
            case ("git", 2): gitHead = fields[1]
            case ("output-folder", 2): outputFolder = fields[1]
            case ("input", 7):
                guard let stamp = Self.stamp(fields[3...]) else { return nil }
                let hash = fields[2] == "-" ? nil : UInt64(fields[2], radix: 16)
                if fields[2] != "-", hash == nil { return nil }
                inputs[fields[1]] = Input(stamp: stamp, hash: hash)
            case ("output", 8):
                // The in-place update deletes recorded files the site no longer has: a path that leaves the
                // output folder (a record planted in a cloned site) makes the whole record worthless.
                guard OutputFile.isContained(fields[1]), let hash = UInt64(fields[2], radix: 16), let stamp = Self.stamp(fields[4...])
                else { return nil }
                let fingerprint = fields[3] == "-" ? nil : UInt64(fields[3], radix: 16)
                if fields[3] != "-", fingerprint == nil { return nil }
                outputs[fields[1]] = OutputWriter.KnownFile(stamp: stamp, hash: hash, fingerprint: fingerprint)
            case ("count", 3):
                guard let count = Int(fields[2]) else { return nil }
                pageCounts.append(PageCount(kind: fields[1], count: count))
            case ("warning", 5):
                guard let lineNumber = Int(fields[2]), let column = Int(fields[3]) else { return nil }
                warnings.append(.warning(fields[1], lineNumber, column, fields[4]))
            default:
                return nil
            }
        }
        guard let key, let started, let validUntil, let outputFolder else { return nil }
        self.init(
            key: key, started: started, validUntil: validUntil, gitHead: gitHead, inputs: inputs, outputFolder: outputFolder,
            outputs: outputs,
            pageCounts: pageCounts, warnings: warnings)
    }

    private static func fields(_ stamp: FileStamp) -> [String] {
        [String(stamp.size), String(stamp.modified), String(stamp.changed), String(stamp.inode)]
    }

    private static func stamp(_ fields: ArraySlice<String>) -> FileStamp? {
        guard fields.count == 4, let size = Int64(fields[fields.startIndex]), let modified = Int64(fields[fields.startIndex + 1]),
            let changed = Int64(fields[fields.startIndex + 2]), let inode = UInt64(fields[fields.startIndex + 3])
        else { return nil }
        return FileStamp(size: size, modified: modified, changed: changed, inode: inode)
    }

    private static func line(_ fields: String...) -> String { line(fields) }

    private static func line(_ fields: [String]) -> String {
        fields.map(escaped).joined(separator: "\t")
    }

    /// A field with backslashes, tabs and line breaks written as `\\`, `\t`, `\n` and `\r`, so that any path or
    /// message fits on its line.
    private static func escaped(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return field }
        var text = ""
        for scalar in field.unicodeScalars {
            switch scalar {
            case "\\": text += "\\\\"
            case "\t": text += "\\t"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text
    }

    private static func unescaped(_ field: ArraySlice<UInt8>) -> String {
        guard field.contains(0x5C) else { return String(decoding: field, as: UTF8.self) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(field.count)
        var escaping = false
        for byte in field {
            if escaping {
                switch byte {
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                default: bytes.append(byte)
                }
                escaping = false
            } else if byte == 0x5C {
                escaping = true
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
