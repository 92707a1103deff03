import Dispatch
import Foundation
import SitegenMarkdown

/// The folders a build has under way beside its output (staging and set-aside), so that SIGINT or SIGTERM
/// removes them before the process ends. The swap into place holds the same lock, so an interruption never
/// lands between moving the old output aside and moving the new one in.
public final class StagingCleanup: Sendable {
    /// The process's one registry.
    public static let shared = StagingCleanup()

    private let folders = Locked<Set<String>>([])

    /// Creates `staging` afresh and registers it, with `others` that may appear later, for removal on
    /// interruption; both under the lock, so that an interruption either comes first (and nothing is created)
    /// or finds the folder registered.
    /// - Returns: Whether the staging folder could be made; `errno` says why not.
    func create(_ staging: String, registering others: [String]) -> Bool {
        folders.withLock { paths in
            paths.formUnion([staging] + others)
            OutputWriter.removeTree(staging)
            return mkdir(staging, 0o755) == 0
        }
    }

    /// Forgets folders that no longer need removing.
    func unregister(_ paths: [String]) {
        folders.withLock { $0.subtract(paths) }
    }

    /// Runs `body` with interruptions held back until it returns.
    func whileSwapping<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        try folders.withLock { _ throws(E) in try body() }
    }

    /// Makes SIGINT and SIGTERM remove the registered folders, print one line, and end the process with the
    /// conventional status (130 or 143). Call once, at the start of a command that writes output.
    public func removeFoldersOnInterrupt() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            // The handler keeps its source alive for the life of the process.
            source.setEventHandler { [self, source] in
                _ = source
                // The lock is never given back: no staging folder can be made or swapped in after this.
                folders.withLock { paths in
                    for path in paths {
                        // Moved aside first: the build's writers, still at work, use the old path, so they
                        // can add nothing to the folder being removed.
                        let doomed = path + ".removing"
                        OutputWriter.removeTree(rename(path, doomed) == 0 ? doomed : path)
                    }
                    let line = "Interrupted; the output folder was not changed.\n"
                    _ = line.withCString { Foundation.write(2, $0, strlen($0)) }
                    _exit(128 + signalNumber)
                }
            }
            source.resume()
        }
    }
}
