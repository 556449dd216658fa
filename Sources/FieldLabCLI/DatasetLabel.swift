import Foundation
import FieldLabData

/// Short names for datasets in folder and file names.
enum DatasetLabel {
    /// A built-in dataset's name, or a file's base name without its extension,
    /// with anything but letters, digits, `-` and `_` replaced by `-`.
    static func slug(_ dataset: String) -> String {
        if ToyDataset(rawValue: dataset) != nil { return dataset }
        let base = (URL(fileURLWithPath: dataset).lastPathComponent as NSString).deletingPathExtension
        let cleaned = String(base.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
        return cleaned.isEmpty ? "data" : cleaned
    }

    /// A dataset as a caption shows it: a built-in name, or a file's name without its folder.
    static func short(_ dataset: String) -> String {
        ToyDataset(rawValue: dataset) != nil ? dataset : URL(fileURLWithPath: dataset).lastPathComponent
    }
}
