import Foundation
import TestSupport
import Testing

@testable import Daemon

/// After a start, due feeds are spread out, not started in the same second (README "Polite fetching").
@Suite struct StartSpreadTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: [
        (30, Duration.seconds(900), 2.0), (10_000, .seconds(900), 200), (100_000, .seconds(900), 900),
        (10_000, .seconds(60), 60),
    ])
    func theSpreadGrowsWithTheFeedsUpToTheInterval(feeds: Int, interval: Duration, seconds: Double) {
        #expect(StartSpread(start: Self.t0, feeds: feeds, interval: interval).seconds == seconds)
    }

    @Test func tenThousandOverdueFeedsStartAtMostAFewHundredASecond() {
        let spread = StartSpread(start: Self.t0, feeds: 10_000, interval: .seconds(900))
        var generator = SplitMix64(seed: 7)
        var stored: [String: Date] = [:]
        for n in 0..<10_000 { stored["f\(n)"] = Self.t0.addingTimeInterval(n < 9_000 ? -3600 : 600) }
        let due = spread.spread(stored, using: &generator)
        // The overdue feeds are inside the spread; the others keep their time.
        #expect(due.filter { $0.value == Self.t0.addingTimeInterval(600) }.count == 1_000)
        let spreadOut = due.values.filter { $0 < Self.t0.addingTimeInterval(600) }
        #expect(spreadOut.allSatisfy { $0 >= Self.t0 && $0 <= Self.t0.addingTimeInterval(200) })
        var perSecond: [Int: Int] = [:]
        for date in spreadOut { perSecond[Int(date.timeIntervalSince(Self.t0)), default: 0] += 1 }
        #expect(perSecond.values.max() ?? 0 < 150, "\(perSecond.values.max() ?? 0) in one second")
    }
}
