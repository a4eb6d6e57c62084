import Basics
import Curl
import Foundation

/// Reads what `parse` and `test` are given: a file, an http(s) URL (fetched with libcurl, as the service
/// would), or `-` for stdin.
struct InputReader {
    struct Loaded {
        var data: Data
        var url: String?
        var contentType: String?
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let userAgent: String

    func read(_ input: String) async -> Result<Loaded, Failure> {
        if input == "-" {
            return .success(Loaded(data: FileHandle.standardInput.readDataToEndOfFile(), url: nil, contentType: nil))
        }
        let lower = input.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            let client = CurlClient(maxTotalConnections: 4, maxHostConnections: 2)
            defer { client.shutdown() }
            do {
                let response = try await client.fetch(HTTPRequest(url: input, userAgent: userAgent))
                guard (200..<300).contains(response.status) else {
                    return .failure(Failure(description: "\(input): HTTP \(response.status) from \(response.url)"))
                }
                return .success(Loaded(data: response.body, url: response.url, contentType: response.contentType))
            } catch {
                return .failure(Failure(description: "\(input): \(error)"))
            }
        }
        guard let data = FileManager.default.contents(atPath: input) else {
            return .failure(Failure(description: "\(input): \(Self.unreadable(input))"))
        }
        // A file has no URL: its relative links stay relative, unless the command's --base gives one
        // (README "Commands"); they never become file:// links.
        return .success(Loaded(data: data, url: nil, contentType: nil))
    }

    /// Why a file given as INPUT could not be read: it does not exist, it is a directory, or what the
    /// system says when it is opened (permissions, say).
    static func unreadable(_ path: String) -> String {
        var st = stat()
        if stat(path, &st) != 0 {
            let code = errno
            return code == ENOENT ? "does not exist" : "cannot read it: \(Directory.describe(errno: code))"
        }
        if (st.st_mode & S_IFMT) == S_IFDIR { return "is a directory; name a feed file in it" }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return "cannot read it: \(Directory.describe(errno: errno))" }
        close(fd)
        return "cannot read it"
    }
}
