import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `transform` applied to `0..<count` on every core, results in order. Workers take runs of consecutive
/// indices from a shared counter, shorter as fewer are left, so that work of uneven cost spreads evenly, and each starts with its own
/// `state` (a cmark-gfm parser, say) that it reuses from one index to the next. A run is long enough that two
/// workers seldom write results into the same cache line, which would make each write wait for the other core.
///
/// Each result is written straight into its own slot of the result array: no index is written by two
/// workers, and `concurrentPerform` returns only when all are done, so no lock is needed (a lock built on
/// futexes, such as `Mutex` on Linux, is also invisible to ThreadSanitizer, which then reports a race).
public func concurrentMap<State, Result: Sendable>(
    count: Int, state makeState: @Sendable () -> State, _ transform: @Sendable (inout State, Int) -> Result
) -> [Result] {
    guard count > 0 else { return [] }
    let workers = min(count, max(1, processorCount()))
    // Runs of at most 256 indices, shrinking with what is left (an eighth of each worker's share of it), so
    // that the workers end together: small enough to balance, large enough to share little.
    let next = Atomic<Int>(0)
    return Array(unsafeUninitializedCapacity: count) { buffer, initialized in
        guard let base = buffer.baseAddress else { return }
        nonisolated(unsafe) let slots = base
        @Sendable func work(_: Int) {
            var state = makeState()
            while true {
                let left = count - next.load(ordering: .relaxed)
                let run = max(1, min(256, left / (workers * 8)))
                let start = next.add(run, ordering: .relaxed).oldValue
                guard start < count else { break }
                for index in start..<min(start + run, count) {
                    (slots + index).initialize(to: transform(&state, index))
                }
            }
        }
        if let pool = BackgroundPriority.workers {
            pool.perform(iterations: workers, work)
        } else {
            DispatchQueue.concurrentPerform(iterations: workers) { work($0) }
        }
        initialized = count
    }
}

/// The cores this process may run on.
func processorCount() -> Int {
    #if canImport(Glibc)
        return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    #else
        return Int(sysconf(_SC_NPROCESSORS_ONLN))
    #endif
}

/// The CPU priority of the threads that build, when a server must stay responsive while they do. `serve` turns
/// it on: from then on ``concurrentMap`` runs on ``workers``, threads of sitegen's own at the lowest priority
/// (on Linux niceness 19, a thread's own), and the server runs its rebuilds on such threads too. The threads of
/// GCD's pool are never lowered: Swift's tasks, request handlers included, run on them, and would then wait for
/// the builds they were meant to preempt.
public enum BackgroundPriority {
    private static let pool = Locked<ThreadPool?>(nil)

    /// Makes every build from now on run at the lowest priority.
    public static func enable() {
        pool.withLock { pool in
            if pool == nil { pool = ThreadPool(count: processorCount(), name: "sitegen-build", lowPriority: true) }
        }
    }

    /// The threads ``concurrentMap`` runs on, once ``enable()`` was called.
    static var workers: ThreadPool? { pool.withLock { $0 } }

    /// Whether builds run at the lowest priority.
    public static var isEnabled: Bool { workers != nil }
}

/// Threads of sitegen's own that run jobs in the order they are given; with one thread, a serial queue. Work
/// that must not wait behind GCD's pool, or must run at a lower priority than the rest of the process, runs here.
public final class ThreadPool: Sendable {
    private let jobs = Locked<[@Sendable () -> Void]>([])
    private let waiting = DispatchSemaphore(value: 0)
    private let threads = Locked<Set<ObjectIdentifier>>([])

    /// Starts `count` threads named `name-N` that live as long as the process; `lowPriority` gives them
    /// niceness 19 on Linux.
    public init(count: Int, name: String, lowPriority: Bool = false) {
        for number in 0..<count {
            let thread = Thread { [self] in
                if lowPriority { Self.lowerCurrentThread() }
                threads.withLock { _ = $0.insert(ObjectIdentifier(Thread.current)) }
                while true {
                    waiting.wait()
                    let job = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                    job?()
                }
            }
            thread.name = "\(name)-\(number)"
            thread.start()
        }
    }

    /// Runs `job` on one of the threads.
    public func async(_ job: @escaping @Sendable () -> Void) {
        jobs.withLock { $0.append(job) }
        waiting.signal()
    }

    /// `work`'s result, computed on one of the threads while the caller's task waits without a thread.
    public func run<Result: Sendable>(_ work: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            async { continuation.resume(returning: work()) }
        }
    }

    /// Calls `work` with `0..<iterations` on the threads and the calling thread, and returns when every call
    /// has. Called from one of the pool's own threads, it runs them all on that thread, so that a nested call
    /// never waits for threads that are waiting for it.
    func perform(iterations: Int, _ work: @Sendable (Int) -> Void) {
        if iterations == 1 || threads.withLock({ $0.contains(ObjectIdentifier(Thread.current)) }) {
            for iteration in 0..<iterations { work(iteration) }
            return
        }
        withoutActuallyEscaping(work) { work in
            // The jobs hold the box, not `work`, which is let go of once every job has returned.
            let box = WorkBox(work)
            let done = DispatchGroup()
            for iteration in 1..<iterations {
                done.enter()
                async {
                    box.call(iteration)
                    done.leave()
                }
            }
            work(0)
            done.wait()
            box.clear()
        }
    }

    /// Work shared by the jobs of one ``perform(iterations:_:)`` until it returns.
    private final class WorkBox: Sendable {
        private let work: Locked<(@Sendable (Int) -> Void)?>

        init(_ work: @escaping @Sendable (Int) -> Void) { self.work = Locked(work) }

        func call(_ iteration: Int) {
            guard let work = self.work.withLock({ $0 }) else { return }
            work(iteration)
        }

        func clear() { work.withLock { $0 = nil } }
    }

    /// Gives the calling thread niceness 19; on Linux a thread's niceness is its own: `who` 0 is the calling
    /// thread, not the whole process.
    public static func lowerCurrentThread() {
        #if os(Linux)
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
        #endif
    }
}
