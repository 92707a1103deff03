import Hummingbird
import SitegenCore
import SitegenMarkdown

/// Answers every request the way a static host would, from the in-memory site only: media types, entity tags
/// and `304 Not Modified`, `HEAD`, a redirect from `/posts/x` to `/posts/x/`, `index.html` for folders, the
/// site's own `404.html`, and `405` for anything but `GET` and `HEAD`. HTML responses get the live-reload
/// script; the event stream they listen to is served under the base path at ``LiveReload/eventsPath``.
struct SiteResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let live: LiveSite
    /// Makes build numbers unique to this server process, so that a page served by an earlier process reloads.
    let session: String
    /// The `Host` names answered; any other gets 403 (see ``HostPolicy``).
    var hosts = HostPolicy(listening: "127.0.0.1", extra: [])
    /// The responses made for the current build, answered without leaving the request's task.
    let cache = ResponseCache()

    /// The threads that make responses. Making one may block (a page renders, a copied file is read), so it runs
    /// neither on Swift's cooperative pool nor on GCD's: a rebuild's `concurrentPerform` takes every GCD worker,
    /// and requests queued there would wait for the whole rebuild.
    static let threads = ThreadPool(count: 8, name: "sitegen-respond")

    func respond(to request: Request, context: Context) async throws -> Response {
        // HTTP/1.1's `Host` header is the request's authority.
        let authority = request.head.authority
        if let authority, !hosts.allows(authority) {
            let name = HostPolicy.name(ofAuthority: authority)
            if hosts.isNewRefusal(authority) {
                Console.error(
                    "warning: refused a request for host \(name) (another site's page may be trying to read the preview); "
                        + "if it was you, restart with --allow-host \(name)")
            }
            return plain(
                .forbidden,
                "sitegen serve does not answer for the host \(name). If you opened this address yourself, restart it with "
                    + "--allow-host \(name), or list it under serve.allowed_hosts in site.yml.\n")
        }
        guard request.method == .get || request.method == .head else {
            var response = plain(.methodNotAllowed, "Only GET and HEAD are served.\n")
            response.headers[.allow] = "GET, HEAD"
            return response
        }
        // One build answers the whole request. A response already made for it is sent at once. A feed or the
        // search index not made yet is awaited here; rendering a page and reading a copied file block, so they
        // run on threads of serve's own. Either way the handler waits without holding one of Swift's few
        // cooperative threads.
        let snapshot = live.snapshot
        let target = RequestPath(target: request.uri.string, basePath: snapshot.site?.basePath ?? "/")
        let response: Response
        if let cached = cache.entry(for: target, generation: snapshot.generation) {
            response = cached.response(for: request)
        } else {
            if let site = snapshot.site, case .site(let path, false) = target { await site.ready(for: path) }
            response = await Self.threads.run { respond(to: request, target: target, snapshot: snapshot) }
        }
        return request.method == .head ? response.createHeadResponse() : response
    }

    private func respond(to request: Request, target: RequestPath, snapshot: LiveSite.Snapshot) -> Response {
        let basePath = snapshot.site?.basePath ?? "/"
        switch target {
        case .invalid:
            return plain(.badRequest, "Bad request path.\n")
        case .outside:
            if request.uri.path == "/" { return redirect(to: basePath) }
            return notFound(snapshot, request: request, target: nil)
        case .site(let path, let isFolder):
            if path == LiveReload.eventsPath, !isFolder { return events(headOnly: request.method == .head) }
            guard let site = snapshot.site else {
                return htmlResponse(
                    .internalServerError, LiveReload.errorPage(snapshot.errors, basePath: basePath, generation: token(snapshot)))
            }
            let index = path.isEmpty ? "index.html" : path + "/index.html"
            if isFolder {
                guard let found = site.file(at: index) else { return notFound(snapshot, request: request, target: target) }
                return serve(found, at: index, snapshot: snapshot, request: request, target: target)
            }
            if !path.isEmpty, let found = site.file(at: path) {
                return serve(found, at: path, snapshot: snapshot, request: request, target: target)
            }
            if site.contains(index) {
                let query = request.uri.query.map { "?" + $0 } ?? ""
                return redirect(to: basePath + path + (path.isEmpty ? "" : "/") + query)
            }
            return notFound(snapshot, request: request, target: target)
        }
    }

    /// A file of the site, with the reload script in HTML, or the error page when its source file has an error
    /// or it could not be rendered. A file held in memory is kept in ``cache`` as the response for `target`, if
    /// given.
    private func serve(
        _ found: ServedSite.Found, at path: String, snapshot: LiveSite.Snapshot, request: Request, target: RequestPath?,
        status: HTTPResponse.Status = .ok
    )
        -> Response
    {
        let basePath = snapshot.site?.basePath ?? "/"
        let file: ServedSite.File
        switch found {
        case .file(let made): file = made
        case .failed(let problem):
            return htmlResponse(
                .internalServerError, LiveReload.errorPage([problem], basePath: basePath, generation: token(snapshot)))
        }
        if file.isHTML, snapshot.failingPages.contains(path) {
            return htmlResponse(
                .internalServerError, LiveReload.errorPage(snapshot.errors, basePath: basePath, generation: token(snapshot)))
        }
        var bytes: [UInt8]
        let isInMemory: Bool
        switch file.body {
        case .bytes(let stored):
            bytes = stored
            isInMemory = true
        case .disk(let source):
            guard let read = FileDescriptor.readAll(source, noFollow: true) else { return plain(.notFound, "Not found.\n") }
            bytes = read.bytes
            isInMemory = false
        }
        // HTML carries the build number and the error banner, so its tag changes with them.
        let etag = file.isHTML ? "\"\(file.etag.dropFirst().dropLast())-\(token(snapshot))\"" : file.etag
        if file.isHTML {
            bytes = LiveReload.inject(
                into: bytes, basePath: basePath, generation: token(snapshot), errors: snapshot.errors,
                warnings: snapshot.pageWarnings[path] ?? [])
        }
        let entry = ResponseCache.Entry(
            status: status, headers: [.contentType: file.contentType, .eTag: etag, .cacheControl: "no-cache"], etag: etag,
            body: ByteBuffer(bytes: bytes))
        if isInMemory, let target { cache.store(entry, for: target, generation: snapshot.generation) }
        return entry.response(for: request)
    }

    /// The site's own `404.html` with status 404, or a plain one.
    private func notFound(_ snapshot: LiveSite.Snapshot, request: Request, target: RequestPath?) -> Response {
        guard let page = snapshot.site?.file(at: "404.html") else { return plain(.notFound, "Not found.\n") }
        return serve(page, at: "404.html", snapshot: snapshot, request: request, target: target, status: .notFound)
    }

    /// Server-Sent Events: `build` with the current build number at once, then each time a build is published.
    private func events(headOnly: Bool) -> Response {
        let headers: HTTPFields = [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"]
        guard !headOnly else { return Response(status: .ok, headers: headers) }
        let stream = live.subscribe()
        let session = session
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: 500\n\n"))
                for await generation in stream {
                    try await writer.write(ByteBuffer(string: "event: build\ndata: \(session).\(generation)\n\n"))
                }
                try await writer.finish(nil)
            })
    }

    private func token(_ snapshot: LiveSite.Snapshot) -> String { "\(session).\(snapshot.generation)" }

    /// Whether an `If-None-Match` value lists `etag` or is `*`.
    static func matches(_ etag: String, _ header: String) -> Bool {
        header.split(separator: ",").contains { candidate in
            let tag = candidate.trimmingCharacters(in: .whitespaces)
            return tag == "*" || tag == etag || tag == "W/" + etag
        }
    }

    private func redirect(to location: String) -> Response {
        Response(status: .movedPermanently, headers: [.location: location, .cacheControl: "no-cache"])
    }

    private func htmlResponse(_ status: HTTPResponse.Status, _ bytes: [UInt8]) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    private func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
