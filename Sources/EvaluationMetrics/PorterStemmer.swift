// The Porter stemmer, exactly as NLTK 3.10.4 runs it in its default mode (NLTK_EXTENSIONS).
//
// Sources: M. F. Porter, "An algorithm for suffix stripping", Program 14(3), 130–137 (1980),
// for the five steps; NLTK 3.10.4's `nltk/stem/porter.py` for the changes its default mode makes
// to them. Google's rouge-score 0.1.2 stems with `nltk.stem.porter.PorterStemmer()` when
// `use_stemmer=True`, so ROUGE scores reproduce only if the stems do, word for word.
// Fixtures/metrics/porter_nltk.json (made by Scripts/reference/nltk_porter_stems.py) holds
// NLTK's stems for a 63,875-word list, and this file matches every one of them.

/// A Porter stemmer that gives the same stems as NLTK 3.10.4's `PorterStemmer()` in its default
/// mode, `NLTK_EXTENSIONS`.
///
/// Stemming strips suffixes so that related forms meet: "connected", "connecting", "connection"
/// and "connections" all become "connect". The stems are not always words ("generalizations"
/// becomes "gener"); they only have to agree with each other.
///
/// Porter's algorithm runs five steps in order, each removing or rewriting at most one suffix:
///
/// 1. plurals and past participles: "-s", "-ed", "-ing", and a final "-y" becomes "-i";
/// 2. double suffixes to single ones: "-ational" to "-ate", "-iveness" to "-ive", ...;
/// 3. more endings: "-icate" to "-ic", "-ness" and "-ful" removed, ...;
/// 4. the final suffix itself: "-ance", "-ment", "-ive", ... removed from long enough stems;
/// 5. tidying: a final "-e" removed, "-ll" made "-l".
///
/// Whether a rule may fire depends on the *measure* of what would be left (see `measure(_:upTo:)`),
/// so step 2 turns "relational" into "relate" but leaves "rational" alone ("r" is too short).
///
/// NLTK's default mode departs from the 1980 paper in several places, each noted where it
/// happens: a table of irregular forms, words of one or two letters left alone, "-ies" and
/// "-ied" on four-letter words, "y" to "i" only after a consonant, and extra rules in step 2.
///
/// The stemmer is defined for what ROUGE's tokenizer produces: lowercase ASCII letters and
/// digits (`[a-z0-9]+`; digits count as consonants). Any other string, including the empty
/// string, is returned unchanged; NLTK's behaviour on such input (it lowercases, and handles
/// non-ASCII letters) is not replicated.
public struct PorterStemmer: Sendable {
    public init() {}

    /// The stem of `word`, or `word` itself if it contains anything outside `[a-z0-9]`.
    public func stem(_ word: String) -> String {
        var letters = Array(word.utf8)
        guard !letters.isEmpty, letters.allSatisfy(isLowercaseLetterOrDigit) else { return word }

        // NLTK extension: a handful of words the rules get wrong are looked up instead.
        if let irregular = Self.irregularForms[word] { return irregular }
        // NLTK (and Porter's own later code, but not the paper): one- and two-letter words stay.
        if letters.count <= 2 { return word }

        step1a(&letters)
        step1b(&letters)
        step1c(&letters)
        step2(&letters)
        step3(&letters)
        step4(&letters)
        step5a(&letters)
        step5b(&letters)
        return String(decoding: letters, as: UTF8.self)
    }

    /// NLTK's table of irregular forms, consulted before any rule: the errors "actually drawn to
    /// Martin Porter's attention over a 20 year period", as NLTK's source puts it. Without it,
    /// "dying" would become "dy" and "news" "new".
    static let irregularForms: [String: String] = [
        "sky": "sky", "skies": "sky",
        "dying": "die", "lying": "lie", "tying": "tie",
        "news": "news",
        "inning": "inning", "innings": "inning",
        "outing": "outing", "outings": "outing",
        "canning": "canning", "cannings": "canning",
        "howe": "howe",
        "proceed": "proceed", "exceed": "exceed", "succeed": "succeed",
    ]
}

// MARK: - Letters, consonants and the measure

private let letterA = UInt8(ascii: "a"), letterE = UInt8(ascii: "e"), letterI = UInt8(ascii: "i")
private let letterO = UInt8(ascii: "o"), letterU = UInt8(ascii: "u"), letterY = UInt8(ascii: "y")
private let letterL = UInt8(ascii: "l"), letterS = UInt8(ascii: "s"), letterZ = UInt8(ascii: "z")
private let letterT = UInt8(ascii: "t"), letterW = UInt8(ascii: "w"), letterX = UInt8(ascii: "x")

private func isLowercaseLetterOrDigit(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
}

/// The five letters that are always vowels. ("y" is decided by position; see `isConsonant(_:at:)`.)
private func isAEIOU(_ byte: UInt8) -> Bool {
    byte == letterA || byte == letterE || byte == letterI || byte == letterO || byte == letterU
}

/// Porter's definition: a consonant is a letter other than a, e, i, o, u, and other than a "y"
/// that follows a consonant. So "y" alternates along a run of "y"s: a "y" that starts the word or
/// follows a vowel is a consonant ("toy", "yes"); one after a consonant is a vowel ("sky").
/// Walks back over the run of "y"s instead of recursing, so "yyyy…" costs one pass.
/// (`measure(_:upTo:)` and `containsVowel(_:upTo:)` classify left to right instead.)
private func isConsonant(_ word: [UInt8], at index: Int) -> Bool {
    var position = index
    var flipped = false
    while position > 0 && word[position] == letterY {
        flipped.toggle()
        position -= 1
    }
    // `position` is now the start of the word or a letter that is not "y"; a "y" at the very start is a consonant.
    return !isAEIOU(word[position]) != flipped
}

/// The same rule, letter by letter from the left: `afterConsonant` says whether the previous
/// letter was a consonant (false for the first letter, so a leading "y" is a consonant).
private func isConsonant(_ byte: UInt8, afterConsonant: Bool) -> Bool {
    if isAEIOU(byte) { return false }
    return byte == letterY ? !afterConsonant : true
}

/// The measure *m* of `word[0..<end]`: write the stem as consonant runs C and vowel runs V, in
/// the form [C](VC)^m[V], and *m* counts the vowel-then-consonant pairs. Porter's examples:
/// m = 0 for "tr", "ee", "tree", "by"; m = 1 for "trouble", "oats", "ivy"; m = 2 for
/// "troubles", "private", "oaten".
private func measure(_ word: [UInt8], upTo end: Int) -> Int {
    var pairs = 0
    var previousIsConsonant = false
    var previousIsVowel = false
    for index in 0..<end {
        let consonant = isConsonant(word[index], afterConsonant: previousIsConsonant)
        if consonant && previousIsVowel { pairs += 1 }
        previousIsConsonant = consonant
        previousIsVowel = !consonant
    }
    return pairs
}

/// Porter's condition *v*: `word[0..<end]` contains a vowel.
private func containsVowel(_ word: [UInt8], upTo end: Int) -> Bool {
    var previousIsConsonant = false
    for index in 0..<end {
        if !isConsonant(word[index], afterConsonant: previousIsConsonant) { return true }
        previousIsConsonant = true
    }
    return false
}

/// Porter's condition *d: `word[0..<end]` ends with a doubled consonant ("-tt", "-ss").
private func endsWithDoubleConsonant(_ word: [UInt8], upTo end: Int) -> Bool {
    end >= 2 && word[end - 1] == word[end - 2] && isConsonant(word, at: end - 1)
}

/// Porter's condition *o: `word[0..<end]` ends consonant–vowel–consonant, the last consonant not
/// "w", "x" or "y" ("-wil", "-hop"). NLTK extension: a two-letter stem that is vowel–consonant
/// also counts (any consonant, "w", "x" and "y" included), so "owing" becomes "owe".
private func endsConsonantVowelConsonant(_ word: [UInt8], upTo end: Int) -> Bool {
    if end >= 3 {
        let last = word[end - 1]
        return isConsonant(word, at: end - 3) && !isConsonant(word, at: end - 2) && isConsonant(word, at: end - 1)
            && last != letterW && last != letterX && last != letterY
    }
    return end == 2 && !isConsonant(word, at: 0) && isConsonant(word, at: 1)
}

private func hasSuffix(_ word: [UInt8], _ suffix: [UInt8]) -> Bool {
    word.count >= suffix.count && word[(word.count - suffix.count)...].elementsEqual(suffix)
}

private func replaceSuffix(_ word: inout [UInt8], length: Int, with replacement: [UInt8]) {
    word.removeLast(length)
    word.append(contentsOf: replacement)
}

// MARK: - Rule tables

/// When a rule may fire, judged on the stem: the word without the rule's suffix.
private enum Condition: Sendable {
    case always
    /// (m > 0), or (m > 1) in step 4.
    case measureAbove(Int)
    /// Step 4's (m > 1 and (*S or *T)): the stem also ends in "s" or "t" ("adoption" to "adopt", but "opinion" stays).
    case measureAboveOneEndingInSOrT
    /// NLTK's "-logi" rule: (m > 0) measured on the stem plus the "l", so that short stems
    /// like "geo-" and "theo-" qualify ("geology" becomes "geolog").
    case measureAboveZeroKeepingL

    func holds(_ word: [UInt8], stemEnd: Int) -> Bool {
        switch self {
        case .always:
            return true
        case .measureAbove(let minimum):
            return measure(word, upTo: stemEnd) > minimum
        case .measureAboveOneEndingInSOrT:
            guard stemEnd > 0 else { return false }
            let last = word[stemEnd - 1]
            return (last == letterS || last == letterT) && measure(word, upTo: stemEnd) > 1
        case .measureAboveZeroKeepingL:
            return measure(word, upTo: stemEnd + 1) > 0
        }
    }
}

/// "If the word ends in `suffix` and the stem meets `condition`, replace the suffix."
private struct SuffixRule: Sendable {
    let suffix: [UInt8]
    let replacement: [UInt8]
    let condition: Condition

    init(_ suffix: String, _ replacement: String, _ condition: Condition) {
        self.suffix = Array(suffix.utf8)
        self.replacement = Array(replacement.utf8)
        self.condition = condition
    }
}

/// Porter's convention for a list of rules: only the first rule whose suffix the word ends in is
/// considered. If its condition fails, the word is left alone; later rules are not tried. (So
/// "rational" is not stemmed by "-tional" after "-ational" fails, and the tables must list longer
/// suffixes before the shorter ones they end in.)
private func applyFirstMatchingRule(_ rules: [SuffixRule], to word: inout [UInt8]) {
    for rule in rules where hasSuffix(word, rule.suffix) {
        let stemEnd = word.count - rule.suffix.count
        if rule.condition.holds(word, stemEnd: stemEnd) {
            replaceSuffix(&word, length: rule.suffix.count, with: rule.replacement)
        }
        return
    }
}

private let step1aRules = [
    SuffixRule("sses", "ss", .always),  // caresses -> caress
    SuffixRule("ies", "i", .always),    // ponies -> poni
    SuffixRule("ss", "ss", .always),    // caress -> caress (keeps "-ss" from the next rule)
    SuffixRule("s", "", .always),       // cats -> cat
]

/// Step 2's table: the paper's rules (m > 0 throughout), with NLTK's changes: "-bli" replaces the
/// paper's "-abli" (so "-ibli" is caught too), and "-fulli" and "-logi" are added at the end.
private let step2Rules = [
    SuffixRule("ational", "ate", .measureAbove(0)),   // relational -> relate
    SuffixRule("tional", "tion", .measureAbove(0)),   // conditional -> condition
    SuffixRule("enci", "ence", .measureAbove(0)),     // valenci -> valence
    SuffixRule("anci", "ance", .measureAbove(0)),     // hesitanci -> hesitance
    SuffixRule("izer", "ize", .measureAbove(0)),      // digitizer -> digitize
    SuffixRule("bli", "ble", .measureAbove(0)),       // conformabli -> conformable
    SuffixRule("alli", "al", .measureAbove(0)),       // radicalli -> radical (see step2)
    SuffixRule("entli", "ent", .measureAbove(0)),     // differentli -> different
    SuffixRule("eli", "e", .measureAbove(0)),         // vileli -> vile
    SuffixRule("ousli", "ous", .measureAbove(0)),     // analogousli -> analogous
    SuffixRule("ization", "ize", .measureAbove(0)),   // vietnamization -> vietnamize
    SuffixRule("ation", "ate", .measureAbove(0)),     // predication -> predicate
    SuffixRule("ator", "ate", .measureAbove(0)),      // operator -> operate
    SuffixRule("alism", "al", .measureAbove(0)),      // feudalism -> feudal
    SuffixRule("iveness", "ive", .measureAbove(0)),   // decisiveness -> decisive
    SuffixRule("fulness", "ful", .measureAbove(0)),   // hopefulness -> hopeful
    SuffixRule("ousness", "ous", .measureAbove(0)),   // callousness -> callous
    SuffixRule("aliti", "al", .measureAbove(0)),      // formaliti -> formal
    SuffixRule("iviti", "ive", .measureAbove(0)),     // sensitiviti -> sensitive
    SuffixRule("biliti", "ble", .measureAbove(0)),    // sensibiliti -> sensible
    SuffixRule("fulli", "ful", .measureAbove(0)),     // NLTK: hopefulli -> hopeful
    SuffixRule("logi", "log", .measureAboveZeroKeepingL),  // NLTK: geologi -> geolog
]

private let step3Rules = [
    SuffixRule("icate", "ic", .measureAbove(0)),  // triplicate -> triplic
    SuffixRule("ative", "", .measureAbove(0)),    // formative -> form
    SuffixRule("alize", "al", .measureAbove(0)),  // formalize -> formal
    SuffixRule("iciti", "ic", .measureAbove(0)),  // electriciti -> electric
    SuffixRule("ical", "ic", .measureAbove(0)),   // electrical -> electric
    SuffixRule("ful", "", .measureAbove(0)),      // hopeful -> hope
    SuffixRule("ness", "", .measureAbove(0)),     // goodness -> good
]

private let step4Rules = [
    SuffixRule("al", "", .measureAbove(1)),     // revival -> reviv
    SuffixRule("ance", "", .measureAbove(1)),   // allowance -> allow
    SuffixRule("ence", "", .measureAbove(1)),   // inference -> infer
    SuffixRule("er", "", .measureAbove(1)),     // airliner -> airlin
    SuffixRule("ic", "", .measureAbove(1)),     // gyroscopic -> gyroscop
    SuffixRule("able", "", .measureAbove(1)),   // adjustable -> adjust
    SuffixRule("ible", "", .measureAbove(1)),   // defensible -> defens
    SuffixRule("ant", "", .measureAbove(1)),    // irritant -> irrit
    SuffixRule("ement", "", .measureAbove(1)),  // replacement -> replac
    SuffixRule("ment", "", .measureAbove(1)),   // adjustment -> adjust
    SuffixRule("ent", "", .measureAbove(1)),    // dependent -> depend
    SuffixRule("ion", "", .measureAboveOneEndingInSOrT),  // adoption -> adopt
    SuffixRule("ou", "", .measureAbove(1)),     // homologou -> homolog
    SuffixRule("ism", "", .measureAbove(1)),    // communism -> commun
    SuffixRule("ate", "", .measureAbove(1)),    // activate -> activ
    SuffixRule("iti", "", .measureAbove(1)),    // angulariti -> angular
    SuffixRule("ous", "", .measureAbove(1)),    // homologous -> homolog
    SuffixRule("ive", "", .measureAbove(1)),    // effective -> effect
    SuffixRule("ize", "", .measureAbove(1)),    // bowdlerize -> bowdler
]

// MARK: - The steps

private let suffixIES = Array("ies".utf8), suffixIED = Array("ied".utf8), suffixEED = Array("eed".utf8)
private let suffixED = Array("ed".utf8), suffixING = Array("ing".utf8), suffixALLI = Array("alli".utf8)
private let suffixAT = Array("at".utf8), suffixBL = Array("bl".utf8), suffixIZ = Array("iz".utf8)
private let suffixLL = Array("ll".utf8)

/// Step 1a, plurals: "-sses" to "-ss", "-ies" to "-i", "-ss" kept, "-s" removed.
/// NLTK extension: a four-letter word in "-ies" keeps "-ie" ("ties" to "tie", "dies" to "die"),
/// while longer ones still lose it ("flies" to "fli").
private func step1a(_ word: inout [UInt8]) {
    if word.count == 4 && hasSuffix(word, suffixIES) {
        word.removeLast()
        return
    }
    applyFirstMatchingRule(step1aRules, to: &word)
}

/// Step 1b, "-eed", "-ed" and "-ing".
///
/// - "-eed" becomes "-ee" if the stem has m > 0 ("agreed" to "agree", but "feed" stays). A word
///   in "-eed" is never tried against "-ed".
/// - "-ed" and "-ing" are removed if the stem contains a vowel ("plastered" to "plaster", but
///   "sing" stays). Then the stem is tidied so that later steps see a regular ending: "-at",
///   "-bl", "-iz" get their "e" back ("conflat" to "conflate"); a doubled consonant other than
///   "ll", "ss", "zz" is undoubled ("hopp" to "hop", but "fall" stays); and a short stem of the
///   form consonant–vowel–consonant gets an "e" ("fil" to "file").
///
/// NLTK extension: "-ied" is handled first and unconditionally: "-ie" for a four-letter word
/// ("died" to "die"), "-i" otherwise ("spied" to "spi").
private func step1b(_ word: inout [UInt8]) {
    if hasSuffix(word, suffixIED) {
        replaceSuffix(&word, length: 3, with: word.count == 4 ? [letterI, letterE] : [letterI])
        return
    }
    if hasSuffix(word, suffixEED) {
        if measure(word, upTo: word.count - 3) > 0 { word.removeLast() }
        return
    }
    if hasSuffix(word, suffixED) && containsVowel(word, upTo: word.count - 2) {
        word.removeLast(2)
    } else if hasSuffix(word, suffixING) && containsVowel(word, upTo: word.count - 3) {
        word.removeLast(3)
    } else {
        return
    }

    if hasSuffix(word, suffixAT) || hasSuffix(word, suffixBL) || hasSuffix(word, suffixIZ) {
        word.append(letterE)
    } else if endsWithDoubleConsonant(word, upTo: word.count) {
        if let last = word.last, last != letterL && last != letterS && last != letterZ {
            word.removeLast()
        }
    } else if measure(word, upTo: word.count) == 1 && endsConsonantVowelConsonant(word, upTo: word.count) {
        word.append(letterE)
    }
}

/// Step 1c: a final "y" becomes "i" ("happy" to "happi").
/// The paper asks only that the stem contain a vowel; NLTK instead asks that the "y" follow a
/// consonant and that the stem be longer than one letter. So "enjoy" stays (and conflates with
/// "enjoyment"), while "cry" becomes "cri" (and conflates with "cried" and "cries").
private func step1c(_ word: inout [UInt8]) {
    let stemEnd = word.count - 1
    guard word.last == letterY, stemEnd > 1, isConsonant(word, at: stemEnd - 1) else { return }
    word[stemEnd] = letterI
}

/// Step 2: double suffixes become single ones ("-ational" to "-ate", "-iveness" to "-ive"), when
/// the stem has m > 0. See `step2Rules`.
/// NLTK extension: "-alli" is tried first; if its stem has m > 0 it becomes "-al" and step 2 runs
/// again on the result ("-ationalli" to "-ational" to "-ate"; "radically" to "radic").
private func step2(_ word: inout [UInt8]) {
    if hasSuffix(word, suffixALLI) && measure(word, upTo: word.count - 4) > 0 {
        word.removeLast(2)
    }
    applyFirstMatchingRule(step2Rules, to: &word)
}

/// Step 3: "-icate", "-ative", "-alize", "-iciti", "-ical", "-ful", "-ness", when m > 0.
private func step3(_ word: inout [UInt8]) {
    applyFirstMatchingRule(step3Rules, to: &word)
}

/// Step 4: the last suffix goes, when the stem is long enough (m > 1).
private func step4(_ word: inout [UInt8]) {
    applyFirstMatchingRule(step4Rules, to: &word)
}

/// Step 5a: a final "e" goes if m > 1 ("probate" to "probat"), or if m = 1 and the stem does not
/// end consonant–vowel–consonant ("cease" to "ceas", but "rate" stays). Both conditions are
/// tried, unlike the first-match convention of the rule tables.
private func step5a(_ word: inout [UInt8]) {
    guard word.last == letterE else { return }
    let stemEnd = word.count - 1
    let m = measure(word, upTo: stemEnd)
    if m > 1 || (m == 1 && !endsConsonantVowelConsonant(word, upTo: stemEnd)) {
        word.removeLast()
    }
}

/// Step 5b: a final "ll" becomes "l" when the word without its last letter has m > 1
/// ("controll" to "control", but "roll" stays).
private func step5b(_ word: inout [UInt8]) {
    if hasSuffix(word, suffixLL) && measure(word, upTo: word.count - 1) > 1 {
        word.removeLast()
    }
}
