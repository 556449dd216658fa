import FieldLabCore

/// Two-sample distances between point sets of the plane, in `Double`.
///
/// Each one compares a model's samples with a sample of the data. None is
/// zero for two finite samples of the same distribution, so a value only
/// means something next to its ``NoiseFloor`` at the same sample size.
///
/// The O(n²) sums run on all cores in fixed blocks of rows whose partial sums
/// are added in block order, so a result is bit-identical whatever the thread
/// count.
public enum Distances {}
