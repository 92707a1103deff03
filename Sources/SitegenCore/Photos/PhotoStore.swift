import Foundation
import SitegenImages
import SitegenMarkdown
import Synchronization

extension PhotoProcessor {
    /// Where made files are kept between builds: a folder per photo in the cache folder, for `sitegen build` (which
    /// copies them from there, holding none in memory) and `sitegen serve`; `sitegen check` only reads it; memory
    /// when there is no cache folder.
    final class Store: Sendable {
        /// The cache folder for photos; `nil` keeps them in memory, if `remembers`.
        let folder: String?
        let remembers: Bool
        /// Whether new photos go into `folder`; `sitegen serve` only reads it and keeps what it makes in memory.
        let writes: Bool
        private let memory = Locked<[String: Made]>([:])
        /// What the photo at each path was when last made: its file's stamp, its key and whether it carried a
        /// location, so that a photo whose file did not change is found without reading it. Saved in the
        /// folder's `index`.
        private let known: Locked<[String: Known]>
        /// Whether ``known`` or ``codec`` changed since they were read, so that the index must be written again.
        private let knownChanged = Atomic<Bool>(false)
        /// The libvips the last build that asked for its version loaded, saved in the index: while its library file
        /// is as it was, its version is known without loading libvips (some 20 ms), which a build whose photos
        /// were all made before does not need.
        private let codec: Locked<Codec?>

        struct Codec: Sendable, Equatable {
            var version: String
            var library: String
            var stamp: FileStamp
        }

        struct Known: Sendable, Equatable {
            var stamp: FileStamp
            var key: String
            var hadLocation: Bool
            /// The photo folder's `info` line, so that a known photo costs no read of it.
            var info: String
        }

        /// The photo folders in ``folder`` when the store was opened, so that a photo the index knows costs no
        /// look at the disk. A folder removed since is found by the writer, which reports the file it cannot read.
        private let foldersAtStart: Set<String>

        init(folder: String?, remembers: Bool = true, writes: Bool = true) {
            self.folder = folder
            self.remembers = remembers
            self.writes = writes
            let read = folder.flatMap { Self.readIndex(in: $0) }
            let index = read?.known ?? [:]
            known = Locked(index)
            codec = Locked(read?.codec)
            var folders: Set<String> = []
            if let folder, !index.isEmpty {
                OutputWriter.forEachEntry(of: folder) { path, isFolder in
                    if isFolder { folders.insert(String(decoding: path.utf8.dropFirst(folder.utf8.count + 1), as: UTF8.self)) }
                }
            }
            foldersAtStart = folders
        }

        /// The key of the photo at `path` if its file is still as it was when made (`key` is then also found).
        func known(_ path: String, stamp: FileStamp, settings keySuffix: String) -> Known? {
            guard let found = known.withLock({ $0[path] }), found.stamp == stamp, found.key.hasSuffix(keySuffix) else { return nil }
            return found
        }

        /// libvips's version (``ImageCodec/version``), which the files made depend on: the one the index gives while
        /// the library file it names is as it was, or else asked of libvips, which this loads.
        func codecVersion() -> String {
            if let known = codec.withLock({ $0 }), FileStamp.of(known.library) == known.stamp { return known.version }
            let version = ImageCodec.version
            if let library = ImageCodec.libraryPath, let stamp = FileStamp.of(library) {
                let found = Codec(version: version, library: library, stamp: stamp)
                let changed = codec.withLock { codec in
                    defer { codec = found }
                    return codec != found
                }
                if changed { knownChanged.store(true, ordering: .relaxed) }
            }
            return version
        }

        /// Remembers that the photo at `path`, with this stamp, is made under `key`.
        func remember(_ path: String, _ entry: Known) {
            let changed = known.withLock { known in
                defer { known[path] = entry }
                return known[path] != entry
            }
            if changed { knownChanged.store(true, ordering: .relaxed) }
        }

        /// Writes the index of the photos known, for the next build, when it changed.
        func saveIndex() {
            guard let folder, writes, knownChanged.exchange(false, ordering: .relaxed) else { return }
            var text = TabSeparatedText(header: Self.indexHeader)
            if let codec = codec.withLock({ $0 }) {
                text.field(codec.stamp)
                text.field(Self.codecLine)
                text.line(codec.version, codec.library)
            }
            for (path, entry) in known.withLock({ $0 }).sorted(by: { $0.key < $1.key }) {
                text.field(entry.stamp)
                text.field(entry.key)
                text.field(entry.hadLocation ? "1" : "0")
                text.line(path, entry.info)
            }
            let path = folder + "/index"
            let temporary = path + ".\(ProcessInfo.processInfo.processIdentifier)"
            unlink(temporary)
            if FileDescriptor.writeAll(text.bytes, to: temporary) { rename(temporary, path) } else { unlink(temporary) }
        }

        private static let indexHeader = "sitegen-photo-index 3"
        /// The mark of the index's line about libvips (its library file's stamp, this mark, its version, the file).
        private static let codecLine = "libvips"

        private static func readIndex(in folder: String) -> (known: [String: Known], codec: Codec?)? {
            guard let read = FileDescriptor.readAll(folder + "/index", noFollow: true) else { return nil }
            var known: [String: Known] = [:]
            var codec: Codec?
            let string = TabSeparatedText.string
            let isIndex = TabSeparatedText.forEachLine(of: read.bytes, header: indexHeader) { fields in
                if fields.count == 7, fields[4].elementsEqual(codecLine.utf8), let stamp = TabSeparatedText.stamp(fields, at: 0) {
                    codec = Codec(version: string(fields[5]), library: string(fields[6]), stamp: stamp)
                }
                guard fields.count == 8, let stamp = TabSeparatedText.stamp(fields, at: 0) else { return true }
                known[string(fields[6])] = Known(
                    stamp: stamp, key: string(fields[4]), hadLocation: fields[5].elementsEqual("1".utf8), info: string(fields[7]))
                return true
            }
            return isIndex ? (known, codec) : nil
        }

        /// The files made for `key` before, if they are all still there.
        func made(_ key: String) -> Made? {
            if let found = memory.withLock({ $0[key] }) { return found }
            guard let folder, let read = FileDescriptor.readAll("\(folder)/\(key)/info", noFollow: true) else { return nil }
            let info = String(decoding: read.bytes, as: UTF8.self)
            guard let made = Self.made(fromInfo: info, in: "\(folder)/\(key)"),
                made.files.allSatisfy({ if case .file(let path) = $0.contents { access(path, R_OK) == 0 } else { false } })
            else { return nil }
            return made
        }

        /// The photo the index knows, if its folder is still there: its files are not looked at one by one (the
        /// writer reads them, and reports one that has gone).
        func made(_ known: Known) -> Made? {
            if let found = memory.withLock({ $0[known.key] }) { return found }
            guard let folder, foldersAtStart.contains(known.key) else { return nil }
            return Self.made(fromInfo: known.info, in: folder + "/" + known.key)
        }

        /// The files an `info` line (`sitegen-photo WIDTH HEIGHT FORMAT original NAME…`) lists, in `folder`; `nil`
        /// when a name is not that of a file of the folder itself (`../…`, a path, a hidden name), as in a cache
        /// planted in a cloned site to publish a file from elsewhere.
        private static func made(fromInfo info: String, in folder: String) -> Made? {
            let fields = info.utf8.split(whereSeparator: { $0 == 0x20 || $0 == 0x0A })
            guard fields.count >= 5, fields[0].elementsEqual("sitegen-photo".utf8),
                let width = Int(String(decoding: fields[1], as: UTF8.self)), let height = Int(String(decoding: fields[2], as: UTF8.self)),
                let format = ImageCodec.Format(rawValue: String(decoding: fields[3], as: UTF8.self)),
                fields[4].elementsEqual("original".utf8),
                fields[5...].allSatisfy(isFileName)
            else { return nil }
            let files = fields[4...].map { field in
                let name = String(decoding: field, as: UTF8.self)
                let path = folder + "/" + name
                return Made.File(suffix: name == "original" ? "" : "." + name, contents: .file(path), identity: ContentHash.of(path.utf8))
            }
            return Made(files: files, width: width, height: height, format: format)
        }

        /// Whether `name` names a file of a photo's folder: no path, and not hidden.
        private static func isFileName(_ name: Substring.UTF8View) -> Bool {
            name.first != UInt8(ascii: ".") && !name.contains(UInt8(ascii: "/")) && !name.contains(0)
        }

        /// The `info` line of `made`.
        static func info(of made: Made) -> String {
            let names = made.files.map { $0.suffix.isEmpty ? "original" : String($0.suffix.dropFirst()) }
            return "sitegen-photo \(made.width) \(made.height) \(made.format.rawValue) \(names.joined(separator: " "))"
        }

        /// Makes the folder at `path` unless it exists; `false` unless it is then a folder of its own (not a
        /// symbolic link that could lead out of the site).
        private static func makeFolder(_ path: String) -> Bool {
            if mkdir(path, 0o755) != 0, errno != EEXIST { return false }
            var status = stat()
            return lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
        }

        /// Keeps `made` (whose files are bytes) under `key`; returns it as kept, its files on disk when they
        /// could be written there.
        func keep(_ made: Made, as key: String) -> Made {
            guard let folder, writes else {
                if remembers { memory.withLock { $0[key] = made } }
                return made
            }
            let temporary = "\(folder)/\(key).\(ProcessInfo.processInfo.processIdentifier)"
            let final = "\(folder)/\(key)"
            guard Self.makeFolder((folder as NSString).deletingLastPathComponent), Self.makeFolder(folder),
                mkdir(temporary, 0o755) == 0
            else { return made }
            // A folder that could not be finished (a full disk, another build that made the same photo first) is
            // not left behind.
            var finished = false
            defer { if !finished { OutputWriter.removeTree(temporary) } }
            for file in made.files {
                guard case .bytes(let bytes) = file.contents else { return made }
                let name = file.suffix.isEmpty ? "original" : String(file.suffix.dropFirst())
                guard FileDescriptor.writeAll(bytes, to: "\(temporary)/\(name)") else { return made }
            }
            let info = Self.info(of: made) + "\n"
            guard FileDescriptor.writeAll(Array(info.utf8), to: "\(temporary)/info"), rename(temporary, final) == 0 else {
                return made
            }
            finished = true
            return self.made(key) ?? made
        }
    }
}
