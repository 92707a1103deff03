import Foundation
import SitegenCore
import SitegenMarkdown
import Synchronization

/// Tells when the site's inputs (`site.yml`, `content/`, `templates/`) change. A burst of events, such as an
/// editor's write-rename-delete on save or a `git checkout`, comes out as one change once it has settled.
protocol SiteWatcher: Sendable {
    /// One element per settled burst of changes; it ends after ``stop()``.
    var changes: AsyncStream<Void> { get }
    /// What changed since the last call.
    var changed: ChangedPaths { get }
    /// Stops watching and ends ``changes``.
    func stop()
}

/// The watcher for this system: inotify on Linux, polling elsewhere or when asked for.
func makeSiteWatcher(root: String, polling: Bool) -> any SiteWatcher {
    #if os(Linux)
        if !polling, let watcher = InotifyWatcher(root: root) { return watcher }
    #endif
    return PollingWatcher(root: root)
}

/// The parts of the site's folder that a build reads, as ``ContentLoader`` reads them.
enum WatchedInputs {
    static let folders = ["content", "templates"]
    static let files = ["site.yml", "site.yaml"]

    /// Whether a name directly inside the site's folder is an input.
    static func isInput(topLevelName name: String) -> Bool { folders.contains(name) || files.contains(name) }

    /// Whether a file name inside the inputs is one the build skips (hidden or an editor's scratch file).
    static func isIgnored(_ name: String) -> Bool { IgnoredNames.contains(name.utf8) }
}

/// The paths a watcher saw change, relative to the site, gathered until the rebuild takes them; or the news that
/// it cannot tell (a folder was created, moved or deleted, or the system dropped events), after which
/// everything may have changed.
final class ChangedPaths: Sendable {
    private let state = Locked<(paths: Set<String>, unknown: Bool)>(([], false))

    /// Notes a changed file.
    func add(_ path: String) { state.withLock { _ = $0.paths.insert(path) } }

    /// Notes a change the watcher cannot name.
    func addUnknown() { state.withLock { $0.unknown = true } }

    /// The paths changed since the last call, or `nil` when anything may have changed.
    func take() -> Set<String>? {
        state.withLock { state in
            defer { state = ([], false) }
            return state.unknown ? nil : state.paths
        }
    }
}

/// Waits for a quiet moment before announcing a change, so that a burst of events makes one rebuild.
struct Debounce {
    /// How long no event must arrive.
    static let quiet = Duration.milliseconds(40)
    /// The longest an announcement waits while events keep coming.
    static let longest = Duration.milliseconds(300)
}

/// Watches by comparing the size and modification time of every input file a few times a second. Works on every
/// system and on network or container mounts where change notifications do not arrive.
final class PollingWatcher: SiteWatcher, Sendable {
    let changes: AsyncStream<Void>
    let changed = ChangedPaths()
    private let continuation: AsyncStream<Void>.Continuation
    /// Set by ``stop()``; the scanning thread ends at its next look.
    private let stopped = Atomic<Bool>(false)

    /// How often the tree is compared, in seconds.
    static let intervalSeconds = 0.25

    init(root: String) {
        let (changes, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.changes = changes
        self.continuation = continuation
        let changed = changed
        // The scans walk the tree with blocking calls: a thread of their own, not Swift's cooperative pool.
        let thread = Thread { [self] in
            var previous = Self.scan(root: root)
            while !stopped.load(ordering: .relaxed) {
                Thread.sleep(forTimeInterval: Self.intervalSeconds)
                if stopped.load(ordering: .relaxed) { break }
                let current = Self.scan(root: root)
                if current != previous, let difference = Self.difference(from: previous, to: current, root: root) {
                    if difference.unknown { changed.addUnknown() }
                    for path in difference.paths { changed.add(path) }
                    continuation.yield()
                }
                previous = current
            }
        }
        thread.name = "sitegen-poll"
        thread.start()
    }

    func stop() {
        stopped.store(true, ordering: .relaxed)
        continuation.finish()
    }

    /// What changed between two scans of `root`: the files that came, went or changed, by site-relative path, and
    /// whether a folder came or went (it may have held anything); `nil` when neither, as when only a folder's
    /// time moved because an editor's scratch file came, which is no input.
    static func difference(from previous: [String: [Int64]], to current: [String: [Int64]], root: String)
        -> (paths: Set<String>, unknown: Bool)?
    {
        var paths: Set<String> = []
        var unknown = false
        for path in Set(current.keys).union(previous.keys) where current[path] != previous[path] {
            let mode = (current[path] ?? previous[path])?.last ?? 0
            if mode & Int64(S_IFMT) == Int64(S_IFDIR) {
                // A folder's time changes when a file in it comes or goes, and the file is in the difference
                // itself; a folder that came or went may have held anything.
                if current[path] == nil || previous[path] == nil { unknown = true }
            } else {
                paths.insert(String(path.dropFirst(root.count + 1)))
            }
        }
        return paths.isEmpty && !unknown ? nil : (paths, unknown)
    }

    /// Size, modification time and kind of every input file and folder, by path.
    static func scan(root: String) -> [String: [Int64]] {
        var entries: [String: [Int64]] = [:]
        for name in WatchedInputs.folders + WatchedInputs.files {
            visit(root + "/" + name, into: &entries)
        }
        return entries
    }

    private static func visit(_ path: String, into entries: inout [String: [Int64]]) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        let stamp = FileStamp(info)
        entries[path] = [stamp.size, stamp.modified, Int64(bitPattern: stamp.inode), Int64(info.st_mode)]
        guard info.st_mode & S_IFMT == S_IFDIR, let directory = opendir(path) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = FileDescriptor.entryName(entry)
            if IgnoredNames.contains(name) { continue }
            visit(path + "/" + String(decoding: name, as: UTF8.self), into: &entries)
        }
    }
}
