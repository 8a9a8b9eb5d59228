import ArgumentParser
import Foundation
import Qwen3

struct TokenizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Show the token ids a model's tokenizer gives each text (no special tokens added).",
        discussion: "Only the model's tokenizer.json is read.")

    @OptionGroup var model: ModelOption
    @Flag(help: "Print one {\"ids\":[...]} line per text.")
    var json = false
    @Argument(help: "Texts to tokenize.")
    var texts: [String]

    func validate() throws {
        if texts.isEmpty { throw ValidationError("give at least one text") }
    }

    func run() async throws {
        let tokenizer = try Qwen3Tokenizer(folder: await model.folder())
        for text in texts {
            let ids = tokenizer.encode(text)
            if json {
                print("{\"ids\":[" + ids.map(String.init).joined(separator: ",") + "]}")
            } else {
                print("\(ids.count) tokens: \(text.debugDescription)")
                for id in ids { print("  " + String(repeating: " ", count: max(0, 6 - "\(id)".count)) + "\(id)  \(tokenizer.decode([id]).debugDescription)") }
            }
        }
    }
}
