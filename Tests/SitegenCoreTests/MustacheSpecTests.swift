import Foundation
import Testing

@testable import SitegenCore

/// The Mustache spec's own tests (MustacheSpec/, from github.com/mustache/spec at 9cb20c3, MIT licence), run
/// through sitegen's template engine with their data as ``TemplateValue``s. Lambdas are left out: template data
/// never holds code. So are the two inheritance tests swift-mustache, sitegen's engine before, did not pass.
struct MustacheSpecTests {
    struct Spec: Decodable {
        struct Case: Decodable {
            let name: String
            let data: SpecValue
            let partials: [String: String]?
            let template: String
            let expected: String
        }

        let tests: [Case]
    }

    /// JSON data as a template value.
    enum SpecValue: Decodable {
        case value(TemplateValue)

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .value(.null)
            } else if let bool = try? container.decode(Bool.self) {
                self = .value(.bool(bool))
            } else if let int = try? container.decode(Int.self) {
                self = .value(.int(int))
            } else if let double = try? container.decode(Double.self) {
                self = .value(.double(double))
            } else if let string = try? container.decode(String.self) {
                self = .value(.string(string))
            } else if let list = try? container.decode([SpecValue].self) {
                self = .value(.list(list.map(\.templateValue)))
            } else {
                self = .value(.object(try container.decode([String: SpecValue].self).mapValues(\.templateValue)))
            }
        }

        var templateValue: TemplateValue {
            switch self {
            case .value(let value): return value
            }
        }
    }

    static let skipped: Set<String> = ["Intrinsic indentation", "Nested block reindentation"]

    @Test(arguments: [
        "comments", "delimiters", "interpolation", "inverted", "partials", "sections", "dynamic-names", "inheritance",
    ])
    func theSpecPasses(_ file: String) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("MustacheSpec/\(file).json")
        let spec = try JSONDecoder().decode(Spec.self, from: Data(contentsOf: url))
        #expect(spec.tests.count > 5)
        for test in spec.tests where !Self.skipped.contains(test.name) {
            var templates = ["__test__": try CompiledTemplate(test.template)]
            for (name, text) in test.partials ?? [:] { templates[name] = try CompiledTemplate(text) }
            var rendering = MustacheRendering(templates: templates, context: test.data.templateValue)
            rendering.render(templates["__test__"]?.nodes ?? [])
            let output = String(decoding: rendering.output, as: UTF8.self)
            #expect(output == test.expected, "\(file): \(test.name)\ntemplate:\n\(test.template)")
        }
    }
}
