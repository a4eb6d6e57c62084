import Testing

@testable import Daemon

/// How long an output waits after failures (README "Outputs"): a `Retry-After` when the destination
/// gave one (1 s to 1 h), else 30 s doubling to 15 minutes.
@Suite struct OutputLaneTests {
    @Test(
        arguments: [
            (1, nil, 30), (2, nil, 60), (3, nil, 120), (5, nil, 480), (6, nil, 900), (40, nil, 900),
            (1, 5, 5), (3, 0, 1), (1, 86400, 3600),
        ] as [(Int, Int?, Int64)])
    func backoff(failures: Int, retryAfter: Int?, seconds: Int64) {
        #expect(
            OutputLane.backoff(failures: failures, retryAfter: retryAfter.map { .seconds($0) }) == .seconds(seconds))
    }
}
