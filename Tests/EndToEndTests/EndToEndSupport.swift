import Foundation
import Testing

/// The repository's root folder.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The shared sample posts, present beside the repository in CI and development.
let seedsFolder = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/seeds")

/// The `sitegen` binary that `swift test` built next to the test bundle.
let sitegenBinary: URL = {
    var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = folder.appendingPathComponent("sitegen")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        folder = folder.deletingLastPathComponent()
    }
    return repositoryRoot.appendingPathComponent(".build/debug/sitegen")
}()

/// What a finished process printed.
struct ProcessOutput {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `executable` with `arguments` in `folder` and waits for it.
func run(_ executable: URL, _ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:]) throws -> ProcessOutput {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = folder }
    if !environment.isEmpty {
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessOutput(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

/// Runs the built `sitegen`.
func sitegen(_ arguments: String..., in folder: URL? = nil) throws -> ProcessOutput {
    try run(sitegenBinary, arguments, in: folder)
}

/// A new empty folder, removed when the returned object is released by the test.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `text` at `path` inside the folder, creating folders on the way.
    /// Writes `text` at `path`; a `.png` file given as a word (`"PNG"`) is written as a real 2×1 PNG instead, since
    /// a file that is not an image is refused.
    func write(_ path: String, _ text: String) throws {
        let file = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        if path.hasSuffix(".png"), text.count <= 4 {
            try Data(tinyPNG).write(to: file)
        } else {
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
    }
}

/// The text of a built file.
func read(_ folder: URL, _ path: String) throws -> String {
    try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
}

/// Checks that the file at `path` exists and contains every one of `fragments`.
func assertFile(
    _ folder: URL, _ path: String, contains fragments: String..., sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let text = try? read(folder, path) else {
        Issue.record("missing file \(path)", sourceLocation: sourceLocation)
        return
    }
    for fragment in fragments where !text.contains(fragment) {
        Issue.record("\(path) does not contain \(fragment)", sourceLocation: sourceLocation)
    }
}

/// The post titles a list page shows, in order.
func listedTitles(_ html: String) -> [String] {
    html.components(separatedBy: "class=\"post-card-title\"><a href=\"").dropFirst().compactMap { part in
        guard let start = part.firstIndex(of: ">"), let end = part.range(of: "</a>") else { return nil }
        return String(part[part.index(after: start)..<end.lowerBound])
    }
}

/// Every file under `folder` with its bytes, by relative path.
func snapshot(_ folder: URL) -> [String: Data] {
    var files: [String: Data] = [:]
    guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return files }
    while let path = enumerator.nextObject() as? String {
        if let data = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path) {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isFolder),
                !isFolder.boolValue
            {
                files[path] = data
            }
        }
    }
    return files
}

/// A real PNG of 2×1 pixels.
let tinyPNG: [UInt8] = [
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00,
    0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x7B, 0x40, 0xE8, 0xDD, 0x00, 0x00, 0x00, 0x0F, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63,
    0x3C, 0x21, 0x27, 0xC7, 0xC0, 0xC0, 0x00, 0x00, 0x05, 0xCC, 0x01, 0x06, 0x45, 0x88, 0x59, 0xD4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
]
