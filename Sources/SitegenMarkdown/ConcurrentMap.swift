import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `transform` applied to `0..<count` on every core, results in order. Each worker takes every n-th index,
/// so that work of uneven cost spreads evenly without a queue, and starts with its own `state` (a cmark-gfm
/// parser, say) that it reuses from one index to the next.
///
/// Each result is written straight into its own slot of the result buffer: no index is written by two
/// workers, and `concurrentPerform` returns only when all are done, so no lock is needed (a lock built on
/// futexes, such as `Mutex` on Linux, is also invisible to ThreadSanitizer, which then reports a race).
public func concurrentMap<State, Result: Sendable>(
    count: Int, state makeState: @Sendable () -> State, _ transform: @Sendable (inout State, Int) -> Result
) -> [Result] {
    guard count > 0 else { return [] }
    let workers = min(count, max(1, processorCount()))
    var results = [Result?](repeating: nil, count: count)
    results.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let slots = buffer
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var state = makeState()
            for index in stride(from: worker, to: count, by: workers) {
                slots[index] = transform(&state, index)
            }
        }
    }
    return results.compactMap { $0 }
}

/// The cores this process may run on.
func processorCount() -> Int {
    #if canImport(Glibc)
        return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    #else
        return Int(sysconf(_SC_NPROCESSORS_ONLN))
    #endif
}
