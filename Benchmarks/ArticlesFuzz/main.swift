// articles-fuzz: the article extractor under libFuzzer (see Benchmarks/README.md, "Articles", and
// Benchmarks/articles_fuzz.sh):
//   swift build -c debug --product articles-fuzz --scratch-path .build-fuzz \
//     -Xswiftc -sanitize=fuzzer,address -Xswiftc -DARTICLES_LIBFUZZER -Xswiftc -use-ld=lld
//   .build-fuzz/debug/articles-fuzz CORPUS_DIR... -max_total_time=600 -timeout=10 -max_len=262144
// Every libFuzzer flag works; this main calls libFuzzer's driver itself. A plain build runs each file
// named on the command line once (a reproducer).
import Articles
import Foundation

/// One input through the extractor and the `extract --json` line, with and without an HTTP charset.
/// Traps (so the fuzzer reports a crash) when an invariant breaks.
func fuzzOne(_ bytes: UnsafeBufferPointer<UInt8>) {
    let page = Array(bytes)
    let contentTypes: [String?] = [nil, "text/html; charset=euc-kr"]
    for contentType in contentTypes {
        let article = ArticleExtractor.extract(page, contentType: contentType, url: "https://fuzz.example/a/b.html")
        if article.text.contains("\n\n\n") { fatalError("three line breaks in a row") }
        if article.text.hasPrefix(" ") || article.text.hasSuffix(" ") { fatalError("text not trimmed") }
        let line = ArticleJSON.line(input: "fuzz", url: nil, result: .success(article))
        if line.utf8.contains(0x0A) { fatalError("JSON line with a raw newline") }
        if bytes.count > 4096 { break }  // the second pass only for small inputs (speed)
    }
}

#if ARTICLES_LIBFUZZER
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
    for path in CommandLine.arguments.dropFirst() {
        guard let data = FileManager.default.contents(atPath: path) else {
            FileHandle.standardError.write(Data("articles-fuzz: cannot read \(path)\n".utf8))
            exit(1)
        }
        Array(data).withUnsafeBufferPointer { fuzzOne($0) }
        print("articles-fuzz: \(path): ok")
    }
#endif
