// feeds-bench: the Feeds parser over many files in one process.
//
//   feeds-bench [--repeat N] [--min-seconds S] PATH...   benchmark: MB/s and entries/s on one core
//   feeds-bench --json [--base URL] [--list FILE] PATH... one FeedJSON line per file (README "Commands" shape,
//                                                       plus "parts": each entry's summary and content)
//   feeds-bench --dates FILE                             each line of FILE through FeedDate.parse:
//                                                       ISO 8601 UTC or "null", one per line
//
// A PATH may be a directory (all regular files under it, recursively, sorted). --base gives the fetch
// URL prefix (the file's path relative to the directory given is appended). --list reads lines
// `PATH<TAB>URL<TAB>CONTENT-TYPE` (URL and CONTENT-TYPE may be empty) for the conformance script.
import Feeds
import Foundation

struct Options {
    var json = false
    var repeatCount = 0
    var minSeconds = 3.0
    var base: String?
    var paths: [String] = []
    /// From --list: path -> (url, content type).
    var served: [String: (String?, String?)] = [:]
}

func usage() -> Never {
    FileHandle.standardError.write(
        Data(
            "usage: feeds-bench [--repeat N] [--min-seconds S] PATH...\n       feeds-bench --json [--base URL] [--list FILE] PATH...\n"
                .utf8))
    exit(2)
}

func parseOptions() -> Options {
    var o = Options()
    var args = CommandLine.arguments.dropFirst()
    while let a = args.popFirst() {
        switch a {
        case "--json": o.json = true
        case "--repeat":
            guard let n = Int(args.popFirst() ?? "") else { usage() }
            o.repeatCount = n
        case "--min-seconds":
            guard let s = Double(args.popFirst() ?? "") else { usage() }
            o.minSeconds = s
        case "--base":
            guard let b = args.popFirst() else { usage() }
            o.base = b
        case "--list":
            guard let list = args.popFirst(), let text = try? String(contentsOfFile: list, encoding: .utf8) else {
                usage()
            }
            for line in text.split(separator: "\n") where !line.isEmpty {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                o.paths.append(fields[0])
                let url = fields.count > 1 && !fields[1].isEmpty ? fields[1] : nil
                let type = fields.count > 2 && !fields[2].isEmpty ? fields[2] : nil
                o.served[fields[0]] = (url, type)
            }
        case "-h", "--help": usage()
        default: o.paths.append(a)
        }
    }
    if o.paths.isEmpty { usage() }
    return o
}

/// (path to read, path relative to the argument it came from)
func expand(_ paths: [String]) -> [(String, String)] {
    var result: [(String, String)] = []
    let fm = FileManager.default
    for path in paths {
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
            FileHandle.standardError.write(Data("feeds-bench: no such file \(path)\n".utf8))
            continue
        }
        if isDirectory.boolValue {
            let files = (fm.subpaths(atPath: path) ?? []).sorted().filter { sub in
                var d: ObjCBool = false
                return fm.fileExists(atPath: path + "/" + sub, isDirectory: &d) && !d.boolValue
            }
            result += files.map { (path + "/" + $0, $0) }
        } else {
            result.append((path, (path as NSString).lastPathComponent))
        }
    }
    return result
}

func jsonMode(_ o: Options) {
    let files = expand(o.paths)
    let parser = FeedParser()
    var out = Data()
    for (path, relative) in files {
        guard let data = FileManager.default.contents(atPath: path) else { continue }
        let served = o.served[path]
        let contentType = served?.1
        let url = served?.0 ?? o.base.map { $0 + relative }
        let result = Result { () throws(FeedError) in try parser.parse(data, url: url, contentType: contentType) }
        var line = FeedJSON.line(input: path, result: result)
        // Extra fields for the conformance script: each entry's summary and content apart.
        if case .success(let feed) = result, !feed.entries.isEmpty {
            let extra = feed.entries.map { e in
                FeedJSON.line(input: "", result: .success(Feed(format: feed.format, title: e.summary, link: e.content)))
            }
            line.removeLast()
            line += ",\"parts\":[" + extra.joined(separator: ",") + "]}"
        }
        out.append(contentsOf: line.utf8)
        out.append(0x0A)
        if out.count > 1 << 20 {
            FileHandle.standardOutput.write(out)
            out.removeAll(keepingCapacity: true)
        }
    }
    FileHandle.standardOutput.write(out)
}

/// Wall-clock and CPU seconds. The parse is single-threaded: CPU time is time on one core, and it
/// does not count the time other processes take the core (the figures use it).
func now(_ clock: clockid_t = CLOCK_MONOTONIC) -> Double {
    var ts = timespec()
    clock_gettime(clock, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func benchMode(_ o: Options) {
    let files = expand(o.paths).compactMap { FileManager.default.contents(atPath: $0.0) }
    let totalBytes = files.reduce(0) { $0 + $1.count }
    guard totalBytes > 0 else { print("no input"); exit(1) }
    let parser = FeedParser()
    var entries = 0
    var failures = 0
    // Warm-up pass (also counts entries per pass).
    for data in files {
        do { entries += try parser.parse(data).entries.count } catch { failures += 1 }
    }
    let entriesPerPass = entries
    var passes = 0
    var checksum = 0
    let start = now()
    let startCPU = now(CLOCK_PROCESS_CPUTIME_ID)
    var elapsed = 0.0
    repeat {
        for data in files {
            if let feed = try? parser.parse(data) { checksum &+= feed.entries.count }
        }
        passes += 1
        elapsed = now() - start
    } while o.repeatCount > 0 ? passes < o.repeatCount : elapsed < o.minSeconds
    let cpu = now(CLOCK_PROCESS_CPUTIME_ID) - startCPU
    let mb = Double(totalBytes) * Double(passes) / 1e6
    print(
        "files: \(files.count)  bytes: \(totalBytes)  entries: \(entriesPerPass)  failures: \(failures)  passes: \(passes)"
    )
    print(
        String(
            format:
                "newswatch: %.1f MB/s  %.0f entries/s  (%.3f s CPU on one core, %.3f s wall: %.1f MB/s; checksum %d)",
            mb / cpu, Double(entriesPerPass * passes) / cpu, cpu, elapsed, mb / elapsed, checksum))
}

if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "--dates" {
    let text = (try? String(contentsOfFile: CommandLine.arguments[2], encoding: .utf8)) ?? ""
    var out = ""
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
        out += (FeedDate.parse(String(line)).map(FeedDate.iso8601) ?? "null") + "\n"
    }
    print(out, terminator: "")
    exit(0)
}

let options = parseOptions()
if options.json { jsonMode(options) } else { benchMode(options) }
