import SitegenMarkdown

/// Which `Host` a request may name for `serve` to answer it.
///
/// A web page the writer visits can make its own name resolve to 127.0.0.1 (DNS rebinding) and then read
/// whatever the preview serves, drafts included, unless the server refuses requests for names it does not
/// know, as Vite's `server.allowedHosts` does. Allowed are `localhost`, `127.0.0.1` and `[::1]` on any port,
/// the address `serve` listens on, and the names given with `--allow-host` or `serve.allowed_hosts`. A request
/// with no `Host` (HTTP/1.0) cannot come from a rebound name and is answered.
final class HostPolicy: Sendable {
    private let allowed: Set<String>
    /// The names refused so far, so that the terminal says each once.
    private let refused = Locked<Set<String>>([])

    /// - Parameters:
    ///   - listening: The address `serve` listens on (`--host`).
    ///   - extra: Further names, from `--allow-host` and `serve.allowed_hosts`.
    init(listening: String, extra: [String]) {
        var names: Set<String> = ["localhost", "127.0.0.1", "::1"]
        let wildcard: Set<String> = ["0.0.0.0", "::", ""]
        for name in [listening] + extra {
            let normalized = Self.name(ofAuthority: name.contains(":") && !name.hasPrefix("[") ? "[\(name)]" : name)
            if !wildcard.contains(normalized) { names.insert(normalized) }
        }
        allowed = names
    }

    /// The host name of a `Host` header value: lowercase, without the port, the brackets of an IPv6 address or
    /// a trailing dot (`Example.ORG.:8000` is `example.org`).
    static func name(ofAuthority authority: String) -> String {
        var host = Substring(authority.lowercased())
        if host.hasPrefix("[") {
            host = host.dropFirst().prefix { $0 != "]" }
        } else if let colon = host.lastIndex(of: ":") {
            host = host[..<colon]
        }
        while host.hasSuffix(".") { host = host.dropLast() }
        return String(host)
    }

    /// Whether a request naming `authority` is answered.
    func allows(_ authority: String?) -> Bool {
        guard let authority, !authority.isEmpty else { return true }
        return allowed.contains(Self.name(ofAuthority: authority))
    }

    /// Whether `authority` is refused for the first time, and so worth a line in the terminal.
    func isNewRefusal(_ authority: String) -> Bool {
        refused.withLock { $0.insert(Self.name(ofAuthority: authority)).inserted }
    }
}
