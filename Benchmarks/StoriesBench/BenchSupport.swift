import Foundation

/// Timing, memory and corpus helpers of stories-bench.
enum BenchSupport {
    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// The resident set size of this process, in MB (Linux: /proc/self/status).
    static func residentMB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let kB = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return kB / 1024
        }
        return 0
    }

    /// The articles of `rules-bench --export`: records separated by U+001E, title and text by a newline.
    static func corpus(_ dir: String) -> [(title: String, text: String)] {
        guard let all = try? String(contentsOfFile: dir + "/corpus.txt", encoding: .utf8) else {
            print("cannot read \(dir)/corpus.txt (run rules-bench --export \(dir))")
            exit(1)
        }
        return all.split(separator: "\u{1E}", omittingEmptySubsequences: true).map { record in
            let parts = record.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
    }
}
