import Basics
import Foundation

/// A real AF_UNIX datagram socket, as systemd's `$NOTIFY_SOCKET` is, collecting every datagram it
/// receives on a background thread.
public final class NotifyListener: @unchecked Sendable {
    // @unchecked: `received` is only touched under `lock`; `fd` and `path` are immutable.
    public let path: String
    private let fd: Int32
    private let lock = NSLock()
    private var received: [String] = []
    private var thread: Thread?

    /// Binds a socket at `directory/notify-RANDOM.sock` and starts listening.
    public init(directory: String = NSTemporaryDirectory()) throws {
        path = directory + "/notify-\(UInt32.random(in: 0...UInt32.max)).sock"
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw POSIXError(.ENAMETOOLONG) }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
        }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard rc == 0 else {
            close(fd)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let t = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !Thread.current.isCancelled {
                let n = recv(fd, &buffer, buffer.count, 0)
                if n > 0 {
                    let text = String(decoding: buffer[0..<n], as: UTF8.self)
                    lock.lock()
                    received.append(text)
                    lock.unlock()
                }
            }
        }
        thread = t
        t.start()
    }

    deinit {
        stop()
    }

    /// Every datagram received so far, in order.
    public var messages: [String] {
        lock.lock()
        defer { lock.unlock() }
        return received
    }

    /// How many datagrams contain `needle`.
    public func count(containing needle: String) -> Int {
        messages.filter { $0.contains(needle) }.count
    }

    /// Stops the listener thread and removes the socket. Idempotent.
    public func stop() {
        lock.lock()
        let t = thread
        thread = nil
        lock.unlock()
        guard let t else { return }
        t.cancel()
        while !t.isFinished { usleep(10_000) }
        close(fd)
        unlink(path)
    }
}

/// Polls `condition` until it holds or `seconds` pass; returns whether it held. A wait, never a timing
/// assertion: the timeout is only there so a broken test fails instead of hanging.
public func eventually(_ seconds: Double = 30, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(50_000)
    }
    return condition()
}

/// The first 16 hex digits of SHA-256 of `text`, computed by coreutils' sha256sum: an oracle that shares
/// no code with the product.
public func sha256Prefix(_ text: String) -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    do {
        try process.run()
    } catch {
        return "sha256sum-unavailable"
    }
    input.fileHandleForWriting.write(Data(text.utf8))
    try? input.fileHandleForWriting.close()
    process.waitUntilExit()
    return String(String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(16))
}
