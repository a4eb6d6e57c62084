// feeds-fuzz: the Feeds parser under a fuzzer.
//
// With libFuzzer (coverage-guided; see Benchmarks/README.md, "Feeds", and Benchmarks/feeds_fuzz.sh):
//   swift build -c debug --product feeds-fuzz --scratch-path .build-fuzz \
//     -Xswiftc -sanitize=fuzzer -Xswiftc -sanitize=address -Xswiftc -DFEEDS_LIBFUZZER -Xswiftc -use-ld=lld
//   .build-fuzz/debug/feeds-fuzz CORPUS_DIR... -max_total_time=600 -timeout=10 -max_len=65536
// Every libFuzzer flag works; this main calls libFuzzer's driver itself.
//
// Without libFuzzer (a plain build): a deterministic in-process mutation loop over seed files, with a
// watchdog that aborts on an input that takes longer than --timeout seconds:
//   feeds-fuzz [--seconds N] [--timeout S] [--seed N] SEED_PATH...
import Feeds
import Foundation
import TestSupport

/// One input through every entry point a fetched body goes through. Traps (so the fuzzer reports
/// a crash) when an invariant breaks.
func fuzzOne(_ bytes: UnsafeBufferPointer<UInt8>) {
    let data = Data(bytes)
    let contentTypes: [String?] = [nil, "text/xml; charset=iso-8859-1"]
    for contentType in contentTypes {
        let result = Result { () throws(FeedError) in
            try FeedParser().parse(data, url: "https://fuzz.example/feed.xml", contentType: contentType)
        }
        if case .success(let feed) = result {
            for entry in feed.entries where entry.id.isEmpty { fatalError("entry without an id") }
        }
        let line = FeedJSON.line(input: "fuzz", result: result)
        if line.utf8.contains(0x0A) { fatalError("JSON line with a raw newline") }
        if bytes.count > 4096 { break }  // the second pass only for small inputs (speed)
    }
}

#if FEEDS_LIBFUZZER
    // swift-format-ignore: AlwaysUseLowerCamelCase
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    /// libFuzzer's entry point (its driver refers to it by name).
    @_cdecl("LLVMFuzzerTestOneInput")
    func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        fuzzOne(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
        return 0
    }

    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in testOneInput(data, size) })
#else

    let snippets: [[UInt8]] = [
        "<", ">", "&", "&amp;", "&#", "&#x", ";", "</item>", "</channel>", "<item>", "<entry>", "</feed>", "]]>",
        "<![CDATA[", "<!--", "-->", "<?", "?>", "<!DOCTYPE x [<!ENTITY e \"v&#60;\">]>", "&e;", "\u{0}", "\u{FF}",
        "&#x0;", "&#226;&#128;", "&rsquo;", "&nbsp", "xml:base=\"../\"", "xmlns=\"http://www.w3.org/2005/Atom\"",
        "type=\"xhtml\"", "type=\"html\"", "mode=\"base64\"", "<?_nwc 0?>", "<?_nwc 99999999?>", "\"", "'",
        "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">", "</div></content>",
        "<pubDate>Mon, 32 Foo 99 25:61 XYZ</pubDate>", "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[",
        "\u{C2}\u{85}", "\u{EF}\u{BF}\u{BE}", "<link href=\"//x\"/>",
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">",
    ].map { Array($0.utf8) }

    func mutate(_ input: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...8, using: &rng) {
            let at = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<7, using: &rng) {
            case 0 where !bytes.isEmpty: bytes.removeSubrange(at...)
            case 1 where !bytes.isEmpty: bytes[at] = UInt8.random(in: 0...255, using: &rng)
            case 2, 3: bytes.insert(contentsOf: snippets.randomElement(using: &rng) ?? [], at: at)
            case 4 where !bytes.isEmpty:
                bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...256, using: &rng)))
            case 5 where !bytes.isEmpty:
                let length = min(bytes.count - at, Int.random(in: 1...512, using: &rng))
                let chunk = Array(bytes[at..<(at + length)])
                bytes.insert(contentsOf: chunk, at: Int.random(in: 0...bytes.count, using: &rng))
            default:
                if !bytes.isEmpty { bytes[at] ^= 1 << UInt8.random(in: 0...7, using: &rng) }
            }
        }
        return bytes
    }

    /// Aborts the process when one input runs longer than the limit (a hang).
    final class Watchdog: @unchecked Sendable {
        // Invariant: `started` and `current` are only touched under `lock`.
        private let lock = NSLock()
        private var started = 0.0
        private var current: [UInt8] = []
        let limit: Double

        init(limit: Double) {
            self.limit = limit
            Thread.detachNewThread { [self] in
                while true {
                    Thread.sleep(forTimeInterval: 0.5)
                    lock.lock()
                    let busy = started > 0 && Date().timeIntervalSince1970 - started > limit
                    let input = current
                    lock.unlock()
                    if busy {
                        let path = FileManager.default.currentDirectoryPath + "/feeds-fuzz-hang.bin"
                        _ = FileManager.default.createFile(atPath: path, contents: Data(input))
                        FileHandle.standardError.write(
                            Data("feeds-fuzz: input took over \(limit) s, saved to \(path)\n".utf8))
                        abort()
                    }
                }
            }
        }

        func begin(_ input: [UInt8]) {
            lock.lock(); started = Date().timeIntervalSince1970; current = input; lock.unlock()
        }

        func end() {
            lock.lock(); started = 0; lock.unlock()
        }
    }

    var seconds = 60.0
    var timeout = 10.0
    var seed: UInt64 = 1
    var paths: [String] = []
    var args = CommandLine.arguments.dropFirst()
    while let a = args.popFirst() {
        switch a {
        case "--seconds": seconds = Double(args.popFirst() ?? "") ?? seconds
        case "--timeout": timeout = Double(args.popFirst() ?? "") ?? timeout
        case "--seed": seed = UInt64(args.popFirst() ?? "") ?? seed
        default: paths.append(a)
        }
    }
    var seeds: [[UInt8]] = []
    for path in paths {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
        let files =
            isDirectory.boolValue
            ? (FileManager.default.subpaths(atPath: path) ?? []).map { path + "/" + $0 } : [path]
        for file in files {
            if let data = FileManager.default.contents(atPath: file), data.count <= 1 << 20 {
                seeds.append(Array(data))
            }
        }
    }
    if seeds.isEmpty {
        seeds = [Array("<rss version=\"2.0\"><channel><item><title>t</title></item></channel></rss>".utf8)]
    }
    let watchdog = Watchdog(limit: timeout)
    var rng = SplitMix64(seed: seed)
    let start = Date()
    var executions = 0
    while Date().timeIntervalSince(start) < seconds {
        let input = executions < seeds.count ? seeds[executions] : mutate(seeds.randomElement(using: &rng) ?? [], &rng)
        watchdog.begin(input)
        input.withUnsafeBufferPointer { fuzzOne($0) }
        watchdog.end()
        executions += 1
    }
    print(
        "feeds-fuzz: \(executions) inputs in \(Int(Date().timeIntervalSince(start))) s from \(seeds.count) seeds, no crash or hang"
    )
#endif
