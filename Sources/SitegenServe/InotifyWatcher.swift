import SitegenMarkdown

#if os(Linux)
    import Foundation
    import Glibc
    import SitegenCore
    import Synchronization

    /// Watches with Linux's inotify: one watch per folder of `content/` and `templates/` (added as folders
    /// appear), and one on the site's folder for `site.yml` and for those folders being created or replaced.
    /// A thread waits on the inotify descriptor with `poll`, which also times the debounce and wakes for ``stop()``.
    final class InotifyWatcher: SiteWatcher, Sendable {
        let changes: AsyncStream<Void>
        let changed = ChangedPaths()
        private let continuation: AsyncStream<Void>.Continuation
        private let root: String
        private let inotify: Int32
        /// Written to by ``stop()`` to wake the thread.
        private let wakeRead: Int32
        /// Internal, not private, so that a test can check nothing is written to it once closed.
        let wakeWrite: Int32
        /// Whether ``stop()`` has woken the thread, and whether the thread has closed the descriptors: a second
        /// `stop()`, or one after the thread ended, writes nowhere.
        private let lifecycle = Locked<(stopping: Bool, closed: Bool)>((false, false))
        /// Folder of each watch descriptor; touched only by the watching thread after `init`.
        /// The folder of each watch; changed by the watcher's own thread once it runs.
        private let folders = Locked<[Int32: String]>([:])

        private static let folderEvents = UInt32(
            IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF
                | IN_MOVE_SELF)

        /// Starts watching; `nil` when inotify is not available (the caller falls back to polling).
        init?(root: String) {
            let inotify = inotify_init1(Int32(IN_CLOEXEC))
            guard inotify >= 0 else { return nil }
            var pipeEnds: [Int32] = [0, 0]
            guard pipe(&pipeEnds) == 0 else {
                close(inotify)
                return nil
            }
            self.inotify = inotify
            wakeRead = pipeEnds[0]
            wakeWrite = pipeEnds[1]
            self.root = root
            (changes, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
            guard watch(root, mask: UInt32(IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO))
            else {
                close(inotify)
                close(wakeRead)
                close(wakeWrite)
                return nil
            }
            for name in WatchedInputs.folders { watchTree(root + "/" + name) }
            let thread = Thread { [self] in run() }
            thread.name = "sitegen-watcher"
            thread.start()
        }

        func stop() {
            lifecycle.withLock { state in
                guard !state.stopping, !state.closed else { return }
                state.stopping = true
                var byte: UInt8 = 1
                _ = write(wakeWrite, &byte, 1)
            }
        }

        @discardableResult
        private func watch(_ folder: String, mask: UInt32) -> Bool {
            let descriptor = inotify_add_watch(inotify, folder, mask)
            guard descriptor >= 0 else { return false }
            folders.withLock { $0[descriptor] = folder }
            return true
        }

        /// Watches `folder` and every folder below it.
        private func watchTree(_ folder: String) {
            guard watch(folder, mask: Self.folderEvents | UInt32(IN_ONLYDIR)), let directory = opendir(folder) else { return }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                guard entry.pointee.d_type == UInt8(DT_DIR) || entry.pointee.d_type == UInt8(DT_UNKNOWN) else { continue }
                let name = FileDescriptor.entryName(entry)
                if IgnoredNames.contains(name) { continue }
                watchTree(folder + "/" + String(decoding: name, as: UTF8.self))
            }
        }

        private func run() {
            defer {
                lifecycle.withLock { state in
                    state.closed = true
                    close(inotify)
                    close(wakeRead)
                    close(wakeWrite)
                }
                continuation.finish()
            }
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            var firstPending: ContinuousClock.Instant?
            var lastEvent = ContinuousClock.now
            while true {
                var timeout: Int32 = -1
                if let first = firstPending {
                    let now = ContinuousClock.now
                    let due = min(lastEvent + Debounce.quiet, first + Debounce.longest)
                    if now >= due {
                        firstPending = nil
                        continuation.yield()
                        continue
                    }
                    timeout = Int32(max(1, (due - now) / .milliseconds(1)))
                }
                var descriptors = [
                    pollfd(fd: inotify, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
                ]
                let ready = poll(&descriptors, 2, timeout)
                if ready < 0, errno == EINTR { continue }
                if ready < 0 || descriptors[1].revents != 0 { return }
                guard descriptors[0].revents != 0 else { continue }
                let count = buffer.withUnsafeMutableBytes { read(inotify, $0.baseAddress, $0.count) }
                guard count > 0 else { continue }
                if handleEvents(buffer[0..<count]) {
                    lastEvent = .now
                    if firstPending == nil { firstPending = lastEvent }
                }
            }
        }

        /// Reads a batch of `inotify_event` records; returns whether any of them concerns an input.
        private func handleEvents(_ bytes: ArraySlice<UInt8>) -> Bool {
            var relevant = false
            var offset = bytes.startIndex
            let headerSize = MemoryLayout<inotify_event>.size
            while offset + headerSize <= bytes.endIndex {
                let event = bytes.withUnsafeBytes { raw in
                    raw.loadUnaligned(fromByteOffset: offset - bytes.startIndex, as: inotify_event.self)
                }
                let nameBytes = bytes[(offset + headerSize)..<min(bytes.endIndex, offset + headerSize + Int(event.len))]
                let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
                offset += headerSize + Int(event.len)
                if event.mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    relevant = true
                    changed.addUnknown()
                    continue
                }
                guard let folder = folders.withLock({ $0[event.wd] }) else { continue }
                if event.mask & UInt32(IN_IGNORED) != 0 {
                    folders.withLock { $0[event.wd] = nil }
                    continue
                }
                let isTop = folder == root
                if isTop, !WatchedInputs.isInput(topLevelName: name) { continue }
                if !isTop, WatchedInputs.isIgnored(name) { continue }
                relevant = true
                if event.mask & UInt32(IN_ISDIR | IN_DELETE_SELF | IN_MOVE_SELF) != 0 {
                    changed.addUnknown()
                } else {
                    changed.add(isTop ? name : String(folder.dropFirst(root.count + 1)) + "/" + name)
                }
                let createdFolder = event.mask & UInt32(IN_ISDIR) != 0 && event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0
                if createdFolder, !isTop || WatchedInputs.folders.contains(name) {
                    watchTree(folder + "/" + name)
                }
            }
            return relevant
        }
    }
#endif
