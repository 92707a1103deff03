import Hummingbird
import Testing

@testable import SitegenServe

/// The responses kept for one build: a newer build's empties the cache, an older build's is never kept, and the
/// bytes kept stay under the capacity.
@Suite struct ResponseCacheTests {
    private func entry(_ text: String) -> ResponseCache.Entry {
        ResponseCache.Entry(status: .ok, headers: [.eTag: "\"1\""], etag: "\"1\"", body: ByteBuffer(string: text))
    }

    private let home = RequestPath.site(path: "", isFolder: true)
    private let post = RequestPath.site(path: "posts/a", isFolder: true)

    @Test func onlyTheNewestBuildsResponsesAreKept() {
        let cache = ResponseCache()
        cache.store(entry("home 1"), for: home, generation: 1)
        #expect(cache.entry(for: home, generation: 1).map { String(buffer: $0.body) } == "home 1")
        #expect(cache.entry(for: home, generation: 2) == nil, "a response of build 1 is not one of build 2")

        cache.store(entry("post 2"), for: post, generation: 2)
        #expect(cache.entry(for: home, generation: 1) == nil, "build 2's first response empties the cache")
        cache.store(entry("home 1, late"), for: home, generation: 1)
        #expect(cache.entry(for: home, generation: 1) == nil, "a request that started before build 2 keeps nothing")
        #expect(cache.entry(for: post, generation: 2).map { String(buffer: $0.body) } == "post 2")
    }

    @Test func theCacheStartsAgainPastItsCapacity() {
        let cache = ResponseCache(capacity: 10)
        cache.store(entry("123456"), for: home, generation: 1)
        cache.store(entry("7890"), for: post, generation: 1)
        #expect(cache.entry(for: home, generation: 1) != nil)
        cache.store(entry("abc"), for: .site(path: "tags", isFolder: true), generation: 1)
        #expect(cache.entry(for: home, generation: 1) == nil)
        #expect(cache.entry(for: .site(path: "tags", isFolder: true), generation: 1) != nil)
    }
}
