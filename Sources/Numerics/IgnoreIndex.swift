/// The target id that marks a position whose prediction is not learned: masked cross-entropy
/// leaves it out of the mean and gives its logits a gradient of exactly zero. −100 is
/// PyTorch's `ignore_index` default, so a target list means the same in both.
public let ignoreIndex = -100
