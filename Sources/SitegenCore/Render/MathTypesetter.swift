import Foundation
import SitegenMarkdown

/// Typesets the TeX of a build's bodies to MathML with KaTeX, in one `node` process for the whole build.
///
/// KaTeX is Debian's `katex` package (its library under `/usr/share/nodejs`), run by Debian's `nodejs`; another
/// place can be given with `NODE_PATH`. When either is missing, the formulas stay as the readable TeX the
/// renderer wrote and the build says so once. A formula KaTeX cannot parse stays as TeX, with a warning at its
/// line.
final class MathTypesetter: @unchecked Sendable {
    /// The script `node` runs: one JSON array of `[tex, display]` per input line, one array of results per
    /// output line, each MathML or `{"error": message}`.
    private static let script = """
        const katex = require("katex");
        const lines = require("readline").createInterface({ input: process.stdin });
        lines.on("line", (line) => {
          const out = JSON.parse(line).map(([tex, display]) => {
            try {
              return katex.renderToString(tex, { output: "mathml", displayMode: display, throwOnError: true, strict: "ignore" });
            } catch (error) {
              return { error: String(error.message || error) };
            }
          });
          process.stdout.write(JSON.stringify(out) + "\\n");
        });
        """

    private var process: Process?
    private var input: FileHandle?
    private var output: FileHandle?
    private var buffered = Data()
    /// Why KaTeX cannot run here, once asked; `nil` while it can.
    private(set) var unavailable: String?
    private var started = false
    /// MathML already made this build, by formula.
    private var typeset: [FormulaKey: String] = [:]

    /// The names `node` is looked for under on PATH.
    private let nodeNames: [String]

    /// A typesetter that runs the first of `nodeNames` found on PATH.
    init(nodeNames: [String] = ["node", "nodejs"]) { self.nodeNames = nodeNames }

    private struct FormulaKey: Hashable {
        var tex: String
        var display: Bool
    }

    deinit {
        try? input?.close()
        process?.waitUntilExit()
    }

    /// Replaces the TeX of every formula of `bodies` with its MathML; returns warnings for formulas KaTeX refused,
    /// by index into `bodies`, and whether KaTeX was missing.
    func typeset(_ bodies: inout [RenderedMarkdown], paths: [String]) -> [Diagnostic] {
        let withMath = bodies.indices.filter { !bodies[$0].formulas.isEmpty }
        guard !withMath.isEmpty else { return [] }
        var wanted: [FormulaKey] = []
        var seen = Set(typeset.keys)
        for index in withMath {
            for formula in bodies[index].formulas {
                let key = FormulaKey(tex: formula.tex, display: formula.display)
                if seen.insert(key).inserted { wanted.append(key) }
            }
        }
        var refused: [FormulaKey: String] = [:]
        if !wanted.isEmpty, let results = run(wanted) {
            for (key, result) in zip(wanted, results) {
                switch result {
                case .success(let mathML): typeset[key] = mathML
                case .failure(let message): refused[key] = message
                }
            }
        }
        var diagnostics: [Diagnostic] = []
        for index in withMath {
            for formula in bodies[index].formulas {
                if let message = refused[FormulaKey(tex: formula.tex, display: formula.display)] {
                    diagnostics.append(.warning(paths[index], formula.line, 0, "math: \(message); the TeX is shown as written"))
                }
            }
            if unavailable == nil { bodies[index].html = Self.replacingFormulas(in: bodies[index].html, with: typeset) }
        }
        return diagnostics
    }

    private enum Result {
        case success(String)
        case failure(String)
    }

    /// KaTeX's answer for each formula; `nil` when KaTeX cannot run.
    private func run(_ formulas: [FormulaKey]) -> [Result]? {
        if !started { start() }
        guard unavailable == nil, let input, let output else { return nil }
        let request = formulas.map { [$0.tex, $0.display] as [Any] }
        guard var line = try? JSONSerialization.data(withJSONObject: request) else { return nil }
        line.append(0x0A)
        guard FileDescriptor.writeAll(Array(line), to: input.fileDescriptor) else {
            unavailable = "node stopped: \(FileDescriptor.lastError)"
            return nil
        }
        while !buffered.contains(0x0A) {
            guard let chunk = FileDescriptor.readChunk(output.fileDescriptor) else {
                unavailable = "node stopped before answering"
                return nil
            }
            buffered.append(contentsOf: chunk)
        }
        guard let newline = buffered.firstIndex(of: 0x0A) else { return nil }
        let answer = buffered[buffered.startIndex..<newline]
        buffered = Data(buffered[(newline + 1)...])
        guard let values = (try? JSONSerialization.jsonObject(with: answer)) as? [Any], values.count == formulas.count else {
            unavailable = "KaTeX gave an answer that could not be read"
            return nil
        }
        return values.map { value in
            if let mathML = value as? String { return .success(mathML) }
            let message = (value as? [String: Any])?["error"] as? String ?? "KaTeX could not typeset it"
            return .failure(message)
        }
    }

    /// Starts `node` with KaTeX, or notes why it cannot.
    private func start() {
        started = true
        guard let node = Self.executable(named: nodeNames) else {
            unavailable = "`node` was not found"
            return
        }
        guard let modules = Self.katexModules() else {
            unavailable = "KaTeX was not found (Debian's `katex` package, or a folder holding `katex` in NODE_PATH)"
            return
        }
        // A node that dies makes the next write fail with EPIPE instead of killing sitegen with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: node)
        process.arguments = ["-e", Self.script]
        var environment = ProcessInfo.processInfo.environment
        environment["NODE_PATH"] = modules
        process.environment = environment
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            unavailable = "`node` could not start: \(error.localizedDescription)"
            return
        }
        self.process = process
        input = stdin.fileHandleForWriting
        output = stdout.fileHandleForReading
    }

    /// Which `node` and which KaTeX a build would typeset math with (their paths, and the size and time of KaTeX's
    /// `package.json`), or that there are none: the build record trusts an output only when they are the same.
    static func toolsIdentity(nodeNames: [String] = ["node", "nodejs"]) -> String {
        let node = executable(named: nodeNames) ?? "no node"
        guard let modules = katexModules() else { return node + ", no KaTeX" }
        let stamp = FileStamp.of(modules + "/katex/package.json").map { "\($0.size)-\($0.modified)" } ?? "-"
        return "\(node), \(modules) \(stamp)"
    }

    /// The folder that holds `katex/`, from NODE_PATH or where Debian, Homebrew and npm put it.
    static func katexModules() -> String? {
        let fromEnvironment = (ProcessInfo.processInfo.environment["NODE_PATH"] ?? "").split(separator: ":").map(String.init)
        let known = ["/usr/share/nodejs", "/usr/lib/nodejs", "/usr/local/lib/node_modules", "/opt/homebrew/lib/node_modules"]
        return (fromEnvironment + known).first { FileManager.default.fileExists(atPath: $0 + "/katex/package.json") }
    }

    /// The first of `names` on PATH.
    static func executable(named names: [String]) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in names {
            for folder in path.split(separator: ":") {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// `html` with each formula's fallback (see ``Formula/fallbackHTML``) holding MathML instead of TeX, where
    /// the formula was typeset. One pass over the bytes.
    private static func replacingFormulas(in html: String, with mathML: [FormulaKey: String]) -> String {
        let bytes = Array(html.utf8)
        let opening = Array("<span class=\"math math-".utf8)
        let closing = Array("</span>".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 2)
        var index = 0
        var copied = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<"), bytes[index...].starts(with: opening) else {
                index += 1
                continue
            }
            let kindStart = index + opening.count
            let display = bytes[kindStart...].starts(with: Array("display\">$$".utf8))
            let prefixLength = display ? "display\">$$".utf8.count : "inline\">$".utf8.count
            let texStart = kindStart + prefixLength
            guard texStart <= bytes.count,
                let end = bytes[texStart...].firstRange(of: closing)?.lowerBound
            else { break }
            let texEnd = end - (display ? 2 : 1)
            guard texEnd >= texStart else {
                index = end
                continue
            }
            let tex = unescapeHTML(String(decoding: bytes[texStart..<texEnd], as: UTF8.self))
            if let math = mathML[FormulaKey(tex: tex, display: display)] {
                output += bytes[copied..<texStart - prefixLength]
                output += Array((display ? "display\">" : "inline\">").utf8)
                output += Array(math.utf8)
                copied = end
            }
            index = end + closing.count
        }
        guard copied > 0 else { return html }
        output += bytes[copied...]
        return String(decoding: output, as: UTF8.self)
    }

    private static func unescapeHTML(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
