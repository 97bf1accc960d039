import Foundation
import Testing
import Numerics
import Retrieval
import RetrievalExperiments
import WorkbookTesting

@Suite("M11 · Retrieval: BERT's WordPiece tokenizer")
struct WordPieceTests {
    @Test("Token ids equal Hugging Face tokenizers with all-MiniLM-L6-v2's tokenizer.json, truncated at 256")
    func idsEqualHuggingFace() throws {
        attach(try SharedRuns.equalityRecord.get())
        let tokenizer = try WordPieceTokenizer(vocabularyFile: MiniLMFiles.file("vocab.txt", root: packageRoot))
        let fixture = try WordPieceFixture.load(root: packageRoot)
        #expect(fixture.cases.count > 300)
        var differing = 0
        for c in fixture.cases {
            let ours = try tokenizer.encode(c.text, maximumLength: fixture.maximum_length)
            if ours != c.ids {
                differing += 1
                if differing <= 5 { Issue.record("\(c.text.debugDescription.prefix(120)): \(tokenizer.tokens(ours).prefix(40)) vs \(tokenizer.tokens(c.ids).prefix(40))") }
            }
        }
        #expect(differing == 0, "\(differing) of \(fixture.cases.count) texts tokenized differently")
    }

    @Test("A missing model says which command fetches it")
    func missingModel() {
        let error = #expect(throws: FileFormatError.self) { try MiniLMFiles.file("vocab.txt", root: URL(fileURLWithPath: "/nonexistent")) }
        #expect(error?.problem.contains("bash Scripts/fetch-data.sh") == true)
    }
}
