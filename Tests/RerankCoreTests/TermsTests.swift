import XCTest
@testable import RerankCore

final class TermsTests: XCTestCase {
    func testEnglishCaseAndPunctuation() {
        XCTAssertEqual(tokenizeTerms("Hello, WORLD! Don't stop."), ["hello", "world", "don", "t", "stop"])
        XCTAssertEqual(tokenizeTerms("GPT-4o rocks"), ["gpt", "4o", "rocks"])
        XCTAssertEqual(tokenizeTerms("  \n\t!?"), [])
    }

    func testFullWidthFormsAreNormalized() {
        XCTAssertEqual(tokenizeTerms("ＡＢＣ１２３ ｔｅｓｔ"), ["abc123", "test"])
    }

    func testUnicodeCaseFolding() {
        XCTAssertEqual(tokenizeTerms("Straße STRASSE"), ["strasse", "strasse"])
        XCTAssertEqual(tokenizeTerms("ΣΟΦΟΣ σοφος"), ["σοφοσ", "σοφοσ"])
        XCTAssertEqual(tokenizeTerms("ÉCOLE école"), ["école", "école"])
    }

    func testChineseBigrams() {
        XCTAssertEqual(tokenizeTerms("北京大学。"), ["北京", "京大", "大学"])
        XCTAssertEqual(tokenizeTerms("我，爱"), ["我", "爱"])
        XCTAssertEqual(tokenizeTerms("用GPT写诗"), ["用", "gpt", "写诗"])
    }

    func testJapaneseMixedKanaAndKanji() {
        XCTAssertEqual(tokenizeTerms("東京に行きました"), ["東京", "京に", "に行", "行き", "きま", "まし", "した"])
        // Half-width katakana become full-width under NFKC.
        XCTAssertEqual(tokenizeTerms("ｶﾀｶﾅ"), ["カタ", "タカ", "カナ"])
        XCTAssertEqual(tokenizeTerms("iPhoneを買った"), ["iphone", "を買", "買っ", "った"])
        XCTAssertEqual(tokenizeTerms("コーヒー"), ["コー", "ーヒ", "ヒー"])
    }

    func testKoreanBigramsPerSpaceSeparatedRun() {
        XCTAssertEqual(tokenizeTerms("한국어 텍스트"), ["한국", "국어", "텍스", "스트"])
        XCTAssertEqual(tokenizeTerms("나 는"), ["나", "는"])
    }

    func testThaiBigramsOverGraphemeClusters() {
        XCTAssertEqual(tokenizeTerms("ภาษาไทย"), ["ภา", "าษ", "ษา", "าไ", "ไท", "ทย"])
        // Tone marks and above-vowels stay with their consonant.
        XCTAssertEqual(tokenizeTerms("ที่นี่"), ["ที่นี่"])
        XCTAssertEqual(tokenizeTerms("ไทย ๒๕๖๗"), ["ไท", "ทย", "๒๕๖๗"])
    }

    func testArabicWordsKeepTheirMarks() {
        XCTAssertEqual(tokenizeTerms("مرحبا بالعالم!"), ["مرحبا", "بالعالم"])
        XCTAssertEqual(tokenizeTerms("كَتَبَ، قرأ"), ["كَتَبَ", "قرأ"])
    }

    func testDeterministic() {
        let text = "東京 Straße ภาษาไทย 한국어 مرحبا ＡＢＣ"
        XCTAssertEqual(tokenizeTerms(text), tokenizeTerms(text))
    }
}
