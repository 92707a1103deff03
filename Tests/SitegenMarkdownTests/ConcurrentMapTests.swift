import Synchronization
import Testing

@testable import SitegenMarkdown

/// `concurrentMap` hands out runs of indices from a shared counter; every index must be transformed exactly once,
/// by one worker, and land in its own place.
@Suite struct ConcurrentMapTests {
    @Test(arguments: [1, 2, 3, 31, 32, 33, 255, 1_000, 4_099, 20_011])
    func everyIndexIsMappedOnceAndInOrder(count: Int) {
        let calls = Locked([Int](repeating: 0, count: count))
        let workers = Locked(0)
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
        let states = Locked<[Counter]>([])
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

/// sitegen's own threads: jobs run, `perform` calls every iteration once, and a `perform` from inside one of the
/// pool's jobs runs on its thread rather than waiting for threads that wait for it.
@Suite struct ThreadPoolTests {
    @Test func performCallsEveryIterationOnceEvenWhenNested() {
        let pool = ThreadPool(count: 2, name: "sitegen-test")
        let calls = Locked([Int: Int]())
        pool.perform(iterations: 4) { outer in
            pool.perform(iterations: 3) { inner in calls.withLock { $0[outer * 10 + inner, default: 0] += 1 } }
        }
        #expect(calls.withLock { $0 } == Dictionary(uniqueKeysWithValues: (0..<4).flatMap { o in (0..<3).map { (o * 10 + $0, 1) } }))
    }

    @Test func runReturnsTheJobsResultFromAnotherThread() async {
        let pool = ThreadPool(count: 1, name: "sitegen-test")
        let results = await withTaskGroup(of: Int.self) { group in
            for number in 0..<20 { group.addTask { await pool.run { number * number } } }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(results.sorted() == (0..<20).map { $0 * $0 })
    }
}
