import Foundation
import Testing

@testable import SitegenServe

/// The watchers follow exactly what the loader reads, skip what the build skips, and stop safely.
@Suite(.serialized) struct SiteWatcherTests {
    private func site() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("content/posts"), withIntermediateDirectories: true)
        try "title: A\n".write(to: root.appendingPathComponent("site.yaml"), atomically: false, encoding: .utf8)
        try "---\ntitle: P\n---\nBody.\n".write(to: root.appendingPathComponent("content/posts/p.md"), atomically: false, encoding: .utf8)
        return root
    }

    /// Each kind of watcher, started when called, so that one test's watcher sees only its own changes.
    private func watchers(_ root: URL) -> [() -> (any SiteWatcher)?] {
        var made: [() -> (any SiteWatcher)?] = [{ PollingWatcher(root: root.path) }]
        #if os(Linux)
            made.append { InotifyWatcher(root: root.path) }
        #endif
        return made
    }

    /// The next change a watcher announces, within a generous limit; `nil` when none comes.
    private func nextChange(_ watcher: any SiteWatcher, within seconds: Double = 30) async -> Set<String>?? {
        await withTaskGroup(of: Set<String>??.self) { group in
            group.addTask {
                var iterator = watcher.changes.makeAsyncIterator()
                guard await iterator.next() != nil else { return nil }
                return .some(watcher.changed.take())
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// Scratch files alone move their folder's time, which the polling watcher sees; they are no change, so
    /// nothing is announced and the browser does not reload for nothing.
    @Test func scratchFilesAloneAreNoChangeToThePollingWatcher() throws {
        let root = try site()
        defer { try? FileManager.default.removeItem(at: root) }
        let posts = root.appendingPathComponent("content/posts")
        // A folder's time is kept in whole seconds on some file systems.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: posts.path)
        let older = PollingWatcher.scan(root: root.path)
        for scratch in [".p.md.swp", "p.md~", "4913", ".#p.md", "#p.md#"] {
            try "scratch".write(to: posts.appendingPathComponent(scratch), atomically: false, encoding: .utf8)
        }
        let after = PollingWatcher.scan(root: root.path)
        #expect(after != older, "the folder's time moved")
        #expect(PollingWatcher.difference(from: older, to: after, root: root.path) == nil)
        try "---\ntitle: P\n---\nSaved.\n".write(to: posts.appendingPathComponent("p.md"), atomically: false, encoding: .utf8)
        let saved = PollingWatcher.difference(from: after, to: PollingWatcher.scan(root: root.path), root: root.path)
        #expect(saved?.paths == ["content/posts/p.md"] && saved?.unknown == false)
    }

    @Test func siteYamlAndEditorStyleSavesAreSeenAndScratchFilesAreNot() async throws {
        let root = try site()
        defer { try? FileManager.default.removeItem(at: root) }
        for start in watchers(root) {
            let watcher = try #require(start())
            defer { watcher.stop() }
            // Let the polling watcher take its first picture of the tree.
            try await Task.sleep(for: .milliseconds(400))
            let posts = root.appendingPathComponent("content/posts")
            // What vim, Emacs and other editors write beside a file they save: none of it is an input.
            for scratch in [".p.md.swp", "p.md~", "4913", ".#p.md", "#p.md#"] {
                try "scratch".write(to: posts.appendingPathComponent(scratch), atomically: false, encoding: .utf8)
            }
            // An atomic save: a temporary file renamed over the post.
            try "---\ntitle: P\n---\nSaved.\n".write(to: posts.appendingPathComponent(".p.md.tmp"), atomically: false, encoding: .utf8)
            _ = rename(posts.appendingPathComponent(".p.md.tmp").path, posts.appendingPathComponent("p.md").path)
            let saved = await nextChange(watcher)
            #expect(saved == .some(["content/posts/p.md"]), "\(type(of: watcher)): \(String(describing: saved))")

            try "title: B\n".write(to: root.appendingPathComponent("site.yaml"), atomically: true, encoding: .utf8)
            let settings = await nextChange(watcher)
            #expect(settings == .some(["site.yaml"]), "\(type(of: watcher)): \(String(describing: settings))")
            for scratch in [".p.md.swp", "p.md~", "4913", ".#p.md", "#p.md#"] {
                try? FileManager.default.removeItem(at: posts.appendingPathComponent(scratch))
            }
        }
    }

    /// Stopping twice, or after the watcher's thread has ended, writes to no descriptor and ends the stream once.
    @Test func stoppingTwiceIsSafe() async throws {
        let root = try site()
        defer { try? FileManager.default.removeItem(at: root) }
        for start in watchers(root) {
            let watcher = try #require(start())
            watcher.stop()
            watcher.stop()
            var iterator = watcher.changes.makeAsyncIterator()
            while await iterator.next() != nil {}
        }
        #if os(Linux)
            // The thread has closed its descriptors, and their numbers go to whatever the process opens next. A
            // stop now must not write into that: here, a pipe placed at the number of the watcher's wake pipe.
            let inotify = try #require(InotifyWatcher(root: root.path))
            inotify.stop()
            var iterator = inotify.changes.makeAsyncIterator()
            while await iterator.next() != nil {}
            var ends: [Int32] = [0, 0]
            #expect(pipe(&ends) == 0)
            #expect(dup2(ends[1], inotify.wakeWrite) == inotify.wakeWrite)
            _ = fcntl(ends[0], F_SETFL, fcntl(ends[0], F_GETFL) | O_NONBLOCK)
            inotify.stop()
            var byte: UInt8 = 0
            #expect(read(ends[0], &byte, 1) == -1 && errno == EAGAIN, "stop() wrote to a descriptor after closing it")
            for descriptor in ends + [inotify.wakeWrite] { close(descriptor) }
        #endif
    }
}
