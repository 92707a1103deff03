import Synchronization
import Testing

@testable import SitegenMarkdown

/// `concurrentMap` hands out runs of indices from a shared counter; every index must be transformed exactly once,
/// by one worker, and land in its own place.
@Suite struct ConcurrentMapTests {
    @Test(arguments: [1, 2, 3, 31, 32, 33, 255, 1_000, 4_099, 20_011])
    func everyIndexIsMappedOnceAndInOrder(count: Int) {
        let calls = Mutex([Int](repeating: 0, count: count))
        let workers = Mutex(0)
        let results = concurrentMap(
            count: count,
            state: {
                workers.withLock { $0 += 1 }
                return [Int]()
            }
        ) { seen, index -> String in
            seen.append(index)
            calls.withLock { $0[index] += 1 }
            return "item \(index)"
        }
        #expect(results == (0..<count).map { "item \($0)" })
        #expect(calls.withLock { $0.allSatisfy { $0 == 1 } })
        #expect(workers.withLock { $0 } <= max(1, processorCount()))
    }

    @Test func eachWorkerMakesItsStateOnceAndKeepsItFromOneIndexToTheNext() {
        final class Counter: Sendable { let done = Atomic<Int>(0) }
        let states = Mutex<[Counter]>([])
        _ = concurrentMap(
            count: 5_000,
            state: {
                let counter = Counter()
                states.withLock { $0.append(counter) }
                return counter
            }
        ) { counter, _ in counter.done.add(1, ordering: .relaxed) }
        let done = states.withLock { $0.map { $0.done.load(ordering: .relaxed) } }
        #expect(done.count <= max(1, processorCount()), "one state per worker, not per index")
        #expect(done.reduce(0, +) == 5_000)
    }
}
