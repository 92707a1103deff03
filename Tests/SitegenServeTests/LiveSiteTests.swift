import Testing

@testable import SitegenServe

/// Listeners hear the current build at once, then every published one, and are let go on shutdown.
@Suite struct LiveSiteTests {
    @Test func listenersHearTheCurrentBuildThenEachNewOne() async {
        let live = LiveSite()
        live.publish(site: nil, errors: [], failingPages: [])
        var iterator = live.subscribe().makeAsyncIterator()
        #expect(await iterator.next() == 1)
        live.publish(site: nil, errors: [], failingPages: [])
        #expect(await iterator.next() == 2)
        #expect(live.listenerCount == 1)
        live.closeAll()
        #expect(await iterator.next() == nil)
        #expect(live.listenerCount == 0)
        var late = live.subscribe().makeAsyncIterator()
        #expect(await late.next() == nil, "after shutdown new listeners end at once")
    }
}
