extension Duration {
    /// Whole milliseconds for a libcurl `*_MS` option: at least 1 (libcurl reads 0 as "no limit"),
    /// saturating instead of overflowing.
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 1 }
        let (scaled, overflow) = Int(clamping: seconds).multipliedReportingOverflow(by: 1000)
        if overflow { return Int(Int32.max) }
        return max(1, scaled + Int(attoseconds / 1_000_000_000_000_000))
    }
}
