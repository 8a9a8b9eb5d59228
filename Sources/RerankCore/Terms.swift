import Foundation

/// Version of the term rules below; part of the BM25 fingerprint, so changing a rule must bump it.
public let termsVersion = "v1"

/// Splits text into the terms BM25 counts. Pure and deterministic.
///
/// Rules (version `v1`):
/// 1. Normalize: NFKC, Unicode full case folding (`ß` → `ss`, `Σ`/`ς` → `σ`), NFKC again
///    (an approximation of NFKC_Casefold). Full-width `ＡＢＣ１２３` becomes `abc123`,
///    half-width `ｶﾀｶﾅ` becomes `カタカナ`.
/// 2. Classify each extended grapheme cluster by its first scalar into one of: CJK (Han, Hiragana,
///    Katakana — one class, so Japanese okurigana bigram with their kanji as in Lucene's
///    CJKBigramFilter), Hangul, Thai, word (letters, digits, marks), or other (punctuation, symbols,
///    spaces: dropped; they end a run).
/// 3. Maximal runs of one class become terms: a CJK, Hangul or Thai run gives its overlapping
///    character bigrams (a run of one character gives that character); a word run is one term.
public func tokenizeTerms(_ text: String) -> [String] {
    let normalized = normalizeForTerms(text)
    var terms: [String] = []
    var run: [Character] = []
    var runClass = TermClass.other

    func flush() {
        defer { run.removeAll(keepingCapacity: true) }
        guard !run.isEmpty else { return }
        switch runClass {
        case .word:
            terms.append(String(run))
        case .cjk, .hangul, .thai:
            if run.count == 1 {
                terms.append(String(run[0]))
            } else {
                for i in 0..<(run.count - 1) { terms.append(String([run[i], run[i + 1]])) }
            }
        case .other:
            break
        }
    }

    for character in normalized {
        let cls = TermClass(character)
        if cls != runClass { flush(); runClass = cls }
        if cls != .other { run.append(character) }
    }
    flush()
    return terms
}

/// NFKC → full case folding → NFKC.
func normalizeForTerms(_ text: String) -> String {
    text.precomposedStringWithCompatibilityMapping
        .folding(options: [.caseInsensitive], locale: nil)
        .precomposedStringWithCompatibilityMapping
}

/// How a grapheme cluster takes part in terms.
enum TermClass: Equatable {
    case cjk, hangul, thai, word, other

    init(_ character: Character) {
        guard let scalar = character.unicodeScalars.first else { self = .other; return }
        let v = scalar.value
        if TermClass.isCJK(v) { self = .cjk; return }
        if TermClass.isHangul(v) { self = .hangul; return }
        let category = scalar.properties.generalCategory
        let isLetterOrMark: Bool
        switch category {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark:
            isLetterOrMark = true
        default:
            isLetterOrMark = false
        }
        // Thai letters and vowel/tone marks; Thai digits fall through to words, ฿ and ๏ to other.
        if (0x0E01...0x0E4E).contains(v) && isLetterOrMark { self = .thai; return }
        switch category {
        case .decimalNumber, .letterNumber, .otherNumber:
            self = .word
        default:
            self = isLetterOrMark ? .word : .other
        }
    }

    /// Han ideographs (with 々 and 〇), Hiragana, Katakana and the prolonged sound mark.
    static func isCJK(_ v: UInt32) -> Bool {
        switch v {
        case 0x3005, 0x3007,                       // 々 〇
             0x3040...0x309F,                      // Hiragana
             0x30A0...0x30FF,                      // Katakana, including ー
             0x31F0...0x31FF,                      // Katakana phonetic extensions
             0x3400...0x4DBF,                      // Han extension A
             0x4E00...0x9FFF,                      // Han unified ideographs
             0xF900...0xFAFF,                      // Han compatibility ideographs
             0x1B000...0x1B16F,                    // Kana supplement / extended-A
             0x20000...0x2FA1F,                    // Han extensions B–F, compatibility supplement
             0x30000...0x323AF:                    // Han extensions G–H
            return true
        default:
            return false
        }
    }

    /// Hangul syllables and jamo.
    static func isHangul(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x11FF, 0x3130...0x318F, 0xA960...0xA97F, 0xAC00...0xD7AF, 0xD7B0...0xD7FF:
            return true
        default:
            return false
        }
    }
}
