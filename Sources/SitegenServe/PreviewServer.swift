import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
import SitegenCore
import SitegenMarkdown
import UnixSignals

/// `sitegen serve`: builds the site in memory, serves it over HTTP with live reload, and rebuilds what changed
/// whenever a file under `content/` or `templates/`, or `site.yml`, is saved. Nothing is written to disk but the
/// photos' resized copies, into the cache folder (`.sitegen-cache/photos/`) that `sitegen build` shares.
public struct PreviewServer: Sendable {
    /// How to serve.
    public struct Configuration: Sendable {
        /// The site's folder.
        public var source: URL
        /// The address to listen on; anything but loopback makes the site visible to the network.
        public var host = "127.0.0.1"
        public var port = 8000
        /// Drafts and future posts; `baseURL` is ignored, the server's own address replaces it.
        public var buildOptions = BuildOptions()
        /// Compare file times a few times a second instead of using the system's change notifications.
        public var polling = false
        /// Open the site in the default browser once it is served.
        public var openBrowser = false
        /// Seconds a connection may stay idle before it is closed.
        public var idleSeconds = Limits.serveIdleSeconds
        /// Connections open at once; more wait until one closes.
        public var maximumConnections = Limits.serveConnections
        /// Seconds between re-announcements of the current build on every event stream.
        public var heartbeatSeconds = Limits.serveHeartbeatSeconds
        /// Host names answered besides loopback and `host` (`--allow-host`); site.yml's `serve.allowed_hosts`
        /// adds to them.
        public var allowedHosts: [String] = []

        /// Serves the site in `source` on 127.0.0.1:8000.
        public init(source: URL) {
            self.source = source
        }
    }

    /// A problem that stops the server, with the one line to print.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public let configuration: Configuration

    /// Creates a server.
    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Whether `host` only accepts connections from this machine.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// Builds, serves and watches until interrupted (Ctrl-C or SIGTERM), then stops cleanly.
    /// - Throws: ``Failure`` when the address cannot be used.
    public func run() async throws {
        let config = configuration
        let root = config.source.standardizedFileURL
        guard
            FileManager.default.fileExists(atPath: root.appendingPathComponent("site.yml").path)
                || FileManager.default.fileExists(atPath: root.appendingPathComponent("site.yaml").path)
                || FileManager.default.fileExists(atPath: root.appendingPathComponent("content").path)
        else {
            throw Failure(description: "error: \(root.path) has no site.yml and no content/ folder; is it a sitegen site?")
        }
        if !Self.isLoopback(config.host) {
            Console.error(
                "warning: serving on \(config.host) makes the site, drafts included, visible to other machines on the network")
        }
        let urlHost = config.host.contains(":") && !config.host.hasPrefix("[") ? "[\(config.host)]" : config.host
        let browsableHost = ["0.0.0.0", "::", "[::]"].contains(config.host) ? "localhost" : urlHost
        let origin = "http://\(browsableHost):\(config.port)"

        // Rebuilds yield the cores to the threads answering requests (the first build, below, too).
        BackgroundPriority.enable()
        let live = LiveSite()
        let rebuilder = Rebuilder(root: root, options: config.buildOptions, origin: origin, live: live)
        Self.report(await rebuilder.rebuild())
        let watcher = makeSiteWatcher(root: root.path, polling: config.polling)
        let basePath = live.snapshot.site?.basePath ?? "/"

        var logger = Logger(label: "sitegen.serve")
        logger.logLevel = ProcessInfo.processInfo.environment["SITEGEN_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        let app = Application(
            responder: SiteResponder(
                live: live, session: String(UInt32.random(in: 0...UInt32.max), radix: 36),
                hosts: HostPolicy(listening: config.host, extra: config.allowedHosts + Self.allowedHosts(in: root))),
            server: .http1(configuration: .init(idleTimeout: .seconds(Int64(config.idleSeconds)))),
            configuration: ApplicationConfiguration(
                address: .hostname(config.host, port: config.port),
                availableConnectionsDelegate: ConnectionLimit(maximum: config.maximumConnections)),
            onServerRunning: { _ in
                Console.out("Serving \(root.path) at \(origin)\(basePath) (Ctrl-C to stop)")
                if config.openBrowser { Self.openInBrowser("\(origin)\(basePath)") }
            },
            logger: logger)
        let rebuilding = RebuildService(watcher: watcher, rebuilder: rebuilder, live: live, heartbeatSeconds: config.heartbeatSeconds)
        var groupConfiguration = ServiceGroupConfiguration(services: [app, rebuilding], logger: logger)
        groupConfiguration.gracefulShutdownSignals = [.sigterm, .sigint]
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(3)
        Self.stopPromptlyOnInterrupt()
        do {
            try await ServiceGroup(configuration: groupConfiguration).run()
        } catch let error as IOError {
            watcher.stop()
            throw Failure(description: Self.explain(error, host: config.host, port: config.port))
        }
        Console.out("Stopped.")
    }

    /// Makes Ctrl-C (or SIGTERM) end the process within a second even when a build is under way, which the
    /// graceful shutdown would otherwise wait for: `serve` writes nothing but photos into the cache, each made in a
    /// folder of its own and renamed into place, so there is nothing to finish.
    private static func stopPromptlyOnInterrupt() {
        for signalNumber in [SIGINT, SIGTERM] {
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            // The handler keeps its source alive for the life of the process.
            source.setEventHandler { [source] in
                _ = source
                DispatchQueue.global().asyncAfter(deadline: .now() + 1) {
                    Console.out("Stopped.")
                    _exit(0)
                }
            }
            source.resume()
        }
    }

    /// `serve.allowed_hosts` of the site's settings, read once at start.
    private static func allowedHosts(in root: URL) -> [String] {
        for name in ["site.yml", "site.yaml"] {
            let path = root.appendingPathComponent(name).path
            if let read = FileDescriptor.readAll(path, noFollow: true) {
                return SiteConfig.parse(String(decoding: read.bytes, as: UTF8.self), path: name).0.serveAllowedHosts
            }
        }
        return []
    }

    /// One line for a failure to listen.
    static func explain(_ error: IOError, host: String, port: Int) -> String {
        switch error.errnoCode {
        case EADDRINUSE: return "error: port \(port) on \(host) is already in use; stop the other server or pick another with --port"
        case EACCES: return "error: not allowed to listen on port \(port); ports below 1024 need root, pick another with --port"
        case EADDRNOTAVAIL: return "error: \(host) is not an address of this machine; try --host 127.0.0.1"
        default: return "error: cannot listen on \(host):\(port): \(error.description)"
        }
    }

    static func report(_ outcome: Rebuilder.Outcome) {
        let problems = outcome.newProblems.map { $0.description + "\n" }.joined()
        if !problems.isEmpty { Console.error(problems, newline: false) }
        if outcome.succeeded { Console.out(outcome.summary) } else { Console.error(outcome.summary) }
    }

    /// Opens `url` with the system's handler, `open` on macOS and `xdg-open` elsewhere.
    private static func openInBrowser(_ url: String) {
        #if os(macOS)
            let command = "/usr/bin/open"
        #else
            let command = "/usr/bin/xdg-open"
        #endif
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command)
        process.arguments = [url]
        do {
            try process.run()
        } catch {
            Console.error("warning: could not open a browser with \(command); open \(url) yourself")
        }
    }
}

/// Waits for changes and rebuilds; on shutdown stops watching and ends every open event stream, so that the
/// HTTP server has no request left to wait for.
struct RebuildService: Service {
    let watcher: any SiteWatcher
    let rebuilder: Rebuilder
    let live: LiveSite
    let heartbeatSeconds: Int

    func run() async throws {
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await _ in watcher.changes {
                        PreviewServer.report(await rebuilder.rebuild(changed: watcher.changed.take()))
                    }
                }
                // Re-announcing the current build keeps event streams alive through proxies and finds the
                // browsers that went away: writing to them fails, which ends their stream.
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .seconds(heartbeatSeconds))
                        live.heartbeat()
                    }
                }
                await group.next()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            watcher.stop()
            live.closeAll()
        }
    }
}

/// Bounds the open connections; when the bound is reached, new ones wait in the kernel's queue, and one line
/// says so.
struct ConnectionLimit: AvailableConnectionsDelegate {
    let maximum: Int
    private var open = 0

    init(maximum: Int) {
        self.maximum = maximum
    }

    mutating func connectionOpened() {
        open += 1
        if open == maximum {
            Console.error("warning: \(maximum) connections are open, the most sitegen serve keeps; new ones wait until one closes")
        }
    }

    mutating func connectionClosed() { open -= 1 }

    func isAcceptingNewConnections() -> Bool { open < maximum }
}

/// Unbuffered lines to the terminal, so that they appear at once even when the output is a pipe.
enum Console {
    static func out(_ line: String) { write(line + "\n", to: FileHandle.standardOutput) }
    static func error(_ text: String, newline: Bool = true) { write(newline ? text + "\n" : text, to: FileHandle.standardError) }
    private static func write(_ text: String, to handle: FileHandle) { handle.write(Data(text.utf8)) }
}
