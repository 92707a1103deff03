import Foundation
import SitegenMarkdown

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A port nothing listens on right now, found by letting the system pick one.
func freePort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw SocketError.failed("socket") }
    defer { close(descriptor) }
    var address = loopbackAddress(port: 0)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
        }
    }
    guard bound else { throw SocketError.failed("bind") }
    return Int(UInt16(bigEndian: address.sin_port))
}

enum SocketError: Error {
    case failed(String)
}

private func loopbackAddress(port: UInt16) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return address
}

/// A connected TCP socket to 127.0.0.1, for talking to the real server without any HTTP library in between.
final class LoopbackConnection: Sendable {
    let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw SocketError.failed("socket") }
        var address = loopbackAddress(port: UInt16(port))
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            close(descriptor)
            throw SocketError.failed("connect to port \(port)")
        }
    }

    deinit { close(descriptor) }

    func transmit(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            #if canImport(Glibc)
                let flags = Int32(MSG_NOSIGNAL)
            #else
                let flags: Int32 = 0
            #endif
            let sent = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, flags) }
            if sent <= 0 { return }
            offset += sent
        }
    }

    /// Makes ``receive()`` give up after `seconds` without data.
    func setReceiveTimeout(_ seconds: Int) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Whether the peer closed the connection (rather than the receive timing out) within the timeout.
    func isClosedByPeer() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        return count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
    }

    /// The next bytes, or `nil` at the end of the stream.
    func receive() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        return count > 0 ? Array(buffer[0..<count]) : nil
    }
}

/// One HTTP response as received.
struct RawResponse {
    var status: Int
    var headers: [String: String]
    var body: String
}

/// Sends `GET target` (exactly as given, bytes and all) with `Connection: close` and reads the whole response.
/// - Parameter host: The `Host` header, by default `127.0.0.1:PORT`; `nil` sends none (HTTP/1.0).
func httpGet(port: Int, _ target: String, host: String? = "", headers: [String: String] = [:]) throws -> RawResponse {
    let connection = try LoopbackConnection(port: port)
    let hostLine = host.map { "Host: \($0.isEmpty ? "127.0.0.1:\(port)" : $0)\r\n" } ?? ""
    var request = "GET \(target) HTTP/\(host == nil ? "1.0" : "1.1")\r\n\(hostLine)Connection: close\r\n"
    for (name, value) in headers { request += "\(name): \(value)\r\n" }
    connection.transmit(Array((request + "\r\n").utf8))
    var bytes: [UInt8] = []
    while let chunk = connection.receive() { bytes += chunk }
    let text = String(decoding: bytes, as: UTF8.self)
    guard let split = text.range(of: "\r\n\r\n") else { throw SocketError.failed("no response to GET \(target)") }
    let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
    let status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
    var fields: [String: String] = [:]
    for line in lines.dropFirst() {
        guard let colon = line.firstIndex(of: ":") else { continue }
        fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    return RawResponse(status: status, headers: fields, body: String(text[split.upperBound...]))
}

/// A running `sitegen serve`, with what it printed so far.
final class ServeProcess: @unchecked Sendable {
    let port: Int
    private let process = Process()
    private let stdoutBytes = Shared(Data())
    private let stderrBytes = Shared(Data())

    /// Starts `sitegen serve` on a free port and waits until it says it is serving.
    init(site: URL, arguments: [String] = []) throws {
        port = try freePort()
        process.executableURL = sitegenBinary
        process.arguments = ["serve", "--source", site.path, "--port", String(port)] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Blocking reads on threads of their own until end of file, not `readabilityHandler`: tearing down its
        // dispatch read source races libdispatch's epoll bookkeeping on Linux and can crash the whole test
        // process in `_dispatch_event_loop_drain` (swift-corelibs-libdispatch issue 949).
        Self.drain(out.fileHandleForReading, into: stdoutBytes)
        Self.drain(err.fileHandleForReading, into: stderrBytes)
        guard waitUntil(timeout: 240, { self.output.contains { $0.hasPrefix("Serving ") } }) else {
            process.terminate()
            throw SocketError.failed("sitegen serve did not start: \(output) \(errors)")
        }
    }

    /// Reads `handle` on a thread of its own until the server closes it, adding each chunk to `bytes` as it comes.
    private static func drain(_ handle: FileHandle, into bytes: Shared<Data>) {
        Thread {
            while case let chunk = handle.availableData, !chunk.isEmpty { bytes.value.withLock { $0 += chunk } }
        }.start()
    }

    /// The lines printed so far (the last may still be incomplete).
    var output: [String] {
        String(decoding: stdoutBytes.value.withLock { $0 }, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// The CPU time the server has used, in clock ticks, from `/proc` (Linux); `nil` elsewhere.
    var cpuTicks: Int? {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
            let end = stat.lastIndex(of: ")")
        else { return nil }
        // After the command's name: state is field 3, utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        guard fields.count > 13, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return user + system
    }
    var errors: String { String(decoding: stderrBytes.value.withLock { $0 }, as: UTF8.self) }

    /// Sends Ctrl-C and waits for the exit status.
    func interrupt() -> Int32? {
        kill(process.processIdentifier, SIGINT)
        guard waitUntil(timeout: 60, { !self.process.isRunning }) else {
            process.terminate()
            return nil
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}

/// Listens to the server's event stream and collects the build numbers it announces.
final class EventListener: @unchecked Sendable {
    private let connection: LoopbackConnection
    private let builds = Shared<[String]>([])

    init(port: Int, path: String = "/__sitegen/events") throws {
        connection = try LoopbackConnection(port: port)
        connection.transmit(Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".utf8))
        let thread = Thread { [connection, builds] in
            var pending = ""
            while let chunk = connection.receive() {
                pending += String(decoding: chunk, as: UTF8.self)
                while let newline = pending.firstIndex(of: "\n") {
                    let line = pending[..<newline]
                    if line.hasPrefix("data: ") { builds.value.withLock { $0.append(String(line.dropFirst(6))) } }
                    pending = String(pending[pending.index(after: newline)...])
                }
            }
        }
        thread.start()
    }

    /// Every build announced so far.
    var announced: [String] { builds.value.withLock { $0 } }

    /// Waits until, after the first `count` announcements, a build other than the last of them is announced
    /// (a heartbeat repeats the current build, which is no new build); returns the latest.
    func waitForBuild(after count: Int, timeout: Double) -> String? {
        let current = announced.prefix(count).last
        guard waitUntil(timeout: timeout, { self.announced.dropFirst(count).contains { $0 != current } }) else { return nil }
        return announced.last
    }
}

/// Polls `condition` every 10 ms until it holds or `timeout` seconds pass.
@discardableResult
func waitUntil(timeout: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}

/// A value behind a lock that closures can capture.
final class Shared<Value: Sendable>: Sendable {
    let value: Locked<Value>

    init(_ initial: Value) { value = Locked(initial) }
}
