import Testing
@testable import FieldLabAnalysis

@Suite struct MeanIntervalTests {
    /// Two-sided 95 % and 99 % Student-t quantiles from published tables.
    @Test(arguments: [(1, 0.95, 12.706204736), (2, 0.95, 4.302652730), (4, 0.95, 2.776445105),
                      (10, 0.95, 2.228138852), (30, 0.95, 2.042272456), (2, 0.99, 9.924843201)])
    func quantileMatchesTables(nu: Int, confidence: Double, expected: Double) {
        let t = MeanInterval.studentQuantile(confidence: confidence, degreesOfFreedom: nu)
        #expect(abs(t - expected) < 1e-7 * expected, "t(\(confidence), \(nu)) = \(t)")
    }

    @Test func intervalOfThreeValues() throws {
        let m = try #require(MeanInterval([1, 2, 6]))
        // mean 3, s = √7, half width t(0.975, 2)·√7/√3.
        let half = 4.302652730 * (7.0 / 3).squareRoot()
        #expect(abs(m.mean - 3) < 1e-12 && abs(m.low - (3 - half)) < 1e-7 && abs(m.high - (3 + half)) < 1e-7)
        #expect(m.count == 3)
        #expect(MeanInterval([.nan, .infinity]) == nil)
        let one = try #require(MeanInterval([4, .nan]))
        #expect(one.low == 4 && one.high == 4 && one.count == 1)
    }
}
