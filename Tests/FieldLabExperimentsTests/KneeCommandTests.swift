import Foundation
import Testing
@testable import FieldLabCLI

/// `fieldlab knee`: bad input gets one line naming the problem; good input one JSON object.
@Suite struct KneeCommandTests {
    static let folder: String = {
        let f = NSTemporaryDirectory() + "fieldlab-knee-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: f, withIntermediateDirectories: true)
        func put(_ name: String, _ text: String) {
            FileManager.default.createFile(atPath: f + "/" + name, contents: Data(text.utf8))
        }
        // A broken stick at x = 6.3, three seeds per x, blank lines in between.
        var good = "x,seed,y\n"
        for i in 0...20 {
            let x = Double(i) / 2
            for s in 0..<3 {
                let noise = [0.01, -0.012, 0.004][s] * Double(1 + i % 3)
                good += "\(x),s\(s),\(1 + 0.1 * x - 0.8 * max(x - 6.3, 0) + noise)\n"
            }
            if i == 7 { good += "\n   \n" }
        }
        put("good.csv", good)
        put("text.csv", "x,y\n1,2\n2,abc\n3,4\n")
        put("nan.csv", "x,y\n1,2\n2,3\n3,nan\n")
        put("few.csv", "x,y\n1,2\n2,3\n3,5\n")
        put("flat.csv", "x,y\n1,2\n2,2\n3,2\n4,2\n5,2\n6,2\n")
        put("ragged.csv", "x,y\n1,2\n2\n")
        put("zero.csv", "x,y\n0,1\n1,2\n2,3\n3,3\n4,3\n5,3\n")
        put("empty.csv", "x,y\n\n")
        return f
    }()

    struct Case: CustomTestStringConvertible, Sendable {
        let arguments: [String]
        let message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static func knee(_ file: String, _ extra: [String] = []) -> [String] {
        ["knee", folder + "/" + file, "--x", "x", "--y", "y"] + extra
    }

    static let cases: [Case] = [
        Case(arguments: knee("missing.csv"), message: "missing.csv: no such file"),
        Case(arguments: ["knee", folder + "/good.csv", "--x", "cycles", "--y", "y"],
             message: "no column 'cycles' (columns: x, seed, y)"),
        Case(arguments: ["knee", folder + "/good.csv", "--x", "x", "--y", "seed"],
             message: "line 2, column 'seed': 's0' is not a number"),
        Case(arguments: knee("text.csv"), message: "text.csv line 3, column 'y': 'abc' is not a number"),
        Case(arguments: knee("nan.csv"), message: "nan.csv line 4, column 'y': not a finite number"),
        Case(arguments: knee("few.csv"), message: "too few points for logistic: 3 distinct x values, need ≥ 5"),
        Case(arguments: knee("few.csv", ["--method", "segmented"]), message: "too few points for segmented"),
        Case(arguments: knee("flat.csv", ["--method", "segmented"]), message: "no transition found"),
        Case(arguments: knee("ragged.csv"), message: "ragged.csv line 3: 1 cells, the header has 2"),
        Case(arguments: knee("empty.csv"), message: "no data rows"),
        Case(arguments: knee("zero.csv", ["--log-x", "yes"]), message: "non-positive x 0.0 at index 0 on a log axis"),
        Case(arguments: knee("good.csv", ["--method", "nosuch"]), message: "--method"),
        Case(arguments: knee("good.csv", ["--log-x", "maybe"]), message: "--log-x"),
        Case(arguments: knee("good.csv", ["--resamples", "0"]), message: "--resamples must be between 1 and 1000000"),
        Case(arguments: knee("good.csv", ["--sensitivity", "nan"]), message: "--sensitivity"),
        Case(arguments: knee("good.csv", ["--confidence", "1.5"]), message: "--confidence must be in (0, 1)"),
    ]

    @Test(arguments: cases)
    func badInputGivesOneLine(_ c: Case) {
        expectOneLineError(c.arguments, containing: c.message)
    }

    @Test func jsonIsOneObjectWithTheCriticalPoint() throws {
        let command = try KneeCommand.parse([Self.folder + "/good.csv", "--x", "x", "--y", "y",
                                             "--method", "segmented", "--json", "--resamples", "200"])
        let text = try command.report()
        #expect(!text.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["method"] as? String == "segmented")
        let critical = try #require(object["critical"] as? Double)
        let low = try #require(object["low"] as? Double), high = try #require(object["high"] as? Double)
        #expect(abs(critical - 6.3) < 0.1, "critical \(critical)")
        #expect(low <= critical && critical <= high && high - low < 1)
        #expect(object["log_x"] as? Bool == false)  // auto: min x = 0
        // The four keys come first, in this order.
        let keys = ["\"method\"", "\"critical\"", "\"low\"", "\"high\""].map { text.range(of: $0)!.lowerBound }
        #expect(keys == keys.sorted() && text.hasPrefix("{\"method\""))
    }

    @Test func textNamesMethodAxisIntervalAndSeeds() throws {
        let command = try KneeCommand.parse([Self.folder + "/good.csv", "--x", "x", "--y", "y",
                                             "--method", "bacon-watts", "--resamples", "100"])
        let first = try command.report().split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix("bacon-watts on x: critical 6."), "got \(first)")
        #expect(first.contains("95% CI ["))
        #expect(first.hasSuffix("(100 bootstrap resamples over 3 seeds per x)"), "got \(first)")
        #expect(FieldLabCommand.run(["knee", Self.folder + "/good.csv", "--x", "x", "--y", "y",
                                     "--method", "kneedle", "--resamples", "20"]) == 0)
    }
}
