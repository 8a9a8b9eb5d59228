import XCTest
@testable import Kernels

final class BLASRuntimeTests: XCTestCase {
    private let avx512 = CPUFeatures(flags: ["avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512_bf16"])
    private let avx2 = CPUFeatures(flags: ["avx", "avx2", "fma"])

    func testRestartsWithSkylakeXWhenAVX512CPUGotHaswellKernels() {
        XCTAssertEqual(chooseKernels(features: avx512, loadedCore: "Haswell", userCoreType: nil).action,
                       .restart(coreType: "SKYLAKEX"))
        XCTAssertEqual(chooseKernels(features: avx512, loadedCore: "Zen", userCoreType: nil).action,
                       .restart(coreType: "SKYLAKEX"))
    }

    func testKeepsUserChoiceAndAVX512KernelsAndAVX2CPUs() {
        XCTAssertEqual(chooseKernels(features: avx512, loadedCore: "Haswell", userCoreType: "HASWELL").action, .keep)
        XCTAssertEqual(chooseKernels(features: avx512, loadedCore: "SkylakeX", userCoreType: nil).action, .keep)
        XCTAssertEqual(chooseKernels(features: avx512, loadedCore: "Cooperlake", userCoreType: nil).action, .keep)
        XCTAssertEqual(chooseKernels(features: avx2, loadedCore: "Zen", userCoreType: nil).action, .keep)
        // AVX-512F alone (no BW/VL/DQ, e.g. Knights Landing) cannot run the SKYLAKEX kernels.
        XCTAssertEqual(chooseKernels(features: CPUFeatures(flags: ["avx512f"]), loadedCore: "Haswell", userCoreType: nil).action, .keep)
    }

    func testReportsTheLoadedLibrary() {
        XCTAssertFalse(BLASRuntime.coreName.isEmpty)
        XCTAssertGreaterThanOrEqual(BLASRuntime.threads, 1)
        let line = BLASRuntime.describe(KernelChoice(action: .keep, reason: "test"))
        XCTAssertTrue(line.contains(BLASRuntime.coreName), line)
    }
}
