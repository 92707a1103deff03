import Foundation
import SitegenMarkdown

/// An unnamed temporary file that holds text a build would otherwise keep in memory until its pages are written,
/// such as every post's HTML, so that peak memory follows the site model and not its output. On Linux it is made
/// with `O_TMPFILE`: it has no name, is never seen in the folder, and is gone when the build lets go of it. Where
/// that is not available, there is no spill file and the text stays in memory. A build that keeps a cache spills
/// into a named file of the cache folder instead, whose texts the next build reuses (``BodyStore``).
final class SpillFile: Sendable {
    private let descriptor: Int32
    /// The end of what has been stored: each store reserves its range here, then writes it without the lock.
    private let end: Locked<Int>
    /// Whether a text could not be read back.
    private let damaged = Locked(false)
    /// How many bytes of text ``store(_:)-(String)`` keeps in memory before it writes texts to the file, and how
    /// many it keeps so far.
    private let memoryBudget: Int
    private let heldInMemory = Locked(0)

    /// Why a stored text could not be read back: the page or feed that read it fails, so that the build publishes
    /// nothing rather than a page without its post.
    struct ReadFailure: Error, Sendable {
        let reason: String
    }

    /// Whether a stored text could not be read back: a kept file's texts are then not to be trusted by a later build
    /// (``BodyStore/discard()``). The failure itself is thrown to whatever read the text.
    var isDamaged: Bool { damaged.withLock { $0 } }

    /// A spill file in `folder` (which must exist), or `nil` when the system cannot make one there. The first
    /// `memoryBudget` bytes of text stored stay in memory: a site whose HTML fits pays no write and no read back.
    init?(in folder: String, memoryBudget: Int = 0) {
        self.memoryBudget = memoryBudget
        #if os(Linux)
            // O_TMPFILE is `__O_TMPFILE | O_DIRECTORY`, a macro Swift does not import.
            let temporaryFile: Int32 = 0o20_000_000 | O_DIRECTORY
            let descriptor = open(folder, temporaryFile | O_RDWR | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { return nil }
            self.descriptor = descriptor
            end = Locked(0)
        #else
            return nil
        #endif
    }

    /// The spill file kept at `path` from one build to the next, held by this build alone (another build that
    /// holds it makes this `nil`). With `stamp`, the file must still have the stamp an earlier build left it with,
    /// and its texts are kept; without, it is emptied. `nil` when it cannot be opened or its stamp differs.
    init?(keptAt path: String, stamp: FileStamp?) {
        // What the next build reuses must be in the file.
        memoryBudget = 0
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { return nil }
        var status = stat()
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0, fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG,
            stamp.map({ $0 == FileStamp(status) }) ?? (status.st_size == 0 || ftruncate(descriptor, 0) == 0)
        else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        end = Locked(stamp == nil ? 0 : Int(status.st_size))
    }

    /// Lets another build have a kept file: this one has stored all it will, and only reads from it.
    func unlock() { flock(descriptor, LOCK_UN) }

    /// The file's stamp now; `nil` when it cannot be had.
    var stamp: FileStamp? {
        var status = stat()
        return fstat(descriptor, &status) == 0 ? FileStamp(status) : nil
    }

    deinit { close(descriptor) }

    /// `text` stored in the file; kept in memory while the memory budget allows, or when the write fails (a full
    /// disk), so nothing is lost.
    func store(_ text: String) -> StoredText {
        let size = text.utf8.count
        if memoryBudget > 0,
            heldInMemory.withLock({ held in
                guard held + size <= memoryBudget else { return false }
                held += size
                return true
            })
        {
            return .inline(text)
        }
        let bytes = Array(text.utf8)
        return store(bytes).map { .spilled(self, $0, hash: ContentHash.of(bytes)) } ?? .inline(text)
    }

    /// Where `bytes` were stored in the file; `nil` when they could not be written.
    func store(_ bytes: [UInt8]) -> Range<Int>? {
        let start = end.withLock { end in
            defer { end += bytes.count }
            return end
        }
        let written = bytes.withUnsafeBytes { buffer in
            FileDescriptor.transfer(buffer.count) { offset in
                pwrite(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset, off_t(start + offset))
            }
        }
        return written ? start..<start + bytes.count : nil
    }

    /// The bytes stored at `range`; `nil` when they cannot be read, or their hash is not `hash`.
    func bytes(at range: Range<Int>, hash: UInt64) -> [UInt8]? {
        guard let bytes = readBytes(range), ContentHash.of(bytes) == hash else { return nil }
        return bytes
    }

    private func readBytes(_ range: Range<Int>) -> [UInt8]? {
        FileDescriptor.filled(count: range.count) { buffer in
            FileDescriptor.transfer(buffer.count) { offset in
                pread(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset, off_t(range.lowerBound + offset))
            }
        }
    }

    /// The text stored at `range`, checked against `hash` when one is given.
    fileprivate func read(_ range: Range<Int>, hash: UInt64? = nil) throws(ReadFailure) -> String {
        let bytes = readBytes(range)
        guard let bytes, hash.map({ $0 == ContentHash.of(bytes) }) ?? true else {
            let cause = bytes != nil ? "it was changed by something else" : FileDescriptor.lastError
            damaged.withLock { $0 = true }
            throw ReadFailure(reason: "cannot read a post's HTML back from the build's spill file: \(cause); build again")
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Text held in memory or in a ``SpillFile``.
enum StoredText: Sendable {
    case inline(String)
    /// Stored by this build, with the hash of its bytes.
    case spilled(SpillFile, Range<Int>, hash: UInt64)
    /// Stored by an earlier build in a kept spill file, with the hash its bytes had, which they are checked against.
    case kept(SpillFile, Range<Int>, hash: UInt64)

    /// The hash of the text's bytes (``ContentHash``), known without reading a stored text.
    var hash: UInt64 {
        switch self {
        case .inline(let text): return ContentHash.of(text.utf8)
        case .spilled(_, _, let hash), .kept(_, _, let hash): return hash
        }
    }

    /// The text, read from its file when it is stored in one: an I/O error on a file this process just wrote, or a
    /// kept text whose bytes no longer have their hash, is thrown.
    func read() throws(SpillFile.ReadFailure) -> String {
        switch self {
        case .inline(let text): return text
        case .spilled(let file, let range, _): return try file.read(range)
        case .kept(let file, let range, let hash): return try file.read(range, hash: hash)
        }
    }
}
