import Foundation
import Testing
import FieldLabCLI
import FieldLabData

/// Bad input gets one line naming the problem, a non-zero exit and no output file.
@Suite struct CommandLineErrorTests {
    static let folder: String = {
        let f = NSTemporaryDirectory() + "fieldlab-cli-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: f, withIntermediateDirectories: true)
        func put(_ name: String, _ text: String) {
            FileManager.default.createFile(atPath: f + "/" + name, contents: Data(text.utf8))
        }
        put("malformed.csv", "x,y\n0.5,0.25\n1.0,abc\n")
        put("nan.csv", "x,y\n0.5,0.25\nnan,1.0\n0.1,0.2\n")
        put("header.csv", "a,b\n1,2\n3,4\n")
        put("good.csv", "x,y\n0,0\n1,1\n2,0\n")
        put("truncated.safetensors", "\u{10}\0\0\0\0\0\0\0{\"a\":")
        return f
    }()

    struct Case: CustomTestStringConvertible, Sendable {
        let arguments: [String]
        let message: String
        let output: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static func sweep(_ out: String, _ extra: [String]) -> [String] {
        ["sweep", "--flow-matching", "--dataset", "moons", "--steps", "5", "--batch-size", "16", "--width", "8",
         "--depth", "1", "--samples", "50", "--solver-steps", "2", "--out", folder + "/" + out] + extra
    }

    static func train(_ extra: [String], out: String = "run") -> [String] {
        ["train", "--diffusion", "--dataset", "moons", "--steps", "2", "--out", folder + "/" + out] + extra
    }

    static let cases: [Case] = [
        Case(arguments: ["train", "--diffusion", "--dataset", "nosuch", "--out", folder + "/r1"],
             message: "unknown dataset 'nosuch'", output: "r1"),
        Case(arguments: ["train", "--diffusion", "--dataset", folder + "/missing.csv", "--out", folder + "/r2"],
             message: "missing.csv", output: "r2"),
        Case(arguments: ["train", "--poisson", "--dataset", folder + "/malformed.csv", "--out", folder + "/r3"],
             message: "line 3", output: "r3"),
        Case(arguments: ["train", "--flow-matching", "--dataset", folder + "/nan.csv", "--out", folder + "/r4"],
             message: "line 3", output: "r4"),
        Case(arguments: ["train", "--flow-matching", "--dataset", folder + "/header.csv", "--out", folder + "/r5"],
             message: "header", output: "r5"),
        Case(arguments: ["train", "--diffusion", "--dataset", "moons", "--steps", "0", "--out", folder + "/r6"],
             message: "--steps must be positive", output: "r6"),
        Case(arguments: ["train", "--diffusion", "--dataset", "moons", "--steps=-3", "--out", folder + "/r7"],
             message: "--steps must be positive", output: "r7"),
        Case(arguments: ["train", "--diffusion", "--dataset", "moons", "--batch-size", "0", "--out", folder + "/r8"],
             message: "--batch-size must be positive", output: "r8"),
        Case(arguments: ["train", "--diffusion", "--dataset", "moons", "--batch-size=-5", "--out", folder + "/r9"],
             message: "--batch-size must be positive", output: "r9"),
        Case(arguments: ["train", "--diffusion", "--poisson", "--dataset", "moons", "--out", folder + "/r10"],
             message: "--poisson", output: "r10"),
        Case(arguments: ["train", "--dataset", "moons", "--out", folder + "/r11"],
             message: "--diffusion", output: "r11"),
        Case(arguments: ["train", "--diffusion", "--dataset", "moons", "--steps", "2", "--out", "/proc/fieldlab-no/run"],
             message: "cannot write to folder", output: "/proc/fieldlab-no/run"),
        Case(arguments: ["train", "--diffusion", "--dataset", "moons", "--lr", "nan", "--out", folder + "/r12"],
             message: "--lr", output: "r12"),
        Case(arguments: train(["--set", "foo=1"], out: "set1"), message: "malformed --set 'foo=1'", output: "set1"),
        Case(arguments: train(["--set", "logit-normal-scale=1"], out: "set2"),
             message: "--set logit-normal-scale does not apply to diffusion", output: "set2"),
        Case(arguments: train(["--set", "ema-decay=1.5"], out: "set3"),
             message: "--set ema-decay value 1.5 is out of range", output: "set3"),
        Case(arguments: train(["--set", "rho=3", "--set", "rho=4"], out: "set4"), message: "--set rho is given twice", output: "set4"),
        Case(arguments: train(["--lr", "1e30", "--batch-size", "64", "--width", "16"], out: "r14"),
             message: "training diverged at step 2: the loss is NaN", output: "r14"),
        Case(arguments: train(["--lr", "1e3", "--batch-size", "64", "--width", "16"], out: "r15"),
             message: "training diverged at step 2: the", output: "r15"),
        Case(arguments: train(["--lr", "1e3", "--batch-size", "64", "--width", "16"], out: "r16/nested/run"),
             message: "training diverged at step 2", output: "r16"),
        Case(arguments: train(["--weight-decay=-0.1"], out: "r17"),
             message: "--weight-decay must be a finite number ≥ 0", output: "r17"),
        Case(arguments: train(["--weight-decay", "inf"], out: "r18"),
             message: "--weight-decay must be a finite number ≥ 0", output: "r18"),
        Case(arguments: train(["--observe-every", "5", "--observe-solver-steps", "0"], out: "r19"),
             message: "--observe-solver-steps must be positive, got 0", output: "r19"),
        Case(arguments: train(["--observe-every", "5", "--observe-per-decade=-2"], out: "r20"),
             message: "--observe-per-decade must be positive, got -2", output: "r20"),
        Case(arguments: ["train", "--diffusion", "--extra-dims", "8", "--dataset", "moons", "--out", folder + "/r13"],
             message: "--extra-dims applies only with --poisson", output: "r13"),
        Case(arguments: ["sample", "--checkpoint", folder + "/truncated.safetensors", "--out", folder + "/s1.csv"],
             message: "truncated", output: "s1.csv"),
        Case(arguments: ["sample", "--checkpoint", folder + "/none.safetensors", "--out", folder + "/s2.csv"],
             message: "not found", output: "s2.csv"),
        Case(arguments: ["sample", "--checkpoint", folder + "/good.csv", "--out", folder + "/s3.csv"],
             message: "checkpoint", output: "s3.csv"),
        Case(arguments: ["sample", "--checkpoint", folder + "/x.safetensors", "--count", "0", "--out", folder + "/s4.csv"],
             message: "--count must be positive", output: "s4.csv"),
        Case(arguments: ["sample", "--checkpoint", folder + "/x.safetensors", "--steps", "0", "--out", folder + "/s5.csv"],
             message: "--steps must be positive", output: "s5.csv"),
        Case(arguments: ["sample", "--checkpoint", folder + "/x.safetensors", "--churn", "nan", "--out", folder + "/s6.csv"],
             message: "--churn", output: "s6.csv"),
        Case(arguments: ["sample", "--exact", "--dataset", "moons", "--out", folder + "/s7.csv"],
             message: "--exact needs a method", output: "s7.csv"),
        Case(arguments: ["sample", "--exact", "--poisson", "--dataset", "nosuch", "--out", folder + "/s8.csv"],
             message: "unknown dataset 'nosuch'", output: "s8.csv"),
        Case(arguments: ["sample", "--exact", "--diffusion", "--dataset", "moons", "--checkpoint", "m.safetensors",
                         "--out", folder + "/s9.csv"], message: "not --checkpoint", output: "s9.csv"),
        Case(arguments: ["field", "--diffusion", "--dataset", "nosuch", "--scale", "1", "--out", folder + "/f1.png"],
             message: "unknown dataset 'nosuch'", output: "f1.png"),
        Case(arguments: ["field", "--diffusion", "--dataset", "moons", "--scale", "abc", "--out", folder + "/f2.png"],
             message: "--scale must be numbers", output: "f2.png"),
        Case(arguments: ["field", "--flow-matching", "--dataset", "moons", "--scale", "0.5,1.2", "--out", folder + "/f3.png"],
             message: "t must be in (0, 1)", output: "f3.png"),
        Case(arguments: ["field", "--poisson", "--dataset", "moons", "--scale=-1", "--out", folder + "/f4.png"],
             message: "--scale values must be positive", output: "f4.png"),
        Case(arguments: ["field", "--diffusion", "--dataset", folder + "/nan.csv", "--scale", "1", "--out", folder + "/f5.png"],
             message: "line 3", output: "f5.png"),
        Case(arguments: ["field-error", "--checkpoint", folder + "/truncated.safetensors"], message: "truncated", output: "none"),
        Case(arguments: ["data", "nosuch", "--out", folder + "/d1.csv"], message: "unknown dataset", output: "d1.csv"),
        Case(arguments: ["data", "moons", "--count", "5", "--out", folder + "/no/such/dir/d2.csv"],
             message: "d2.csv", output: "no/such/dir/d2.csv"),
        Case(arguments: ["compare", "--dataset", "moons", "--methods", "diffusion,nosuch", "--out", folder + "/c1"],
             message: "unknown method 'nosuch'", output: "c1"),
        Case(arguments: ["compare", "--dataset", "nosuch", "--out", folder + "/c2"],
             message: "unknown dataset 'nosuch'", output: "c2"),
        Case(arguments: ["compare", "--dataset", "moons", "--solver-steps", "5,x", "--out", folder + "/c3"],
             message: "--solver-steps", output: "c3"),
        Case(arguments: ["compare", "--dataset", "moons", "--samples", "30000", "--out", folder + "/c4"],
             message: "--samples must be between 10 and 20000", output: "c4"),
        Case(arguments: ["render", folder + "/missing.csv", "--out", folder + "/i1.ppm"], message: "missing.csv", output: "i1.ppm"),
        Case(arguments: ["render", folder + "/good.csv", "--out", folder + "/i2.jpg"], message: ".ppm or .png", output: "i2.jpg"),
        Case(arguments: ["render", folder + "/good.csv", "--trajectories", "--out", folder + "/i3.ppm"],
             message: "run folder", output: "i3.ppm"),
        Case(arguments: sweep("e1", ["--vary", "nosuch=1,2"]),
             message: "unknown sweep parameter 'nosuch'", output: "e1"),
        Case(arguments: sweep("e2", ["--vary", "width="]),
             message: "--vary width has no values", output: "e2"),
        Case(arguments: sweep("e3", ["--vary", "width=8,x"]),
             message: "'x' is not a finite number", output: "e3"),
        Case(arguments: sweep("e4", ["--vary", "width=0,8"]),
             message: "out of range", output: "e4"),
        Case(arguments: sweep("e5", ["--vary", "width=8", "--vary", "width=16"]),
             message: "--vary width is given twice", output: "e5"),
        Case(arguments: sweep("e6", ["--vary", "width"]),
             message: "malformed --vary 'width'", output: "e6"),
        Case(arguments: sweep("e7", ["--vary", "train-size=log:8:4096"]),
             message: "expected log:START:END:COUNT", output: "e7"),
        Case(arguments: sweep("e8", []),
             message: "at least one --vary", output: "e8"),
        Case(arguments: sweep("e9", ["--vary", "width=8", "--shard", "3/2"]),
             message: "malformed --shard '3/2'", output: "e9"),
        Case(arguments: sweep("e10", ["--vary", "width=8", "--shard", "x"]),
             message: "malformed --shard 'x'", output: "e10"),
        Case(arguments: sweep("e11", ["--vary", "dataset=moons,nosuch"]),
             message: "not a built-in dataset", output: "e11"),
        Case(arguments: sweep("e12", ["--vary", "extra-dims=1,4"]),
             message: "extra-dims applies only to Poisson flow", output: "e12"),
        Case(arguments: sweep("e15", ["--vary", "sigma-max=1,80"]),
             message: "--vary sigma-max applies only to EDM and PFGM++", output: "e15"),
        Case(arguments: sweep("e16", ["--vary", "rho=0,7"]),
             message: "--vary rho value 0 is out of range: must be positive", output: "e16"),
        Case(arguments: ["sweep", "--diffusion", "--dataset", "moons", "--steps", "5", "--vary", "sigma-min=0.5,2",
                         "--vary", "sigma-max=1,80", "--out", folder + "/e17"],
             message: "sigma-min must be below sigma-max at every point: sigma-min 2 ≥ sigma-max 1", output: "e17"),
        Case(arguments: sweep("e13", ["--vary", "width=8", "--seeds", "0"]),
             message: "--seeds must be from 1 to 1000", output: "e13"),
        Case(arguments: sweep("e14", ["--vary", "width=8", "--jobs", "0"]),
             message: "--jobs must be from 1 to 256", output: "e14"),
        Case(arguments: sweep("e15", ["--vary", "method=diffusion"]),
             message: "either as a flag or as --vary method", output: "e15"),
        Case(arguments: ["sweep", "--dataset", "moons", "--vary", "width=8", "--out", folder + "/e16"],
             message: "choose a method", output: "e16"),
        Case(arguments: sweep("e17", ["--vary", "lr=nan"]),
             message: "'nan' is not a finite number", output: "e17"),
        Case(arguments: sweep("e18", ["--vary", "weight-decay=-1"]),
             message: "out of range", output: "e18"),
        Case(arguments: ["sweep", "report", folder + "/nosuch"],
             message: "no sweep.json", output: "nosuch"),
    ]

    @Test(arguments: cases)
    func badInputGivesOneLineAndNoFile(_ c: Case) {
        expectOneLineError(c.arguments, containing: c.message)
        let path = c.output.hasPrefix("/") ? c.output : Self.folder + "/" + c.output
        #expect(!FileManager.default.fileExists(atPath: path), "\(path) should not exist")
    }

    @Test func listAndSmallRunSucceed() throws {
        #expect(FieldLabCommand.run(["data", "--list"]) == 0)
        let out = Self.folder + "/tiny"
        let status = FieldLabCommand.run(["train", "--flow-matching", "--dataset", Self.folder + "/good.csv",
                                          "--steps", "3", "--batch-size", "8", "--samples", "20", "--width", "8",
                                          "--out", out])
        #expect(status == 0)
        for file in ["model.safetensors", "config.json", "log.csv", "training-set.csv", "samples.csv", "samples.ppm"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file) missing")
        }
        // The training set, in the data's own coordinates: the file's three points.
        let used = try PointFile.read(out + "/training-set.csv")
        let given = try PointFile.read(Self.folder + "/good.csv")
        #expect(used.count == given.count)
        for (a, b) in zip(used, given) { #expect(abs(a.x - b.x) < 1e-12 && abs(a.y - b.y) < 1e-12, "\(a) vs \(b)") }
        #expect(FieldLabCommand.run(["sample", "--checkpoint", out + "/model.safetensors", "--count", "10",
                                     "--out", Self.folder + "/tiny-samples.csv"]) == 0)
        #expect(FieldLabCommand.run(["render", out, "--trajectories", "--paths", "4",
                                     "--out", Self.folder + "/tiny.png"]) == 0)
        let compared = Self.folder + "/tiny-compare"
        #expect(FieldLabCommand.run(["compare", "--dataset", "moons", "--methods", "flow-matching,poisson-D4",
                                     "--steps", "3", "--batch-size", "16", "--train-size", "64", "--samples", "20",
                                     "--solver-steps", "2,3", "--out", compared]) == 0)
        for file in ["comparison.md", "comparison.png", "loss.png", "steps.png",
                     "flow-matching/samples.csv", "poisson-D4/model.safetensors"] {
            #expect(FileManager.default.fileExists(atPath: compared + "/" + file), "\(file) missing")
        }
        #expect(!FileManager.default.fileExists(atPath: compared + "/diffusion"), "an unchosen method ran")
        #expect(try String(contentsOfFile: compared + "/comparison.md", encoding: .utf8).contains("exact W2"))
        // Above 2000 samples the exact W2 (an n × n assignment) is left out of the table.
        let large = Self.folder + "/tiny-compare-large"
        #expect(FieldLabCommand.run(["compare", "--dataset", "moons", "--methods", "flow-matching",
                                     "--steps", "3", "--batch-size", "16", "--train-size", "64", "--samples", "2001",
                                     "--out", large]) == 0)
        let table = try String(contentsOfFile: large + "/comparison.md", encoding: .utf8)
        #expect(table.contains("sliced W2") && !table.contains("exact W2"), "\(table)")
    }
}
