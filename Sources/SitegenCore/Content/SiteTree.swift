import Foundation

/// The site's folder as sitegen may read it: a closed world. Walks folders with POSIX calls and keeps to the
/// site: a symbolic link is followed only when its target lies inside the site folder, and only once (a link
/// back to a folder already read is a cycle); FIFOs, sockets and devices are refused without being opened; a
/// folder that cannot be read, or a name that is not UTF-8, is an error. Hidden names (`.git`) are skipped.
struct SiteTree: Sendable {
    /// A file found in the site: where the site sees it, and the real path to read it from.
    struct Entry: Sendable, Equatable {
        /// Relative to the site's folder, through any links: `content/posts/hello.md`.
        var path: String
        /// The file's absolute path with every link resolved; inside the site folder.
        var realPath: String
        /// The file's size, times and inode when the tree was walked.
        var stamp: FileStamp
    }

    /// The site folder's real path, with links resolved.
    let root: String

    /// The tree of the site at `root`; `nil` when the folder does not exist.
    init?(root: String) {
        guard let real = Self.realPath(root) else { return nil }
        self.root = real
    }

    /// Whether `realPath` (links already resolved) lies inside the site folder.
    func contains(_ realPath: String) -> Bool {
        realPath.hasPrefix(root == "/" ? "/" : root + "/")
    }

    /// The file at `relative` (such as `site.yml`), resolved like a file found by walking.
    /// - Returns: The entry, `nil` when there is no such file; problems such as a link that leads out of the
    ///   site go to `diagnostics`.
    func file(_ relative: String, diagnostics: inout [Diagnostic]) -> Entry? {
        // A name from a file (Jekyll's `include_relative`) may climb: only plain paths inside the site are read.
        let segments = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !relative.isEmpty, !relative.hasPrefix("/"), !segments.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty })
        else {
            diagnostics.append(.warning(relative, 0, 0, "this path is not a plain path inside the site folder; it is not read"))
            return nil
        }
        var visited: Set<String> = []
        var found: [Entry] = []
        var problems: [Diagnostic] = []
        visit(relative: relative, at: root + "/" + relative, into: &found, visited: &visited, diagnostics: &problems)
        guard let entry = found.first else {
            diagnostics += problems
            return nil
        }
        guard entry.path == relative else {
            diagnostics.append(.error(relative, 0, 0, "this is a folder; it should be a file"))
            return nil
        }
        diagnostics += problems
        return entry
    }

    /// Every file under the folder `relative` (`content`, `templates`), sorted by path; a missing folder has
    /// none.
    func files(under relative: String, diagnostics: inout [Diagnostic]) -> [Entry] {
        var visited: Set<String> = [root]
        var found: [Entry] = []
        visit(relative: relative, at: root + "/" + relative, into: &found, visited: &visited, diagnostics: &diagnostics)
        return found.sorted { $0.path < $1.path }
    }

    /// What `lstat` gave for a path: its status, or the error number.
    typealias LinkStatus = Result<stat, LookFailure>

    /// An error number from `lstat`.
    struct LookFailure: Error {
        let code: Int32
    }

    /// Adds the file or folder at `path` (whose site-relative name is `relative`) to `found`; `known` is what
    /// `lstat` of `path` gave, when its folder's walk asked already.
    private func visit(
        relative: String, at path: String, known: LinkStatus? = nil, into found: inout [Entry], visited: inout Set<String>,
        diagnostics: inout [Diagnostic]
    ) {
        var status = stat()
        switch known ?? Self.linkStatus(path) {
        case .success(let looked): status = looked
        case .failure(let failure):
            if failure.code != ENOENT {
                diagnostics.append(.error(relative, 0, 0, "cannot read it: \(FileDescriptor.message(failure.code))"))
            }
            return
        }
        var real = path
        var mode = status.st_mode & S_IFMT
        if mode == S_IFLNK {
            guard let target = Self.realPath(path) else {
                diagnostics.append(
                    .error(
                        relative, 0, 0,
                        "symbolic link to \(Self.linkText(path)) leads nowhere (\(FileDescriptor.lastError)); fix or remove it"))
                return
            }
            guard contains(target) else {
                diagnostics.append(
                    .warning(relative, 0, 0, "symbolic link leads outside the site folder, to \(target); it is not followed"))
                return
            }
            guard stat(target, &status) == 0 else {
                diagnostics.append(.error(relative, 0, 0, "cannot read the target of this link: \(FileDescriptor.lastError)"))
                return
            }
            real = target
            mode = status.st_mode & S_IFMT
        }
        switch mode {
        case S_IFREG:
            found.append(Entry(path: relative, realPath: real, stamp: FileStamp(status)))
        case S_IFDIR:
            let canonical = real == path ? (Self.realPath(path) ?? path) : real
            guard visited.insert(canonical).inserted else {
                diagnostics.append(
                    .warning(relative, 0, 0, "symbolic link leads back to a folder that is already read (a cycle); it is not followed"))
                return
            }
            walkFolder(relative: relative, at: real, into: &found, visited: &visited, diagnostics: &diagnostics)
        default:
            diagnostics.append(
                .error(
                    relative, 0, 0,
                    "this is \(FileDescriptor.kindName(mode)); sitegen reads only files and folders, so remove it or move it out of the site"
                ))
        }
    }

    private func walkFolder(
        relative: String, at path: String, into found: inout [Entry], visited: inout Set<String>, diagnostics: inout [Diagnostic]
    ) {
        guard let directory = opendir(path) else {
            diagnostics.append(
                .error(relative, 0, 0, "cannot read this folder: \(FileDescriptor.lastError); its files would be missing from the site"))
            return
        }
        var names: [[UInt8]] = []
        while let entry = readdir(directory) {
            let name = FileDescriptor.entryName(entry)
            if IgnoredNames.contains(name) { continue }
            names.append(name)
        }
        names.sort { $0.lexicographicallyPrecedes($1) }
        // Each name is looked at relative to the open folder, on every core for a big folder (a blog's posts):
        // the kernel then walks no path from the root for each file.
        let folder = dirfd(directory)
        let statuses =
            names.count < Self.namesLookedAtTogether
            ? names.map { Self.linkStatus($0, in: folder) } : names.parallelMap { Self.linkStatus($0, in: folder) }
        closedir(directory)
        for (bytes, status) in zip(names, statuses) {
            guard let name = String(validating: bytes, as: UTF8.self) else {
                diagnostics.append(
                    .error(
                        relative + "/" + Self.escaped(bytes), 0, 0, "this name is not valid UTF-8; rename it so that it can become a URL"))
                continue
            }
            visit(
                relative: relative + "/" + name, at: path + "/" + name, known: status, into: &found, visited: &visited,
                diagnostics: &diagnostics)
        }
    }

    /// A folder with at least this many names has them looked at on every core.
    private static let namesLookedAtTogether = 64

    /// `lstat` of `path`.
    private static func linkStatus(_ path: String) -> LinkStatus {
        var status = stat()
        return lstat(path, &status) == 0 ? .success(status) : .failure(LookFailure(code: errno))
    }

    /// `lstat` of the entry `name` of the open folder `folder`.
    private static func linkStatus(_ name: [UInt8], in folder: Int32) -> LinkStatus {
        var status = stat()
        let result = (name + [0]).withUnsafeBufferPointer { text in
            text.withMemoryRebound(to: CChar.self) { text in
                text.baseAddress.map { fstatat(folder, $0, &status, AT_SYMLINK_NOFOLLOW) } ?? -1
            }
        }
        return result == 0 ? .success(status) : .failure(LookFailure(code: errno))
    }

    /// `path` with every link resolved, or `nil` with `errno` set.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// What a link says, for messages.
    private static func linkText(_ path: String) -> String {
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX))
        let count = readlink(path, &buffer, buffer.count)
        return count > 0 ? escaped(Array(buffer[..<count])) : "?"
    }

    /// A name with every byte outside printable ASCII written as `\xNN`.
    static func escaped(_ bytes: [UInt8]) -> String {
        var text = ""
        for byte in bytes {
            if byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\\") {
                text.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                text += "\\x" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return text
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// The file and folder names a site never holds on purpose: hidden (`.git`, vim's `.post.md.swp`, Emacs's
/// `.#post.md`), a backup (`post.md~`), Emacs's autosave (`#post.md#`) and the file vim writes to test a folder
/// (`4913`). The build skips them, and `serve`'s watchers do not rebuild for them.
public enum IgnoredNames {
    /// Whether `name` (the bytes of one path component) is one of them.
    public static func contains(_ name: some BidirectionalCollection<UInt8>) -> Bool {
        guard let first = name.first else { return true }
        if first == UInt8(ascii: ".") || name.last == UInt8(ascii: "~") { return true }
        if first == UInt8(ascii: "#"), name.count > 1, name.last == UInt8(ascii: "#") { return true }
        return name.elementsEqual("4913".utf8)
    }
}
