import Foundation
import SitegenMarkdown
import Synchronization

extension OutputWriter {
    /// The staging folder of a full write, made while the site is still being built, with the folders of the
    /// pages whose paths are already known made in it on a thread of its own.
    ///
    /// The kernel takes some 30 µs to make a folder, holding its parent's lock: made by the write's workers, the
    /// folders of ten thousand posts, all in `posts/`, kept two cores busy for a third of a second, one of them
    /// spinning on the other's lock. Made while the bodies are rendered, they cost the build one core's share of
    /// that time, and the write finds them made.
    public final class Staging: Sendable {
        /// The staging folder; `nil` when the output's parent folder does not exist yet or the staging folder
        /// could not be made, and the write makes its own as usual.
        let path: String?
        private let queue = DispatchQueue(label: "sitegen.staging-folders")
        /// The folders made so far, relative to ``path``.
        private let made = Locked<Set<String>>([])
        /// Whether the write took the folder, so that ``discard()`` leaves it alone.
        private let taken = Atomic<Bool>(false)

        /// Makes the staging folder of `writer`'s output, registered for removal on interruption.
        public init(for writer: OutputWriter) {
            let parent = writer.output.deletingLastPathComponent().path
            var status = stat()
            guard lstat(parent, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
                path = nil
                return
            }
            path = writer.makeStagingFolder(registering: [writer.previousPath]) ? writer.stagingPath : nil
        }

        /// Makes, in the background, the folders that the files at `paths` (inside the output) go in. A path that
        /// would leave the output folder is skipped: the write refuses it.
        public func makeFolders(for paths: [String]) {
            guard let root = path, !paths.isEmpty else { return }
            queue.async { [self] in
                made.withLock { made in
                    for path in paths where OutputFile.isContained(path) {
                        var missing: [Substring] = []
                        var folder = path[...]
                        while let slash = folder.lastIndex(of: "/") {
                            folder = folder[..<slash]
                            if made.contains(String(folder)) { break }
                            missing.append(folder)
                        }
                        for folder in missing.reversed() {
                            guard mkdir(root + "/" + folder, 0o755) == 0 else { break }
                            made.insert(String(folder))
                        }
                    }
                }
            }
        }

        /// Waits for the folders asked for so far, and hands the staging folder to the write.
        /// - Returns: The folders made, relative to the staging folder.
        func take() -> Set<String> {
            queue.sync {}
            taken.store(true, ordering: .sequentiallyConsistent)
            return made.withLock { $0 }
        }

        /// Removes the staging folder unless the write took it: the build failed, or the output was updated in
        /// place instead.
        public func discard() {
            queue.sync {}
            guard let path, !taken.load(ordering: .sequentiallyConsistent) else { return }
            OutputWriter.removeTree(path)
            StagingCleanup.shared.unregister([path])
        }
    }

    /// Removes the staging folders that builds no longer running left beside the output, and makes this
    /// build's afresh, registered with `others` for removal on interruption.
    /// - Returns: Whether it could be made; `errno` says why not.
    func makeStagingFolder(registering others: [String]) -> Bool {
        Self.removeStaleFolders(in: output.deletingLastPathComponent().path, of: output.lastPathComponent)
        return StagingCleanup.shared.create(stagingPath, registering: others)
    }

    /// The folder a write builds the new output in, beside the output folder.
    var stagingPath: String {
        output.deletingLastPathComponent().appendingPathComponent(
            ".\(output.lastPathComponent).staging-\(ProcessInfo.processInfo.processIdentifier)"
        ).path
    }

    /// Where a full write moves the old output while it swaps the new one in.
    var previousPath: String {
        output.deletingLastPathComponent().appendingPathComponent(
            ".\(output.lastPathComponent).previous-\(ProcessInfo.processInfo.processIdentifier)"
        ).path
    }
}
