import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `transform` applied to `0..<count` on every core, results in order. Workers take runs of consecutive
/// indices from a shared counter, so that work of uneven cost spreads evenly, and each starts with its own
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
    // About 16 runs per worker, at most 256 indices each: small enough to balance, large enough to share little.
    let run = max(1, min(256, count / (workers * 16)))
    let next = Atomic<Int>(0)
    return Array(unsafeUninitializedCapacity: count) { buffer, initialized in
        guard let base = buffer.baseAddress else { return }
        nonisolated(unsafe) let slots = base
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            BackgroundPriority.applyToCurrentThread()
            var state = makeState()
            while true {
                let start = next.add(run, ordering: .relaxed).oldValue
                guard start < count else { break }
                for index in start..<min(start + run, count) {
                    (slots + index).initialize(to: transform(&state, index))
                }
            }
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

/// The CPU priority of the threads that build, when a server must stay responsive while they do: `serve` sets a
/// positive niceness, and every thread that then builds (its rebuild thread and ``concurrentMap``'s workers)
/// yields the cores to the threads answering requests. On Linux a thread's niceness is its own; elsewhere this
/// does nothing.
public enum BackgroundPriority {
    private static let niceness = Atomic<Int>(0)

    /// Lowers the priority of every build from now on by `value` (0 to 19).
    public static func set(_ value: Int) { niceness.store(value, ordering: .relaxed) }

    /// Gives the calling thread that niceness, if one is set.
    public static func applyToCurrentThread() {
        #if os(Linux)
            let value = niceness.load(ordering: .relaxed)
            guard value > 0 else { return }
            // On Linux the nice value is a thread's own: `who` 0 is the calling thread, not the whole process.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, Int32(value))
        #endif
    }
}
