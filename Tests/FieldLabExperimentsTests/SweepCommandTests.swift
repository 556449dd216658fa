import Foundation
import Testing
import FieldLabCLI

/// Bad sweep input: one line naming the problem, a non-zero exit, nothing written.
@Suite struct SweepCommandTests {
    static let folder: String = {
        let f = NSTemporaryDirectory() + "fieldlab-sweep-cli-\(getpid())"
        try? FileManager.default.createDirectory(atPath: f, withIntermediateDirectories: true)
        return f
    }()

    static func sweep(_ out: String, _ extra: [String]) -> [String] {
        ["sweep", "--flow-matching", "--dataset", "moons", "--steps", "5", "--batch-size", "16", "--width", "8",
         "--depth", "1", "--samples", "50", "--solver-steps", "2", "--out", folder + "/" + out] + extra
    }

    static let cases: [(arguments: [String], message: String, output: String)] = [
        (sweep("e1", ["--vary", "nosuch=1,2"]), "unknown sweep parameter 'nosuch'", "e1"),
        (sweep("e2", ["--vary", "width="]), "--vary width has no values", "e2"),
        (sweep("e3", ["--vary", "width=8,x"]), "'x' is not a finite number", "e3"),
        (sweep("e4", ["--vary", "width=0,8"]), "out of range", "e4"),
        (sweep("e5", ["--vary", "width=8", "--vary", "width=16"]), "--vary width is given twice", "e5"),
        (sweep("e6", ["--vary", "width"]), "malformed --vary 'width'", "e6"),
        (sweep("e7", ["--vary", "train-size=log:8:4096"]), "expected log:START:END:COUNT", "e7"),
        (sweep("e8", []), "at least one --vary", "e8"),
        (sweep("e9", ["--vary", "width=8", "--shard", "3/2"]), "malformed --shard '3/2'", "e9"),
        (sweep("e10", ["--vary", "width=8", "--shard", "x"]), "malformed --shard 'x'", "e10"),
        (sweep("e11", ["--vary", "dataset=moons,nosuch"]), "not a built-in dataset", "e11"),
        (sweep("e12", ["--vary", "extra-dims=1,4"]), "extra-dims applies only to Poisson flow", "e12"),
        (sweep("e13", ["--vary", "width=8", "--seeds", "0"]), "--seeds must be from 1 to 1000", "e13"),
        (sweep("e14", ["--vary", "width=8", "--jobs", "0"]), "--jobs must be from 1 to 256", "e14"),
        (sweep("e15", ["--vary", "method=diffusion"]), "either as a flag or as --vary method", "e15"),
        (["sweep", "--dataset", "moons", "--vary", "width=8", "--out", folder + "/e16"], "choose a method", "e16"),
        (sweep("e17", ["--vary", "lr=nan"]), "'nan' is not a finite number", "e17"),
        (sweep("e18", ["--vary", "weight-decay=-1"]), "out of range", "e18"),
        (["sweep", "report", folder + "/nosuch"], "no sweep.json", "nosuch"),
    ]

    @Test(arguments: cases.indices)
    func badInputGivesOneLineAndNoOutput(_ i: Int) {
        let c = Self.cases[i]
        var lines: [String] = []
        let status = FieldLabCommand.run(c.arguments) { lines.append($0) }
        #expect(status != 0)
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("error: ") == true)
        #expect(lines.first?.contains(c.message) == true, "got: \(lines)")
        #expect(!FileManager.default.fileExists(atPath: Self.folder + "/" + c.output))
    }

    @Test func aFolderHoldingAnotherSweepIsRefusedAndLeftAlone() throws {
        let first = Self.sweep("mixed", ["--vary", "width=4,8"])
        #expect(FieldLabCommand.run(first) == 0)
        let plan = try String(contentsOfFile: Self.folder + "/mixed/sweep.json", encoding: .utf8)
        let points = try FileManager.default.contentsOfDirectory(atPath: Self.folder + "/mixed/points")
        var lines: [String] = []
        let status = FieldLabCommand.run(Self.sweep("mixed", ["--vary", "width=4,16"])) { lines.append($0) }
        #expect(status != 0 && lines.count == 1)
        #expect(lines.first?.contains("holds a different sweep") == true)
        #expect(lines.first?.contains("--vary width: 4,16 here, 4,8 in the folder") == true, "\(lines)")
        #expect(try String(contentsOfFile: Self.folder + "/mixed/sweep.json", encoding: .utf8) == plan)
        #expect(try FileManager.default.contentsOfDirectory(atPath: Self.folder + "/mixed/points") == points)
        // A folder that is not a sweep is not written into.
        try FileManager.default.createDirectory(atPath: Self.folder + "/other", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: Self.folder + "/other/notes.txt", contents: Data("x".utf8))
        lines = []
        #expect(FieldLabCommand.run(Self.sweep("other", ["--vary", "width=4"])) { lines.append($0) } != 0)
        #expect(lines.first?.contains("not empty and has no sweep.json") == true, "\(lines)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: Self.folder + "/other") == ["notes.txt"])
    }
}
