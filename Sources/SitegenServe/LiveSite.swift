import SitegenCore
import SitegenMarkdown

/// What the preview server shows now: the last site that built, the errors of the latest build if it failed,
/// and the browsers to tell when either changes. Shared by the request handlers and the rebuild loop.
final class LiveSite: Sendable {
    /// One moment's view, read whole by each request.
    struct Snapshot: Sendable {
        /// The last site that built; `nil` until one has.
        var site: ServedSite?
        /// The errors of the latest build; empty when it succeeded.
        var errors: [Diagnostic] = []
        /// Output paths of the pages made from a file with an error: they show the error page.
        var failingPages: Set<String> = []
        /// The warnings of the latest build that succeeded, by the output path of the page made from their file:
        /// that page shows them in a banner.
        var pageWarnings: [String: [Diagnostic]] = [:]
        /// Counts the builds published; a page that was served before the latest one reloads.
        var generation = 0
    }

    private let state = Locked(Snapshot())
    private let listeners = Locked(Listeners())

    private struct Listeners {
        var nextID = 0
        var continuations: [Int: AsyncStream<Int>.Continuation] = [:]
        var closed = false
    }

    init() {}

    /// The current view.
    var snapshot: Snapshot { state.withLock { $0 } }

    /// Serves a new build and tells every listener its generation; `pageWarnings` replaces the pages' warnings
    /// when given (a build that succeeded), and leaves them otherwise.
    func publish(
        site: ServedSite?, errors: [Diagnostic], failingPages: Set<String>, pageWarnings: [String: [Diagnostic]]? = nil
    ) {
        let (generation, replaced) = state.withLock { state in
            let replaced = site == nil ? nil : state.site
            if let site { state.site = site }
            if let pageWarnings { state.pageWarnings = pageWarnings }
            state.errors = errors
            state.failingPages = failingPages
            state.generation += 1
            return (state.generation, replaced)
        }
        let continuations = listeners.withLock { Array($0.continuations.values) }
        for continuation in continuations { continuation.yield(generation) }
        // The site replaced, with its thousands of entries, is let go of only now, after the browsers were told.
        withExtendedLifetime(replaced) {}
    }

    /// Announces the current generation again to every listener: a page that has it ignores it, and writing
    /// to a browser that went away fails, which ends its stream and forgets it.
    func heartbeat() {
        let generation = state.withLock { $0.generation }
        let continuations = listeners.withLock { Array($0.continuations.values) }
        for continuation in continuations { continuation.yield(generation) }
    }

    /// A stream of generations, starting with the current one; it ends when ``closeAll()`` is called.
    func subscribe() -> AsyncStream<Int> {
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .bufferingNewest(1))
        let id: Int? = listeners.withLock { listeners in
            guard !listeners.closed else { return nil }
            listeners.nextID += 1
            listeners.continuations[listeners.nextID] = continuation
            return listeners.nextID
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.listeners.withLock { $0.continuations.removeValue(forKey: id) }
        }
        continuation.yield(snapshot.generation)
        return stream
    }

    /// How many browsers are listening.
    var listenerCount: Int { listeners.withLock { $0.continuations.count } }

    /// Ends every stream, now and for later subscribers, so that the server can shut down.
    func closeAll() {
        let continuations = listeners.withLock { listeners in
            listeners.closed = true
            defer { listeners.continuations = [:] }
            return Array(listeners.continuations.values)
        }
        for continuation in continuations { continuation.finish() }
    }
}
