import Cases
import RerankCore
import XCTest

/// The example of the case-file format, as given in the issue (with its YAML comments).
let exampleCase = """
---
title: 分手后不想哭，想笑得洒脱          # optional; default: first H1, else the file name
tags: [music, emotion]                   # optional
instruction: Given a lyric search query, retrieve lyrics that match the mood the user describes
instructions:                            # optional: several instructions, one ranking each
  - Prefer concrete actions and images
  - Prefer lyrics about laughing
draft: false                             # optional: skipped unless --drafts
---

Prose here (Markdown) introduces the case on its page.

## Query

分手后不想哭，想笑得洒脱

## Rewrites

- 失恋后假装洒脱的歌词
- 分手 笑着告别

## Candidates

1. 我笑着挥手说再见，眼泪却在转身时决堤 {rel=3}

   > 笑与泪的矛盾修辞；动作感强

2. 失恋是成长的必经之路，请保持积极心态 {rel=0}
3. 把戒指扔进海里，浪花替我大笑三声 {rel=2}

## Takeaways

Any other section is rendered as prose below the results.

"""

/// A minimal valid case body (no front matter) to build variations on.
let minimalBody = """
## Query

q

## Candidates

- a {rel=1}
- b

"""

func parseCase(_ text: String, path: String = "case.md",
               file: StaticString = #filePath, line: UInt = #line) -> CaseFile? {
    switch CaseParser.parse(text: text, path: path, sourceHash: "hash") {
    case .success(let caseFile):
        return caseFile
    case .failure(let problems):
        XCTFail("expected the case to parse, got:\n\(problems)", file: file, line: line)
        return nil
    }
}

func problems(_ text: String, path: String = "case.md",
              file: StaticString = #filePath, line: UInt = #line) -> [CaseProblem] {
    switch CaseParser.parse(text: text, path: path, sourceHash: "hash") {
    case .success:
        XCTFail("expected problems, the case parsed", file: file, line: line)
        return []
    case .failure(let problems):
        return problems.problems
    }
}

/// Asserts that exactly one problem was found, at `line`:`column` in `field`, whose message
/// contains `containing`.
func assertOneProblem(_ found: [CaseProblem], line: Int, column: Int, field: String, containing: String,
                      path: String = "case.md", file: StaticString = #filePath, testLine: UInt = #line) {
    guard found.count == 1, let problem = found.first else {
        XCTFail("expected one problem, got \(found.count):\n\(CaseProblems(found))", file: file, line: testLine)
        return
    }
    XCTAssertEqual(problem.location, SourceLocation(file: path, line: line, column: column),
                   "\(problem)", file: file, line: testLine)
    XCTAssertEqual(problem.field, field, "\(problem)", file: file, line: testLine)
    XCTAssertTrue(problem.message.contains(containing), "'\(problem.message)' lacks '\(containing)'",
                  file: file, line: testLine)
}
