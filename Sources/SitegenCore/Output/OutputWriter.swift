import Foundation

/// Writes a built site into a staging folder beside the output folder, then swaps it in with renames, so that a
/// failed or interrupted build leaves the previous output exactly as it was.
public struct OutputWriter: Sendable {
    /// The folder the site is published from, such as `public/`.
    public let output: URL

    /// A problem writing the output.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Creates a writer for `output`.
    public init(output: URL) {
        self.output = output.standardizedFileURL
    }

    /// Refuses output folders whose replacement would destroy the source: the site's folder itself, a folder
    /// that contains it, or the file system's root.
    public func validate(sourceRoot: URL) throws(Failure) {
        let outputPath = output.resolvingSymlinksInPath().path
        let sourcePath = sourceRoot.standardizedFileURL.resolvingSymlinksInPath().path
        if outputPath == "/" || outputPath == sourcePath || (sourcePath + "/").hasPrefix(outputPath + "/") {
            throw Failure(description: "\(output.path): error: the output folder must not be the site's folder or contain it; use a folder such as public/")
        }
        let home = FileManager.default.homeDirectoryForCurrentUser.resolvingSymlinksInPath().path
        if outputPath == home {
            throw Failure(description: "\(output.path): error: refusing to replace your home folder; use a folder such as public/")
        }
    }

    /// Writes `files` and swaps them in as the new output folder.
    public func write(_ files: [OutputFile]) throws(Failure) {
        let manager = FileManager.default
        let parent = output.deletingLastPathComponent()
        let name = output.lastPathComponent
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = parent.appendingPathComponent(".\(name).staging-\(pid)")
        let previous = parent.appendingPathComponent(".\(name).previous-\(pid)")
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
            if manager.fileExists(atPath: staging.path) { try manager.removeItem(at: staging) }
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "\(staging.path): error: cannot create the staging folder: \(error.localizedDescription)")
        }
        do {
            var created: Set<String> = [""]
            for file in files {
                guard OutputFile.isContained(file.path) else {
                    throw Failure(description: "\(file.path): error: output path escapes the output folder")
                }
                let target = staging.appendingPathComponent(file.path)
                let folder = String(file.path.split(separator: "/").dropLast().joined(separator: "/"))
                if !created.contains(folder) {
                    try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                    created.insert(folder)
                }
                switch file.contents {
                case .bytes(let bytes):
                    guard manager.createFile(atPath: target.path, contents: Data(bytes)) else {
                        throw Failure(description: "\(target.path): error: cannot write the file")
                    }
                case .file(let source):
                    if manager.fileExists(atPath: target.path) { try manager.removeItem(at: target) }
                    try manager.copyItem(atPath: source, toPath: target.path)
                }
            }
        } catch let failure as Failure {
            try? manager.removeItem(at: staging)
            throw failure
        } catch {
            try? manager.removeItem(at: staging)
            throw Failure(description: "\(staging.path): error: cannot write the site: \(error.localizedDescription)")
        }
        do {
            if manager.fileExists(atPath: output.path) {
                try manager.moveItem(at: output, to: previous)
                do {
                    try manager.moveItem(at: staging, to: output)
                } catch {
                    try? manager.moveItem(at: previous, to: output)
                    throw error
                }
                try? manager.removeItem(at: previous)
            } else {
                try manager.moveItem(at: staging, to: output)
            }
        } catch {
            try? manager.removeItem(at: staging)
            throw Failure(description: "\(output.path): error: cannot replace the output folder: \(error.localizedDescription)")
        }
    }
}
