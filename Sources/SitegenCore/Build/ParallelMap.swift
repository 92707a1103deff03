import Dispatch
import Foundation
import Synchronization

extension Array where Element: Sendable {
    /// `map` on every core, keeping the order. Each worker takes every n-th element, so that work of uneven cost
    /// spreads evenly without a queue.
    func parallelMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        guard count > 1 else { return map(transform) }
        let workers = Swift.min(count, Swift.max(1, ProcessInfo.processInfo.activeProcessorCount))
        let results = Mutex([Result?](repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var local: [(Int, Result)] = []
            local.reserveCapacity(count / workers + 1)
            for index in stride(from: worker, to: count, by: workers) {
                local.append((index, transform(self[index])))
            }
            results.withLock { all in
                for (index, value) in local { all[index] = value }
            }
        }
        return results.withLock { all in all.compactMap { $0 } }
    }
}
