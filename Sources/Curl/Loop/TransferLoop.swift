import CCurl

/// The body of the loop thread: owns every easy handle and drives the multi handle.
///
/// Confined to the loop thread (created on the caller's thread and handed over with `sending`).
/// Cycle: take commands → add/remove handles → `curl_multi_perform` → collect finished transfers
/// (`curl_multi_info_read`) and answer their callers → `curl_multi_poll` until activity or a wakeup.
final class TransferLoop {
    /// Longest sleep in `curl_multi_poll` when nothing happens (wakeups and libcurl timers end it sooner).
    static let idlePollMilliseconds: Int32 = 1000

    private let core: ClientCore
    private var transfersByHandle: [UnsafeMutableRawPointer: Transfer] = [:]
    private var transfersByID: [UInt64: Transfer] = [:]

    init(core: ClientCore) {
        self.core = core
    }

    /// Runs until the client shuts down, then removes every remaining transfer.
    func run() {
        while true {
            let (commands, stop) = core.state.withLock { $0.takeCommands() }
            if stop { break }
            for command in commands {
                apply(command)
            }
            core.multi.perform()
            while let (easy, code) = core.multi.nextCompleted() {
                complete(easy, code)
            }
            core.multi.poll(milliseconds: Self.idlePollMilliseconds)
        }
        for transfer in transfersByID.values {
            core.multi.remove(transfer.easy)
        }
        transfersByID.removeAll()
        transfersByHandle.removeAll()
    }

    private func apply(_ command: LoopCommand) {
        switch command {
        case .start(let id, let request):
            let transfer: Transfer
            do {
                transfer = try Transfer(id: id, request: request)
            } catch {
                answer(id, .failure(error))
                return
            }
            let code = core.multi.add(transfer.easy)
            guard code == CURLM_OK else {
                answer(id, .failure(.transfer(code: Int(code.rawValue), message: CurlErrorText.describe(code))))
                return
            }
            transfersByHandle[transfer.easy.raw] = transfer
            transfersByID[id] = transfer
        case .cancel(let id):
            guard let transfer = transfersByID.removeValue(forKey: id) else { return }
            transfersByHandle[transfer.easy.raw] = nil
            core.multi.remove(transfer.easy)
        case .limits(let total, let host):
            core.multi.setLimits(total: total, host: host)
        }
    }

    private func complete(_ easy: UnsafeMutableRawPointer, _ code: CURLcode) {
        guard let transfer = transfersByHandle.removeValue(forKey: easy) else { return }
        transfersByID[transfer.id] = nil
        let result = transfer.outcome(code)
        core.multi.remove(transfer.easy)
        answer(transfer.id, result)
    }

    private func answer(_ id: UInt64, _ result: Result<HTTPResponse, FetchError>) {
        let waiter = core.state.withLock { $0.finish(id) }
        waiter?.resume(returning: result)
    }
}
