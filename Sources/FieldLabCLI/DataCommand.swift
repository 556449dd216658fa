import ArgumentParser
import Foundation
import FieldLabCore
import FieldLabData

struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Write true samples of a built-in distribution or a picture, or list the built-ins."
    )

    @Argument(help: "Built-in dataset name, or a picture (.png, .pgm) whose grey level is the density (pixel units, y up).")
    var name: String?

    @Flag(help: "List the built-in datasets.")
    var list = false

    @Option(help: "Number of points.")
    var count: Int = 10_000

    @Option(help: "Random seed.")
    var seed: UInt64 = 0

    @Option(help: "Output CSV (header x,y) or .npy file.")
    var out: String?

    func validate() throws {
        if list { return }
        guard name != nil else { throw ValidationError("give a dataset name, or --list") }
        guard out != nil else { throw ValidationError("missing --out FILE") }
        guard count > 0 else { throw ValidationError("--count must be positive, got \(count)") }
    }

    @OptionGroup var output: OutputOptions

    func run() throws {
        try output.run(write)
    }

    func write() throws {
        if list {
            struct Entry: Encodable { var name: String; var summary: String }
            try sayResult(ToyDataset.allCases.map { Entry(name: $0.rawValue, summary: $0.summary) })
            let width = ToyDataset.allCases.map(\.rawValue.count).max() ?? 0
            for d in ToyDataset.allCases {
                say(d.rawValue.padding(toLength: width + 2, withPad: " ", startingAt: 0) + d.summary)
            }
            return
        }
        var rng = SeededGenerator(seed: seed)
        if PictureDensity.isPicture(name!) {
            let picture = try PictureDensity(contentsOf: name!)
            try PointFile.write(picture.sample(count: count, using: &rng), to: out!)
            try sayResult(WrittenFile(out: out!, count: count, unit: "points"))
            say("\(count) points of the picture \(name!) (\(picture.width) × \(picture.height) pixels, seed \(seed)) → \(out!)")
            return
        }
        let dataset = try ToyDataset.named(name!)
        try PointFile.write(dataset.sample(count: count, using: &rng), to: out!)
        try sayResult(WrittenFile(out: out!, count: count, unit: "points"))
        say("\(count) points of \(dataset.rawValue) (seed \(seed)) → \(out!)")
    }
}
