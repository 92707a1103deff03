/// A problem found in the site's input, with the place it was found.
public struct Diagnostic: Sendable, Equatable, Error, CustomStringConvertible {
    /// How bad it is: errors stop the build, warnings do not.
    public enum Severity: String, Sendable, Equatable {
        case error
        case warning
    }

    /// The file, relative to the site's folder where it is inside it.
    public var path: String
    /// 1-based line; 0 when the problem concerns the whole file.
    public var line: Int
    /// 1-based column; 0 when the problem concerns the whole line or file.
    public var column: Int
    /// Whether it stops the build.
    public var severity: Severity
    /// What is wrong and what to do.
    public var message: String

    /// Creates a diagnostic.
    public init(path: String, line: Int = 0, column: Int = 0, severity: Severity = .error, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
    }

    /// Creates an error.
    public static func error(_ path: String, _ line: Int = 0, _ column: Int = 0, _ message: String) -> Diagnostic {
        Diagnostic(path: path, line: line, column: column, severity: .error, message: message)
    }

    /// Creates a warning.
    public static func warning(_ path: String, _ line: Int = 0, _ column: Int = 0, _ message: String) -> Diagnostic {
        Diagnostic(path: path, line: line, column: column, severity: .warning, message: message)
    }

    /// `path:line:column: severity: message`, the form compilers and editors understand.
    public var description: String {
        "\(path):\(max(line, 1)):\(max(column, 1)): \(severity.rawValue): \(message)"
    }
}

extension Array where Element == Diagnostic {
    /// Whether any of them stops the build.
    public var containsErrors: Bool { contains { $0.severity == .error } }

    /// Sorted by file, then position, for stable output.
    public func sortedByPosition() -> [Diagnostic] {
        sorted { ($0.path, $0.line, $0.column, $0.message) < ($1.path, $1.line, $1.column, $1.message) }
    }
}
