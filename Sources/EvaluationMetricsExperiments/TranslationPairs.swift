import Foundation
import FineTuningExperiments
import Numerics

/// The King James and World English Bible New Testaments paired verse by verse on the
/// reference: 7,950 pairs of two human translations of the same Greek, in the World English
/// Bible's order (`Fixtures/web-new-testament`, `Fixtures/kjv-new-testament`).
public struct TranslationPairs: Sendable {
    public static let webFile = "Fixtures/web-new-testament/verses.tsv"

    /// (reference, King James text, World English text), texts exactly as in the files.
    public let pairs: [(reference: String, kjv: String, web: String)]
    public var kjv: [String] { pairs.map(\.kjv) }
    public var web: [String] { pairs.map(\.web) }

    /// Throws `FileFormatError` for a missing file, a malformed line, or a WEB verse the KJV
    /// file does not have.
    public init(root: URL) throws {
        let kjv = Dictionary(try NewTestament.verses(root: root).map { ($0.reference, $0.text) }, uniquingKeysWith: { a, _ in a })
        let web = try NewTestament.verses(root: root, file: Self.webFile)
        pairs = try web.enumerated().map { number, verse in
            guard let text = kjv[verse.reference] else {
                throw FileFormatError(file: Self.webFile, line: number + 1, problem: "\(verse.reference) is not a verse of \(NewTestament.file)")
            }
            return (verse.reference, text, verse.text)
        }
    }
}
