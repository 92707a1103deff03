import Foundation

/// The date of each file's last commit, read with one `git log` call for the whole site.
enum GitHistory {
    /// Last-commit dates of the files under `root`, by path relative to `root`; empty when `root` is not in a git
    /// work tree or git is not installed.
    static func lastCommitDates(root: String) -> [String: Date] {
        guard mayBeInRepository(root) else { return [:] }
        let arguments = [
            "-c", "core.quotePath=false", "-C", root, "log", "--format=%x01%ct", "--name-only", "--relative", "--no-renames", "--",
            "content",
        ]
        return output(of: arguments).map(parse) ?? [:]
    }

    /// The commit checked out in the work tree holding `root`; `nil` outside one.
    static func head(root: String) -> String? {
        guard mayBeInRepository(root) else { return nil }
        return output(of: ["-C", root, "rev-parse", "HEAD"]).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether git, run in `root`, may find a repository: `root` or a folder above it has a `.git`, or the
    /// environment names one (`GIT_DIR`, `GIT_WORK_TREE`). Outside one, git is not started at all: it would only
    /// fail, after the milliseconds that starting it takes, on every build of the site.
    static func mayBeInRepository(_ root: String) -> Bool {
        let environment = ProcessInfo.processInfo.environment
        if environment["GIT_DIR"] != nil || environment["GIT_WORK_TREE"] != nil { return true }
        var folder = URL(fileURLWithPath: root).standardizedFileURL.path
        var status = stat()
        while true {
            if lstat(folder == "/" ? "/.git" : folder + "/.git", &status) == 0 { return true }
            guard folder != "/", let slash = folder.lastIndex(of: "/") else { return false }
            folder = slash == folder.startIndex ? "/" : String(folder[..<slash])
        }
    }

    /// What `git ARGUMENTS` prints; `nil` when git is missing or fails.
    static func output(of arguments: [String]) -> [UInt8]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        var data: [UInt8] = []
        while let chunk = FileDescriptor.readChunk(pipe.fileHandleForReading.fileDescriptor) { data += chunk }
        process.waitUntilExit()
        return process.terminationStatus == 0 ? data : nil
    }

    /// Reads `git log --format=%x01%ct --name-only` output: newest commit first, so a path's first date wins.
    static func parse(_ bytes: [UInt8]) -> [String: Date] {
        var dates: [String: Date] = [:]
        var current: Date?
        for line in bytes.split(separator: 0x0A) {
            if line.first == 0x01 {
                let seconds = Int(String(decoding: line.dropFirst(), as: UTF8.self)) ?? 0
                current = Date(timeIntervalSince1970: TimeInterval(seconds))
            } else if let current, !line.isEmpty {
                let path = String(decoding: line, as: UTF8.self)
                if dates[path] == nil { dates[path] = current }
            }
        }
        return dates
    }
}
