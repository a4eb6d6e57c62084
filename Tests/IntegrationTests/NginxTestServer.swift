import Foundation

/// nginx (Debian's nginx-light) on 127.0.0.1 with TLS and HTTP/2, for the tests: a certificate made
/// here by openssl for 127.0.0.1 (trusted through `fetch.ca_file`), files served from `root`, and an
/// access log that names each request's connection and protocol.
final class NginxTestServer: @unchecked Sendable {
    // @unchecked: used from one test at a time; `process` is only touched from the test's task.
    let directory: String
    let root: String
    let certificate: String
    let port: Int
    private let process: Process

    init(in base: String) throws {
        directory = base + "/nginx"
        root = directory + "/www"
        for dir in [root, directory + "/tmp"] {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
        let key: String
        (certificate, key) = try TestCertificate.make(in: directory)
        port = try Self.freePort()
        let d = directory
        let config = """
            daemon off;
            master_process off;
            pid \(d)/nginx.pid;
            error_log \(d)/error.log;
            events { worker_connections 256; }
            http {
                log_format nw '$connection $server_protocol $request_uri';
                access_log \(d)/access.log nw;
                client_body_temp_path \(d)/tmp/body;
                proxy_temp_path \(d)/tmp/proxy;
                fastcgi_temp_path \(d)/tmp/fastcgi;
                uwsgi_temp_path \(d)/tmp/uwsgi;
                scgi_temp_path \(d)/tmp/scgi;
                types { application/rss+xml xml; text/html html; }
                server {
                    listen 127.0.0.1:\(port) ssl http2;
                    ssl_certificate \(certificate);
                    ssl_certificate_key \(key);
                    root \(root);
                }
            }
            """
        try config.write(toFile: directory + "/nginx.conf", atomically: true, encoding: .utf8)
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx") else {
            throw NginxError(message: "nginx is not installed: apt-get install nginx-light (make test does)")
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
        process.arguments = ["-p", directory, "-c", directory + "/nginx.conf", "-e", directory + "/error.log"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Up when it accepts a connection.
        let deadline = Date().addingTimeInterval(10)
        while !Self.accepts(port) {
            guard Date() < deadline, process.isRunning else {
                let log = (try? String(contentsOfFile: directory + "/error.log", encoding: .utf8)) ?? ""
                throw NginxError(message: "nginx did not start: \(log)")
            }
            usleep(20_000)
        }
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    struct NginxError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    func url(_ path: String) -> String { "https://127.0.0.1:\(port)\(path)" }

    func serve(_ path: String, _ text: String) throws {
        try text.write(toFile: root + path, atomically: true, encoding: .utf8)
    }

    /// The access log: (connection serial number, protocol, path) per request.
    func requests() -> [(connection: String, protocolName: String, path: String)] {
        let text = (try? String(contentsOfFile: directory + "/access.log", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ").map(String.init)
            return parts.count == 3 ? (parts[0], parts[1], parts[2]) : nil
        }
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard ok else { throw NginxError(message: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
