import ArgumentParser

/// `--base URL` of `parse`, `test` and `extract`: what relative links in a file or stdin resolve against.
enum BaseURL {
    static func validate(_ base: String?) throws {
        guard let base else { return }
        let lower = base.lowercased()
        if !(lower.hasPrefix("http://") || lower.hasPrefix("https://")) {
            throw ValidationError("--base takes an http(s) URL, as in --base https://example.org/news/1.html")
        }
    }
}
