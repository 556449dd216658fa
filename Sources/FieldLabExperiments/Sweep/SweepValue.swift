import Foundation

/// One value of a swept parameter: a number (sizes, rates, D) or a name (a
/// dataset, a method). Encoded in JSON as the bare number or string.
public enum SweepValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case number(Double)
    case text(String)

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) { self = .number(number) } else {
            self = .text(try container.decode(String.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .number(value): try container.encode(value)
        case let .text(value): try container.encode(value)
        }
    }

    public var number: Double? { if case let .number(v) = self { v } else { nil } }

    /// As a user would type it: integers without a decimal point, other numbers
    /// in the shortest form that reads back to the same value.
    public var description: String {
        switch self {
        case let .number(v): Self.format(v)
        case let .text(s): s
        }
    }

    static func format(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}

/// How a parameter's values were given; decides the chart's x axis.
public enum SweepSpacing: String, Sendable, Codable {
    /// `V1,V2,…`
    case list
    /// `log:A:B:N`: N values evenly spaced in log A … log B.
    case log
    /// `lin:A:B:N`: N values evenly spaced from A to B.
    case linear
}

/// The values of one `--vary PARAM=…`, parsed.
public struct SweepValueList: Sendable, Equatable {
    public var values: [SweepValue]
    public var spacing: SweepSpacing

    /// Parses `V1,V2,…`, `log:A:B:N` or `lin:A:B:N` for `parameter` and
    /// checks every value against its range. Integer parameters round
    /// log- and linear-spaced values to whole numbers (then every value must
    /// still be distinct).
    public static func parse(_ text: String, for parameter: SweepParameter) throws -> SweepValueList {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw SweepError.emptyValues(parameter.rawValue) }
        var values: [SweepValue]
        var spacing = SweepSpacing.list
        if let kind = ["log", "lin"].first(where: { trimmed.hasPrefix($0 + ":") }) {
            let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 4, let a = Double(parts[1]), let b = Double(parts[2]), let n = Int(parts[3]),
                  a.isFinite, b.isFinite, n >= 2, n <= 1000 else {
                throw SweepError.malformedValues(parameter.rawValue, text,
                                                 "expected \(kind):START:END:COUNT with COUNT from 2 to 1000")
            }
            guard parameter.isNumeric else {
                throw SweepError.malformedValues(parameter.rawValue, text, "\(kind): ranges need a numeric parameter")
            }
            spacing = kind == "log" ? .log : .linear
            if kind == "log" {
                guard a > 0, b > 0 else {
                    throw SweepError.malformedValues(parameter.rawValue, text, "log: ranges need positive ends")
                }
                values = (0..<n).map { i in
                    .number(i == n - 1 ? b : exp(log(a) + (log(b) - log(a)) * Double(i) / Double(n - 1)))
                }
            } else {
                values = (0..<n).map { i in .number(i == n - 1 ? b : a + (b - a) * Double(i) / Double(n - 1)) }
            }
            if parameter.isInteger { values = values.map { .number($0.number!.rounded()) } }
        } else {
            let parts = trimmed.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard !parts.contains(where: \.isEmpty) else {
                throw SweepError.malformedValues(parameter.rawValue, text, "an empty value in the list")
            }
            values = try parts.map { part in
                guard parameter.isNumeric else { return .text(part) }
                guard let v = Double(part), v.isFinite else {
                    throw SweepError.malformedValues(parameter.rawValue, text, "'\(part)' is not a finite number")
                }
                return .number(v)
            }
        }
        for value in values { try parameter.check(value) }
        if Set(values).count != values.count {
            let repeated = values.first { v in values.filter { $0 == v }.count > 1 }!
            throw SweepError.malformedValues(parameter.rawValue, text, "the value \(repeated) appears twice"
                                             + (spacing == .list ? "" : " after rounding to whole numbers"))
        }
        return SweepValueList(values: values, spacing: spacing)
    }

    /// Whether charts should use a log x axis: log-spaced values, or a list of
    /// positive numbers spanning at least a factor of 100.
    public var suggestsLogAxis: Bool {
        let numbers = values.compactMap(\.number)
        guard numbers.count == values.count, let lo = numbers.min(), let hi = numbers.max(), lo > 0 else { return false }
        return spacing == .log || (spacing == .list && hi / lo >= 100)
    }
}
