import Basics

/// Why the test server could not start.
public struct TestServerError: Error, CustomStringConvertible {
    /// The failing call and its `errno` text.
    public var description: String

    static func posix(_ call: String) -> TestServerError {
        TestServerError(description: "\(call) failed: \(String(cString: strerror(errno)))")
    }
}
