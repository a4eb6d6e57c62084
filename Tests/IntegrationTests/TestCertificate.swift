import Foundation

/// A self-signed certificate for 127.0.0.1 and localhost, made by openssl for the test servers that
/// speak TLS (the mail server, nginx); the config trusts it through a `ca_file`.
enum TestCertificate {
    /// Writes `cert.pem` and `key.pem` into `directory`; returns their paths.
    static func make(in directory: String) throws -> (certificate: String, key: String) {
        let certificate = directory + "/cert.pem"
        let key = directory + "/key.pem"
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "2",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ]
        openssl.standardError = FileHandle.nullDevice
        openssl.standardOutput = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        return (certificate, key)
    }
}
