import GPT

/// Words (lowercase runs of letters) of the training and validation text, to judge samples:
/// a sampled word is "real" if the held-out text uses it, "novel" if the training text does not.
struct WordSets {
    let training: Set<String>
    let heldOut: Set<String>

    init(corpus: CharacterCorpus) throws {
        training = Set(Self.words(in: try corpus.decode(corpus.train)))
        heldOut = Set(Self.words(in: try corpus.decode(corpus.validation)))
    }

    static func words(in text: String) -> [String] {
        text.lowercased().split { !$0.isLetter }.map(String.init)
    }
}
