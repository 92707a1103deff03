import Foundation
import SitegenFuzzEntries

/// `sitegen-fuzz TARGET ARGUMENTS...`. Built with `-sanitize=fuzzer` and `-DFUZZING`, it hands the arguments to
/// libFuzzer, which fuzzes TARGET; built plainly, it runs TARGET once on each file named, to replay an input
/// under a debugger.
@main
struct FuzzDriver {
    static let targetVariable = "SITEGEN_FUZZ_TARGET"

    static func main() throws {
        var arguments = CommandLine.arguments
        // libFuzzer's -fork and -jobs modes start this program again with its own flags only, so the target
        // travels to those processes in the environment.
        let inherited = ProcessInfo.processInfo.environment[targetVariable]
        if arguments.count >= 2, FuzzEntries.all[arguments[1]] != nil {
            setenv(targetVariable, arguments.remove(at: 1), 1)
        } else if inherited == nil {
            print("usage: sitegen-fuzz \(FuzzEntries.all.keys.sorted().joined(separator: "|")) ARGUMENTS...")
            exit(2)
        }
        guard let name = ProcessInfo.processInfo.environment[targetVariable], let entry = FuzzEntries.all[name] else {
            print("unknown fuzz target in \(targetVariable)")
            exit(2)
        }
        #if FUZZING
            exit(runLibFuzzer(arguments, entry))
        #else
            for path in arguments.dropFirst() {
                entry(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
                print("ran \(path)")
            }
        #endif
    }
}

#if FUZZING
    /// The entry libFuzzer's callback runs; set once before the fuzzer starts.
    nonisolated(unsafe) private var fuzzedEntry: (([UInt8]) -> Void)?

    @_silgen_name("LLVMFuzzerRunDriver")
    private func libFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    /// libFuzzer's entry point. Its own `main` is linked in but never runs (SwiftPM points `main` at this
    /// program's), so inputs arrive here through ``runLibFuzzer(_:_:)``.
    @_cdecl("LLVMFuzzerTestOneInput")
    func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        fuzzedEntry?(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }

    /// Runs libFuzzer's driver with `arguments` (its flags and corpus folders) on `entry`.
    private func runLibFuzzer(_ arguments: [String], _ entry: @escaping ([UInt8]) -> Void) -> Int32 {
        fuzzedEntry = entry
        var argc = Int32(arguments.count)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        return argv.withUnsafeMutableBufferPointer { buffer in
            guard var base = buffer.baseAddress else { return 1 }
            return libFuzzerRunDriver(&argc, &base, fuzzOneInput)
        }
    }
#endif
