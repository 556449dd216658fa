import Foundation

/// |actual − expected| ≤ absolute + relative·|expected|.
func isClose(_ actual: Double, _ expected: Double, relative: Double = 1e-12, absolute: Double = 0) -> Bool {
    abs(actual - expected) <= absolute + relative * abs(expected)
}

func logistic(_ t: Double, midpoint: Double, width: Double, lower: Double, upper: Double) -> Double {
    lower + (upper - lower) / (1 + exp(-(t - midpoint) / width))
}

/// `count` values from `a` to `b`, evenly spaced.
func evenly(_ a: Double, _ b: Double, _ count: Int) -> [Double] {
    (0..<count).map { a + (b - a) * Double($0) / Double(count - 1) }
}
