import Foundation
import GSL
import ExperimentRecords
import Numerics
import BigramLanguageModel

/// The word list of `Fixtures/words/`, split into train, dev and test words.
public struct WordList: Sendable {
    public static let path = "Fixtures/words/words.txt"
    public static let splitSeed: UInt = 55

    public let train: [String]
    public let dev: [String]
    public let test: [String]

    /// Reads one lowercase a–z word per line and splits 80/10/10 by a seeded shuffle.
    public static func load(from url: URL) throws -> WordList {
        let text = try FileFormatError.readText(url)
        let words = text.split(separator: "\n").map(String.init)
        if let bad = words.firstIndex(where: { $0.isEmpty || !$0.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) } }) {
            throw FileFormatError(file: url.path, line: bad + 1, problem: "'\(words[bad])' is not a word of lowercase letters a–z")
        }
        let order = try RandomGenerator(seed: splitSeed).permutation(of: words.count)
        let (trainEnd, devEnd) = (words.count * 8 / 10, words.count * 9 / 10)
        return WordList(train: order[..<trainEnd].map { words[$0] }, dev: order[trainEnd..<devEnd].map { words[$0] },
                        test: order[devEnd...].map { words[$0] })
    }

    public static func standard(packageRoot: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) throws -> WordList {
        try load(from: packageRoot.appendingPathComponent(path))
    }
}
