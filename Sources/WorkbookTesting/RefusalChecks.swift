import Testing
import GSL
import Numerics

/// Property tests of what the public API refuses: `draws` seeded random invalid calls, each
/// of which must throw an `ArgumentError` (a trap instead would end the test process and fail
/// the run, so a crash cannot pass). `call` makes the invalid input from the generator.
public func expectEveryDrawRefused(
    draws: Int = 100, seed: UInt, _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ call: (RandomGenerator) throws -> Void
) {
    let generator = RandomGenerator(seed: seed)
    var failures: [String] = []
    for draw in 0..<draws {
        do {
            try call(generator)
            failures.append("\(what): draw \(draw) (seed \(seed)) was accepted")
        } catch is ArgumentError {
        } catch let hole as ExerciseHole {
            // A practice workspace's unwritten exercise: one issue that says so, not one per draw.
            Issue.record("\(what): draw \(draw) reached an unwritten exercise. \(hole)", sourceLocation: sourceLocation)
            return
        } catch {
            failures.append("\(what): draw \(draw) (seed \(seed)) threw \(type(of: error)) \(error), not ArgumentError")
        }
    }
    // The first three failures in full, then how many more: a handful of issues, not hundreds.
    for failure in failures.prefix(3) { Issue.record("\(failure)", sourceLocation: sourceLocation) }
    if failures.count > 3 {
        Issue.record("\(what): \(failures.count - 3) more of the \(draws) draws failed the same way", sourceLocation: sourceLocation)
    }
}

extension RandomGenerator {
    /// An integer outside 0..<count: negative or at least `count`, near the edges and far.
    public func invalidIndex(below count: Int) throws -> Int {
        switch try integer(below: 4) {
        case 0: -1
        case 1: count
        case 2: -1 - (try integer(below: 1000))
        default: count + (try integer(below: 1000))
        }
    }

    /// `values` with one entry, at a random position, replaced by an index outside 0..<count.
    public func corrupting(_ values: [Int], below count: Int) throws -> [Int] {
        var corrupted = values
        corrupted[try integer(below: values.count)] = try invalidIndex(below: count)
        return corrupted
    }

    /// A value that is not a usable positive rate: 0, negative, NaN or ±∞.
    public func invalidPositive() throws -> Double {
        [0, -1e-3, -1, -.infinity, .infinity, .nan][try integer(below: 6)]
    }
}
