import CCurl

/// Owns a `CURLM`.
///
/// `@unchecked Sendable` invariant: every method except ``wakeup()`` is called only from the transfer loop
/// thread; `curl_multi_wakeup` is documented as callable from any thread. `curl_multi_cleanup` runs in
/// `deinit`, i.e. after the loop thread has ended (it holds a reference while running) and after every
/// easy handle has been removed by that thread.
final class MultiHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer

    /// Creates the multi handle with connection limits; `nil` if libcurl cannot allocate it.
    init?(maxTotalConnections: Int, maxHostConnections: Int) {
        guard let raw = curl_multi_init() else { return nil }
        self.raw = raw
        setLimits(total: maxTotalConnections, host: maxHostConnections)
        _ = ccurl_multi_setopt_long(raw, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
    }

    /// Open connections at most in all and to one host; the cache keeps as many. Before the loop thread
    /// starts, or on it.
    func setLimits(total: Int, host: Int) {
        _ = ccurl_multi_setopt_long(raw, CURLMOPT_MAX_TOTAL_CONNECTIONS, max(0, total))
        _ = ccurl_multi_setopt_long(raw, CURLMOPT_MAX_HOST_CONNECTIONS, max(0, host))
        _ = ccurl_multi_setopt_long(raw, CURLMOPT_MAXCONNECTS, max(1, total))
    }

    deinit {
        curl_multi_cleanup(raw)
    }

    /// Interrupts a `poll` in progress (or makes the next one return at once). Any thread.
    func wakeup() {
        _ = curl_multi_wakeup(raw)
    }

    /// Adds an easy handle. Loop thread only.
    func add(_ easy: EasyHandle) -> CURLMcode {
        curl_multi_add_handle(raw, easy.raw)
    }

    /// Removes an easy handle. Loop thread only.
    func remove(_ easy: EasyHandle) {
        _ = curl_multi_remove_handle(raw, easy.raw)
    }

    /// Drives every transfer as far as it can go without blocking. Loop thread only.
    @discardableResult
    func perform() -> CURLMcode {
        var running: Int32 = 0
        return curl_multi_perform(raw, &running)
    }

    /// Waits for socket activity, a timeout of libcurl's or ``wakeup()``, at most `milliseconds`. Loop thread only.
    func poll(milliseconds: Int32) {
        var ready: Int32 = 0
        _ = curl_multi_poll(raw, nil, 0, milliseconds, &ready)
    }

    /// The next finished transfer: its easy handle pointer and result. Loop thread only.
    func nextCompleted() -> (easy: UnsafeMutableRawPointer, result: CURLcode)? {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(raw, &remaining) {
            if message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle {
                return (easy, message.pointee.data.result)
            }
        }
        return nil
    }
}
