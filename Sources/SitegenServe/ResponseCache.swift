import Hummingbird
import SitegenMarkdown

/// The responses last made for the site's in-memory files, pages with their reload script included, for the build
/// they were made from. A request for one of them is answered by the task that received it: no thread hop, no
/// copy of the page and no script injected again. A new build empties it.
final class ResponseCache: Sendable {
    /// A response as sent to a `GET` without `If-None-Match`.
    struct Entry: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var etag: String
        var body: ByteBuffer

        /// The response for `request`: `304 Not Modified` when it already has this version of a `200`.
        func response(for request: Request) -> Response {
            if status == .ok, let tags = request.headers[.ifNoneMatch], SiteResponder.matches(etag, tags) {
                var headers = headers
                headers[.contentType] = nil
                return Response(status: .notModified, headers: headers)
            }
            return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
        }
    }

    private struct State {
        var generation = -1
        var entries: [RequestPath: Entry] = [:]
        var bytes = 0
    }

    /// The bytes of response bodies kept at most; past it the cache starts again.
    let capacity: Int
    private let state = Locked(State())

    init(capacity: Int = 64 << 20) {
        self.capacity = capacity
    }

    /// The response made for `target` from build `generation`, if there is one.
    func entry(for target: RequestPath, generation: Int) -> Entry? {
        state.withLock { $0.generation == generation ? $0.entries[target] : nil }
    }

    /// Keeps `entry` as the response for `target` in build `generation`; an entry of an older build is dropped,
    /// and one for a build newer than the cache's empties it.
    func store(_ entry: Entry, for target: RequestPath, generation: Int) {
        state.withLock { state in
            if generation < state.generation { return }
            if generation > state.generation || state.bytes + entry.body.readableBytes > capacity {
                state = State(generation: generation)
            }
            state.entries[target] = entry
            state.bytes += entry.body.readableBytes
        }
    }
}
