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
            let reason = FileManager.default.fileExists(atPath: input) ? "cannot read it (permissions?)" : "no such file"
            return .failure(Failure(description: "\(input): \(reason)"))
        }
        let absolute = input.hasPrefix("/") ? input : FileManager.default.currentDirectoryPath + "/" + input
        return .success(Loaded(data: data, url: URL(fileURLWithPath: absolute).absoluteString, contentType: nil))
    }
}
