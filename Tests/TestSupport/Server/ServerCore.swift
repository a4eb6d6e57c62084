import Basics
import Foundation
import Synchronization

/// The listening socket, the accept thread and one thread per connection of a ``TestHTTPServer``.
final class ServerCore: Sendable {
    typealias Handler = @Sendable (RecordedRequest) -> TestResponse

    private struct State {
        var routes: [String: Handler] = [:]
        var requests: [RecordedRequest] = []
        /// Open connection sockets; a connection thread removes its own before closing it.
        var connections: Set<Int32> = []
        var stopped = false
    }

    private static let maxHeadBytes = 64 << 10
    private static let readTimeoutSeconds = 10

    let port: Int
    private let listener: Int32
    private let state = Mutex(State())
    private let acceptEnded = DispatchSemaphore(value: 0)

    init() throws(TestServerError) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .posix("socket") }
        var yes: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 256) == 0 else {
            let error = TestServerError.posix("bind/listen")
            close(fd)
            throw error
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            let error = TestServerError.posix("getsockname")
            close(fd)
            throw error
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func startAccepting() {
        Thread { self.acceptLoop() }.start()
    }

    func setRoute(_ path: String, _ handler: @escaping Handler) {
        state.withLock { $0.routes[path] = handler }
    }

    var requests: [RecordedRequest] {
        state.withLock { $0.requests }
    }

    /// Stops accepting, interrupts every open connection and waits for the accept thread. Idempotent.
    func stop() {
        let first = state.withLock { state -> Bool in
            guard !state.stopped else { return false }
            state.stopped = true
            for connection in state.connections {
                _ = shutdown(connection, Int32(SHUT_RDWR))
            }
            return true
        }
        guard first else { return }
        _ = shutdown(listener, Int32(SHUT_RDWR))
        acceptEnded.wait()
        close(listener)
    }

    private func acceptLoop() {
        defer { acceptEnded.signal() }
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if state.withLock({ $0.stopped }) { return }
                if errno != EINTR, errno != ECONNABORTED { usleep(10_000) }
                continue
            }
            let admitted = state.withLock { state -> Bool in
                guard !state.stopped else { return false }
                state.connections.insert(connection)
                return true
            }
            guard admitted else {
                close(connection)
                return
            }
            Thread { self.serve(connection) }.start()
        }
    }

    private func serve(_ connection: Int32) {
        defer {
            state.withLock { _ = $0.connections.remove(connection) }
            close(connection)
        }
        var timeout = timeval(tv_sec: Self.readTimeoutSeconds, tv_usec: 0)
        _ = setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let (head, rest) = readHead(connection) else { return }
        guard var request = RequestHead.parse(head) else {
            sendAll(connection, ResponseWriter.bytes(for: TestResponse(status: 400), method: "GET"))
            return
        }
        if let length = request.headers["content-length"].flatMap({ Int($0) }), length > 0, length < 16 << 20 {
            request.body = readBody(connection, have: Array(rest), length: length)
        }
        let handler = state.withLock { state -> Handler? in
            state.requests.append(request)
            return state.routes[request.pathWithoutQuery]
        }
        let response = handler?(request) ?? .notFound
        if let delay = response.delay, !waitUndisturbed(connection, for: delay) {
            return
        }
        sendAll(connection, ResponseWriter.bytes(for: response, method: request.method))
        _ = shutdown(connection, Int32(SHUT_WR))
    }

    /// Reads up to the blank line ending the head; returns the head without it, or `nil` on EOF, error,
    /// oversize or bytes that cannot start an HTTP request.
    /// The body of `length` bytes, `have` of it already read with the head.
    private func readBody(_ connection: Int32, have: [UInt8], length: Int) -> [UInt8] {
        var body = have
        var chunk = [UInt8](repeating: 0, count: 4096)
        while body.count < length {
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            body += chunk[0..<count]
        }
        return Array(body.prefix(length))
    }

    private func readHead(_ connection: Int32) -> (ArraySlice<UInt8>, ArraySlice<UInt8>)? {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        var searchFrom = 0
        while buffer.count <= Self.maxHeadBytes {
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return nil }
            buffer += chunk[0..<count]
            // Not HTTP (e.g. a TLS ClientHello): hang up at once rather than wait for a blank line.
            guard let first = buffer.first, first >= 0x41, first <= 0x5A else { return nil }
            var index = max(0, searchFrom - 3)
            while index + 3 < buffer.count {
                if buffer[index] == 0x0D, buffer[index + 1] == 0x0A, buffer[index + 2] == 0x0D,
                    buffer[index + 3] == 0x0A
                {
                    return (buffer[0..<index], buffer[(index + 4)...])
                }
                index += 1
            }
            searchFrom = buffer.count
        }
        return nil
    }

    /// Sleeps for `delay`; returns `false` early when the peer hangs up or the server stops.
    private func waitUndisturbed(_ connection: Int32, for delay: Duration) -> Bool {
        let deadline = ContinuousClock.now + delay
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { return true }
            let milliseconds = Int32(
                clamping: remaining.components.seconds * 1000
                    + remaining.components.attoseconds / 1_000_000_000_000_000 + 1)
            var descriptor = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, milliseconds)
            if ready > 0 { return false }
            if ready < 0, errno != EINTR { return false }
        }
    }

    private func sendAll(_ connection: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let sent = send(connection, base + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                if sent < 0, errno == EINTR { continue }
                guard sent > 0 else { return }
                offset += sent
            }
        }
    }
}
